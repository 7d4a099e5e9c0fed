"""Merge metadata records into one model: every distinct value with every source that stated it.

Values that are equal after normalisation (see :mod:`fairgauge.merge.keys`) become
one entry with several sources. Single-valued facts (title, publisher, publication year, general
resource type, licence, access rights) on which sources disagree become :class:`Conflict` entries;
nothing is silently picked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel

from fairgauge.merge import keys as k
from fairgauge.merge.conflicts import find_conflicts
from fairgauge.merge.keys import LicenseKey
from fairgauge.model.metadata import (
    Conflict,
    MergedMetadata,
    MetadataFields,
    MetadataRecord,
    Provenance,
    Sourced,
)

KeyFn = Callable[[Any], list[str]]

_KEYS: dict[str, KeyFn] = {
    "identifiers": lambda v: [k.identifier_key(v.value)],
    "creators": k.agent_keys,
    "contributors": k.agent_keys,
    "publishers": k.agent_keys,
    "rights_holders": k.agent_keys,
    "dates": lambda v: [f"{v.type}:{v.value.strip()}"],
    "publication_year": lambda v: [str(v)],
    "resource_types": lambda v: [f"{v.vocabulary}:{k.text_key(v.value)}"],
    "access_rights": lambda v: [k.url_key(v.uri) if v.uri else k.text_key(v.value)],
    "content_files": lambda v: [k.url_key(v.url)],
    "related": lambda v: [f"{k.text_key(v.relation_type)}:{k.identifier_key(v.identifier)}"],
    "provenance": lambda v: [f"{v.vocabulary}:{v.element}:{k.text_key(v.value)}"],
    "services": lambda v: [k.url_key(v.url)],
    "landing_pages": lambda v: [k.url_key(v)],
}


# Sources that only stand in when nothing better states a field: their values are listed after every other
# source's. og:site_name names the web site, which is the publisher only by assumption (F-UJI's fallback).
FALLBACK_SOURCES: dict[str, frozenset[str]] = {"publishers": frozenset({"opengraph"})}


def provenance_of(record: MetadataRecord) -> Provenance:
    return Provenance(method=record.method, url=record.url, format=record.format, standard=record.standard)


@dataclass
class _Group:
    value: Any
    sources: list[Provenance] = field(default_factory=list)


def _richness(value: Any) -> int:
    """How much a value says; the richest spelling of a merged value represents it."""
    if isinstance(value, BaseModel):
        dumped = value.model_dump(exclude_defaults=True)
        return sum(len(v) if isinstance(v, list) else 1 for v in dumped.values())
    return 0


def group_values(items: Sequence[tuple[Any, Provenance]], keys: KeyFn) -> list[_Group]:
    """Group values by shared keys, in first-seen order; each group keeps its distinct sources."""
    groups: list[_Group] = []
    index: dict[str, int] = {}
    for value, source in items:
        value_keys = keys(value)
        position = next((index[key] for key in value_keys if key in index), None)
        if position is None:
            position = len(groups)
            groups.append(_Group(value))
        group = groups[position]
        if _richness(value) > _richness(group.value):
            group.value = value
        if source not in group.sources:
            group.sources.append(source)
        for key in value_keys:
            index.setdefault(key, position)
    return groups


def _sourced_type(name: str) -> Any:
    """``Sourced[X]`` for a MergedMetadata field (so pydantic validates the parametrised model)."""
    return get_args(MergedMetadata.model_fields[name].annotation)[0]


def _field_values(records: Sequence[MetadataRecord], name: str) -> list[tuple[Any, Provenance]]:
    items: list[tuple[Any, Provenance]] = []
    for record in records:
        raw = getattr(record.fields, name)
        values = raw if isinstance(raw, list) else ([] if raw is None else [raw])
        items += [(value, provenance_of(record)) for value in values]
    return items


def _license_keys(license_key: LicenseKey | None) -> KeyFn:
    return lambda license: k.license_keys(license, license_key)


def _fallbacks_last(groups: list[_Group], fallback: frozenset[str] | None) -> list[_Group]:
    """Values stated only by fallback sources go last (stable otherwise): lowest priority, still listed."""
    if not fallback:
        return groups
    return sorted(groups, key=lambda g: all(s.method in fallback for s in g.sources))


def merge_records(
    records: Sequence[MetadataRecord], *, license_key: LicenseKey | None = None
) -> tuple[MergedMetadata, list[Conflict]]:
    """All records as one model plus the conflicts between them (pure; records keep their order)."""
    merged: dict[str, list[Any]] = {}
    for name in MetadataFields.model_fields:
        keys = _KEYS.get(name) or (_license_keys(license_key) if name == "licenses" else (lambda v: [k.text_key(v)]))
        sourced = _sourced_type(name)
        groups = _fallbacks_last(group_values(_field_values(records, name), keys), FALLBACK_SOURCES.get(name))
        merged[name] = [sourced(value=g.value, sources=g.sources) for g in groups]
    return MergedMetadata(**merged), find_conflicts(records, license_key)


__all__ = ["LicenseKey", "Sourced", "group_values", "merge_records", "provenance_of"]
