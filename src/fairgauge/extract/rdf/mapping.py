"""An rdflib graph to metadata records: the main subject(s) mapped through the term table.

Used for Turtle/RDF-XML/N-Triples content negotiation, DCAT catalogues, non-schema.org JSON-LD,
RDFa and SPARQL CONSTRUCT results. Every namespace the graph uses is recorded (FsF-I2/R1.3 read it).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from fairgauge.extract.dublincore import add_rights_statement
from fairgauge.extract.normalize import clean, identifier_ref
from fairgauge.extract.rdf import terms as t
from fairgauge.extract.rdf.values import (
    agent_of,
    file_of,
    objects,
    related_of,
    service_of,
    type_of,
    vocabulary_of,
)
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import AccessRights, DateInfo, License, MetadataRecord, ProvenanceElement


def graph_namespaces(graph: Graph) -> list[str]:
    """Declared prefixes plus the namespace of every predicate and class used, sorted: rdflib yields
    triples in an order that changes with the process's hash seed, and the checks quote these lists."""
    found = {str(uri) for _, uri in graph.namespaces()}
    for _, predicate, obj in graph:
        found.add(_namespace(str(predicate)))
        if str(predicate) == t.RDF_TYPE and isinstance(obj, URIRef):
            found.add(_namespace(str(obj)))
    return sorted(ns for ns in found if ns)


def value_iris(graph: Graph) -> list[str]:
    """IRIs used as objects that the graph does not describe itself (concepts, units, code list entries,
    licences): terms of other vocabularies used as values. Classes are left to the namespaces. Sorted, as
    the namespaces are: the list is capped and a check quotes its first IRI of each vocabulary."""
    described = set(graph.subjects())
    found: set[str] = set()
    for _, predicate, obj in graph:
        if isinstance(obj, URIRef) and obj not in described and str(predicate) != t.RDF_TYPE:
            found.add(str(obj))
    return sorted(found)


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else ""


def main_subjects(graph: Graph, url: str | None) -> list[Node]:
    """Typed datasets first, then the document's own URL, then the busiest named subject."""
    for kind in t.MAIN_TYPES:
        typed = [s for s in graph.subjects(URIRef(t.RDF_TYPE), URIRef(kind))]
        if typed:
            return _roots(graph, typed)
    if url and (URIRef(url), None, None) in graph:
        return [URIRef(url)]
    counts: dict[Node, int] = {}
    for subject in graph.subjects():
        counts[subject] = counts.get(subject, 0) + (2 if isinstance(subject, URIRef) else 1)
    return [max(counts, key=lambda s: counts[s])] if counts else []


def _roots(graph: Graph, subjects: list[Node]) -> list[Node]:
    """Drop typed subjects that are parts/distributions of another candidate."""
    inner = set(objects(graph, None, (t.DCT + "hasPart", *t.sdo("hasPart"), *t.DISTRIBUTION_PREDICATES)))
    return [s for s in dict.fromkeys(subjects) if s not in inner] or subjects[:1]


def map_graph(
    graph: Graph, source: Source, *, findings: Iterable[Finding] = (), fmt: str = "rdf"
) -> list[MetadataRecord]:
    """One record per main subject; a graph without one gives an empty record with a finding."""
    namespaces = graph_namespaces(graph)
    subjects = main_subjects(graph, source.url)
    extra = list(findings)
    if not subjects:
        extra.append(finding("extract.rdf.empty_graph", "warning", "The RDF graph has no statements.", url=source.url))
        return [make_record(source, "rdf", FieldsBuilder(), namespaces=namespaces, findings=extra, fmt=fmt)]
    iris = value_iris(graph)
    return [_record(graph, subject, source, (namespaces, iris), extra, fmt) for subject in subjects]


def _record(
    graph: Graph,
    subject: Node,
    source: Source,
    terms: tuple[list[str], list[str]],
    findings: list[Finding],
    fmt: str,
) -> MetadataRecord:
    fields = FieldsBuilder()
    for mapper in (_texts, _agents, _dates, _rights, _types, _files, _relations, _provenance):
        mapper(graph, subject, fields)
    types = [str(o) for o in graph.objects(subject, URIRef(t.RDF_TYPE))]
    standard, schema = _standard(graph, subject)
    return make_record(
        source,
        standard,
        fields,
        schema=schema,
        namespaces=terms[0],
        value_iris=terms[1],
        findings=findings,
        raw_types=types,
        fmt=fmt,
    )


def _standard(graph: Graph, subject: Node) -> tuple[str, str | None]:
    """The vocabulary that describes the main subject most: dcat > schema.org > dublin-core > rdf."""
    used = [str(p) for p, _ in graph.predicate_objects(subject)]
    used += [str(o) for o in graph.objects(subject, URIRef(t.RDF_TYPE))]
    if any(u.startswith(t.DCAT) for u in used):
        return "dcat", t.DCAT
    if any(u.startswith(t.SDO) for u in used):
        return "schemaorg", t.SDO[0]
    if any(u.startswith(t.DCT) for u in used):
        return "dublin-core", t.DCT
    if any(u.startswith(t.DC) for u in used):
        return "dublin-core", t.DC
    return "rdf", None


def _texts(graph: Graph, subject: Node, f: FieldsBuilder) -> None:
    if isinstance(subject, URIRef):
        f.add("identifiers", identifier_ref(str(subject)))
    f.extend("identifiers", [identifier_ref(str(o)) for o in objects(graph, subject, t.IDENTIFIER_PREDICATES)])
    for field, predicates in t.TEXT_FIELDS.items():
        f.extend(field, [clean(_label(graph, o)) for o in objects(graph, subject, predicates)])


def _label(graph: Graph, node: Node) -> str:
    if isinstance(node, BNode):
        names = objects(graph, node, t.NAME_PREDICATES)
        return str(names[0]) if names else ""
    return str(node)


def _agents(graph: Graph, subject: Node, f: FieldsBuilder) -> None:
    for field, predicates in t.AGENT_FIELDS.items():
        f.extend(field, [agent_of(graph, o) for o in objects(graph, subject, predicates)])


def _dates(graph: Graph, subject: Node, f: FieldsBuilder) -> None:
    for predicate, kind in t.DATE_PREDICATES.items():
        for obj in graph.objects(subject, URIRef(predicate)):
            f.add("dates", DateInfo(type=kind, value=str(obj)))
            if kind == "issued":
                f.year(str(obj))


def _rights(graph: Graph, subject: Node, f: FieldsBuilder) -> None:
    f.extend("licenses", [_license(graph, obj) for obj in objects(graph, subject, t.LICENSE_PREDICATES)])
    for obj in objects(graph, subject, t.ACCESS_PREDICATES):
        text = clean(_label(graph, obj))
        if text:
            f.add("access_rights", AccessRights(value=text, uri=text if isinstance(obj, URIRef) else None))
    for obj in objects(graph, subject, t.RIGHTS_PREDICATES):  # dc:rights holds licences and access alike
        text = clean(_label(graph, obj))
        if text:
            add_rights_statement("rights", text, f)
    for obj in objects(graph, subject, t.FREE_PREDICATES):
        f.add("access_rights", AccessRights(value=f"isAccessibleForFree={str(obj).strip().lower()}"))


def _license(graph: Graph, node: Node) -> License | None:
    if isinstance(node, URIRef):
        return License(url=str(node))
    if isinstance(node, Literal):
        text = clean(str(node))
        return (License(url=text) if text.startswith("http") else License(name=text)) if text else None
    urls = objects(graph, node, t.sdo("url"))
    name = clean(_label(graph, node))
    return License(url=str(urls[0]) if urls else None, name=name) if (urls or name) else None


def _types(graph: Graph, subject: Node, f: FieldsBuilder) -> None:
    for predicate in t.TYPE_PREDICATES:
        for obj in graph.objects(subject, URIRef(predicate)):
            f.add("resource_types", type_of(graph, obj))


def _files(graph: Graph, subject: Node, f: FieldsBuilder) -> None:
    for dist in objects(graph, subject, t.DISTRIBUTION_PREDICATES):
        f.add("content_files", file_of(graph, dist))
        f.extend("services", [service_of(graph, s) for s in objects(graph, dist, t.SERVICE_PREDICATES)])
        f.extend("formats", [clean(str(o)) for o in objects(graph, dist, t.TEXT_FIELDS["formats"])])
    f.extend("services", [service_of(graph, s) for s in objects(graph, subject, t.SERVICE_PREDICATES)])
    if objects(graph, subject, t.FILE_URL_PREDICATES[:2]):
        f.add("content_files", file_of(graph, subject))


def _relations(graph: Graph, subject: Node, f: FieldsBuilder) -> None:
    for predicate in t.RELATION_PREDICATES:
        for obj in graph.objects(subject, URIRef(predicate)):
            f.add("related", related_of(graph, predicate, obj))


def _provenance(graph: Graph, subject: Node, f: FieldsBuilder) -> None:
    for predicate, obj in graph.predicate_objects(subject):
        iri = str(predicate)
        if iri in t.PROVENANCE_PREDICATES or iri.startswith(t.PROVENANCE_NAMESPACES):
            value = clean(_label(graph, obj)) if not isinstance(obj, Literal) else clean(str(obj))
            if value:
                f.add(
                    "provenance",
                    ProvenanceElement(element=_local(iri), value=value, vocabulary=vocabulary_of(iri)),
                )


def _local(iri: str) -> str:
    return iri[max(iri.rfind("#"), iri.rfind("/")) + 1 :]
