"""Identifier interpretation (pure): schemes, normal forms, resolvable URLs."""

from __future__ import annotations

from fairgauge.identifiers.parse import (
    PERSISTENT_SCHEMES,
    Resolvers,
    detect_scheme,
    is_persistent_scheme,
    parse_identifier,
    read_identifier,
)

__all__ = [
    "PERSISTENT_SCHEMES",
    "Resolvers",
    "detect_scheme",
    "is_persistent_scheme",
    "parse_identifier",
    "read_identifier",
]
