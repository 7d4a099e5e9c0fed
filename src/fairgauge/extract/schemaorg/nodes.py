"""schema.org JSON-LD as plain nodes: key normalisation, node index, and the choice of the main entity.

Mapping schema.org straight from the JSON (without an RDF round trip) is what keeps landing-page
extraction fast. It is correct only when every term resolves through the schema.org context (or is
already a full schema.org IRI, as in expanded JSON-LD); :func:`is_schemaorg_only` says when that holds.
Other documents are expanded first (see ``jsonld``) and their expanded form is mapped the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fairgauge.refdata.jsonld import SCHEMA_ORG, context_key

SCHEMA_NS = "http://schema.org/"
_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
_KEYWORDS = {"id": "@id", "type": "@type"}
# Types that describe something around the object rather than the object itself.
NON_MAIN_TYPES = frozenset(
    {
        "Person",
        "Organization",
        "Place",
        "GeoShape",
        "GeoCoordinates",
        "PropertyValue",
        "DataDownload",
        "DataCatalog",
        "WebSite",
        "ImageObject",
        "ContactPoint",
        "PostalAddress",
        "MonetaryGrant",
        "Role",
        "DefinedTerm",
        "SearchAction",
        "Action",
        "BreadcrumbList",
        "ListItem",
        "Language",
        "Offer",
        "Brand",
        "CreativeWorkSeries",
        "PublicationIssue",
        "PublicationVolume",
        "Periodical",
        "WebPage",
        "ItemPage",
    }
)


def strip_schema(value: str) -> str:
    """'https://schema.org/Dataset' / 'schema:Dataset' -> 'Dataset'; other strings unchanged."""
    for prefix in _SCHEMA_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def is_schema_iri(value: str) -> bool:
    return value.startswith(_SCHEMA_PREFIXES)


def _is_schema_vocab(value: Any) -> bool:
    return isinstance(value, str) and (
        context_key(value) == SCHEMA_ORG or value.rstrip("/") in ("http://schema.org", "https://schema.org")
    )


def context_prefixes(context: Any) -> dict[str, str]:
    """Prefix -> namespace declarations found in a (list of) inline context(s)."""
    found: dict[str, str] = {}
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, dict):
            found.update(
                {
                    key: value
                    for key, value in item.items()
                    if isinstance(value, str) and not key.startswith("@") and value.startswith(("http", "urn"))
                }
            )
    return found


def is_schemaorg_only(context: Any) -> bool:
    """True when the context is schema.org (any spelling) plus at most prefixes and a schema.org @vocab.

    Absent contexts count too: expanded documents spell schema.org terms as full IRIs.
    """
    items = context if isinstance(context, list) else [context]
    if items != [None] and not any(
        _is_schema_vocab(i) or (isinstance(i, dict) and _is_schema_vocab(i.get("@vocab"))) for i in items
    ):
        return False  # prefixes alone do not make schema.org terms
    for item in items:
        if item is None or _is_schema_vocab(item):
            continue
        if not isinstance(item, dict):
            return False
        for key, value in item.items():
            if key == "@vocab" and _is_schema_vocab(value):
                continue
            if key.startswith("@") or not isinstance(value, str) or ":" not in value:
                return False
    return True


# Namespaces whose terms the mapping reads under a fixed prefix, whatever prefix the document chose.
KNOWN_PREFIXES = {
    "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/dc/terms/": "dct:",
    "http://purl.org/pav/": "pav:",
}


def _key(key: str, prefixes: dict[str, str]) -> str:
    name = _KEYWORDS.get(key) or strip_schema(key)
    head, sep, tail = name.partition(":")
    full = prefixes[head] + tail if sep and head in prefixes else name
    for namespace, prefix in KNOWN_PREFIXES.items():
        if full.startswith(namespace):
            return prefix + full[len(namespace) :]
    return strip_schema(full)


def normalize(value: Any, prefixes: dict[str, str] | None = None, dropped: list[Any] | None = None) -> Any:
    """Unwrap @value/@list, turn schema.org IRIs and aliases into plain terms, drop @context.

    ``prefixes`` (from the context) lets ``provo:wasDerivedFrom`` and a full PROV IRI both become
    ``prov:wasDerivedFrom``. An ``@id`` that is not a string (an object, a list: invalid JSON-LD) is
    dropped and appended to ``dropped``, so that every later step can rely on string ids.
    """
    prefixes = prefixes or {}
    if isinstance(value, list):  # expanded JSON-LD wraps every value in an array: unwrap singletons
        if len(value) == 1:
            return normalize(value[0], prefixes, dropped)
        return [normalize(item, prefixes, dropped) for item in value]
    if not isinstance(value, dict):
        return value
    if "@value" in value:
        return value["@value"]
    if "@list" in value:
        return normalize(value["@list"], prefixes, dropped)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@context":
            continue
        name = _key(key, prefixes)
        if name == "@id" and (not isinstance(item, str) or name in out):  # a second id (alias) collides
            if dropped is not None:
                dropped.append(item)
            continue
        item = normalize(item, prefixes, dropped)
        if name == "@type":
            item = (
                [strip_schema(t) for t in item if isinstance(t, str)]
                if isinstance(item, list)
                else ([strip_schema(item)] if isinstance(item, str) else [])
            )
        out[name] = _join(out[name], item) if name in out else item
    return out


def _join(left: Any, right: Any) -> list[Any]:
    return (left if isinstance(left, list) else [left]) + (right if isinstance(right, list) else [right])


def types_of(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type", [])
    return [t for t in (raw if isinstance(raw, list) else [raw]) if isinstance(t, str)]


@dataclass
class NodeIndex:
    """Nodes by @id so that references ({"@id": ...}) in @graph documents can be followed."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_tree(self, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                self.add_tree(item)
        elif isinstance(value, dict):
            node_id = value.get("@id")
            if isinstance(node_id, str) and len(value) > 1:
                self.nodes.setdefault(node_id, value)
            for item in value.values():
                self.add_tree(item)

    def resolve(self, value: Any) -> Any:
        """The full node for a bare reference, else the value itself."""
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
            return self.nodes.get(value["@id"], value)
        return value


def top_nodes(document: Any) -> list[dict[str, Any]]:
    """The top-level nodes of a normalised document (a node, an array, or a @graph)."""
    nodes: list[dict[str, Any]] = []
    for item in document if isinstance(document, list) else [document]:
        if isinstance(item, dict) and isinstance(item.get("@graph"), list | dict):
            nodes.extend(n for n in _as_list(item["@graph"]) if isinstance(n, dict))
        elif isinstance(item, dict):
            nodes.append(item)
    return nodes


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def main_nodes(nodes: list[dict[str, Any]], index: NodeIndex) -> list[dict[str, Any]]:
    """The entities the document is about: Datasets first (roots only), else other creative works.

    A WebPage's ``mainEntity`` stands for the page; parts (``hasPart``) of another chosen node are
    not chosen themselves.
    """
    expanded = [_main_entity(node, index) for node in nodes]
    datasets = [n for n in expanded if "Dataset" in types_of(n)]
    works = datasets or [n for n in expanded if types_of(n) and not set(types_of(n)) <= NON_MAIN_TYPES]
    if not works:
        works = [n for n in expanded if set(n) - {"@id", "@type"}][:1]
    parts = {ref.get("@id") for n in works for ref in _as_list(n.get("hasPart", [])) if isinstance(ref, dict)}
    roots = [n for n in works if n.get("@id") not in parts] or works
    return roots


def _main_entity(node: dict[str, Any], index: NodeIndex) -> dict[str, Any]:
    if set(types_of(node)) & {"WebPage", "ItemPage"}:
        entity = index.resolve(_as_list(node.get("mainEntity") or [None])[0])
        if isinstance(entity, dict):
            return entity
    return node
