"""Focused entry points the harvester calls when it knows what it asked for.

Each accepts raw bytes and never raises on bad input; a document of the wrong kind gives a finding
with a stable code (``extract.wrong_document``) rather than records of the wrong kind.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from fairgauge.extract.dispatch import parse_document
from fairgauge.extract.records import ParsedDocument, Source
from fairgauge.extract.xml.dispatch import parse_xml_root
from fairgauge.extract.xml.safe import local, parse_xml
from fairgauge.model.findings import finding


def _guarded(
    parse: Callable[[bytes, str | None], ParsedDocument],
) -> Callable[[bytes, str | None], ParsedDocument]:
    """Turn an unexpected parser exception into a finding: a harvest must go on."""

    @functools.wraps(parse)
    def wrapper(body: bytes, url: str | None) -> ParsedDocument:
        try:
            return parse(body, url)
        except Exception as error:
            return ParsedDocument(
                findings=[
                    finding(
                        "extract.internal_error",
                        "error",
                        f"The document could not be parsed: {error!r}",
                        url=url,
                    )
                ]
            )

    return wrapper


def _wrong(parsed: ParsedDocument, expected: str, url: str | None) -> ParsedDocument:
    message = f"Expected {expected} but found {parsed.kind}."
    return parsed.model_copy(
        update={
            "findings": [
                *parsed.findings,
                finding("extract.wrong_document", "error", message, url=url, expected=expected, found=parsed.kind),
            ]
        }
    )


def parse_datacite_api(body: bytes, url: str | None) -> ParsedDocument:
    """A DataCite REST API answer: the record (method datacite_api) and the client in ``repository``."""
    parsed = parse_document(body, media_type="application/vnd.api+json", url=url, method="datacite_api")
    unreadable = parsed.kind == "unknown" and any(f.severity == "error" for f in parsed.findings)
    return (
        parsed
        if parsed.kind in ("datacite-api", "datacite-json") or unreadable
        else _wrong(parsed, "DataCite API JSON", url)
    )


@_guarded
def parse_crossref_api(body: bytes, url: str | None) -> ParsedDocument:
    """A Crossref REST API ``works/{doi}`` answer: the record (method crossref_api)."""
    parsed = parse_document(body, media_type="application/json", url=url, method="crossref_api")
    unreadable = parsed.kind == "unknown" and any(f.severity == "error" for f in parsed.findings)
    return parsed if parsed.kind == "crossref-work" or unreadable else _wrong(parsed, "a Crossref work", url)


@_guarded
def parse_re3data(body: bytes, url: str | None) -> ParsedDocument:
    """A re3data API record: ``repository`` holds the RepositoryInfo."""
    root, findings = parse_xml(body, url)
    if root is None:
        return ParsedDocument(findings=findings)
    parsed = parse_xml_root(root, Source("file", url))
    return parsed if parsed.kind == "re3data" else _wrong(parsed, "a re3data record", url)


@_guarded
def parse_oai_pmh(body: bytes, url: str | None) -> ParsedDocument:
    """OAI-PMH ListMetadataFormats (``standards``) or GetRecord/ListRecords (``records``)."""
    root, findings = parse_xml(body, url)
    if root is None:
        return ParsedDocument(findings=findings)
    parsed = parse_xml_root(root, Source("oai_pmh", url))
    return parsed if local(root) == "OAI-PMH" else _wrong(parsed, "an OAI-PMH response", url)


@_guarded
def parse_csw(body: bytes, url: str | None) -> ParsedDocument:
    """OGC CSW GetCapabilities (``standards``) or GetRecordById/GetRecords (``records``)."""
    root, findings = parse_xml(body, url)
    if root is None:
        return ParsedDocument(findings=findings)
    parsed = parse_xml_root(root, Source("ogc_csw", url))
    return parsed if parsed.kind.startswith("csw") else _wrong(parsed, "a CSW response", url)


def parse_sparql(body: bytes, media_type: str | None, url: str | None) -> ParsedDocument:
    """SPARQL SELECT results (JSON/XML) or a CONSTRUCT/DESCRIBE graph, as records (method sparql)."""
    from fairgauge.extract.rdf.sparql import parse_sparql_body

    if not body.strip():
        return ParsedDocument(findings=[finding("extract.empty", "error", "The document is empty.", url=url)])
    try:
        return parse_sparql_body(body, media_type, Source("sparql", url, "rdf"))
    except Exception as error:  # rdflib/lxml surprises must not escape
        return ParsedDocument(
            findings=[finding("extract.internal_error", "error", f"SPARQL answer unreadable: {error!r}", url=url)]
        )
