"""A streaming reader for OWL in RDF/XML: named classes, labels, named superclasses, deprecation.

Ontology releases in RDF/XML can be hundreds of megabytes; a full RDF graph is not needed to answer
"does this term exist, what is its label, what are its ancestors". The file is read element by
element (lxml iterparse) and each top-level description is dropped once read. Internal DTD entities
(``&obo;``) are expanded; external entities and network access are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from fairgauge.errors import TracksError
from fairgauge.tracks.ontology.model import ParsedOntology, TermRow, obo_curie_to_iri

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REPLACED_BY = "{http://purl.obolibrary.org/obo/}IAO_0100001"
_CLASS_TAGS = {f"{{{OWL}}}Class", f"{{{RDFS}}}Class"}
_CLASS_TYPES = {f"{OWL}Class", f"{RDFS}Class"}


@dataclass
class _Description:
    label: str | None = None
    label_lang: str | None = None
    parents: list[str] = field(default_factory=list)
    deprecated: bool = False
    replaced_by: str | None = None
    is_class: bool = False


def _subject(element: etree._Element, base: str) -> str | None:
    about = element.get(f"{{{RDF}}}about")
    if about is not None:
        return urljoin(base, str(about))
    node_id = element.get(f"{{{RDF}}}ID")
    return f"{base}#{node_id}" if node_id else None


def _resource(element: etree._Element, base: str) -> str | None:
    value = element.get(f"{{{RDF}}}resource")
    return urljoin(base, value) if value is not None else None


def _read_property(desc: _Description, child: etree._Element, base: str) -> None:
    tag = child.tag
    if tag == f"{{{RDFS}}}label" and child.text:
        lang = child.get(XML_LANG)
        if desc.label is None or (lang in (None, "en") and desc.label_lang not in (None, "en")):
            desc.label, desc.label_lang = child.text.strip(), lang
    elif tag == f"{{{RDFS}}}subClassOf":
        parent = _resource(child, base)
        if parent is not None:
            desc.parents.append(parent)
    elif tag == f"{{{OWL}}}deprecated":
        desc.deprecated = (child.text or "").strip().lower() == "true"
    elif tag == REPLACED_BY:
        target = _resource(child, base) or (child.text or "").strip()
        desc.replaced_by = obo_curie_to_iri(target) if target else None
    elif tag == f"{{{RDF}}}type" and _resource(child, base) in _CLASS_TYPES:
        desc.is_class = True


def _read_ontology(parsed: ParsedOntology, element: etree._Element, base: str) -> None:
    parsed.ontology_iri = _subject(element, base)
    for child in element:
        if child.tag == f"{{{OWL}}}versionIRI":
            parsed.version_iri = _resource(child, base)
        elif child.tag == f"{{{OWL}}}versionInfo" and child.text:
            parsed.version = child.text.strip()


def parse_owl(path: Path) -> ParsedOntology:
    """Parse OWL RDF/XML into terms and named is_a edges."""
    parsed = ParsedOntology()
    described: dict[str, _Description] = {}
    root: etree._Element | None = None
    base = path.resolve().as_uri()
    try:
        for event, element in etree.iterparse(
            str(path), events=("start", "end"), resolve_entities="internal", no_network=True, huge_tree=True
        ):
            if event == "start":
                if root is None:
                    root, base = element, element.get(XML_BASE, base)
                continue
            if element.getparent() is not root:
                continue
            _top_level(parsed, described, element, base)
            element.clear()
            while element.getprevious() is not None:
                del root[0]
    except etree.XMLSyntaxError as exc:
        raise TracksError(f"ontology file {path} is not well-formed RDF/XML: {exc}") from exc
    _finish(parsed, described)
    return parsed


def _top_level(parsed: ParsedOntology, described: dict[str, _Description], element: etree._Element, base: str) -> None:
    if element.tag == f"{{{OWL}}}Ontology":
        _read_ontology(parsed, element, base)
        return
    subject = _subject(element, base)
    if subject is None:
        return
    desc = described.setdefault(subject, _Description())
    desc.is_class = desc.is_class or element.tag in _CLASS_TAGS
    for child in element:
        _read_property(desc, child, base)


def _finish(parsed: ParsedOntology, described: dict[str, _Description]) -> None:
    for iri, desc in described.items():
        if not desc.is_class:
            continue
        parsed.terms.append(TermRow(iri, desc.label, desc.deprecated, desc.replaced_by))
        parsed.edges.extend((iri, parent) for parent in desc.parents if parent != f"{OWL}Thing")
    if parsed.ontology_iri:
        name = parsed.ontology_iri.rstrip("/").rsplit("/", 1)[-1]
        parsed.ontology = name.rsplit(".", 1)[0].lower() if "." in name else name.lower()
