"""SPDX licence expressions ("MIT OR Apache-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0").

Imported only when a value looks like an expression: building the license-expression parser costs
tens of milliseconds, which most assessments never need to pay. The parser is built once per process
(an immutable object, so caching it is safe).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from license_expression import (
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    Licensing,
    get_spdx_licensing,
)

from fairgauge.refdata.models import License, LicenseMatch


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


@dataclass(frozen=True, slots=True)
class _Truth:
    osi: bool
    fsf: bool
    open: bool


def _combine(parts: list[_Truth], conjunction: bool) -> _Truth:
    """AND needs every part to qualify; OR lets the user choose, so one qualifying part is enough."""
    pick = all if conjunction else any
    return _Truth(pick(p.osi for p in parts), pick(p.fsf for p in parts), pick(p.open for p in parts))


def _walk(node: Any, lookup: Callable[[str], License | None], seen: list[License]) -> _Truth | None:
    if isinstance(node, LicenseWithExceptionSymbol):
        return _walk(node.license_symbol, lookup, seen)
    if isinstance(node, LicenseSymbol):
        lic = lookup(node.key)
        if lic is None:
            return None
        seen.append(lic)
        return _Truth(lic.osi_approved, lic.fsf_libre, lic.is_open)
    if isinstance(node, AND | OR):
        parts = [_walk(arg, lookup, seen) for arg in node.args]
        if any(p is None for p in parts):
            return None
        return _combine([p for p in parts if p is not None], isinstance(node, AND))
    return None


def evaluate(text: str, lookup: Callable[[str], License | None]) -> LicenseMatch | None:
    """A match for a valid expression whose every licence is on the SPDX list, else None."""
    try:
        parsed = _licensing().parse(text, validate=False, strict=False)
    except ExpressionError:
        return None
    if parsed is None:
        return None
    seen: list[License] = []
    truth = _walk(parsed, lookup, seen)
    if truth is None or not seen:
        return None
    rendered = str(parsed)
    return LicenseMatch(
        spdx_id=rendered,
        name=rendered,
        osi_approved=truth.osi,
        fsf_libre=truth.fsf,
        is_open=truth.open,
        deprecated=any(lic.deprecated for lic in seen),
        matched_by="expression",
        score=1.0,
        licenses=tuple(dict.fromkeys(seen)),
    )
