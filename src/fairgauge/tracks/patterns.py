"""Schema regular expressions under a time budget (ReDoS guard).

``pattern``, ``patternProperties`` (and the ``additionalProperties`` decision that depends on it) come
from schemas anyone can give with ``--schema``; a pattern such as ``^(a|a)+$`` backtracks for ever on a
long enough value or property name. Every schema regex fairgauge evaluates goes through
:func:`search`: the ``regex`` module's timeout turns a runaway pattern into a one-line schema error
instead of a hung validation. The bundled schemas go through it too (one code path, no exemption to
forget).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex

from fairgauge.errors import TracksError

PATTERN_SECONDS = 1.0


@lru_cache(maxsize=512)
def compiled(pattern: str) -> Any:
    """The compiled pattern; an invalid one is a schema error naming it."""
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise TracksError(f"schema pattern {pattern!r} is not a valid regular expression: {exc}") from exc


def search(pattern: str, text: str, *, keyword: str = "pattern") -> bool:
    """Whether ``pattern`` matches somewhere in ``text``, within :data:`PATTERN_SECONDS`.

    ``keyword`` names where the pattern sits (``pattern``, ``patternProperties``) so the error tells the
    schema author which keyword to fix.
    """
    try:
        return compiled(pattern).search(text, timeout=PATTERN_SECONDS) is not None
    except TimeoutError as exc:
        raise TracksError(
            f"schema {keyword} {pattern!r} took more than {PATTERN_SECONDS:g} s on a "
            f"{'property name' if keyword == 'patternProperties' else 'value'} of {len(text)} characters "
            "(catastrophic backtracking): fix the pattern"
        ) from exc
