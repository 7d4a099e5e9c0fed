"""RDF documents (Turtle, RDF/XML, JSON-LD, N-Triples, N3, N-Quads, TriG) into rdflib graphs, offline.

rdflib would fetch remote JSON-LD contexts and (for RDF/XML) could meet entity declarations: JSON-LD
gets its contexts inlined from the bundle first, RDF/XML with entity declarations is refused.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from fairgauge.extract.contexts import context_findings
from fairgauge.extract.limits import MAX_NESTING_DEPTH, json_depth, too_deep, turtle_depth
from fairgauge.extract.records import ParsedDocument, Source
from fairgauge.model.findings import Finding, finding
from fairgauge.refdata.jsonld import inline_contexts

if TYPE_CHECKING:  # rdflib is imported when an RDF document is met, not by every harvest
    from rdflib import Graph

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
RDF_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "text/n3": "n3",
    "text/rdf+n3": "n3",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/ld+json": "json-ld",
}
FORMAT_NAMES = {
    "turtle": "turtle",
    "xml": "rdf-xml",
    "nt": "n-triples",
    "n3": "n3",
    "nquads": "n-quads",
    "trig": "trig",
    "json-ld": "json-ld",
}
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_BRACKETED = frozenset({"turtle", "n3", "trig"})  # syntaxes with nested [ ] and ( ) that rdflib recurses into


def parse_graph(body: bytes, syntax: str, url: str | None) -> tuple[Graph | None, list[Finding]]:
    """An rdflib graph, or None and a finding when the document is not valid in that syntax."""
    if not body.strip():
        return None, [finding("extract.empty", "error", "The document is empty.", url=url)]
    if syntax == "json-ld":
        return _jsonld_graph(body, url)
    if syntax == "xml" and _ENTITY.search(body):
        return None, [
            finding(
                "extract.xml.entities_refused",
                "error",
                "The RDF/XML declares entities; it was not parsed.",
                url=url,
            )
        ]
    if syntax in _BRACKETED and turtle_depth(body) > MAX_NESTING_DEPTH:
        return None, [too_deep(f"The {FORMAT_NAMES.get(syntax, syntax)} document", url)]
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(data=body, format=syntax, publicID=url or None)
    except Exception as error:  # rdflib raises many parser-specific exception types
        return None, [
            finding(
                "extract.rdf.malformed",
                "error",
                f"The document is not valid {FORMAT_NAMES.get(syntax, syntax)}: {error}",
                url=url,
            )
        ]
    return graph, []


def _jsonld_graph(body: bytes, url: str | None) -> tuple[Graph | None, list[Finding]]:
    if json_depth(body) > MAX_NESTING_DEPTH:
        return None, [too_deep("The JSON-LD", url)]
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        return None, [finding("extract.json.malformed", "error", f"The JSON cannot be read: {error}", url=url)]
    return graph_from_expanded(document, url)


def graph_from_expanded(document: Any, url: str | None) -> tuple[Graph | None, list[Finding]]:
    """A graph from JSON-LD (expanded or with bundled contexts only): rdflib has nothing to fetch."""
    inlined, missing = inline_contexts(document)
    findings = context_findings(missing, url)
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(data=json.dumps(inlined), format="json-ld", publicID=url or None)
    except Exception as error:  # rdflib's JSON-LD parser raises assorted errors on bad input
        return None, [
            *findings,
            finding("extract.rdf.malformed", "error", f"JSON-LD is not valid RDF: {error}", url=url),
        ]
    return graph, findings


def parse_rdf(body: bytes, syntax: str, source: Source) -> ParsedDocument:
    """A whole RDF document as records (the main subjects mapped by :mod:`rdf_map`)."""
    from fairgauge.extract.rdf.mapping import map_graph

    graph, findings = parse_graph(body, syntax, source.url)
    if graph is None:
        return ParsedDocument(findings=findings)
    fmt = FORMAT_NAMES.get(syntax, syntax)
    return ParsedDocument(records=map_graph(graph, source, findings=findings, fmt=fmt), kind=f"rdf-{fmt}")


_IRI = rb"<(?:[a-zA-Z][\w+.-]*:[^>\s]*|#[^>\s]*|)>"  # absolute, fragment-only or empty: never an XML tag
_TERM = rb"(?:" + _IRI + rb"|_:\S+|[\w-]*:[\w.-]*)"
_TRIPLE_START = re.compile(rb"(?:#[^\n]*\n\s*)*" + _TERM + rb"\s+(?:" + _TERM + rb"|a)\s+")
_NT_LINE = re.compile(rb"^(?:" + _IRI + rb"|_:\S+)\s+" + _IRI + rb"\s+.*\.\s*$")


def sniff_rdf_syntax(body: bytes) -> str | None:
    """Guess Turtle / N-Triples from the first statements (XML and JSON are sniffed elsewhere)."""
    head = body[:4096].lstrip()
    if re.match(rb"(?:#[^\n]*\n\s*)*(@prefix|@base|PREFIX|BASE)\s", head, re.IGNORECASE):
        return "turtle"
    if _TRIPLE_START.match(head):
        lines = [line for line in head.split(b"\n")[:-1] if line.strip() and not line.lstrip().startswith(b"#")]
        return "nt" if lines and all(_NT_LINE.match(line.strip()) for line in lines) else "turtle"
    return None


def rdf_syntax(media_type: str, body: bytes) -> str | None:
    """The rdflib syntax for a text body: declared RDF type, else sniffed Turtle/N-Triples."""
    declared = RDF_MEDIA_TYPES.get(media_type)
    if declared and declared not in ("json-ld", "xml"):
        return declared
    return sniff_rdf_syntax(body)
