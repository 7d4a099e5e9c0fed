"""RDF nodes to model objects: agents, files, services, related resources, resource types."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from fairgauge.extract.normalize import clean, identifier_ref, scheme_from_form, size_bytes
from fairgauge.extract.rdf import terms as t
from fairgauge.model.metadata import Agent, AgentKind, ContentFile, RelatedResource, ResourceType, ServiceEndpoint

_DCMITYPE = "http://purl.org/dc/dcmitype/"


def objects(graph: Graph, subject: Node | None, predicates: Iterable[str]) -> list[Node]:
    """Objects of any of the predicates, in predicate order, without duplicates."""
    found: dict[Node, None] = {}
    for predicate in predicates:
        for obj in graph.objects(subject, URIRef(predicate)):
            found.setdefault(obj, None)
    return list(found)


def _first(graph: Graph, subject: Node, predicates: Iterable[str]) -> str | None:
    values = objects(graph, subject, predicates)
    return clean(str(values[0])) if values else None


def agent_of(graph: Graph, node: Node) -> Agent | None:
    """A person/organisation node (named by foaf/schema/vcard) or a literal name; IRIs become ids."""
    if isinstance(node, Literal):
        name = clean(str(node))
        return Agent(name=name) if name else None
    given, family = _first(graph, node, t.GIVEN_PREDICATES), _first(graph, node, t.FAMILY_PREDICATES)
    name = _first(graph, node, t.NAME_PREDICATES) or " ".join(p for p in (given, family) if p) or None
    ids = [identifier_ref(str(node))] if isinstance(node, URIRef) else []
    ids += [identifier_ref(str(o)) for o in objects(graph, node, t.IDENTIFIER_PREDICATES + t.sdo("sameAs"))]
    name = name or (str(node) if isinstance(node, URIRef) else None)
    if not name:
        return None
    types = {str(o) for o in graph.objects(node, URIRef(t.RDF_TYPE))}
    kind: AgentKind | None = (
        "person"
        if types & {*t.sdo("Person"), t.FOAF + "Person", t.PROV + "Person"}
        else ("organization" if types & {*t.sdo("Organization"), t.FOAF + "Organization"} else None)
    )
    affiliations = [str(_name(graph, o)) for o in objects(graph, node, t.AFFILIATION_PREDICATES) if _name(graph, o)]
    return Agent(
        name=name,
        given_name=given,
        family_name=family,
        kind=kind,
        identifiers=[i for i in dict.fromkeys(ids) if i],
        affiliations=affiliations,
    )


def _name(graph: Graph, node: Node) -> str | None:
    if isinstance(node, Literal):
        return clean(str(node))
    return _first(graph, node, t.NAME_PREDICATES) or (str(node) if isinstance(node, URIRef) else None)


def file_of(graph: Graph, node: Node) -> ContentFile | None:
    """A dcat:Distribution / schema:DataDownload with a download (or access) URL."""
    url = _first(graph, node, t.FILE_URL_PREDICATES)
    if not url:
        return None
    size_raw = _first(graph, node, t.TEXT_FIELDS["sizes"])
    media = _first(graph, node, (t.DCAT + "mediaType", *t.sdo("encodingFormat", "fileFormat"), t.DCT + "format"))
    return ContentFile(
        url=url,
        name=_first(graph, node, (t.DCT + "title", *t.sdo("name"))),
        size=size_bytes(size_raw),
        size_text=size_raw,
        media_type=media,
    )


def service_of(graph: Graph, node: Node) -> ServiceEndpoint | None:
    """A dcat:DataService with its endpoint URL and (conformsTo) protocol."""
    url = _first(graph, node, t.ENDPOINT_PREDICATES) or (str(node) if isinstance(node, URIRef) else None)
    return ServiceEndpoint(url=url, protocol=_first(graph, node, t.PROTOCOL_PREDICATES)) if url else None


def related_of(graph: Graph, predicate: str, node: Node) -> RelatedResource | None:
    relation = predicate[max(predicate.rfind("#"), predicate.rfind("/")) + 1 :]
    prefix = t.VOCABULARY_NAMES.get(predicate[: len(predicate) - len(relation)])
    if isinstance(node, BNode):
        ident = _first(graph, node, (*t.IDENTIFIER_PREDICATES, *t.sdo("url"))) or _name(graph, node)
    else:
        ident = clean(str(node))
    if not ident:
        return None
    types = [str(o) for o in graph.objects(node, URIRef(t.RDF_TYPE))]
    name = f"{prefix}:{relation}" if prefix and prefix not in ("schema.org",) else relation
    return RelatedResource(
        identifier=ident,
        identifier_type=scheme_from_form(ident),
        relation_type=name,
        resource_type=",".join(types) or None,
    )


def type_of(graph: Graph, node: Node) -> ResourceType | None:
    """A type keeping its vocabulary (schema.org, dcat, dcmitype, free)."""
    value = clean(str(node)) if not isinstance(node, BNode) else clean(_name(graph, node))
    if not value:
        return None
    for namespace, vocabulary in (
        (t.SDO[0], "schema.org"),
        (t.SDO[1], "schema.org"),
        (_DCMITYPE, "dcmitype"),
        (t.DCAT, "dcat"),
        (t.PROV, "prov"),
        (t.FOAF, "foaf"),
    ):
        if value.startswith(namespace):
            return ResourceType(value=value[len(namespace) :], vocabulary=vocabulary)
    return ResourceType(value=value, vocabulary="free")


def vocabulary_of(iri: str) -> str | None:
    for namespace, name in t.VOCABULARY_NAMES.items():
        if iri.startswith(namespace):
            return name
    return None
