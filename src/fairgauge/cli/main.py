"""The ``fairgauge`` command: the root application and its entry point."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from fairgauge._version import __version__
from fairgauge.cli.common import err_console
from fairgauge.errors import FairgaugeError
from fairgauge.settings import load_settings

app = typer.Typer(
    name="fairgauge",
    help="Make research data FAIR and measure how FAIR it is.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
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
    ctx.obj = {"settings": load_settings(config)}


def _register_commands() -> None:
    """Commands live in their own modules; each exposes ``register(app)``."""
    from fairgauge.cli import assess_cmd, batch, harvest, metrics_cmd, refdata_cmd, runs, serve, settings_cmd, tracks

    for module in (assess_cmd, harvest, metrics_cmd, tracks, refdata_cmd, settings_cmd, serve, batch, runs):
        module.register(app)


_register_commands()


def run() -> None:
    """Console-script entry point: any FairgaugeError becomes a one-line message and exit code 2."""
    try:
        app()
    except FairgaugeError as exc:
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted", markup=False)
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line; FAIRGAUGE_DEBUG=1 shows the traceback
        if os.environ.get("FAIRGAUGE_DEBUG"):
            raise
        err_console.print(
            f"error: internal error ({type(exc).__name__}: {exc}); "
            "set FAIRGAUGE_DEBUG=1 to see the details and please report it",
            markup=False,
        )
        sys.exit(3)
