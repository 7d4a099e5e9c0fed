"""Helpers shared by the commands: settings from the context, output, one-line errors."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from fairgauge.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from fairgauge.settings import Settings


@cache
def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


class _ErrConsole:
    """Standard error as a rich console, made on first use (rich costs start-up time ``--help`` need not pay)."""

    def print(self, *objects: object, **kwargs: Any) -> None:
        _stderr_console().print(*objects, **kwargs)


err_console = _ErrConsole()


def settings_from(ctx: typer.Context, **overrides: object) -> Settings:
    """Settings built by the root callback (config file + env), with per-command overrides."""
    from fairgauge.settings import load_settings

    base: Settings = ctx.obj["settings"] if ctx.obj and "settings" in ctx.obj else load_settings()
    clean = {key: value for key, value in overrides.items() if value is not None}
    return base.model_copy(update=clean) if clean else base


def write_output(text: str, output: Path | None) -> None:
    """Write to a file (creating parent folders) or to standard output."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error and exit."""
    err_console.print(f"error: {message}", markup=False)
    raise typer.Exit(code)
