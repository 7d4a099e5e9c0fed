"""Microdata and RDFa in HTML, via extruct's extractors on a tree we parsed once.

Microdata items are turned into schema.org-shaped JSON and mapped like JSON-LD. RDFa goes through
pyRdfa (slow, so the caller runs it only when the page carries RDFa attributes beyond OpenGraph meta);
OpenGraph and XHTML-vocabulary triples are dropped, because OpenGraph is reported on its own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lxml import etree

from fairgauge.extract.limits import MAX_NESTING_DEPTH, itemscope_depth, too_deep
from fairgauge.extract.rdf.parse import graph_from_expanded
from fairgauge.extract.records import Source
from fairgauge.extract.schemaorg.mapping import map_schemaorg
from fairgauge.extract.schemaorg.nodes import strip_schema
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import MetadataRecord

_EXCLUDED = ("http://ogp.me/ns", "http://www.w3.org/1999/xhtml/vocab#", "https://dev.twitter.com/cards#")
_RDFA_TEST = (
    "boolean(//*[@typeof or @vocab or @about or @resource] | //*[@property][not(self::meta)]"
    " | //meta[@property][not(starts-with(@property,'og:') or starts-with(@property,'fb:')"
    " or starts-with(@property,'twitter:') or starts-with(@property,'article:'))])"
)
# A bare itemscope (Zenodo: <body itemscope itemtype=".../WebPage">) states nothing; extruct would still
# compute the text content of the whole body for it, so microdata runs only when some itemprop exists.
_MICRODATA_TEST = "boolean(//*[@itemscope]) and boolean(//*[@itemprop])"


def has_rdfa(root: etree._Element) -> bool:
    return bool(root.xpath(_RDFA_TEST))


def has_microdata(root: etree._Element) -> bool:
    return bool(root.xpath(_MICRODATA_TEST))


def microdata_records(root: etree._Element, url: str) -> tuple[list[MetadataRecord], list[Finding]]:
    """Microdata items as schema.org records; items nested too deeply or values that are not URLs are
    findings, never exceptions."""
    if itemscope_depth(root) > MAX_NESTING_DEPTH:
        return [], [too_deep("Microdata", url, severity="warning")]
    extractor = _guarded_microdata()()
    items = extractor.extract_items(root, url)
    findings = [
        finding("extract.html.microdata_value_invalid", "warning", problem, url=url, value=value[:300])
        for problem, value in dict.fromkeys(extractor.problems)
    ]
    # A bare itemscope (Zenodo: <body itemscope itemtype=".../WebPage">) states nothing: not metadata.
    documents = [_item_json(item) for item in items if isinstance(item, dict) and item.get("properties")]
    if not documents:
        return [], findings
    return map_schemaorg(documents, Source("microdata", url, "microdata")), findings


@cache
def _guarded_microdata() -> type[Any]:
    """extruct's microdata extractor, with the two values that make it raise turned into problems.

    An ``href``/``src`` that is not a URL (``http://[x]/``) makes ``urljoin`` raise: the value is kept
    as written. An ``itemref`` token with control characters makes lxml's ``id()`` raise: no element can
    carry such an id, so the reference is skipped.
    """
    from extruct.w3cmicrodata import MicrodataExtractor

    class Guarded(MicrodataExtractor):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.problems: list[tuple[str, str]] = []

        def _extract_property_value(self, node: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return super()._extract_property_value(node, *args, **kwargs)
            except ValueError:
                raw = str(node.get("href") or node.get("src") or node.get("data") or "").strip()
                self.problems.append((f"microdata {node.get('itemprop')!r}: {raw[:200]!r} is not a URL", raw))
                return raw

        def _extract_property_refs(self, node: Any, refid: str, **kwargs: Any) -> Any:
            try:
                yield from super()._extract_property_refs(node, refid, **kwargs)
            except ValueError:
                self.problems.append((f"microdata itemref {refid[:200]!r} is not an element id", refid))

    return Guarded


def _item_json(item: Any) -> Any:
    """extruct's {type, id, properties} item as a schema.org JSON-LD node."""
    if not isinstance(item, dict) or "properties" not in item:
        return item
    node: dict[str, Any] = {"@type": [strip_schema(t) for t in _types(item.get("type"))]}
    if item.get("id"):
        node["@id"] = item["id"]
    for key, value in item["properties"].items():
        node[key] = [_item_json(v) for v in value] if isinstance(value, list) else _item_json(value)
    return node


def _types(value: Any) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def rdfa_records(html: bytes, url: str, encoding: str | None) -> tuple[list[MetadataRecord], list[Finding]]:
    """RDFa triples (minus OpenGraph/XHTML vocabulary) mapped through the RDF mapper."""
    from extruct.rdfa import RDFaExtractor
    from extruct.utils import parse_xmldom_html

    from fairgauge.extract.rdf.mapping import map_graph  # imports rdflib: only on this path

    try:
        tree = parse_xmldom_html(html, encoding=encoding or "UTF-8")
        nodes = RDFaExtractor().extract_items(tree, base_url=url)
    except Exception as error:  # pyRdfa raises many kinds of errors on odd markup
        return [], [finding("extract.html.rdfa_failed", "warning", f"RDFa could not be extracted: {error}", url=url)]
    kept = [n for n in (_without_excluded(node) for node in nodes) if n]
    if not kept:
        return [], []
    graph, findings = graph_from_expanded(kept, url)
    return (map_graph(graph, Source("rdfa", url, "rdfa"), fmt="rdfa") if graph is not None else []), findings


def _without_excluded(node: Any) -> dict[str, Any] | None:
    if not isinstance(node, dict):
        return None
    kept = {k: v for k, v in node.items() if not k.startswith(_EXCLUDED)}
    if "@type" in kept:
        kept["@type"] = [t for t in kept["@type"] if not str(t).startswith(_EXCLUDED)] or None
        if kept["@type"] is None:
            del kept["@type"]
    return kept if set(kept) - {"@id"} else None
