"""``fairgauge harvest``: collect everything a machine can learn about a data object."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fairgauge.cli.common import fail, settings_from, write_output
from fairgauge.model.harvest import ServiceType

if TYPE_CHECKING:
    from fairgauge.harvest.strategies.services import ServiceOption
    from fairgauge.model.harvest import HarvestResult


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class RenderChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


ReplayOption = Annotated[
    list[Path] | None,
    typer.Option("--replay", help="Answer every request from this WARC archive (repeatable); fully offline."),
]
RecordOption = Annotated[Path | None, typer.Option("--record", help="Write every exchange to this .warc.gz file.")]
EndpointOption = Annotated[
    str | None, typer.Option("--metadata-service-endpoint", help="OAI-PMH, CSW or SPARQL endpoint URL.")
]
EndpointTypeOption = Annotated[
    ServiceType | None, typer.Option("--metadata-service-type", help="Type of the metadata service endpoint.")
]
RenderOption = Annotated[
    RenderChoice | None,
    typer.Option(
        "--render",
        help="Render the landing page with JavaScript (chromium): auto (when it looks script-generated), "
        "always or never. Default: the render_javascript setting (auto).",
    ),
]
PrivateOption = Annotated[
    bool, typer.Option("--allow-private-network", help="Allow loopback/private addresses (tests, demos).")
]


def service_option(endpoint: str | None, kind: ServiceType | None) -> ServiceOption | None:
    """Both or neither: an endpoint is useless without its type and vice versa."""
    from fairgauge.compose import service_option as build_option

    names = ("--metadata-service-endpoint", "--metadata-service-type")
    return build_option(endpoint, kind, names)


def register(app: typer.Typer) -> None:
    @app.command("harvest")
    def harvest_command(
        ctx: typer.Context,
        identifier: Annotated[str, typer.Argument(help="DOI, Handle, ARK, URL, ... of the data object.")],
        replay: ReplayOption = None,
        record: RecordOption = None,
        endpoint: EndpointOption = None,
        endpoint_type: EndpointTypeOption = None,
        output_format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.text,
        output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
        allow_private: PrivateOption = False,
        render_mode: RenderOption = None,
    ) -> None:
        """Harvest metadata the way machines do and show the evidence."""
        import asyncio

        from fairgauge.compose import build_services
        from fairgauge.identifiers import read_identifier
        from fairgauge.render.harvest import harvest_to_json, harvest_to_text

        if not identifier.strip():
            fail("the identifier is empty")
        settings = settings_from(
            ctx,
            allow_private_network=True if allow_private else None,
            render_javascript=render_mode.value if render_mode else None,
        )
        read_identifier(identifier)  # unusable input ends here (exit 2), before any request or file
        service = service_option(endpoint, endpoint_type)
        services = build_services(settings, replay=replay or [], with_store=False, profiles=[])

        async def run() -> HarvestResult:
            try:
                return await services.harvest(identifier, service=service, record=record)
            finally:
                await services.aclose()

        result = asyncio.run(run())
        text = harvest_to_json(result) if output_format is OutputFormat.json else harvest_to_text(result)
        write_output(text, output)
