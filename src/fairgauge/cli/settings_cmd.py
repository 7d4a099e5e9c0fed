"""``fairgauge settings``: show every setting, its value and what it is for."""

from __future__ import annotations

import json

import typer

from fairgauge.cli.common import settings_from


def register(app: typer.Typer) -> None:
    @app.command("settings")
    def settings_command(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
    ) -> None:
        """Show the effective settings (defaults < config file < FAIRGAUGE_* environment)."""
        from rich.console import Console
        from rich.table import Table

        from fairgauge.settings import Settings

        settings = settings_from(ctx)
        values = settings.model_dump(mode="json")
        if as_json:
            typer.echo(json.dumps(values, indent=2))
            return
        table = Table("setting", "environment variable", "value", "description")
        for name, field in Settings.model_fields.items():
            table.add_row(name, f"FAIRGAUGE_{name.upper()}", str(values[name]), field.description or "")
        Console().print(table)
