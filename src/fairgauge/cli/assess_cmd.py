"""``fairgauge assess``: harvest, score against a metric profile, and render the report."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fairgauge.cli.common import EXIT_NOT_ASSESSED, err_console, fail, settings_from, write_output
from fairgauge.cli.harvest import (
    EndpointOption,
    EndpointTypeOption,
    PrivateOption,
    RecordOption,
    RenderOption,
    ReplayOption,
    service_option,
)
from fairgauge.render.report import Format

if TYPE_CHECKING:
    from fairgauge.model.report import Report


def register(app: typer.Typer) -> None:
    @app.command("assess")
    def assess_command(
        ctx: typer.Context,
        identifier: Annotated[str, typer.Argument(help="DOI, Handle, ARK, URL, ... of the data object.")],
        profile: Annotated[
            str, typer.Option("--profile", help="Metric profile id (fsf-0.8, fsf-0.5, ...) or a profile .yaml file.")
        ] = "fsf-0.8",
        replay: ReplayOption = None,
        record: RecordOption = None,
        endpoint: EndpointOption = None,
        endpoint_type: EndpointTypeOption = None,
        output_format: Annotated[Format, typer.Option("--format", help="Report format.")] = "text",
        output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
        allow_private: PrivateOption = False,
        render_mode: RenderOption = None,
    ) -> None:
        """Assess how FAIR a data object is, with the evidence behind every score.

        Exit codes: 0 assessed, 2 unusable input, 3 not assessed (the object could not be reached; the
        report says why and scores nothing)."""
        import asyncio

        from fairgauge.compose import build_services
        from fairgauge.identifiers import read_identifier
        from fairgauge.render.report import render

        if not identifier.strip():
            fail("the identifier is empty")
        settings = settings_from(
            ctx,
            allow_private_network=True if allow_private else None,
            render_javascript=render_mode.value if render_mode else None,
        )
        read_identifier(identifier)  # unusable input ends here (exit 2), before any request or file
        service = service_option(endpoint, endpoint_type)
        services = build_services(settings, replay=replay or [], with_store=False, profiles=[profile])

        async def run() -> Report:
            try:
                return await services.assess(identifier, profile=profile, service=service, record=record)
            finally:
                await services.aclose()

        report = asyncio.run(run())
        if output_format == "text" and output is None and sys.stdout.isatty():
            from fairgauge.render.report_text import render_text

            write_output(render_text(report, width=shutil.get_terminal_size().columns, color=True), None)
        else:
            write_output(render(report, output_format), output)
        if not report.assessed:
            err_console.print(f"not assessed: {report.not_assessed_reason}", markup=False)
            raise typer.Exit(EXIT_NOT_ASSESSED)
