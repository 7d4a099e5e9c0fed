"""``fairgauge tracks``: validate and augment FAIRtracks genomic track metadata.

Exit codes of ``validate`` and ``augment``: 0 valid, 1 invalid, 2 unusable input (missing file, broken
schema, bad option), 4 nothing invalid found but some checks could not be evaluated (an ontology or
resolver nobody could answer for: ``indeterminate``).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fairgauge.cli.common import err_console, settings_from, write_output
from fairgauge.errors import InputError

if TYPE_CHECKING:  # the FAIRtracks machinery is imported by the commands that use it
    from fairgauge.tracks.report import Status, ValidationReport
    from fairgauge.tracks.service import TracksService

EXIT = {"valid": 0, "invalid": 1, "indeterminate": 4}

tracks_app = typer.Typer(
    help="Validate and augment FAIRtracks genomic track metadata (offline-first).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class OntologySource(StrEnum):
    offline = "offline"
    ols = "ols"
    off = "off"


class Format(StrEnum):
    text = "text"
    json = "json"


SchemaOpt = Annotated[
    list[Path] | None,
    typer.Option("--schema", help="Schema file or directory using the FAIRtracks keywords (repeatable)."),
]
VersionOpt = Annotated[
    str | None, typer.Option("--schema-version", help="Bundled release: 1.0, 1.0.1, 1.0.2, dev, 2.0-draft.")
]
SourceOpt = Annotated[
    OntologySource | None,
    typer.Option("--ontology-source", help="offline (default), ols (OLS4, then offline) or off."),
]
OntologyOpt = Annotated[
    list[Path] | None,
    typer.Option("--ontology", help="Local ontology file: OBO, OWL RDF/XML or OBO Graphs JSON (repeatable)."),
]
LenientOpt = Annotated[bool, typer.Option("--lenient-json", help="Tolerate trailing commas (reported).")]
ResolveOpt = Annotated[bool, typer.Option("--resolve-curies", help="Also check online that CURIEs resolve.")]


def _service(
    ctx: typer.Context,
    schemas: list[Path] | None,
    source: OntologySource | None,
    ontologies: list[Path] | None,
    resolve: bool,
) -> TracksService:
    """Built by the composition root (online sources come from fairgauge.harvest, the network package)."""
    from fairgauge.compose import build_tracks_service

    settings = settings_from(ctx)
    return build_tracks_service(
        settings,
        ontology_source=source.value if source else None,
        schema_paths=schemas or [],
        ontology_files=ontologies or [],
        resolve_curies=resolve or settings.tracks_resolve_curies,
    )


def _emit(report: ValidationReport, fmt: Format, output: Path | None) -> Status:
    from fairgauge.tracks.report import render_text

    text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) if fmt is Format.json else render_text(report)
    write_output(text, output)
    return report.status


@tracks_app.command("validate")
def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Documents (files or directories); validated as one set.")],
    schema: SchemaOpt = None,
    schema_version: VersionOpt = None,
    ontology_source: SourceOpt = None,
    ontology: OntologyOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")] = None,
    lenient_json: LenientOpt = False,
    resolve_curies: ResolveOpt = False,
) -> None:
    """Validate FAIRtracks documents together (exit 0 valid, 1 invalid, 2 unusable input, 4 indeterminate)."""
    from fairgauge.tracks.jsonload import read_documents

    documents = read_documents(paths, lenient=lenient_json)
    service = _service(ctx, schema, ontology_source, ontology, resolve_curies)
    status = _emit(service.validate(documents, schema_version), fmt, output)
    raise typer.Exit(EXIT[status])


@tracks_app.command("augment")
def augment(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The document to augment.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the augmented document.")],
    schema: SchemaOpt = None,
    schema_version: VersionOpt = None,
    ontology_source: SourceOpt = None,
    ontology: OntologyOpt = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write the augmentation report (JSON) here.")] = None,
    lenient_json: LenientOpt = False,
) -> None:
    """Fill augmented values (labels, versions, file names, summaries, species); validate the result."""
    from fairgauge.tracks.jsonload import read_documents
    from fairgauge.tracks.report import render_text

    documents = read_documents([path], lenient=lenient_json)
    if len(documents) != 1:
        raise InputError(f"augment takes one document, {path} holds {len(documents)}")
    service = _service(ctx, schema, ontology_source, ontology, False)
    data, result = service.augment(documents[0], schema_version)
    write_output(json.dumps(data, indent=4, ensure_ascii=False), output)
    if report is not None:
        write_output(json.dumps(result.to_json(), indent=2, ensure_ascii=False), report)
    for item in result.unfilled:
        kept = " (existing value kept)" if item.kept_existing else ""
        err_console.print(f"not filled: {item.pointer}: {item.reason}{kept}", markup=False)
    status = result.validation.status
    err_console.print(
        f"{len(result.filled)} value(s) filled, {len(result.unfilled)} not; result {status}", markup=False
    )
    if status != "valid":
        err_console.print(render_text(result.validation), markup=False)
    raise typer.Exit(EXIT[status])


@tracks_app.command("schemas")
def schemas() -> None:
    """List the bundled FAIRtracks schema releases."""
    from fairgauge.tracks.schemaset import build_catalogue

    for bundle in build_catalogue().bundled.values():
        typer.echo(f"{bundle.name:<10} {bundle.status:<12} {bundle.commit or ''}  ({len(bundle.schemas)} schemas)")


@tracks_app.command("index")
def index(ctx: typer.Context, ontology: OntologyOpt = None) -> None:
    """Compile the offline ontology index now (it is otherwise built on first use) and list its sources."""
    from fairgauge.tracks.service import open_offline_index

    built = open_offline_index(settings_from(ctx), ontology or [])
    for line in built.describe():
        typer.echo(line)
    typer.echo(f"index: {built.path}")


def register(app: typer.Typer) -> None:
    app.add_typer(tracks_app, name="tracks")
