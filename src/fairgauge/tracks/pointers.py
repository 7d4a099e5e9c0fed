"""JSON pointers (RFC 6901) and relative JSON pointers, as used by ``ontologyTermPair``."""

from __future__ import annotations

import re
from typing import Any

_RELATIVE = re.compile(r"^(0|[1-9][0-9]*)(#|(/.*)?)$")
_NOTHING = object()


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def tokens(pointer: str) -> list[str]:
    return [unescape(t) for t in pointer.split("/")[1:]] if pointer else []


def join(pointer: str, *parts: str | int) -> str:
    return pointer + "".join(f"/{escape(str(p))}" for p in parts)


def parent_pointer(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""


def get(data: Any, pointer: str, default: Any = None) -> Any:
    """The value at ``pointer``, or ``default`` if the path does not exist."""
    node = data
    for token in tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


def resolve_relative(data: Any, base: str, relative: str) -> tuple[str | None, Any]:
    """Absolute pointer and value of a relative JSON pointer (``0/term_id``) taken from ``base``."""
    match = _RELATIVE.match(relative)
    if match is None:
        return None, None
    up = int(match.group(1))
    parts = base.split("/")[1:] if base else []
    if up > len(parts) or match.group(2) == "#":
        return None, None
    target = "/".join(["", *parts[: len(parts) - up]]) if parts[: len(parts) - up] else ""
    target += match.group(3) or ""
    value = get(data, target, _NOTHING)
    return target, None if value is _NOTHING else value
