"""JSON-LD documents: a fast path for schema.org, expansion with bundled contexts for everything else.

Almost every JSON-LD landing page and content-negotiation answer uses the schema.org context, which
the schema.org mapper reads straight from the JSON. Documents with other contexts are expanded by
pyld with an offline document loader (passed explicitly, no global hook); an unknown context becomes a
"context not available offline" finding, never a request. Expanded documents whose main types are
schema.org go through the same schema.org mapper; the rest through rdflib and the RDF mapper.
"""

from __future__ import annotations

import json
from typing import Any

from fairgauge.extract.contexts import context_findings
from fairgauge.extract.limits import MAX_NESTING_DEPTH, json_depth, too_deep
from fairgauge.extract.rdf.parse import graph_from_expanded
from fairgauge.extract.records import ParsedDocument, Source
from fairgauge.extract.schemaorg.mapping import map_schemaorg
from fairgauge.extract.schemaorg.nodes import context_prefixes, is_schema_iri, is_schemaorg_only
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import MetadataRecord
from fairgauge.refdata.jsonld import document_loader, inline_contexts


def load_json(body: bytes | str, url: str | None) -> tuple[Any, list[Finding]]:
    """Decoded JSON, or None and a finding (empty, broken, or not UTF-8/16/32)."""
    if not body.strip():
        return None, [finding("extract.empty", "error", "The document is empty.", url=url)]
    if json_depth(body) > MAX_NESTING_DEPTH:
        return None, [too_deep("The JSON", url)]
    try:
        return json.loads(body), []
    except (UnicodeDecodeError, ValueError) as error:
        code = "extract.encoding.invalid" if isinstance(error, UnicodeDecodeError) else "extract.json.malformed"
        return None, [finding(code, "error", f"The JSON cannot be read: {error}", url=url)]


def contexts_of(document: Any) -> list[Any]:
    """The top-level @context values of a document or an array of documents."""
    items = document if isinstance(document, list) else [document]
    return [item.get("@context") for item in items if isinstance(item, dict)]


def parse_jsonld_document(document: Any, source: Source) -> list[MetadataRecord]:
    """Records from decoded JSON-LD (a node, an array of nodes, or a @graph)."""
    contexts = contexts_of(document)
    if all(is_schemaorg_only(context) for context in contexts):
        return map_schemaorg(document, source)
    namespaces = [ns for context in contexts for ns in context_prefixes(context).values()]
    expanded, findings = expand(document, source.url)
    if expanded is None:
        return map_schemaorg(document, source, findings=findings)
    if _mostly_schemaorg(expanded):
        return map_schemaorg(expanded, source, namespaces=namespaces, findings=findings)
    from fairgauge.extract.rdf.mapping import map_graph  # imports rdflib: only on this path

    graph, more = graph_from_expanded(expanded, source.url)
    return map_graph(graph, source, findings=[*findings, *more], fmt="json-ld") if graph is not None else []


def parse_jsonld(body: bytes | str, source: Source) -> ParsedDocument:
    """A JSON-LD document (bytes) as records; broken JSON gives a finding, not an exception."""
    document, findings = load_json(body, source.url)
    if document is None:
        return ParsedDocument(findings=findings)
    if not isinstance(document, dict | list):
        return ParsedDocument(
            findings=[
                finding(
                    "extract.jsonld.not_object",
                    "error",
                    "The JSON-LD is not an object or array.",
                    url=source.url,
                )
            ]
        )
    return ParsedDocument(records=parse_jsonld_document(document, source), kind="json-ld")


def expand(document: Any, url: str | None) -> tuple[list[Any] | None, list[Finding]]:
    """pyld expansion with bundled contexts only; unknown contexts are dropped and reported."""
    from pyld import jsonld  # lazily: schema.org documents never need it, and it imports requests (~80 ms)

    inlined, missing = inline_contexts(document)
    findings = context_findings(missing, url)
    try:
        expanded = jsonld.expand(inlined, {"documentLoader": document_loader, "base": url or ""})
    except Exception as error:  # pyld raises JsonLdError and assorted builtins on bad input
        findings.append(finding("extract.jsonld.invalid", "error", f"JSON-LD cannot be expanded: {error}", url=url))
        return None, findings
    return expanded, findings


def _mostly_schemaorg(expanded: list[Any]) -> bool:
    """Whether the top-level nodes are typed with schema.org types (then the schema.org mapper applies)."""
    types = [t for node in expanded if isinstance(node, dict) for t in node.get("@type", [])]
    graph_types = [
        t
        for node in expanded
        if isinstance(node, dict)
        for inner in node.get("@graph", [])
        if isinstance(inner, dict)
        for t in inner.get("@type", [])
    ]
    all_types = types + graph_types
    return bool(all_types) and sum(is_schema_iri(t) for t in all_types) * 2 >= len(all_types)
