"""schema.org (JSON-LD, microdata turned into JSON, expanded JSON-LD) to metadata records.

One record per main entity (normally the Dataset). The mapping (``schemaorg_fields``) follows the
schema.org properties that Google Dataset Search and the Science-on-Schema.org guidelines use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fairgauge.extract.normalize import as_list, is_iri
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.schemaorg.fields import schemaorg_fields
from fairgauge.extract.schemaorg.nodes import (
    SCHEMA_NS,
    NodeIndex,
    context_prefixes,
    main_nodes,
    normalize,
    top_nodes,
    types_of,
)
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import MetadataRecord


def map_schemaorg(
    document: Any, source: Source, *, namespaces: Iterable[str] = (), findings: Iterable[Finding] = ()
) -> list[MetadataRecord]:
    """Records for the main entities of a schema.org document (compact or expanded JSON)."""
    prefixes = _prefixes(document)
    dropped: list[Any] = []
    doc = normalize(document, prefixes, dropped)
    index = NodeIndex()
    index.add_tree(doc)
    nodes = main_nodes(top_nodes(doc), index)
    extra = list(findings)
    if dropped:
        extra.append(
            finding(
                "extract.jsonld.id_invalid",
                "warning",
                f"{len(dropped)} @id value(s) are not one string (e.g. {str(dropped[0])[:100]}); they were ignored.",
                url=source.url,
                count=len(dropped),
            )
        )
    ns = [SCHEMA_NS, *namespaces, *prefixes.values(), *_prefixed_namespaces(doc)]
    iris = value_iris(doc)
    if not nodes:
        extra.append(
            finding(
                "extract.schemaorg.no_entity",
                "warning",
                "The JSON-LD has no node that describes a creative work.",
                url=source.url,
            )
        )
        return [
            make_record(
                source,
                "schemaorg",
                FieldsBuilder(),
                schema=SCHEMA_NS,
                namespaces=ns,
                findings=extra,
                fmt=_format(source),
            )
        ]
    return [
        make_record(
            source,
            "schemaorg",
            schemaorg_fields(node, index),
            schema=SCHEMA_NS,
            namespaces=ns,
            findings=extra,
            raw_types=types_of(node),
            fmt=_format(source),
            value_iris=iris,
        )
        for node in nodes
    ]


def _prefixes(document: Any) -> dict[str, str]:
    """Prefix declarations of the top-level contexts (a document or an array of documents)."""
    items = document if isinstance(document, list) else [document]
    return {k: v for d in items if isinstance(d, dict) for k, v in context_prefixes(d.get("@context")).items()}


def _format(source: Source) -> str:
    return source.format if source.format != "xml" else "json-ld"


def _prefixed_namespaces(doc: Any) -> list[str]:
    """Full IRIs used as keys (expanded JSON-LD) reveal namespaces beyond schema.org."""
    found: list[str] = []
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                cut = max(key.rfind("#"), key.rfind("/"))
                if key.startswith("http") and cut > 8:
                    found.append(key[: cut + 1])
                stack.append(value)
    return found


# Properties whose values are terms of controlled vocabularies when written as IRIs (SOSO guidance).
_TERM_PROPERTIES = frozenset(
    {
        "additionalType",
        "propertyID",
        "unitCode",
        "measurementTechnique",
        "inDefinedTermSet",
        "license",
        "conditionsOfAccess",
        "about",
        "keywords",
        "genre",
        "learningResourceType",
    }
)
_TERM_TYPES = frozenset({"DefinedTerm", "DefinedTermSet", "CategoryCode"})


def value_iris(doc: Any) -> list[str]:
    """IRIs a document uses as vocabulary values: IRI values of term properties (propertyID, unitCode,
    additionalType, license, keywords ...) and the IRIs of DefinedTerm nodes."""
    found: dict[str, None] = {}
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if _TERM_TYPES & set(types_of(item)):
                found.update((str(v), None) for v in (item.get("@id"), item.get("url")) if is_iri(v))
            for key, value in item.items():
                if key in _TERM_PROPERTIES:
                    found.update((v, None) for v in _iris_in(value))
                stack.append(value)
    return list(found)


def _iris_in(value: Any) -> list[str]:
    out = []
    for item in as_list(value):
        candidate = item.get("@id") or item.get("url") if isinstance(item, dict) else item
        if is_iri(candidate):
            out.append(str(candidate))
    return out
