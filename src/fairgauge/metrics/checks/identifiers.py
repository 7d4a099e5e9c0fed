"""F1: globally unique and persistent identifiers for metadata and data."""

from __future__ import annotations

from typing import Any

from fairgauge.identifiers import parse_identifier
from fairgauge.metrics.base import Check, CheckResult, Evidence, NoParams
from fairgauge.metrics.evidence import DATA_STEPS, METADATA_STEPS, data_links, object_pids, samples_for
from fairgauge.model.harvest import PidResolution
from fairgauge.model.identifiers import Identifier


def _unique_output(evidence: Evidence) -> dict[str, Any]:
    ident = evidence.harvest.identifier
    return {
        "guid": ident.given,
        "guid_scheme": ident.scheme,
        "unique_identifiers": [{"guid": ident.given, "guid_scheme": ident.scheme, "target": "metadata"}],
    }


class MetadataIdentifierUniqueCheck(Check[NoParams]):
    id = "f1.metadata_identifier_unique"
    title = "The identifier of the metadata follows a unique identifier scheme"
    evidence_steps = ()
    codes = (f"{id}/unique", f"{id}/not_unique")
    recommendation = "Identify the object with a URL, a UUID, a hash or (best) a persistent identifier such as a DOI."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        ident = evidence.harvest.identifier
        if ident.is_unique:
            return self.passed("unique", f"{ident.given!r} is a {ident.scheme} identifier", _unique_output(evidence))
        return self.failed(
            "not_unique", f"{ident.given!r} follows no known identifier scheme", _unique_output(evidence)
        )


class DataIdentifierUniqueCheck(Check[NoParams]):
    id = "f1.data_identifier_unique"
    title = "Data identifiers given in metadata follow a unique identifier scheme"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/unique", f"{id}/not_unique", f"{id}/none")
    recommendation = (
        "List each data file in the metadata with its URL or PID (e.g. schema.org distribution/contentUrl)."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        links = data_links(evidence)
        if not links:
            return self.failed("none", "the metadata names no data files")
        parsed = [(link.url, parse_identifier(link.url)) for link in links]
        output = {"unique_identifiers": [{"guid": u, "guid_scheme": i.scheme, "target": "data"} for u, i in parsed]}
        bad = [u for u, i in parsed if not i.is_unique]
        if bad:
            return self.failed("not_unique", f"data identifiers without a unique scheme: {', '.join(bad)}", output)
        return self.passed("unique", f"{len(parsed)} data identifier(s), all unique", output)


class IdentifierResolvableUrlCheck(Check[NoParams]):
    id = "f1.identifier_resolvable_url"
    title = "The identifier is resolvable and follows a unique URL/IRI syntax"
    evidence_steps = ("landing_page",)
    codes = (f"{id}/resolvable", f"{id}/not_resolvable", f"{id}/no_url")
    recommendation = "Give the object an identifier that resolves over HTTP(S) to its landing page."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        harvest = evidence.harvest
        output = _unique_output(evidence)
        if harvest.identifier.resolvable_url is None:
            return self.failed("no_url", f"a {harvest.identifier.scheme} identifier has no resolvable form", output)
        status = harvest.pid_resolution.final_status
        if status is not None and status < 400:
            return self.passed("resolvable", f"resolves to {harvest.landing_url} (HTTP {status})", output)
        return self.failed("not_resolvable", f"the identifier resolves to HTTP {status}", output)


class IdentifierUuidOrHashCheck(Check[NoParams]):
    id = "f1.identifier_uuid_or_hash"
    title = "The identifier is not resolvable but is a UUID or a hash"
    evidence_steps = ()
    codes = (f"{id}/uuid_or_hash", f"{id}/resolvable", f"{id}/neither")
    recommendation = "Use a UUID or a content hash at least, or better a resolvable persistent identifier."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        ident = evidence.harvest.identifier
        if ident.scheme in {"uuid", "hash"}:
            return self.passed("uuid_or_hash", f"{ident.given!r} is a {ident.scheme}", _unique_output(evidence))
        if ident.resolvable_url is not None:
            return self.not_applicable("resolvable", "the identifier is resolvable: this fallback does not apply")
        return self.failed("neither", f"{ident.given!r} is neither resolvable nor a UUID or hash")


def _pid_key(value: str | None) -> str | None:
    if not value:
        return None
    ident = parse_identifier(value)
    return f"{ident.scheme}:{ident.normalized}"


def pid_resolutions(evidence: Evidence) -> dict[str, PidResolution]:
    """The resolutions that happened, by PID: the assessed identifier's, the cite-as PID's and those of PIDs
    the metadata names (asked when a URL was assessed). A PID absent here was never sent to its resolver."""
    harvest = evidence.harvest
    done: dict[str, PidResolution] = {}
    resolutions = [harvest.pid_resolution, harvest.cite_as_resolution, *harvest.metadata_pid_resolutions]
    if harvest.identifier.is_persistent:
        done[f"{harvest.identifier.scheme}:{harvest.identifier.normalized}"] = harvest.pid_resolution
    for resolution in resolutions[1:]:
        key = _pid_key(resolution.pid) if resolution else None
        if resolution is not None and key:
            done.setdefault(key, resolution)
    return done


def _pid_row(pid: Identifier, resolution: PidResolution | None) -> dict[str, Any]:
    row: dict[str, Any] = {"pid": pid.resolvable_url or pid.normalized, "pid_scheme": pid.scheme, "target": "metadata"}
    if resolution is None:
        return {**row, "resolvable_status": None, "resolved_url": None, "resolution": "not attempted"}
    return {
        **row,
        "resolvable_status": resolution.final_status is not None and resolution.final_status < 400,
        "resolved_url": resolution.final_url,
        "resolution": f"{resolution.resolver_url} answered {resolution.first_status}"
        if resolution.first_status is not None
        else f"{resolution.resolver_url} did not answer: {resolution.error}",
        "found_in": resolution.found_in,
        "exchange_ids": list(resolution.exchange_ids),
    }


def _pid_output(evidence: Evidence) -> dict[str, Any]:
    done = pid_resolutions(evidence)
    return {
        "persistent_identifiers": [
            _pid_row(pid, done.get(f"{pid.scheme}:{pid.normalized}")) for pid in object_pids(evidence)
        ]
    }


class MetadataIdentifierPersistentCheck(Check[NoParams]):
    id = "f1.metadata_identifier_persistent"
    title = "The object has an identifier of a persistent identifier scheme"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/persistent", f"{id}/not_persistent")
    recommendation = (
        "Register a persistent identifier (DOI, Handle, ARK, w3id, ...) and announce it with a "
        "cite-as link and in the metadata's identifier property."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        pids = object_pids(evidence)
        if pids:
            listed = ", ".join(f"{p.scheme}:{p.normalized}" for p in pids)
            return self.passed("persistent", f"persistent identifier(s): {listed}", _pid_output(evidence))
        return self.failed(
            "not_persistent",
            "neither the identifier nor the metadata give a persistent identifier",
            _pid_output(evidence),
        )


class MetadataPidRegisteredCheck(Check[NoParams]):
    id = "f1.metadata_pid_registered"
    title = "The persistent identifier is registered: its PID system redirects it"
    evidence_steps = ("landing_page", "cite_as_resolution", "metadata_pid_resolution")
    codes = (f"{id}/redirected", f"{id}/not_redirected", f"{id}/not_a_pid", f"{id}/unreachable")
    recommendation = "Register the identifier with a PID service whose resolver redirects it to the landing page."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        harvest = evidence.harvest
        resolution = harvest.pid_resolution
        if not harvest.identifier.is_persistent:
            asked = [r for r in (harvest.cite_as_resolution, *harvest.metadata_pid_resolutions) if r is not None]
            if not asked:
                return self.failed(
                    "not_a_pid", "neither the assessed identifier nor a cite-as link nor the metadata names a PID"
                )
            resolution = next((r for r in asked if r.redirected), asked[0])
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


class MetadataPidResolvableCheck(Check[NoParams]):
    id = "f1.metadata_pid_resolvable"
    title = "The persistent identifier resolves to a landing page"
    evidence_steps = ("landing_page", "cite_as_resolution", "metadata_pid_resolution")
    codes = (f"{id}/resolvable", f"{id}/not_resolvable", f"{id}/not_a_pid", f"{id}/unreachable")
    recommendation = "Make the persistent identifier resolve to a reachable landing page."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        harvest = evidence.harvest
        if not harvest.identifier.is_persistent:
            return self._named_pid(evidence)
        status = harvest.pid_resolution.final_status
        if status is not None and 200 <= status < 300:
            return self.passed("resolvable", f"resolves to {harvest.landing_url}", _pid_output(evidence))
        return self.failed("not_resolvable", f"the PID resolves to HTTP {status}", _pid_output(evidence))

    def _named_pid(self, evidence: Evidence) -> CheckResult:
        """A URL was assessed: judge the resolutions of the PIDs the page names (cite-as, metadata)."""
        harvest = evidence.harvest
        asked = [r for r in (harvest.cite_as_resolution, *harvest.metadata_pid_resolutions) if r is not None]
        if not asked:
            return self.failed("not_a_pid", "neither the assessed identifier nor a PID the page names was resolved")
        ok = [r for r in asked if r.final_status is not None and 200 <= r.final_status < 300]
        resolution = (ok or asked)[0]
        if resolution.first_status is None:
            return self.errored("unreachable", f"{resolution.pid}: the PID resolver did not answer: {resolution.error}")
        if ok:
            return self.passed(
                "resolvable", f"{resolution.pid} resolves to {resolution.final_url}", _pid_output(evidence)
            )
        return self.failed(
            "not_resolvable", f"{resolution.pid} resolves to HTTP {resolution.final_status}", _pid_output(evidence)
        )


class DataIdentifierPersistentCheck(Check[NoParams]):
    id = "f1.data_identifier_persistent"
    title = "Data identifiers given in metadata are persistent identifiers"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/persistent", f"{id}/not_persistent", f"{id}/none")
    recommendation = "Give data files persistent identifiers (e.g. DOIs or Handles per file) in the metadata."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        links = data_links(evidence)
        if not links:
            return self.failed("none", "the metadata names no data files")
        pids = [link.url for link in links if parse_identifier(link.url).is_persistent]
        output = {"persistent_identifiers": [{"pid": u, "target": "data"} for u in pids]}
        if pids:
            return self.passed("persistent", f"{len(pids)} data PID(s)", output)
        return self.failed("not_persistent", f"none of {len(links)} data link(s) is a persistent identifier", output)


class DataPidRegisteredCheck(Check[NoParams]):
    id = "f1.data_pid_registered"
    title = "Data PIDs are registered: their PID system redirects them"
    evidence_steps = DATA_STEPS
    codes = (f"{id}/redirected", f"{id}/not_redirected", f"{id}/none", f"{id}/unreachable")
    recommendation = "Register data file identifiers with a PID service that redirects them to the files."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
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
