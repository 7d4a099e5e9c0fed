"""The one registry of what fairgauge can read: document families with their sniffers, and inside
them the JSON shapes and (from :mod:`fairgauge.extract.xml.formats`) the XML roots with their parsers.

The dispatchers (:mod:`fairgauge.extract.dispatch` for any document, :mod:`fairgauge.extract.xml.dispatch`
for an XML root) only walk these tables in order, first match wins, so adding a format means adding one
record here (or in the XML table) and its parser module; nothing else changes. The tables import parsers,
never the dispatchers, so no family needs a back-import (frictionless' ``formats/`` plug-ins are the model).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from fairgauge.extract.crossref import crossref_work, map_crossref_work
from fairgauge.extract.datacite_json.mapping import (
    api_attributes,
    is_datacite_json,
    map_datacite_json,
    repository_from_api,
)
from fairgauge.extract.fairtracks import fairtracks_document
from fairgauge.extract.jsonld.document import parse_jsonld_document
from fairgauge.extract.rdf.parse import sniff_rdf_syntax
from fairgauge.extract.records import ParsedDocument, Source
from fairgauge.extract.xml.formats import XML_FORMATS, XmlFormat
from fairgauge.model.community import CommunityReader

Family = Literal["html", "xml", "json", "text"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_TAG = re.compile(rb"<html[\s>]")


@dataclass(frozen=True)
class DocumentFamily:
    """A family of documents: how its body is recognised and which declared media types name it.

    ``sniff`` gets the lower-cased first bytes (BOM and white space stripped) and the whole body.
    """

    name: Family
    sniff: Callable[[bytes, bytes], bool]
    declared_by: Callable[[str], bool]


FAMILIES: tuple[DocumentFamily, ...] = (
    DocumentFamily(
        "html",
        lambda head, _: head.startswith(b"<!doctype html") or (head.startswith(b"<") and bool(_HTML_TAG.search(head))),
        lambda mt: mt in _HTML_TYPES,
    ),
    DocumentFamily(
        "xml",  # N-Triples/Turtle may start with <iri>
        lambda head, body: head.startswith(b"<") and not sniff_rdf_syntax(body),
        lambda mt: mt.endswith(("/xml", "+xml")) and mt not in _HTML_TYPES,
    ),
    DocumentFamily("json", lambda head, _: head[:1] in (b"{", b"["), lambda mt: mt.endswith(("/json", "+json"))),
    DocumentFamily("text", lambda head, _: True, lambda mt: False),  # possibly RDF; last, it takes the rest
)


def sniff_family(body: bytes) -> Family:
    """html, xml, json, text (possibly RDF) from the first bytes."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    return next(f.name for f in FAMILIES if f.sniff(head, body))


def declared_family(media_type: str) -> Family | None:
    """The family a declared media type names, if it names one."""
    return next((f.name for f in FAMILIES if f.declared_by(media_type)), None)


JsonReader = Callable[[Any, Source, bytes, CommunityReader | None], ParsedDocument | None]


@dataclass(frozen=True)
class JsonFormat:
    """A JSON shape: ``read`` gives its document, or None when the decoded JSON is not of this shape."""

    name: str
    read: JsonReader


def _datacite(document: Any, source: Source, body: bytes, reader: CommunityReader | None) -> ParsedDocument | None:
    if not is_datacite_json(document):
        return None
    kind = "datacite-api" if api_attributes(document) is not None else "datacite-json"
    return ParsedDocument(
        records=[map_datacite_json(document, source)],
        kind=kind,
        repository=repository_from_api(document) if kind == "datacite-api" else None,
    )


def _crossref(document: Any, source: Source, body: bytes, reader: CommunityReader | None) -> ParsedDocument | None:
    work = crossref_work(document)
    if work is None:
        return None
    csl = work is document
    return ParsedDocument(
        records=[map_crossref_work(work, source, csl=csl)], kind="csl-json" if csl else "crossref-work"
    )


def _sparql(document: Any, source: Source, body: bytes, reader: CommunityReader | None) -> ParsedDocument | None:
    if not (isinstance(document, dict) and "head" in document and ("results" in document or "boolean" in document)):
        return None
    from fairgauge.extract.rdf.sparql import parse_sparql_body  # imports rdflib: only on this path

    return parse_sparql_body(body or json.dumps(document).encode(), "application/sparql-results+json", source)


def _linkset(document: Any, source: Source, body: bytes, reader: CommunityReader | None) -> ParsedDocument | None:
    """Linksets are read by the signposting step; here they are only recognised (no records)."""
    return ParsedDocument(kind="linkset") if isinstance(document, dict) and "linkset" in document else None


def _fairtracks(document: Any, source: Source, body: bytes, reader: CommunityReader | None) -> ParsedDocument | None:
    return fairtracks_document(document, source, reader)


def _jsonld(document: Any, source: Source, body: bytes, reader: CommunityReader | None) -> ParsedDocument | None:
    items = document if isinstance(document, list) else [document]
    if not any(isinstance(i, dict) and any(k in i for k in ("@context", "@graph", "@id", "@type")) for i in items):
        return None
    records = parse_jsonld_document(document, Source(source.method, source.url, "json-ld"))
    return ParsedDocument(records=records, kind="json-ld")


JSON_FORMATS: tuple[JsonFormat, ...] = (
    JsonFormat("datacite-json", _datacite),  # also the DataCite REST API (kind datacite-api)
    JsonFormat("crossref", _crossref),  # Crossref works/{doi} and CSL JSON
    JsonFormat("sparql-results-json", _sparql),
    JsonFormat("linkset", _linkset),
    JsonFormat("fairtracks", _fairtracks),  # only with a CommunityReader
    JsonFormat("json-ld", _jsonld),  # last: any object with an @-key
)


__all__ = ["FAMILIES", "JSON_FORMATS", "XML_FORMATS", "DocumentFamily", "Family", "JsonFormat", "XmlFormat"]
