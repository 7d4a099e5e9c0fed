"""F1: globally unique and persistent identifiers for metadata and data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fairgauge.identifiers import parse_identifier
from fairgauge.metrics.base import Check, CheckResult, Evidence
from fairgauge.metrics.evidence import DATA_STEPS, METADATA_STEPS, data_links, object_pids, samples_for


def _unique_output(evidence: Evidence) -> dict[str, Any]:
    ident = evidence.harvest.identifier
    return {
        "guid": ident.given,
        "guid_scheme": ident.scheme,
        "unique_identifiers": [{"guid": ident.given, "guid_scheme": ident.scheme, "target": "metadata"}],
    }


class MetadataIdentifierUnique(Check):
    id = "f1.metadata_identifier_unique"
    title = "The identifier of the metadata follows a unique identifier scheme"
    evidence_steps = ()
    codes = (f"{id}/unique", f"{id}/not_unique")
    recommendation = "Identify the object with a URL, a UUID, a hash or (best) a persistent identifier such as a DOI."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        ident = evidence.harvest.identifier
        if ident.is_unique:
            return self.passed("unique", f"{ident.given!r} is a {ident.scheme} identifier", _unique_output(evidence))
        return self.failed(
            "not_unique", f"{ident.given!r} follows no known identifier scheme", _unique_output(evidence)
        )


class DataIdentifierUnique(Check):
    id = "f1.data_identifier_unique"
    title = "Data identifiers given in metadata follow a unique identifier scheme"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/unique", f"{id}/not_unique", f"{id}/none")
    recommendation = (
        "List each data file in the metadata with its URL or PID (e.g. schema.org distribution/contentUrl)."
    )

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        links = data_links(evidence)
        if not links:
            return self.failed("none", "the metadata names no data files")
        parsed = [(link.url, parse_identifier(link.url)) for link in links]
        output = {"unique_identifiers": [{"guid": u, "guid_scheme": i.scheme, "target": "data"} for u, i in parsed]}
        bad = [u for u, i in parsed if not i.is_unique]
        if bad:
            return self.failed("not_unique", f"data identifiers without a unique scheme: {', '.join(bad)}", output)
        return self.passed("unique", f"{len(parsed)} data identifier(s), all unique", output)


class IdentifierResolvableUrl(Check):
    id = "f1.identifier_resolvable_url"
    title = "The identifier is resolvable and follows a unique URL/IRI syntax"
    evidence_steps = ("landing_page",)
    codes = (f"{id}/resolvable", f"{id}/not_resolvable", f"{id}/no_url")
    recommendation = "Give the object an identifier that resolves over HTTP(S) to its landing page."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        harvest = evidence.harvest
        output = _unique_output(evidence)
        if harvest.identifier.resolvable_url is None:
            return self.failed("no_url", f"a {harvest.identifier.scheme} identifier has no resolvable form", output)
        status = harvest.pid_resolution.final_status
        if status is not None and status < 400:
            return self.passed("resolvable", f"resolves to {harvest.landing_url} (HTTP {status})", output)
        return self.failed("not_resolvable", f"the identifier resolves to HTTP {status}", output)


class IdentifierUuidOrHash(Check):
    id = "f1.identifier_uuid_or_hash"
    title = "The identifier is not resolvable but is a UUID or a hash"
    evidence_steps = ()
    codes = (f"{id}/uuid_or_hash", f"{id}/resolvable", f"{id}/neither")
    recommendation = "Use a UUID or a content hash at least, or better a resolvable persistent identifier."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        ident = evidence.harvest.identifier
        if ident.scheme in {"uuid", "hash"}:
            return self.passed("uuid_or_hash", f"{ident.given!r} is a {ident.scheme}", _unique_output(evidence))
        if ident.resolvable_url is not None:
            return self.not_applicable("resolvable", "the identifier is resolvable: this fallback does not apply")
        return self.failed("neither", f"{ident.given!r} is neither resolvable nor a UUID or hash")


def _pid_output(evidence: Evidence) -> dict[str, Any]:
    resolution = evidence.harvest.pid_resolution
    return {
        "persistent_identifiers": [
            {
                "pid": pid.resolvable_url or pid.normalized,
                "pid_scheme": pid.scheme,
                "resolvable_status": resolution.final_status is not None and resolution.final_status < 400,
                "resolved_url": evidence.harvest.landing_url,
                "target": "metadata",
            }
            for pid in object_pids(evidence)
        ]
    }


class MetadataIdentifierPersistent(Check):
    id = "f1.metadata_identifier_persistent"
    title = "The object has an identifier of a persistent identifier scheme"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/persistent", f"{id}/not_persistent")
    recommendation = (
        "Register a persistent identifier (DOI, Handle, ARK, w3id, ...) and announce it with a "
        "cite-as link and in the metadata's identifier property."
    )

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        pids = object_pids(evidence)
        if pids:
            listed = ", ".join(f"{p.scheme}:{p.normalized}" for p in pids)
            return self.passed("persistent", f"persistent identifier(s): {listed}", _pid_output(evidence))
        return self.failed(
            "not_persistent",
            "neither the identifier nor the metadata give a persistent identifier",
            _pid_output(evidence),
        )


class MetadataPidRegistered(Check):
    id = "f1.metadata_pid_registered"
    title = "The persistent identifier is registered: its PID system redirects it"
    evidence_steps = ("landing_page", "cite_as_resolution")
    codes = (f"{id}/redirected", f"{id}/not_redirected", f"{id}/not_a_pid", f"{id}/unreachable")
    recommendation = "Register the identifier with a PID service whose resolver redirects it to the landing page."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        harvest = evidence.harvest
        resolution = harvest.pid_resolution
        if not harvest.identifier.is_persistent:
            if harvest.cite_as_resolution is None:
                return self.failed("not_a_pid", "neither the assessed identifier nor a cite-as link is a PID")
            resolution = harvest.cite_as_resolution
        if resolution.first_status is None:
            return self.errored("unreachable", f"the PID resolver did not answer: {resolution.error}")
        if resolution.redirected:
            return self.passed(
                "redirected",
                f"{resolution.resolver_url} answered {resolution.first_status} and redirects to {resolution.final_url}",
                _pid_output(evidence),
            )
        return self.failed(
            "not_redirected",
            f"{resolution.resolver_url} answered {resolution.first_status}, not a redirect",
            _pid_output(evidence),
        )


class MetadataPidResolvable(Check):
    id = "f1.metadata_pid_resolvable"
    title = "The persistent identifier resolves to a landing page"
    evidence_steps = ("landing_page",)
    codes = (f"{id}/resolvable", f"{id}/not_resolvable", f"{id}/not_a_pid")
    recommendation = "Make the persistent identifier resolve to a reachable landing page."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        harvest = evidence.harvest
        if not harvest.identifier.is_persistent:
            return self.failed("not_a_pid", "the assessed identifier is not a persistent identifier")
        status = harvest.pid_resolution.final_status
        if status is not None and 200 <= status < 300:
            return self.passed("resolvable", f"resolves to {harvest.landing_url}", _pid_output(evidence))
        return self.failed("not_resolvable", f"the PID resolves to HTTP {status}", _pid_output(evidence))


class DataIdentifierPersistent(Check):
    id = "f1.data_identifier_persistent"
    title = "Data identifiers given in metadata are persistent identifiers"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/persistent", f"{id}/not_persistent", f"{id}/none")
    recommendation = "Give data files persistent identifiers (e.g. DOIs or Handles per file) in the metadata."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        links = data_links(evidence)
        if not links:
            return self.failed("none", "the metadata names no data files")
        pids = [link.url for link in links if parse_identifier(link.url).is_persistent]
        output = {"persistent_identifiers": [{"pid": u, "target": "data"} for u in pids]}
        if pids:
            return self.passed("persistent", f"{len(pids)} data PID(s)", output)
        return self.failed("not_persistent", f"none of {len(links)} data link(s) is a persistent identifier", output)


class DataPidRegistered(Check):
    id = "f1.data_pid_registered"
    title = "Data PIDs are registered: their PID system redirects them"
    evidence_steps = DATA_STEPS
    codes = (f"{id}/redirected", f"{id}/not_redirected", f"{id}/none", f"{id}/unreachable")
    recommendation = "Register data file identifiers with a PID service that redirects them to the files."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        pids = [link.url for link in data_links(evidence) if parse_identifier(link.url).is_persistent]
        if not pids:
            return self.failed("none", "no data persistent identifiers to check")
        samples = samples_for(evidence, pids)
        exchanges = [evidence.harvest.exchange(i) for s in samples for i in s.exchange_ids]
        if any(e is not None and e.redirects for e in exchanges):
            return self.passed("redirected", "a data PID is redirected by its resolver")
        if not samples or all(s.error and s.status is None for s in samples):
            return self.errored("unreachable", "the data PIDs were not (or could not be) resolved")
        return self.failed("not_redirected", "no data PID was redirected by a resolver")
