"""Counts in words, as run pages, reports and the CLI show them ("1 error", "2 errors", "1 object").

Why a function: the number-first phrases were written as ``f"{n} errors"`` in several places, which
reads "1 errors" for a single failure; one helper keeps every count in agreement with its noun.
"""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with ``singular`` when it is exactly one, else ``plural`` (default ``singular + "s"``)."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
