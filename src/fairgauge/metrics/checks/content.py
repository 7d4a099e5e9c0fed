"""R1: metadata of the data content (type, files, variables, services) and whether the content matches it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fairgauge.metrics.base import Check, CheckResult, Evidence, NoParams
from fairgauge.metrics.evidence import DATA_STEPS, METADATA_STEPS, data_links, samples_for
from fairgauge.metrics.lookups import is_known_resource_type

_SIZE_TOLERANCE = 0.01  # declared sizes are often rounded (e.g. "1.2 MB"): 1 % slack for byte counts
_BYTE_SIZE = re.compile(r"^\s*[\d.,]+\s*([kmgtpe]i?)?(b|bytes?|[kmgtpe]?o)?\s*$", re.IGNORECASE)


def _object_types(evidence: Evidence) -> list[str]:
    return [t.value.value for t in evidence.harvest.metadata.resource_types]


def object_sizes(evidence: Evidence) -> list[str]:
    """Sizes the metadata gives for the object as a whole (schema.org contentSize, DataCite sizes) that are
    amounts of bytes ('453.12 MB', '1234'); extents such as '41 datasets' are not file sizes."""
    return [s for s in evidence.harvest.metadata.values("sizes") if _BYTE_SIZE.match(s)]


def _descriptors(evidence: Evidence) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"descriptor": "total size", "descriptor_value": size, "url": None} for size in object_sizes(evidence)
    ]
    for link in data_links(evidence):
        if link.size is not None or link.size_text:
            rows.append({"descriptor": "file size", "descriptor_value": link.size or link.size_text, "url": link.url})
        if link.media_type:
            rows.append({"descriptor": "file type", "descriptor_value": link.media_type, "url": link.url})
    rows += [
        {"descriptor": "measured_variable", "descriptor_value": v}
        for v in evidence.harvest.metadata.values("measured_variables")
    ]
    return rows


def _output(evidence: Evidence) -> dict[str, Any]:
    return {"object_type": _object_types(evidence), "data_content_descriptor": _descriptors(evidence)}


# Types of the landing page itself, not of the data object (A2A R1-01M test 8: AboutPage alone is not enough).
PAGE_TYPES = frozenset({"aboutpage", "webpage", "itempage", "collectionpage", "profilepage", "webSite".lower()})


class ResourceTypeGivenCheck(Check[NoParams]):
    id = "r1.resource_type"
    title = "A valid resource type is given"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/page_type_only", f"{id}/unknown", f"{id}/none")
    recommendation = "Declare the resource type: schema.org @type Dataset and DataCite resourceTypeGeneral Dataset."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        types = _object_types(evidence)
        known = [t for t in types if is_known_resource_type(evidence, t)]
        specific = [t for t in known if t.lower() not in PAGE_TYPES]
        if specific:
            return self.passed("found", f"resource type: {', '.join(dict.fromkeys(specific))}", _output(evidence))
        if known:
            return self.failed(
                "page_type_only",
                f"only web-page types ({', '.join(known)}): the type of the data object itself is missing",
                _output(evidence),
            )
        if types:
            return self.failed(
                "unknown", f"types not in schema.org, DataCite or DCMI: {', '.join(types)}", _output(evidence)
            )
        return self.failed("none", "no resource type is declared", _output(evidence))


class ContentLinksCheck(Check[NoParams]):
    id = "r1.content_links"
    title = "Information about the data content (e.g. links) is given"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Link the data files from the metadata."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        links = data_links(evidence)
        if links:
            return self.passed("found", f"{len(links)} data link(s)", _output(evidence))
        return self.failed("none", "no data links in the metadata", _output(evidence))


class MinimalContentInfoCheck(Check[NoParams]):
    id = "r1.minimal_content_info"
    title = "Minimal information about the data content (resource type or data links) is given"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Declare the resource type and link the data files."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        known = [t for t in _object_types(evidence) if is_known_resource_type(evidence, t)]
        links = data_links(evidence)
        if known or links:
            return self.passed("found", f"{len(known)} known type(s), {len(links)} data link(s)", _output(evidence))
        return self.failed("none", "neither a resource type nor data links", _output(evidence))


class FileSizeAndTypeCheck(Check[NoParams]):
    id = "r1.file_size_and_type"
    title = "File size and type are given in metadata"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/partial", f"{id}/none")
    recommendation = "Give each data file's size in bytes and its media type (contentSize, encodingFormat)."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        links = data_links(evidence)
        complete = [link for link in links if (link.size is not None or link.size_text) and link.media_type]
        if complete:
            return self.passed("found", f"{len(complete)} file(s) with size and type", _output(evidence))
        totals = object_sizes(evidence)
        typed = [link for link in links if link.media_type]
        if totals and typed:
            return self.passed(
                "found", f"total size {totals[0]} (whole dataset) and {len(typed)} typed file(s)", _output(evidence)
            )
        if links:
            return self.failed("partial", "data files lack size or media type", _output(evidence))
        return self.failed("none", "no data files described", _output(evidence))


class MeasuredVariablesCheck(Check[NoParams]):
    id = "r1.measured_variables"
    title = "Measured variables or observation types are given"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "List the measured variables (schema.org variableMeasured with PropertyValue and units)."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        variables = evidence.harvest.metadata.values("measured_variables")
        if variables:
            return self.passed("found", f"{len(variables)} variable(s): {', '.join(variables[:5])}", _output(evidence))
        return self.failed("none", "no measured variables in the metadata", _output(evidence))


class ServiceEndpointCheck(Check[NoParams]):
    id = "r1.service_endpoint"
    title = "A data service endpoint and its protocol are given"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Describe data services (endpoint URL and protocol, e.g. DCAT accessService, OPeNDAP)."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        services = [s.value for s in evidence.harvest.metadata.services]
        if services:
            return self.passed(
                "found",
                f"{len(services)} service endpoint(s)",
                {**_output(evidence), "services": [s.model_dump() for s in services]},
            )
        return self.failed("none", "no data service endpoints in the metadata", _output(evidence))


class VerifiableDescriptorsCheck(Check[NoParams]):
    id = "r1.verifiable_descriptors"
    title = "Verifiable data descriptors (file info, variables or services) are given"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Give file sizes and types, measured variables or service endpoints."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        parts = [
            check().evaluate(evidence, params)
            for check in (FileSizeAndTypeCheck, MeasuredVariablesCheck, ServiceEndpointCheck)
        ]
        passed = [p for p in parts if p.outcome == "pass"]
        if passed:
            return self.passed("found", _because(passed), _joined_output(evidence, passed))
        return self.failed("none", "no file size/type, variables or services", _output(evidence))


class SizeTypeOrServiceCheck(Check[NoParams]):
    id = "r1.size_type_or_service"
    title = "File size and type, or a service endpoint and protocol, are given"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = (
        "Give each data file's size and media type (contentSize, encodingFormat) or describe the "
        "service that delivers the data."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        parts = [FileSizeAndTypeCheck().evaluate(evidence, params), ServiceEndpointCheck().evaluate(evidence, params)]
        passed = [p for p in parts if p.outcome == "pass"]
        if passed:
            return self.passed("found", _because(passed), _joined_output(evidence, passed))
        return self.failed("none", "neither file size and type nor a service endpoint", _output(evidence))


def _because(passed: list[CheckResult]) -> str:
    """The messages of the sub-checks that passed: the report shows what the pass rests on."""
    return "; ".join(p.findings[0].message for p in passed)


def _joined_output(evidence: Evidence, passed: list[CheckResult]) -> dict[str, Any]:
    output = _output(evidence)
    for part in passed:
        output.update({k: v for k, v in part.output.items() if k not in output})
    return output


def _type_matches(declared: str, observed: str | None) -> bool:
    if not observed:
        return False
    declared_main = declared.split(";", 1)[0].strip().lower()
    return declared_main == observed.lower() or (declared_main.startswith("text/") and observed.startswith("text/"))


def _size_matches(declared: int, actual: int | None) -> bool:
    return actual is not None and abs(actual - declared) <= max(1, declared * _SIZE_TOLERANCE)


class ContentMatchesTypeSizeCheck(Check[NoParams]):
    id = "r1.content_matches_type_size"
    title = "The data content matches the file type and size declared in metadata"
    evidence_steps = DATA_STEPS
    codes = (
        f"{id}/matches",
        f"{id}/mismatch",
        f"{id}/nothing_declared",
        f"{id}/none",
        f"{id}/not_retrieved",
        f"{id}/unreachable",
    )
    recommendation = "Make the declared media types and sizes agree with the files served."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        links = {link.url: link for link in data_links(evidence)}
        if not links:
            return self.failed("none", "no data files to verify")
        answered = [s for s in samples_for(evidence, links) if s.status is not None]
        samples = [s for s in answered if s.status is not None and s.status < 400]
        if not answered:
            return self.errored("unreachable", "no data file could be reached")
        if not samples:
            return self.failed("not_retrieved", "no data file could be retrieved to verify its content")
        rows, mismatches = _compare(samples, links)
        output = {**_output(evidence), "data_content_descriptor": rows}
        if not rows:
            return self.failed("nothing_declared", "no declared type or size to verify against", output)
        if mismatches:
            return self.failed("mismatch", "; ".join(mismatches), output)
        return self.passed("matches", f"{len(rows)} declared descriptor(s) match the content", output)


def _compare(samples: list[Any], links: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    mismatches: list[str] = []
    for sample in samples:
        link = links[sample.url]
        observed = sample.detected_type or sample.served_type
        if link.media_type:
            ok = _type_matches(link.media_type, observed)
            rows.append({"descriptor": "file type", "descriptor_value": link.media_type, "matches_content": ok})
            if not ok:
                mismatches.append(f"{sample.url}: declared {link.media_type}, content is {observed}")
        if link.size is not None and sample.actual_size is not None:
            ok = _size_matches(link.size, sample.actual_size)
            rows.append({"descriptor": "file size", "descriptor_value": link.size, "matches_content": ok})
            if not ok:
                mismatches.append(f"{sample.url}: declared {link.size} bytes, served {sample.actual_size}")
    return rows, mismatches


class ContentMatchesVariablesCheck(Check[NoParams]):
    id = "r1.content_matches_variables"
    title = "The data content matches the measured variables declared in metadata"
    evidence_steps = DATA_STEPS
    codes = (f"{id}/matches", f"{id}/mismatch", f"{id}/no_variables", f"{id}/not_tabular", f"{id}/unreachable")
    recommendation = "Name the measured variables exactly as the column headers of the data files."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        variables = evidence.harvest.metadata.values("measured_variables")
        if not variables:
            return self.failed("no_variables", "no measured variables declared")
        answered = [s for s in evidence.harvest.content_samples if s.status is not None]
        sampled = [s for s in answered if s.status is not None and s.status < 400]
        if not answered:
            return self.errored("unreachable", "no data file could be reached")
        if not sampled:
            return self.failed("not_tabular", "no data file could be retrieved to compare with")
        columns = {c.strip().lower() for s in sampled for c in s.header_columns}
        if not columns:
            return self.failed("not_tabular", "no sampled file has column headers to compare with")
        found = [v for v in variables if v.strip().lower() in columns]
        output = {
            "data_content_descriptor": [
                {"descriptor": "measured_variable", "descriptor_value": v, "matches_content": v in found}
                for v in variables
            ]
        }
        if found:
            return self.passed("matches", f"{len(found)} of {len(variables)} variable(s) found as columns", output)
        return self.failed("mismatch", "no declared variable appears as a column header", output)
