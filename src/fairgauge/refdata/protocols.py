"""Standard communication protocols and their authentication methods (FsF-A1.1-01MD, A1.2-01MD)."""

from __future__ import annotations

from typing import Any

from fairgauge.refdata._vendored import read_yaml
from fairgauge.refdata.models import Protocol


def load_protocols() -> dict[str, Protocol]:
    data: dict[str, Any] = read_yaml("protocols", "protocols.yaml")
    return {
        scheme: Protocol(
            scheme=scheme,
            name=raw["name"],
            auth=tuple(raw.get("auth") or ()),
            note=raw.get("note", ""),
        )
        for scheme, raw in data["protocols"].items()
    }


def scheme_of(value: str) -> str:
    """'HTTPS://x' -> 'https', 'https' -> 'https': accept a URI or a bare scheme name."""
    text = value.strip().lower()
    head, sep, _rest = text.partition(":")
    return head if sep else text
