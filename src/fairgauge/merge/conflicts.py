"""Conflicts between records on single-valued facts (used by :mod:`fairgauge.merge.records`).

Each record states a set of comparable keys for a fact (one title, one year, its licences as SPDX ids
or URLs, its access level ...). Records that state nothing comparable are left out; two records
whose key sets do not overlap disagree, and the disagreement becomes a Conflict listing every distinct
value with its sources.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fairgauge.merge import keys as k
from fairgauge.merge.keys import LicenseKey
from fairgauge.model.metadata import Conflict, License, MetadataRecord, Provenance, Sourced

Entry = tuple[frozenset[str], Any, Provenance]


def _provenance(record: MetadataRecord) -> Provenance:
    return Provenance(method=record.method, url=record.url, format=record.format, standard=record.standard)


def disagreement(field: str, label: str, entries: Sequence[Entry]) -> Conflict | None:
    """A conflict when two entries' key sets are disjoint; values grouped by identical key sets."""
    groups: dict[frozenset[str], tuple[Any, list[Provenance]]] = {}
    for keys, value, source in entries:
        if keys:
            bucket = groups.setdefault(keys, (value, []))
            if source not in bucket[1]:
                bucket[1].append(source)
    sets = list(groups)
    if not any(a.isdisjoint(b) for i, a in enumerate(sets) for b in sets[i + 1 :]):
        return None
    values = [Sourced[Any](value=value, sources=sources) for value, sources in groups.values()]
    parts = [f"{_display(v.value)} ({', '.join(f'{s.method}/{s.standard}' for s in v.sources)})" for v in values]
    return Conflict(field=field, values=values, message=f"Sources disagree on {label}: {'; '.join(parts)}.")


def _display(value: Any) -> str:
    if isinstance(value, License):
        return value.identifier or value.url or value.name or "?"
    name = getattr(value, "name", None)
    return str(name if isinstance(name, str) else value)


def _title(record: MetadataRecord) -> Entry | None:
    titles = record.fields.titles
    return (frozenset({k.text_key(titles[0])}), titles[0], _provenance(record)) if titles else None


def _publisher(record: MetadataRecord) -> Entry | None:
    publishers = record.fields.publishers
    return (frozenset({k.name_key(publishers[0].name)}), publishers[0], _provenance(record)) if publishers else None


def _year(record: MetadataRecord) -> Entry | None:
    year = record.fields.publication_year
    return (frozenset({str(year)}), year, _provenance(record)) if year is not None else None


def _general_type(record: MetadataRecord) -> Entry | None:
    general = next((g for g in map(k.general_type, record.fields.resource_types) if g), None)
    return (frozenset({general.casefold()}), general, _provenance(record)) if general else None


def _access(record: MetadataRecord) -> Entry | None:
    levels = frozenset(level for level in map(k.access_level, record.fields.access_rights) if level)
    return (levels, ", ".join(sorted(levels)), _provenance(record)) if levels else None


def _license_entry(record: MetadataRecord, license_key: LicenseKey | None, kind: str) -> Entry | None:
    """Licence keys of one kind: 'key' (caller's ids), 'url' or 'name' (only names, no URL given)."""
    licenses = record.fields.licenses
    keys = frozenset(key for lic in licenses for key in k.license_keys(lic, license_key) if key.startswith(f"{kind}:"))
    if kind == "name" and any(lic.url for lic in licenses):
        return None
    return (keys, licenses[0], _provenance(record)) if keys else None


def find_conflicts(records: Sequence[MetadataRecord], license_key: LicenseKey | None = None) -> list[Conflict]:
    """Every disagreement between records on title, publisher, year, general type, licence and access."""
    checks: list[tuple[str, str, Callable[[MetadataRecord], Entry | None]]] = [
        ("titles", "the title", _title),
        ("publishers", "the publisher", _publisher),
        ("publication_year", "the publication year", _year),
        ("resource_types", "the general resource type", _general_type),
        ("access_rights", "the access level", _access),
    ]
    license_kind = "key" if license_key else "url"
    checks.append(("licenses", "the licence", lambda r: _license_entry(r, license_key, license_kind)))
    if not license_key:
        checks.append(("licenses", "the licence name", lambda r: _license_entry(r, None, "name")))
    conflicts = []
    for field, label, entry_of in checks:
        entries = [entry for entry in map(entry_of, records) if entry is not None]
        conflict = disagreement(field, label, entries)
        if conflict is not None:
            conflicts.append(conflict)
    return conflicts
