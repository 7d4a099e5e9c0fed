"""Protocol envelopes: OAI-PMH (ListMetadataFormats, GetRecord, ListRecords) and OGC CSW
(GetCapabilities, GetRecordById, GetRecords, exception reports).

Protocol-level errors (``idDoesNotExist``, an OWS exception) are findings; the metadata inside a
record is read by the ordinary registry of the XML formats, through the ``read_inner`` function the XML
dispatcher passes in (so this module never imports the dispatcher that imports it).
"""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.extract.records import ParsedDocument, Source
from fairgauge.extract.xml.safe import Element, local, own_text, text
from fairgauge.extract.xml.service_descriptions import csw_output_schemas, oai_metadata_formats
from fairgauge.model.findings import Finding, Severity, finding

InnerReader = Callable[[Element, Source, int], ParsedDocument]
"""Reads a wrapped root at a nesting depth (the XML dispatcher's ``parse_xml_root``)."""

_OAI_VERBS = ("GetRecord", "ListRecords", "ListMetadataFormats", "Identify", "ListIdentifiers", "ListSets")


def parse_oai_root(root: Element, source: Source, read_inner: InnerReader, depth: int = 0) -> ParsedDocument:
    findings = [_oai_error(error, source.url) for error in root.iterfind("{*}error")]
    verb = next((v for v in _OAI_VERBS if root.find(f"{{*}}{v}") is not None), None)
    kind = f"oai-pmh:{verb or 'error'}"
    if verb == "ListMetadataFormats":
        return ParsedDocument(kind=kind, standards=oai_metadata_formats(root), findings=findings)
    records = []
    for record in root.iterfind(f"{{*}}{verb}/{{*}}record") if verb in ("GetRecord", "ListRecords") else []:
        header = record.find("{*}header")
        if header is not None and header.get("status") == "deleted":
            findings.append(
                finding(
                    "extract.oai.deleted",
                    "warning",
                    "The OAI-PMH record is deleted.",
                    url=source.url,
                    identifier=text(header, "{*}identifier"),
                )
            )
            continue
        for inner in (child for child in record.iterfind("{*}metadata/*") if isinstance(child.tag, str)):
            parsed = read_inner(inner, source, depth + 1)
            records += parsed.records
            findings += parsed.findings
    return ParsedDocument(records=records, findings=findings, kind=kind)


def _oai_error(error: Element, url: str | None) -> Finding:
    code = error.get("code") or "unknown"
    severity: Severity = "info" if code == "noRecordsMatch" else "error"
    return finding(
        "extract.oai.error",
        severity,
        f"OAI-PMH error {code}: {own_text(error) or ''}".strip(),
        url=url,
        oai_code=code,
    )


def parse_csw_root(root: Element, source: Source, read_inner: InnerReader, depth: int = 0) -> ParsedDocument:
    name = local(root)
    if name == "ExceptionReport":
        messages = [own_text(e) or e.get("exceptionCode") or "" for e in root.iterfind("{*}Exception")]
        return ParsedDocument(
            kind="csw:exception",
            findings=[
                finding("extract.csw.exception", "error", f"CSW exception: {'; '.join(messages)}", url=source.url)
            ],
        )
    if name == "Capabilities":
        return ParsedDocument(kind="csw:capabilities", standards=csw_output_schemas(root))
    container = root.find("{*}SearchResults") if name == "GetRecordsResponse" else root
    records, findings = [], []
    for child in (c for c in (container if container is not None else []) if isinstance(c.tag, str)):
        parsed = read_inner(child, source, depth + 1)
        records += parsed.records
        findings += parsed.findings
    if not records and not findings:
        findings.append(
            finding("extract.csw.no_record", "warning", "The CSW response holds no record.", url=source.url)
        )
    return ParsedDocument(records=records, findings=findings, kind=f"csw:{name}")
