"""Key declarations and key values shared by the key checks (unique, primary_key, index, foreign keys).

Three forms declare a key (``unique``, ``primary_key``, ``index``):

- ``true``: the whole value is the key;
- an array of member names: the value is an object and those members form the key tuple;
- an object with ``members`` (``true`` or member names), optional ``name`` and ``limit_scope``
  (``true``: the key is unique within one document instead of the whole set).

A key tuple with a missing member is not a key (as NULL in SQL): it is neither checked for
uniqueness nor required to match.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Key = tuple[Any, ...]


@dataclass(frozen=True)
class KeySpec:
    members: tuple[str, ...] | None
    name: str | None = None
    limit_scope: bool = False


def parse_key(value: Any) -> KeySpec | None:
    """A key declaration in any of its three forms; None if the value declares nothing."""
    if value is True:
        return KeySpec(None)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return KeySpec(tuple(value))
    if isinstance(value, dict):
        members = value.get("members", True)
        inner = parse_key(members)
        if inner is None:
            return None
        name = value.get("name")
        return KeySpec(inner.members, str(name) if name is not None else None, bool(value.get("limit_scope", False)))
    return None


def canonical(value: Any) -> Any:
    """Hashable form with JSON equality (``1`` == ``1.0``, objects compare by content)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ("json", value)
    if isinstance(value, int | float):
        return ("num", float(value))
    return ("json", json.dumps(value, sort_keys=True, separators=(",", ":")))


def key_of(instance: Any, members: Sequence[str] | None) -> Key | None:
    """The key tuple of an instance, or None when a member is missing."""
    if members is None:
        return (canonical(instance),)
    if not isinstance(instance, dict) or any(m not in instance for m in members):
        return None
    return tuple(canonical(instance[m]) for m in members)


def show(key: Key) -> str:
    """A key for messages: ``'a'`` or ``('a', 2)``."""
    plain = [k if isinstance(k, str) else k[1] for k in key]
    return repr(plain[0]) if len(plain) == 1 else repr(tuple(plain))
