"""Importing a catalog source from a URL or a DOI (through the guarded harvester)."""

from __future__ import annotations

from typing import Any

import typer

from fairgauge.errors import InputError


def fetch_source(ctx: typer.Context, source: str, *, lenient: bool = False) -> tuple[str, str, list[Any]]:
    raise InputError(f"importing from URLs and DOIs is not available yet: {source}")
