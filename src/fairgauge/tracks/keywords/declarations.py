"""Checking the extension keywords *in the schemas* before any document is validated.

The reference validator rejects a schema whose key keywords are malformed (``unique: "yes"``,
``unique: 18``, ``members`` that is not an array, a ``refers_to`` naming no key); silently ignoring them
would pass every document. A malformed declaration makes the schema set unusable input
(:class:`~fairgauge.errors.TracksError`, exit 2) with a JSON pointer into the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fairgauge.errors import TracksError
from fairgauge.tracks.keywords.keyspec import parse_key
from fairgauge.tracks.schemagraph import Node, SchemaGraph
from fairgauge.tracks.schemaset import join_reference

KEY_KEYWORDS = ("unique", "primary_key", "index")
REFERENCE_KEYWORDS = {"foreign_keys": "primary_key", "join_keys": "index"}
_KEY_FORM = "true, an array of member names, or an object with 'members' (true or member names)"


def _where(node: Node, keyword: str, *more: int | str) -> str:
    return "/".join([node.location, keyword, *(str(m) for m in more)])


def _key_errors(node: Node, keyword: str, value: Any) -> Iterator[str]:
    if value is False:
        return
    if parse_key(value) is None:
        yield f"{_where(node, keyword)}: '{keyword}' must be {_KEY_FORM}; found {value!r}"
        return
    if isinstance(value, dict):
        if "members" not in value:
            yield f"{_where(node, keyword)}: '{keyword}' object needs 'members'"
        if "name" in value and not isinstance(value["name"], str):
            yield f"{_where(node, keyword, 'name')}: 'name' must be a string; found {value['name']!r}"
        if "limit_scope" in value and not isinstance(value["limit_scope"], bool):
            yield f"{_where(node, keyword, 'limit_scope')}: 'limit_scope' must be a boolean"


def declared_names(graph: SchemaGraph, keyword: str, resource: str) -> set[str | None]:
    """Names of the ``keyword`` keys (None for an unnamed key) declared anywhere in one schema."""
    specs = (parse_key(v) for node, v in graph.declarations(keyword) if node.resource == resource)
    return {spec.name for spec in specs if spec is not None}


def _reference_errors(graph: SchemaGraph, node: Node, keyword: str, value: Any) -> Iterator[str]:
    if not isinstance(value, list):
        yield f"{_where(node, keyword)}: '{keyword}' must be an array of objects; found {value!r}"
        return
    for index, ref in enumerate(value):
        if not isinstance(ref, dict):
            yield f"{_where(node, keyword, index)}: each '{keyword}' entry must be an object; found {ref!r}"
            continue
        members = ref.get("members")
        if not isinstance(members, list) or not members or not all(isinstance(m, str) for m in members):
            yield f"{_where(node, keyword, index, 'members')}: 'members' must be a non-empty array of names"
        schema_id = ref.get("schema_id", "")
        if not isinstance(schema_id, str):
            yield f"{_where(node, keyword, index, 'schema_id')}: 'schema_id' must be a string"
            continue
        refers_to = ref.get("refers_to")
        if refers_to is None:
            continue
        if not isinstance(refers_to, str):
            yield f"{_where(node, keyword, index, 'refers_to')}: 'refers_to' must be a string"
            continue
        uri = join_reference(node.resource, schema_id)
        target = graph.bundle.canonical(uri)
        names = declared_names(graph, REFERENCE_KEYWORDS[keyword], target) if target else set()
        if target is not None and refers_to not in names:
            known = ", ".join(sorted(repr(n) for n in names if n is not None)) or "no named key"
            yield (
                f"{_where(node, keyword, index, 'refers_to')}: refers_to {refers_to!r} names no "
                f"{REFERENCE_KEYWORDS[keyword]} of {target} (it declares {known})"
            )


def declaration_errors(graph: SchemaGraph) -> list[str]:
    """Every malformed key declaration of a schema set, each with its schema location."""
    errors: list[str] = []
    for keyword in KEY_KEYWORDS:
        for node, value in graph.declarations(keyword):
            errors.extend(_key_errors(node, keyword, value))
    for keyword in REFERENCE_KEYWORDS:
        for node, value in graph.declarations(keyword):
            errors.extend(_reference_errors(graph, node, keyword, value))
    for node, value in graph.declarations("foreignProperty"):
        if not isinstance(value, str):
            errors.append(f"{_where(node, 'foreignProperty')}: 'foreignProperty' must be a string; found {value!r}")
    return sorted(errors)


def check_declarations(graph: SchemaGraph) -> None:
    """Raise a one-line :class:`TracksError` naming the first malformed declaration (and how many more)."""
    errors = declaration_errors(graph)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise TracksError(f"malformed extension keyword in the schema set at {errors[0]}{more}")
