"""Helpers shared by the commands: settings from the context, output, one-line errors."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from fairgauge.errors import InputError
from fairgauge.terminal import terminal_safe

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

# Exit codes (a contract, documented in the README): 0 done, 1 invalid (tracks validate), 2 unusable input,
# 3 not assessed (the object could not be reached), 4 undecided (tracks validate), 70 internal error (a bug).
EXIT_INPUT = 2
EXIT_NOT_ASSESSED = 3
EXIT_INTERNAL = 70


def settings_from(ctx: typer.Context, **overrides: object) -> Settings:
    """Settings built by the root callback (config file + env), with per-command overrides."""
    from fairgauge.settings import load_settings

    base: Settings = ctx.obj["settings"] if ctx.obj and "settings" in ctx.obj else load_settings()
    clean = {key: value for key, value in overrides.items() if value is not None}
    return base.model_copy(update=clean) if clean else base


def write_output(text: str, output: Path | None) -> None:
    """Write to a file (creating parent folders) or to standard output; errors name the real obstacle."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    if output.is_dir():
        raise InputError(f"cannot write {output}: it is a directory")
    blocker = next((p for p in output.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise InputError(f"cannot write {output}: {blocker} is a file, not a directory")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder {output.parent}: {exc.strerror or exc}") from exc
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error and exit."""
    err_console.print(terminal_safe(f"error: {message}"), markup=False)
    raise typer.Exit(code)
