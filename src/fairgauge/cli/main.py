"""The ``fairgauge`` command: the root application and its entry point."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from fairgauge._version import __version__
from fairgauge.cli.common import EXIT_INPUT, EXIT_INTERNAL, err_console
from fairgauge.errors import FairgaugeError
from fairgauge.terminal import terminal_safe

if TYPE_CHECKING:
    from typer._click import Context  # typer's own click, which its parameters are typed against

app = typer.Typer(
    name="fairgauge",
    help="Make research data FAIR and measure how FAIR it is.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fairgauge {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML settings file (else $FAIRGAUGE_CONFIG).")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Settings are loaded once here and handed to every command."""
    from fairgauge.settings import load_settings

    ctx.obj = {"settings": load_settings(config)}


def _register_commands() -> None:
    """Commands live in their own modules; each exposes ``register(app)``."""
    from fairgauge.cli import (
        assess_cmd,
        batch,
        catalog,
        harvest,
        metrics_cmd,
        refdata_cmd,
        runs,
        serve,
        settings_cmd,
        tracks,
    )

    for module in (assess_cmd, harvest, metrics_cmd, tracks, catalog, refdata_cmd, settings_cmd, serve, batch, runs):
        module.register(app)


_register_commands()


_KINDS = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "path": "PATH", "Path": "PATH", "bool": "BOOLEAN"}


class _PlainArgument(TyperArgument):
    """An argument shown as Unix help writes it: ``IDENTIFIER``, ``[NAME]``, ``PATHS...``."""

    def _plain_name(self) -> str:
        name = self.metavar or (self.name or "").upper()
        name = name if self.required else f"[{name}]"
        return f"{name}..." if self.nargs != 1 else name

    def get_usage_pieces(self, ctx: Context) -> list[str]:
        return [self._plain_name()]

    def get_error_hint(self, *ctx: object) -> str:  # "Missing argument 'IDENTIFIER'", as the usage line says
        return f"'{self._plain_name()}'"

    def get_help_record(self, ctx: Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        return None if record is None else (self._plain_name(), record[1])


class _PlainOption(TyperOption):
    """An option's value shown by kind (``TEXT``, ``PATH``, ``INTEGER RANGE``, ``[a|b]``), not as a Python
    type; a repeatable option says so in its help text."""

    def display_type_rich(self, ctx: Context) -> str | None:
        if self.metavar is not None:
            return self.metavar
        label = self.display_type(ctx).strip("<>")
        if label.startswith("list[") and label.endswith("]"):
            label = label[len("list[") : -1]
        if "|" in label:
            return f"[{label}]"
        words = label.split()
        return " ".join(_KINDS.get(word, word.upper()) for word in words)


def _plain_help(command: object) -> None:
    """typer writes parameters as Python annotations (``<list[Path]>``, ``{identifier}``); users read the
    notation every other command-line tool uses. Done once on the built command tree, for every command."""
    for param in getattr(command, "params", ()):
        if type(param) is TyperArgument:
            param.__class__ = _PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = _PlainOption
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _plain_help(sub)


@cache
def command() -> typer.core.TyperGroup:
    """The ``fairgauge`` command that ``app()`` runs, with plain help notation. Built once per process: typer
    makes every click command anew on each call, reading each command's signature and evaluating its
    annotations (~80 ms of CPU a call, ~5 % of the command line's start-up), which a caller that runs the
    command more than once in a process (``run()`` from tests, notebooks or scripts) paid every time. The
    tree is definitions only: each invocation's state lives in its own click context."""
    built = typer.main.get_command(app)
    _plain_help(built)
    assert isinstance(built, TyperGroup)
    return built


def run() -> None:
    """Console-script entry point: any FairgaugeError becomes a one-line message and exit code 2; a bug
    becomes a one-line message and exit code 70 (3 means "not assessed")."""
    try:
        command()(prog_name="fairgauge")
    except FairgaugeError as exc:
        err_console.print(terminal_safe(f"error: {exc}"), markup=False)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        err_console.print("interrupted", markup=False)
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line; FAIRGAUGE_DEBUG=1 shows the traceback
        if os.environ.get("FAIRGAUGE_DEBUG"):
            raise
        err_console.print(
            terminal_safe(
                f"error: internal error ({type(exc).__name__}: {exc}); "
                "set FAIRGAUGE_DEBUG=1 to see the details and please report it"
            ),
            markup=False,
        )
        sys.exit(EXIT_INTERNAL)
