"""R1.1, R1.2, R1.3: licence, provenance, community standards and file formats."""

from __future__ import annotations

from typing import Any, Literal

from fairgauge.metrics.base import Check, CheckParams, CheckResult, Evidence, NoParams
from fairgauge.metrics.evidence import DATA_STEPS, METADATA_STEPS, all_namespaces, data_links
from fairgauge.metrics.lookups import format_of, match_license, standard_by_name, standard_by_namespace
from fairgauge.model.metadata import License

PROV_NAMESPACES = (
    "http://www.w3.org/ns/prov",
    "https://www.w3.org/ns/prov",
    "http://purl.org/pav",
    "https://purl.org/pav",
)
_PROV_DC = {
    "creator": "prov:wasAttributedTo",
    "contributor": "prov:wasAttributedTo",
    "publisher": "prov:wasAttributedTo",
    "rightsholder": "prov:wasAttributedTo",
    "created": "prov:generatedAtTime",
    "issued": "prov:generatedAtTime",
    "modified": "prov:generatedAtTime",
    "available": "prov:generatedAtTime",
    "isversionof": "prov:wasRevisionOf",
    "isnewversionof": "prov:wasRevisionOf",
    "replaces": "prov:wasRevisionOf",
    "isbasedon": "prov:wasDerivedFrom",
    "isderivedfrom": "prov:wasDerivedFrom",
    "wasderivedfrom": "prov:wasDerivedFrom",
    "source": "prov:wasDerivedFrom",
    "hasformat": "prov:alternateOf",
    "isformatof": "prov:alternateOf",
    "isvariantformof": "prov:alternateOf",
    "wasgeneratedby": "prov:wasGeneratedBy",
    "wasattributedto": "prov:wasAttributedTo",
}


def _license_text(lic: License) -> str:
    return lic.url or lic.identifier or lic.name or ""


def _license_output(evidence: Evidence) -> list[dict[str, Any]]:
    rows = []
    for item in evidence.harvest.metadata.licenses:
        text = _license_text(item.value)
        match = match_license(evidence, text)
        rows.append(
            {
                "license": text,
                "spdx_id": match.spdx_id if match else None,
                "OSI_approved": match.osi_approved if match else False,
                "details_url": f"https://spdx.org/licenses/{match.spdx_id}.html" if match else None,
            }
        )
    return rows


class LicensePresentCheck(Check[NoParams]):
    id = "r1.1.license_present"
    title = "Licence information is given in an appropriate metadata element"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = (
        "Add a licence to the metadata as an SPDX licence URL, e.g. schema.org "
        '"license": "https://spdx.org/licenses/CC-BY-4.0" and DataCite rightsList with rightsURI.'
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        rows = _license_output(evidence)
        if rows:
            return self.passed("found", f"licence: {'; '.join(r['license'] for r in rows)}", {"license": rows})
        return self.failed("none", "no licence in any metadata record", {"license": rows})


class LicenseRecognisedCheck(Check[NoParams]):
    id = "r1.1.license_recognised"
    title = "The licence is recognised (SPDX or community licence)"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/recognised", f"{id}/unrecognised", f"{id}/none")
    recommendation = "Name the licence by its SPDX identifier or URL so machines recognise it."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        rows = _license_output(evidence)
        if not rows:
            return self.failed("none", "no licence in any metadata record", {"license": rows})
        recognised = [r for r in rows if r["spdx_id"]]
        if recognised:
            return self.passed(
                "recognised", f"SPDX: {', '.join(dict.fromkeys(r['spdx_id'] for r in recognised))}", {"license": rows}
            )
        return self.failed(
            "unrecognised", f"not an SPDX licence: {'; '.join(r['license'] for r in rows)}", {"license": rows}
        )


def _prov_mappings(evidence: Evidence) -> list[dict[str, str]]:
    meta = evidence.harvest.metadata
    rows: list[dict[str, str]] = []
    for element, values in (
        ("creator", [c.value.name for c in meta.creators]),
        ("contributor", [c.value.name for c in meta.contributors]),
        ("publisher", [p.value.name for p in meta.publishers]),
        ("rightsholder", [r.value.name for r in meta.rights_holders]),
    ):
        rows += [
            {"prov_o_mapping": _PROV_DC[element], "metadata_element": element, "metadata_value": v} for v in values
        ]
    rows += [
        {
            "prov_o_mapping": _PROV_DC[d.value.type.lower()],
            "metadata_element": f"{d.value.type}_date",
            "metadata_value": d.value.value,
        }
        for d in meta.dates
        if d.value.type.lower() in _PROV_DC
    ]
    rows += [
        {
            "prov_o_mapping": _PROV_DC[r.value.relation_type.lower()],
            "metadata_element": r.value.relation_type,
            "metadata_value": r.value.identifier,
        }
        for r in meta.related
        if r.value.relation_type.lower() in _PROV_DC
    ]
    rows += [
        {
            "prov_o_mapping": _PROV_DC.get(p.value.element.lower(), "prov:Entity"),
            "metadata_element": p.value.element,
            "metadata_value": p.value.value,
        }
        for p in meta.provenance
    ]
    return rows


class ProvenanceElementsCheck(Check[NoParams]):
    id = "r1.2.provenance_elements"
    title = "Metadata holds provenance information that maps to PROV (PROV-DC)"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = (
        "Describe how the data came about: creators and contributors, creation and modification "
        "dates, and what it was derived from (isBasedOn / IsDerivedFrom)."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        rows = _prov_mappings(evidence)
        output = {"provenance_metadata_included": {"is_available": bool(rows), "provenance_metadata": rows}}
        if rows:
            elements = sorted({r["metadata_element"] for r in rows})
            return self.passed("found", f"provenance elements: {', '.join(elements[:8])}", output)
        return self.failed("none", "no provenance elements", output)


class ProvenanceOntologyCheck(Check[NoParams]):
    id = "r1.2.provenance_ontology"
    title = "Provenance is given with a formal provenance ontology (PROV-O, PAV)"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Express provenance with PROV-O (prov:wasDerivedFrom, prov:wasGeneratedBy) or PAV terms in RDF."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        used = [ns for ns in all_namespaces(evidence.harvest.records) if ns.startswith(PROV_NAMESPACES)]
        output = {"structured_provenance_available": {"is_available": bool(used), "provenance_namespaces": used}}
        if used:
            return self.passed("found", f"provenance ontologies used: {', '.join(used)}", output)
        return self.failed("none", "neither PROV-O nor PAV terms are used", output)


def _detected_standards(evidence: Evidence, include_repository: bool) -> list[tuple[Any, str]]:
    """(standard, source) pairs from record schemas and namespaces, service probes and re3data."""
    found: dict[str, tuple[Any, str]] = {}
    for record in evidence.harvest.records:
        for uri in [record.schema_uri, *record.namespaces]:
            standard = standard_by_namespace(evidence, uri) if uri else None
            if standard:
                found.setdefault(standard.id, (standard, f"{record.method}"))
        by_name = standard_by_name(evidence, record.standard)
        if by_name:
            found.setdefault(by_name.id, (by_name, record.method))
    for probe in evidence.harvest.services:
        for offered in probe.metadata_standards:
            standard = _standard_of(evidence, offered.namespace, offered.url, offered.name)
            if standard:
                found.setdefault(standard.id, (standard, probe.type))
    if include_repository and evidence.harvest.repository:
        for declared in evidence.harvest.repository.metadata_standards:
            standard = _standard_of(evidence, declared.namespace, declared.url, declared.name)
            if standard:
                found.setdefault(standard.id, (standard, "re3data"))
    return list(found.values())


def _standard_of(evidence: Evidence, namespace: str | None, url: str | None, name: str | None) -> Any:
    for uri in (namespace, url):
        if uri and (standard := standard_by_namespace(evidence, uri)):
            return standard
    return standard_by_name(evidence, name) if name else None


def _standard_rows(pairs: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    return [
        {
            "metadata_standard": s.acronym,
            "title": s.title,
            "url": (s.urls or (None,))[0],
            "subject_areas": list(s.subject_areas),
            "type": "generic" if s.generic else "disciplinary",
            "source": source,
        }
        for s, source in pairs
    ]


class StandardsParams(CheckParams):
    """FsF v0.5 counts the standards the repository's re3data record lists as detected ones too."""

    include_repository: bool = False


class CommunityStandardCheck(Check[StandardsParams]):
    id = "r1.3.community_standard"
    title = "A community-specific metadata standard is detected"
    evidence_steps = (*METADATA_STEPS, "re3data")
    codes = (f"{id}/found", f"{id}/generic_only", f"{id}/none")
    recommendation = (
        "Offer metadata in your community's standard (e.g. ISO 19115/19139, DDI, EML, Darwin Core, "
        "FAIRtracks) by content negotiation, OAI-PMH or a typed link."
    )

    params_model = StandardsParams

    def evaluate(self, evidence: Evidence, params: StandardsParams) -> CheckResult:
        pairs = _detected_standards(evidence, params.include_repository)
        community = [(s, src) for s, src in pairs if not s.generic]
        output = {"community_standards": _standard_rows(pairs)}
        if community:
            return self.passed("found", f"community standard(s): {', '.join(s.acronym for s, _ in community)}", output)
        if pairs:
            return self.failed("generic_only", "only multidisciplinary standards detected", output)
        return self.failed("none", "no known metadata standard detected", output)


class RepositoryStandardCheck(Check[NoParams]):
    id = "r1.3.repository_standard"
    title = "A community-specific metadata standard is listed in the repository's re3data record"
    evidence_steps = ("re3data", "datacite_api")
    codes = (f"{id}/found", f"{id}/generic_only", f"{id}/none")
    recommendation = "List the community metadata standards the repository supports in its re3data record."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        repository = evidence.harvest.repository
        declared = repository.metadata_standards if repository else []
        pairs = [(s, "re3data") for d in declared if (s := _standard_of(evidence, d.namespace, d.url, d.name))]
        output = {"community_standards": _standard_rows(pairs)}
        if any(not s.generic for s, _ in pairs):
            names = ", ".join(s.acronym for s, _ in pairs if not s.generic)
            return self.passed("found", f"re3data lists community standard(s): {names}", output)
        if not declared:
            return self.failed("none", "no re3data record (or no standards in it)", output)
        return self.failed("generic_only", "re3data lists only multidisciplinary standards", output)


class MultidisciplinaryStandardCheck(Check[StandardsParams]):
    id = "r1.3.multidisciplinary_standard"
    title = "A multidisciplinary, community-endorsed metadata standard (RDA MSC) is detected"
    evidence_steps = (*METADATA_STEPS, "re3data")
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Offer metadata in an endorsed multidisciplinary standard such as DataCite or DCAT."

    params_model = StandardsParams

    def evaluate(self, evidence: Evidence, params: StandardsParams) -> CheckResult:
        pairs = _detected_standards(evidence, params.include_repository)
        generic = [(s, src) for s, src in pairs if s.generic]
        output = {"community_standards": _standard_rows(pairs)}
        if generic:
            return self.passed(
                "found", f"standard(s): {', '.join(dict.fromkeys(s.acronym for s, _ in generic))}", output
            )
        return self.failed("none", "no endorsed multidisciplinary standard detected", output)


FormatFlag = Literal["open", "long_term", "scientific"]
_FLAG_REASON: dict[FormatFlag, str] = {
    "open": "open format",
    "long_term": "long term format",
    "scientific": "scientific format",
}


class FileFormatParams(CheckParams):
    """Which kind of preferred format passes (FsF v0.5 has one test per kind); none: any preferred one."""

    flag: FormatFlag | None = None


def _format_row(evidence: Evidence, uri: str | None, candidates: list[str], name: str | None) -> dict[str, Any]:
    fmt = format_of(evidence, candidates, name)
    return {
        "file_uri": uri,
        "mime_type": candidates[0] if candidates else None,
        "format": fmt.name if fmt else None,
        "is_preferred_format": bool(fmt and fmt.preferred),
        "preference_reason": list(fmt.reasons) if fmt else [],
        "subject_areas": list(fmt.domains) if fmt and uri else [],
    }


def _file_formats(evidence: Evidence) -> list[dict[str, Any]]:
    """One row per data file (item link, distribution, content URL), then one per data format the metadata
    declares without a file (DataCite formats, DC.format) that no file row already shows. Metadata formats
    (describedby types) are not data and never appear here."""
    samples = {s.url: s for s in evidence.harvest.content_samples}
    rows = []
    for link in data_links(evidence):
        sample = samples.get(link.url)
        candidates = [link.media_type, sample.detected_type if sample else None, sample.served_type if sample else None]
        rows.append(_format_row(evidence, link.url, [c for c in candidates if c], link.name or link.url))
    shown = {str(r["mime_type"]).split(";", 1)[0].strip().lower() for r in rows if r["mime_type"]}
    for declared in evidence.harvest.metadata.values("formats"):
        if declared.split(";", 1)[0].strip().lower() not in shown:
            shown.add(declared.split(";", 1)[0].strip().lower())
            rows.append(_format_row(evidence, None, [declared], declared))
    return rows


class FileFormatCheck(Check[FileFormatParams]):
    id = "r1.3.file_format"
    title = "Data is in an open, long-term or scientific file format"
    evidence_steps = DATA_STEPS
    codes = (f"{id}/preferred", f"{id}/not_preferred", f"{id}/unknown", f"{id}/none")
    recommendation = (
        "Publish the data in an open, long-term or community (scientific) format, e.g. CSV, NetCDF, "
        "HDF5, BED/bigWig, and declare its media type."
    )

    params_model = FileFormatParams

    def evaluate(self, evidence: Evidence, params: FileFormatParams) -> CheckResult:
        rows = _file_formats(evidence)
        output = {"data_file_format": rows}
        if not rows:
            return self.failed("none", "no data files or formats declared", output)
        wanted = _FLAG_REASON[params.flag] if params.flag else None
        good = [r for r in rows if r["is_preferred_format"] and (wanted is None or wanted in r["preference_reason"])]
        if good:
            kinds = sorted({reason for r in good for reason in r["preference_reason"]})
            files = sum(1 for r in good if r["file_uri"])
            declared = len(good) - files
            what = ", ".join(
                part
                for part in (
                    f"{files} data file(s)" if files else "",
                    f"{declared} declared data format(s)" if declared else "",
                )
                if part
            )
            return self.passed("preferred", f"{what} in preferred formats ({', '.join(kinds)})", output)
        if all(r["format"] is None for r in rows):
            return self.failed("unknown", "the file formats are not recognised", output)
        return self.failed("not_preferred", f"no file in a {wanted or 'preferred'} format", output)
