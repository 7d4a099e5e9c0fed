"""SPARQL endpoint answers: SELECT results (JSON or XML) and CONSTRUCT/DESCRIBE graphs.

A SELECT result is read as triples when it binds subject/predicate/object-like variables
(``?s ?p ?o``; ``?p ?o`` about the queried resource); the triples then go through the RDF mapper,
so a DESCRIBE graph and a SELECT of the same statements give the same record.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from fairgauge.extract.limits import MAX_NESTING_DEPTH, json_depth, too_deep
from fairgauge.extract.rdf.mapping import map_graph
from fairgauge.extract.rdf.parse import SPARQL_RESULTS_NS as SPARQL_RESULTS_NS
from fairgauge.extract.rdf.parse import parse_rdf, rdf_syntax
from fairgauge.extract.records import ParsedDocument, Source
from fairgauge.extract.xml.safe import Element, local, parse_xml
from fairgauge.model.findings import finding

_SUBJECT = ("s", "subject", "resource", "item")
_PREDICATE = ("p", "predicate", "property")
_OBJECT = ("o", "object", "value")
Binding = dict[str, Node]


def graph_from_bindings(bindings: list[Binding], url: str | None) -> Graph | None:
    """Triples from result rows; None when the variables do not look like triples."""
    graph = Graph(bind_namespaces="none")
    for row in bindings:
        subject = _pick(row, _SUBJECT) or (URIRef(url) if url else None)
        predicate, obj = _pick(row, _PREDICATE), _pick(row, _OBJECT)
        if subject is None or not isinstance(predicate, URIRef) or obj is None or isinstance(subject, Literal):
            return None
        graph.add((subject, predicate, obj))
    return graph if len(graph) else None


def _pick(row: Binding, names: tuple[str, ...]) -> Node | None:
    return next((row[n] for n in names if n in row), None)


def json_bindings(document: Any) -> list[Binding]:
    rows = ((document.get("results") or {}).get("bindings") or []) if isinstance(document, dict) else []
    return [
        {name: _json_term(term) for name, term in row.items() if isinstance(term, dict)}
        for row in rows
        if isinstance(row, dict)
    ]


def _json_term(term: dict[str, Any]) -> Node:
    kind, value = term.get("type"), str(term.get("value", ""))
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    return Literal(value, lang=term.get("xml:lang"), datatype=term.get("datatype"))


def xml_bindings(root: Element) -> list[Binding]:
    rows: list[Binding] = []
    for result in root.iterfind("{*}results/{*}result"):
        row: Binding = {}
        for binding in result.iterfind("{*}binding"):
            term = next((t for t in binding if isinstance(t.tag, str)), None)
            if term is not None and binding.get("name"):
                text = "".join(term.itertext())
                row[str(binding.get("name"))] = (
                    URIRef(text)
                    if local(term) == "uri"
                    else BNode(text)
                    if local(term) == "bnode"
                    else Literal(
                        text,
                        lang=term.get("{http://www.w3.org/XML/1998/namespace}lang"),
                        datatype=term.get("datatype"),
                    )
                )
        rows.append(row)
    return rows


def parse_sparql_results(bindings: list[Binding], source: Source, kind: str) -> ParsedDocument:
    if not bindings:
        return ParsedDocument(
            kind=kind,
            findings=[finding("extract.sparql.empty", "warning", "The SPARQL result has no rows.", url=source.url)],
        )
    graph = graph_from_bindings(bindings, source.url)
    if graph is None:
        return ParsedDocument(
            kind=kind,
            findings=[
                finding(
                    "extract.sparql.not_triples",
                    "warning",
                    "The SPARQL result does not bind subject/predicate/object variables.",
                    url=source.url,
                )
            ],
        )
    return ParsedDocument(records=map_graph(graph, source, fmt="sparql-results"), kind=kind)


def parse_sparql_body(body: bytes, media_type: str | None, source: Source) -> ParsedDocument:
    """A SPARQL answer in any of its serialisations, recognised from the media type or the body."""
    head = body.lstrip()[:1]
    mt = (media_type or "").split(";")[0].strip().lower()
    if mt == "application/sparql-results+json" or (head == b"{" and b'"head"' in body[:2048]):
        if json_depth(body) > MAX_NESTING_DEPTH:
            return ParsedDocument(findings=[too_deep("The SPARQL JSON result", source.url)])
        try:
            return parse_sparql_results(json_bindings(json.loads(body)), source, "sparql-results-json")
        except (UnicodeDecodeError, ValueError) as error:
            return ParsedDocument(
                findings=[
                    finding("extract.json.malformed", "error", f"The JSON cannot be read: {error}", url=source.url)
                ]
            )
    if head == b"<":
        root, findings = parse_xml(body, source.url)
        if root is not None and local(root) == "sparql":
            return parse_sparql_results(xml_bindings(root), source, "sparql-results-xml")
        if root is None:
            return ParsedDocument(findings=findings)
        return parse_rdf(body, "xml", source)
    return parse_rdf(body, rdf_syntax(mt, body) or "turtle", source)
