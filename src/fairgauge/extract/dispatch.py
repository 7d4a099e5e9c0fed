"""Pick the parser for a document: by what the body is, informed by what the server said it is.

Servers lie (``text/plain`` Turtle, ``application/json`` JSON-LD, ``application/octet-stream``
everything), so the body decides the family (HTML, XML, JSON, text RDF) and the media type only breaks
ties inside it (Turtle vs N3 vs N-Triples). A declared type that contradicts the body is reported.
The families, JSON shapes and XML roots are the records of :mod:`fairgauge.extract.formats`; this module
walks them. Public functions never raise on bad input: every failure is a finding.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fairgauge.extract.formats import JSON_FORMATS, Family, declared_family, sniff_family
from fairgauge.extract.html.embedded import extract_embedded
from fairgauge.extract.limits import MAX_NESTING_DEPTH, json_depth, too_deep
from fairgauge.extract.rdf.parse import SPARQL_RESULTS_NS, parse_rdf, rdf_syntax
from fairgauge.extract.records import ParsedDocument, Source
from fairgauge.extract.xml.dispatch import parse_xml_root
from fairgauge.extract.xml.safe import local, parse_xml
from fairgauge.model.community import CommunityReader
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import OfferingMethod

FamilyReader = Callable[[bytes, str, Source, CommunityReader | None], ParsedDocument]


def media_type_of(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


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
        parsed = _FAMILY_READERS[family](body, mt, source, reader)
    except Exception as error:  # last line of defence: a parser bug must not break a harvest
        parsed = ParsedDocument(
            findings=[
                finding("extract.internal_error", "error", f"The document could not be parsed: {error!r}", url=url)
            ]
        )
    mismatch = _mismatch(mt, family, parsed.kind, url)
    return parsed.model_copy(update={"findings": [*parsed.findings, *mismatch]}) if mismatch else parsed


def _html(body: bytes, mt: str, source: Source, reader: CommunityReader | None) -> ParsedDocument:
    result = extract_embedded(body, source.url or "", content_type=mt or None)
    return ParsedDocument(records=result.records, findings=result.findings, kind="html")


def _text(body: bytes, mt: str, source: Source, reader: CommunityReader | None) -> ParsedDocument:
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


def _xml(body: bytes, mt: str, source: Source, reader: CommunityReader | None) -> ParsedDocument:
    root, findings = parse_xml(body, source.url)
    if root is None:
        return ParsedDocument(findings=findings)
    if local(root) == "RDF":
        return parse_rdf(body, "xml", source)
    if root.tag == f"{{{SPARQL_RESULTS_NS}}}sparql":
        from fairgauge.extract.rdf.sparql import parse_sparql_body  # imports rdflib: only on this path

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


def _json(body: bytes, mt: str, source: Source, reader: CommunityReader | None) -> ParsedDocument:
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
    for fmt in JSON_FORMATS:
        parsed = fmt.read(document, json_source, body, reader)
        if parsed is not None:
            return parsed
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


_FAMILY_READERS: dict[Family, FamilyReader] = {"html": _html, "xml": _xml, "json": _json, "text": _text}


def _mismatch(mt: str, family: Family, kind: str, url: str | None) -> list[Finding]:
    """A finding when the declared media type names another family than the body shows."""
    declared = declared_family(mt)
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
