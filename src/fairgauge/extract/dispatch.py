"""Pick the parser for a document: by what the body is, informed by what the server said it is.

Servers lie (``text/plain`` Turtle, ``application/json`` JSON-LD, ``application/octet-stream``
everything), so the body decides the family (HTML, XML, JSON, text RDF) and the media type only breaks
ties inside it (Turtle vs N3 vs N-Triples). A declared type that contradicts the body is reported.
Public functions never raise on bad input: every failure is a finding.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fairgauge.extract.common import ParsedDocument, Source
from fairgauge.extract.crossref import crossref_work, map_crossref_work
from fairgauge.extract.datacite_json.mapping import (
    api_attributes,
    is_datacite_json,
    map_datacite_json,
    repository_from_api,
)
from fairgauge.extract.fairtracks import fairtracks_document
from fairgauge.extract.jsonld.document import parse_jsonld_document
from fairgauge.extract.limits import MAX_NESTING_DEPTH, json_depth, too_deep
from fairgauge.extract.rdf.parse import RDF_MEDIA_TYPES, parse_rdf, sniff_rdf_syntax
from fairgauge.extract.xml.safe import local, parse_xml
from fairgauge.model.community import CommunityReader
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import OfferingMethod

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_TAG = re.compile(rb"<html[\s>]")
_FAMILIES = {"xml": ("xml",), "json": ("json",), "html": ("html",)}


def media_type_of(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def sniff_family(body: bytes) -> str:
    """html, xml, json, text (possibly RDF) from the first bytes."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if head.startswith(b"<!doctype html") or (head.startswith(b"<") and _HTML_TAG.search(head)):
        return "html"
    if head.startswith(b"<"):
        return "text" if sniff_rdf_syntax(body) else "xml"  # N-Triples/Turtle may start with <iri>
    if head[:1] in (b"{", b"["):
        return "json"
    return "text"


def rdf_syntax(media_type: str, body: bytes) -> str | None:
    """The rdflib syntax for a text body: declared RDF type, else sniffed Turtle/N-Triples."""
    declared = RDF_MEDIA_TYPES.get(media_type)
    if declared and declared not in ("json-ld", "xml"):
        return declared
    return sniff_rdf_syntax(body)


def parse_document(
    body: bytes,
    *,
    media_type: str | None,
    url: str | None,
    method: OfferingMethod,
    reader: CommunityReader | None = None,
) -> ParsedDocument:
    """Records from any metadata document; ``kind`` names what was recognised (or ``unknown``).

    ``reader`` recognises community-standard JSON (FAIRtracks); without it such JSON is plain JSON.
    """
    source = Source(method, url, "xml")
    if not body.strip():
        return ParsedDocument(findings=[finding("extract.empty", "error", "The document is empty.", url=url)])
    mt = media_type_of(media_type)
    family = sniff_family(body)
    try:
        parsed = _by_family(family, body, mt, source, reader)
    except Exception as error:  # last line of defence: a parser bug must not break a harvest
        parsed = ParsedDocument(
            findings=[
                finding("extract.internal_error", "error", f"The document could not be parsed: {error!r}", url=url)
            ]
        )
    mismatch = _mismatch(mt, family, parsed.kind, url)
    return parsed.model_copy(update={"findings": [*parsed.findings, *mismatch]}) if mismatch else parsed


def _by_family(family: str, body: bytes, mt: str, source: Source, reader: CommunityReader | None) -> ParsedDocument:
    if family == "html":
        from fairgauge.extract.html.embedded import extract_embedded

        result = extract_embedded(body, source.url or "", content_type=mt or None)
        return ParsedDocument(records=result.records, findings=result.findings, kind="html")
    if family == "xml":
        return _xml(body, source)
    if family == "json":
        return _json(body, source, reader)
    syntax = rdf_syntax(mt, body)
    if syntax:
        return parse_rdf(body, syntax, Source(source.method, source.url, syntax))
    return ParsedDocument(
        findings=[
            finding(
                "extract.format.unknown",
                "warning",
                f"The document's format was not recognised (declared {mt or 'nothing'}).",
                url=source.url,
                media_type=mt,
            )
        ]
    )


def _xml(body: bytes, source: Source) -> ParsedDocument:
    from fairgauge.extract.rdf.sparql import SPARQL_RESULTS_NS, parse_sparql_body
    from fairgauge.extract.xml.dispatch import parse_xml_root

    root, findings = parse_xml(body, source.url)
    if root is None:
        return ParsedDocument(findings=findings)
    if local(root) == "RDF":
        return parse_rdf(body, "xml", source)
    if root.tag == f"{{{SPARQL_RESULTS_NS}}}sparql":
        return parse_sparql_body(body, "application/sparql-results+xml", source)
    return parse_xml_root(root, source)


def load_json_lenient(body: bytes, url: str | None) -> tuple[Any, list[Finding]]:
    """JSON, decoding non-UTF text as Windows-1252 with a warning rather than giving up."""
    if json_depth(body) > MAX_NESTING_DEPTH:
        return None, [too_deep("The JSON", url)]
    try:
        return json.loads(body), []
    except UnicodeDecodeError:
        warning = finding(
            "extract.encoding.invalid", "warning", "The JSON is not UTF-8; read as Windows-1252.", url=url
        )
        try:
            return json.loads(body.decode("cp1252", errors="replace")), [warning]
        except ValueError as error:
            return None, [
                warning,
                finding("extract.json.malformed", "error", f"The JSON cannot be read: {error}", url=url),
            ]
    except ValueError as error:
        return None, [finding("extract.json.malformed", "error", f"The JSON cannot be read: {error}", url=url)]


def _json(body: bytes, source: Source, reader: CommunityReader | None) -> ParsedDocument:
    document, findings = load_json_lenient(body, source.url)
    if document is None:
        return ParsedDocument(findings=findings)
    parsed = json_document(document, source, body, reader=reader)
    return parsed.model_copy(update={"findings": [*findings, *parsed.findings]}) if findings else parsed


def json_document(
    document: Any, source: Source, body: bytes = b"", *, reader: CommunityReader | None = None
) -> ParsedDocument:
    """Decoded JSON by shape: DataCite API, DataCite JSON, SPARQL results, JSON-LD, linkset."""
    json_source = Source(source.method, source.url, "json")
    if is_datacite_json(document):
        kind = "datacite-api" if api_attributes(document) is not None else "datacite-json"
        return ParsedDocument(
            records=[map_datacite_json(document, json_source)],
            kind=kind,
            repository=repository_from_api(document) if kind == "datacite-api" else None,
        )
    work = crossref_work(document)
    if work is not None:
        csl = work is document
        return ParsedDocument(
            records=[map_crossref_work(work, json_source, csl=csl)], kind="csl-json" if csl else "crossref-work"
        )
    if isinstance(document, dict) and "head" in document and ("results" in document or "boolean" in document):
        from fairgauge.extract.rdf.sparql import parse_sparql_body

        return parse_sparql_body(body or json.dumps(document).encode(), "application/sparql-results+json", source)
    if isinstance(document, dict) and "linkset" in document:
        return ParsedDocument(kind="linkset")
    fairtracks = fairtracks_document(document, json_source, reader)
    if fairtracks is not None:
        return fairtracks
    if _looks_like_jsonld(document):
        records = parse_jsonld_document(document, Source(source.method, source.url, "json-ld"))
        return ParsedDocument(records=records, kind="json-ld")
    return ParsedDocument(
        kind="unknown",
        findings=[
            finding(
                "extract.json.unknown_shape",
                "warning",
                "The JSON is not a known metadata format.",
                url=source.url,
            )
        ],
    )


def _looks_like_jsonld(document: Any) -> bool:
    items = document if isinstance(document, list) else [document]
    return any(isinstance(i, dict) and any(k in i for k in ("@context", "@graph", "@id", "@type")) for i in items)


def _mismatch(mt: str, family: str, kind: str, url: str | None) -> list[Finding]:
    """A finding when the declared media type names another family than the body shows."""
    declared = (
        "html"
        if mt in _HTML_TYPES
        else "xml"
        if mt.endswith(("/xml", "+xml")) and mt not in _HTML_TYPES
        else "json"
        if mt.endswith(("/json", "+json"))
        else None
    )
    if declared is None or declared == family or kind == "unknown":
        return []
    return [
        finding(
            "extract.media_type.mismatch",
            "info",
            f"Declared {mt} but the body is {family}.",
            url=url,
            declared=mt,
            detected=family,
        )
    ]
