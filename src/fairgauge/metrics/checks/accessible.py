"""A1, A1.1, A1.2, A2: access information, retrievability, standard protocols, authentication,
metadata preservation."""

from __future__ import annotations

from typing import Any

from fairgauge.metrics.base import Check, CheckParams, CheckResult, Evidence, NoParams
from fairgauge.metrics.evidence import (
    DATA_STEPS,
    METADATA_STEPS,
    REGISTRY_STEPS,
    data_links,
    records_by,
    samples_for,
    url_scheme,
)
from fairgauge.metrics.lookups import match_access, protocol_of
from fairgauge.model.metadata import REGISTRY_METHODS


def _access_values(evidence: Evidence) -> list[str]:
    return [item.value.uri or item.value.value for item in evidence.harvest.metadata.access_rights]


def _access_output(evidence: Evidence) -> dict[str, Any]:
    matches = [
        m
        for m in (
            match_access(evidence, item.value.uri or item.value.value)
            for item in evidence.harvest.metadata.access_rights
        )
        if m
    ]
    level = matches[0].condition if matches else None
    return {"access_level": level, "access_details": {"access_condition": _access_values(evidence)}}


class AccessInformationCheck(Check[NoParams]):
    id = "a1.access_information"
    title = "Access restrictions or rights are stated in metadata"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = (
        "State the access level in the metadata with a vocabulary URI, e.g. DataCite rightsList "
        "'info:eu-repo/semantics/openAccess' or COAR 'http://purl.org/coar/access_right/c_abf2', "
        "or schema.org isAccessibleForFree."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        values = _access_values(evidence)
        if values:
            return self.passed("found", f"access information: {'; '.join(values)}", _access_output(evidence))
        return self.failed("none", "the metadata says nothing about access conditions", _access_output(evidence))


class AccessStandardTermsCheck(Check[NoParams]):
    id = "a1.access_standard_terms"
    title = "Access information uses the terms of a standard vocabulary"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/free_text", f"{id}/none")
    recommendation = "Use a term of the COAR, EU or info:eu-repo access-rights vocabularies."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        values = _access_values(evidence)
        if not values:
            return self.failed("none", "the metadata says nothing about access conditions")
        matched = [(v, m) for v in values if (m := match_access(evidence, v))]
        if matched:
            value, match = matched[0]
            return self.passed(
                "found", f"{value!r} is the {match.vocabulary} term {match.label!r}", _access_output(evidence)
            )
        return self.failed(
            "free_text", f"access stated only in free text: {'; '.join(values)}", _access_output(evidence)
        )


class AccessMachineReadableCheck(Check[NoParams]):
    id = "a1.access_machine_readable"
    title = "Access information is machine readable (a vocabulary URI)"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/label_only", f"{id}/none")
    recommendation = "Give the access right as a vocabulary URI (COAR, EU access-right or info:eu-repo)."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        values = _access_values(evidence)
        if not values:
            return self.failed("none", "the metadata says nothing about access conditions")
        machine = [v for v in values if (m := match_access(evidence, v)) and m.machine_readable]
        if machine:
            return self.passed("found", f"machine-readable access right: {machine[0]}", _access_output(evidence))
        return self.failed("label_only", "no access right is given as a vocabulary URI", _access_output(evidence))


class MetadataRetrievableCheck(Check[NoParams]):
    id = "a1.metadata_retrievable"
    title = "Metadata is retrievable through its identifier"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/retrieved", f"{id}/none")
    recommendation = "Make the identifier resolve to a page or document that carries the metadata."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        records = evidence.harvest.records
        output = {
            "retrievable_objects": [
                {"format": r.format, "method": r.method, "resolved_url": r.url, "target": "metadata"} for r in records
            ]
        }
        if records:
            return self.passed("retrieved", f"{len(records)} metadata record(s) retrieved", output)
        return self.failed("none", "following the identifier yields no metadata", output)


class DataRetrievableCheck(Check[NoParams]):
    id = "a1.data_retrievable"
    title = "Data is retrievable through the identifiers given in metadata"
    evidence_steps = DATA_STEPS
    codes = (f"{id}/retrieved", f"{id}/not_retrieved", f"{id}/none", f"{id}/unreachable")
    recommendation = "Make the data links in the metadata answer with the data (HTTP 200/206), not an error page."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        links = data_links(evidence)
        if not links:
            return self.failed("none", "the metadata names no data files to retrieve")
        samples = samples_for(evidence, [link.url for link in links])
        ok = [s for s in samples if s.status is not None and 200 <= s.status < 300]
        output = {
            "retrievable_objects": [
                {"format": s.served_type, "method": "GET", "resolved_url": s.url, "target": "data"} for s in ok
            ]
        }
        if ok:
            return self.passed("retrieved", f"{len(ok)} of {len(samples)} sampled data file(s) retrieved", output)
        if samples and all(s.status is None for s in samples):
            return self.errored(
                "unreachable",
                "the data links could not be reached: " + "; ".join(f"{s.url}: {s.error}" for s in samples[:3]),
                output,
            )
        if not samples:
            return self.errored("unreachable", "the data links were not sampled", output)
        statuses = ", ".join(f"{s.url}: HTTP {s.status}" for s in samples[:3])
        return self.failed("not_retrieved", f"no data file could be retrieved ({statuses})", output)


def _protocol_entries(evidence: Evidence, urls: list[str], target: str) -> list[dict[str, Any]]:
    entries = []
    for url in urls:
        protocol = protocol_of(evidence, url)
        entries.append(
            {
                "protocol_type": protocol.name if protocol else url_scheme(url),
                "auth_method": list(protocol.auth) if protocol else [],
                "found_in": url,
                "target": target,
                "standard": protocol is not None,
            }
        )
    return entries


def _metadata_urls(evidence: Evidence) -> list[str]:
    harvest = evidence.harvest
    return [u for u in (harvest.landing_url, harvest.identifier.resolvable_url) if u][:1]


class MetadataProtocolCheck(Check[NoParams]):
    id = "a1.1.metadata_protocol"
    title = "The identifier leading to metadata uses a standard communication protocol"
    evidence_steps = ("landing_page",)
    codes = (f"{id}/standard", f"{id}/non_standard", f"{id}/no_url")
    recommendation = "Serve the landing page and metadata over HTTPS."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        urls = _metadata_urls(evidence)
        if not urls:
            return self.failed("no_url", "there is no URL leading to the metadata")
        entries = _protocol_entries(evidence, urls, "metadata")
        output = {"standard_protocol": entries}
        if entries[0]["standard"]:
            return self.passed("standard", f"{urls[0]} uses {entries[0]['protocol_type']}", output)
        return self.failed("non_standard", f"{urls[0]} uses no standard protocol", output)


class DataProtocolParams(CheckParams):
    """FsF v0.5 also asks that a standard-protocol data link actually resolves."""

    require_resolvable: bool = False


class DataProtocolCheck(Check[DataProtocolParams]):
    id = "a1.1.data_protocol"
    title = "Identifiers leading to data use a standard communication protocol"
    evidence_steps = DATA_STEPS
    codes = (f"{id}/standard", f"{id}/non_standard", f"{id}/none", f"{id}/not_resolvable", f"{id}/unreachable")
    recommendation = "Link data files with HTTPS (or another standard protocol) URLs that resolve."
    params_model = DataProtocolParams

    def evaluate(self, evidence: Evidence, params: DataProtocolParams) -> CheckResult:
        links = data_links(evidence)
        if not links:
            return self.failed("none", "the metadata names no data files")
        entries = _protocol_entries(evidence, [link.url for link in links], "data")
        output = {"standard_protocol": entries}
        standard = [e["found_in"] for e in entries if e["standard"]]
        if not standard:
            return self.failed("non_standard", "no data link uses a standard protocol", output)
        if not params.require_resolvable:
            return self.passed("standard", f"{len(standard)} data link(s) use standard protocols", output)
        samples = samples_for(evidence, standard)
        if any(s.status is not None and s.status < 400 for s in samples):
            return self.passed("standard", "a data link resolves over a standard protocol", output)
        if not samples or all(s.status is None for s in samples):
            return self.errored("unreachable", "the data links could not be resolved", output)
        return self.failed("not_resolvable", "no standard-protocol data link resolves", output)


class MetadataAuthenticationCheck(Check[NoParams]):
    id = "a1.2.metadata_authentication"
    title = "The protocol leading to metadata supports authentication"
    evidence_steps = ("landing_page",)
    codes = (f"{id}/supported", f"{id}/unsupported", f"{id}/no_url")
    recommendation = "Use a protocol that supports authentication and authorisation, such as HTTPS."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        urls = _metadata_urls(evidence)
        if not urls:
            return self.failed("no_url", "there is no URL leading to the metadata")
        entries = _protocol_entries(evidence, urls, "metadata")
        if entries[0]["auth_method"]:
            return self.passed(
                "supported",
                f"{entries[0]['protocol_type']} supports {', '.join(entries[0]['auth_method'])}",
                {"standard_protocol": entries},
            )
        return self.failed("unsupported", f"{urls[0]}: protocol without authentication", {"standard_protocol": entries})


class DataAuthenticationCheck(Check[NoParams]):
    id = "a1.2.data_authentication"
    title = "The protocol of data links supports authentication"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/supported", f"{id}/unsupported", f"{id}/none")
    recommendation = "Serve data over a protocol that supports authentication and authorisation, such as HTTPS."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        links = data_links(evidence)
        if not links:
            return self.failed("none", "the metadata names no data files")
        entries = _protocol_entries(evidence, [link.url for link in links], "data")
        supported = [e for e in entries if e["auth_method"]]
        if supported:
            return self.passed(
                "supported",
                f"{len(supported)} data link(s) over protocols with authentication",
                {"standard_protocol": entries},
            )
        return self.failed(
            "unsupported", "no data link uses a protocol with authentication", {"standard_protocol": entries}
        )


# Registry record methods as F-UJI-style names in metadata_preservation_method.
_REGISTRY_NAMES = {"crossref_api": "crossref", "datacite_api": "datacite", "registry_conneg": "doi registry"}


class MetadataPreservedCheck(Check[NoParams]):
    id = "a2.metadata_preserved"
    title = "Metadata stays available when the data is gone (PID registry record or tombstone)"
    evidence_steps = REGISTRY_STEPS
    codes = (f"{id}/registry", f"{id}/tombstone", f"{id}/none")
    recommendation = (
        "Register the object with a PID system that keeps its metadata (e.g. DataCite) and keep a "
        "tombstone page with metadata (HTTP 410) when data is withdrawn."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        harvest = evidence.harvest
        methods: list[str] = [
            _REGISTRY_NAMES[method]
            for method in sorted({r.method for r in records_by(evidence, methods=REGISTRY_METHODS)})
        ]
        if harvest.pid_resolution.tombstone and records_by(
            evidence, methods=["json_in_html", "meta_tag", "rdfa", "microdata", "opengraph"]
        ):
            methods.append("tombstone")
        output = {"metadata_preservation_method": methods}
        if methods:
            reason = "registry" if methods[0] != "tombstone" else "tombstone"
            return self.passed(reason, f"metadata preserved by: {', '.join(methods)}", output)
        return self.failed("none", "no registry record or tombstone page preserves the metadata", output)
