"""Which parser reads an XML document: the registry of root elements in :mod:`fairgauge.extract.formats`.

Envelopes (OAI-PMH, CSW, METS, MODS collections) unwrap to inner roots that go through the same
registry, so a DataCite record inside an OAI-PMH GetRecord is read exactly like a stand-alone one.
"""

from __future__ import annotations

from fairgauge.extract.records import ParsedDocument, Source
from fairgauge.extract.xml.envelopes import parse_csw_root, parse_oai_root
from fairgauge.extract.xml.formats import XML_FORMATS
from fairgauge.extract.xml.mods import map_mets, map_mods, mets_inner_metadata
from fairgauge.extract.xml.safe import Element, local, namespace
from fairgauge.extract.xml.service_descriptions import map_re3data
from fairgauge.model.findings import finding
from fairgauge.model.metadata import MetadataRecord

_MAX_DEPTH = 3


def parse_xml_root(root: Element, source: Source, depth: int = 0) -> ParsedDocument:
    """Records for a parsed XML root (records, envelopes, re3data); unknown roots give a finding."""
    ns, ln = namespace(root) or "", local(root)
    for fmt in XML_FORMATS:
        if fmt.matches(ns, ln, root):
            return ParsedDocument(records=[fmt.mapper(root, source)], kind=fmt.kind)
    if depth < _MAX_DEPTH:
        envelope = _envelope(root, ln, source, depth)
        if envelope is not None:
            return envelope
    return ParsedDocument(
        kind="unknown",
        findings=[
            finding(
                "extract.xml.unknown_root",
                "warning",
                f"No parser for XML root {{{ns}}}{ln}.",
                url=source.url,
                root=ln,
                namespace=ns,
            )
        ],
    )


def _envelope(root: Element, ln: str, source: Source, depth: int) -> ParsedDocument | None:
    """Documents that wrap records (or describe a repository) rather than being one."""
    if ln == "re3data" or (ln == "list" and root.find("{*}repository") is not None):
        return _re3data(root, source)
    if ln == "OAI-PMH":
        return parse_oai_root(root, source, parse_xml_root, depth)
    if (namespace(root) or "").startswith(("http://www.opengis.net/cat/csw", "http://www.opengis.net/ows")):
        return parse_csw_root(root, source, parse_xml_root, depth)
    if ln == "oai_datacite":  # DataCite's OAI wrapper: <oai_datacite><payload><resource>
        return _combine("datacite-xml", [], list(root.iterfind("{*}payload/*")), source, depth)
    if ln == "modsCollection":
        return ParsedDocument(records=[map_mods(m, source) for m in root.iterfind("{*}mods")], kind="mods")
    if ln == "mets":
        return _combine("mets", [map_mets(root, source)], mets_inner_metadata(root), source, depth)
    return None


def _combine(
    kind: str, records: list[MetadataRecord], inner: list[Element], source: Source, depth: int
) -> ParsedDocument:
    """Own records plus those of the wrapped roots, with the wrapped documents' findings."""
    parsed = [parse_xml_root(child, source, depth + 1) for child in inner if isinstance(child.tag, str)]
    return ParsedDocument(
        records=[*records, *(r for doc in parsed for r in doc.records)],
        findings=[f for doc in parsed for f in doc.findings],
        kind=kind,
    )


def _re3data(root: Element, source: Source) -> ParsedDocument:
    repository = map_re3data(root)
    findings = (
        []
        if repository
        else [
            finding(
                "extract.re3data.empty",
                "warning",
                "The re3data document describes no repository.",
                url=source.url,
            )
        ]
    )
    return ParsedDocument(kind="re3data", repository=repository, findings=findings)
