"""Keys known from outside the document set (``--known-keys FILE``): documents validated earlier.

A new batch may reference documents that were validated (and published) before. The file maps a schema
id to its key values, in the shape of the reference validator's inline provider configuration
(YAML or JSON)::

    https://example.org/sample.schema.json:        # primary_key / index values of a schema
      - S1                                          # a one-member key
      - [lab-a, 3]                                  # a compound key, members in declaration order
    https://example.org/sample.schema.json#by_code: # only the key named by_code
      - [lab-b, 7]
    https://example.org/study.schema.json#local_id: # foreignProperty targets: schema#property path
      - study-1

The reference's own configuration form ``{primary_key: {inline_provider: {...}}}`` (and ``index``) is
accepted too (its URL ``provider`` is not: fairgauge fetches nothing for validation).
Known keys satisfy references; they are not checked for duplicates against the new set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fairgauge.errors import InputError
from fairgauge.tracks.keywords.keyspec import Key, canonical

_WRAPPERS = ("primary_key", "index", "unique")


@dataclass(frozen=True)
class KnownKeys:
    """Key tuples per schema id (``id``: any key; ``id#name``: a named key or a property path)."""

    keys: Mapping[str, frozenset[Key]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def lookup(self, resource: str, names: Iterable[str | None] = (None,)) -> frozenset[Key] | None:
        """Known tuples for a schema (its unnamed entry plus those of the given key names); None if none."""
        found: set[Key] = set()
        hit = False
        for entry in (resource, *(f"{resource}#{n}" for n in names if n is not None)):
            if entry in self.keys:
                hit = True
                found |= self.keys[entry]
        return frozenset(found) if hit else None

    def canonicalised(self, canonical_of: Any) -> KnownKeys:
        """The same keys with every schema id replaced by the ``$id`` it stands for (aliases, version URLs)."""
        result: dict[str, frozenset[Key]] = {}
        for entry, keys in self.keys.items():
            uri, _, fragment = entry.partition("#")
            uri = canonical_of(uri) or uri
            name = f"{uri}#{fragment}" if fragment else uri
            result[name] = result.get(name, frozenset()) | keys
        return KnownKeys(result)


def _tuple(value: Any, source: str, schema_id: str) -> Key:
    if isinstance(value, Mapping):
        raise InputError(f"known keys {source}: {schema_id!r}: write a compound key as a list in member order")
    return tuple(canonical(v) for v in value) if isinstance(value, list) else (canonical(value),)


def parse_known_keys(data: Any, source: str) -> KnownKeys:
    """Known keys from parsed YAML/JSON; a wrong shape is unusable input naming the entry."""
    if isinstance(data, Mapping) and any(w in data for w in _WRAPPERS):
        merged: dict[str, Any] = {}
        for wrapper in _WRAPPERS:
            provider = data.get(wrapper, {})
            provider = provider.get("inline_provider", {}) if isinstance(provider, Mapping) else provider
            if not isinstance(provider, Mapping):
                raise InputError(f"known keys {source}: '{wrapper}' must map schema ids to key values")
            merged.update(provider)
        data = merged
    if not isinstance(data, Mapping):
        raise InputError(f"known keys {source}: expected a mapping of schema id -> list of key values")
    keys: dict[str, frozenset[Key]] = {}
    for schema_id, values in data.items():
        if not isinstance(schema_id, str) or not isinstance(values, list):
            raise InputError(f"known keys {source}: {schema_id!r} must map to a list of key values")
        keys[schema_id] = frozenset(_tuple(v, source, schema_id) for v in values)
    return KnownKeys(keys)


def load_known_keys(path: Path) -> KnownKeys:
    """Read a ``--known-keys`` file (YAML is a superset of JSON, so one loader reads both)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read known keys {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"known keys {path} is not YAML or JSON: {str(exc).splitlines()[0]}") from exc
    return parse_known_keys(data, str(path))
