"""``fairgauge tracks``: validate and augment FAIRtracks genomic track metadata.

Exit codes of ``validate`` and ``augment``: 0 valid, 1 invalid, 2 unusable input (missing file, broken
schema, bad option), 4 nothing invalid found but some checks could not be evaluated (an ontology or
resolver nobody could answer for: ``indeterminate``).
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fairgauge.cli.common import err_console, settings_from, write_output
from fairgauge.errors import InputError
from fairgauge.model.terms import OntologySource

if TYPE_CHECKING:  # the FAIRtracks machinery is imported by the commands that use it
    from fairgauge.tracks.ontology.index import OntologyIndex, Progress
    from fairgauge.tracks.report import Status, ValidationReport
    from fairgauge.tracks.service import TracksService

EXIT = {"valid": 0, "invalid": 1, "indeterminate": 4}

tracks_app = typer.Typer(
    help="Validate and augment FAIRtracks genomic track metadata (offline-first).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    text = "text"
    json = "json"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def use_color(choice: Color, output: Path | None) -> bool:
    """``auto``: colour only on a terminal and only if ``NO_COLOR`` is not set (no-color.org)."""
    if choice is Color.always:
        return True
    if choice is Color.never or output is not None:
        return False
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


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


def _say(message: str) -> None:
    err_console.print(message, markup=False)


def _service(
    ctx: typer.Context,
    schemas: list[Path] | None,
    source: OntologySource | None,
    ontologies: list[Path] | None,
    resolve: bool,
    progress: Progress | None = _say,
) -> TracksService:
    """Built by the composition root (online sources come from fairgauge.harvest, the network package)."""
    from fairgauge.compose import build_tracks_service

    settings = settings_from(ctx)
    return build_tracks_service(
        settings,
        ontology_source=source,
        schema_paths=schemas or [],
        ontology_files=ontologies or [],
        resolve_curies=resolve or settings.tracks_resolve_curies,
        progress=progress,
    )


def _emit(
    report: ValidationReport, fmt: Format, output: Path | None, *, quiet: bool, verbose: bool, color: bool
) -> Status:
    from fairgauge.tracks.report import render_validation_text

    if fmt is Format.json:
        stream_json(report.to_json(), output)
    else:
        write_output(render_validation_text(report, show_info=verbose, quiet=quiet, color=color), output)
    return report.status


def stream_json(data: object, output: Path | None) -> None:
    """Write JSON piece by piece (a large report is never held as one string)."""
    chunks = json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data)
    if output is None:
        sys.stdout.writelines(chunks)
        sys.stdout.write("\n")
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            handle.writelines(chunks)
            handle.write("\n")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc


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
    known_keys: Annotated[
        Path | None,
        typer.Option(
            "--known-keys",
            help="YAML or JSON file: schema id -> key values of documents validated earlier (references may use them).",
        ),
    ] = None,
    separately: Annotated[
        bool, typer.Option("--separately", help="Validate each file on its own (default: all files form one set).")
    ] = False,
    color: Annotated[
        Color, typer.Option("--color", help="auto (terminal, no NO_COLOR), always or never.")
    ] = Color.auto,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only documents with errors, and their errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also informational notes.")] = False,
) -> None:
    """Validate FAIRtracks documents (JSON or YAML) together (exit 0 valid, 1 invalid, 2 unusable input,
    4 indeterminate)."""
    from fairgauge.tracks.jsonload import read_documents
    from fairgauge.tracks.keywords.known import load_known_keys
    from fairgauge.tracks.report import merge_reports

    documents = read_documents(paths, lenient=lenient_json)
    known = load_known_keys(known_keys) if known_keys is not None else None
    service = _service(ctx, schema, ontology_source, ontology, resolve_curies, progress=None if quiet else _say)
    sets = [[d] for d in documents] if separately else [documents]
    reports = [service.validate(batch, schema_version, known_keys=known) for batch in sets]
    report = reports[0] if len(reports) == 1 else merge_reports(reports)
    painted = use_color(color, output)
    status = _emit(report, fmt, output, quiet=quiet, verbose=verbose, color=painted)
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
    from fairgauge.tracks.report import render_validation_text

    documents = read_documents([path], lenient=lenient_json)
    if len(documents) != 1:
        raise InputError(f"augment takes one document, {path} holds {len(documents)}")
    if not isinstance(documents[0].data, dict):  # say so before a first run spends seconds on the index
        first = next((p.message for p in documents[0].problems if p.severity == "error"), "not a JSON object")
        raise InputError(f"{documents[0].name}: {first}")
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
        err_console.print(render_validation_text(result.validation), markup=False)
    raise typer.Exit(EXIT[status])


@tracks_app.command("schemas")
def schemas() -> None:
    """List the bundled FAIRtracks schema releases."""
    from fairgauge.tracks.schemaset import build_catalogue

    for bundle in build_catalogue().bundled.values():
        typer.echo(f"{bundle.name:<10} {bundle.status:<12} {bundle.commit or ''}  ({len(bundle.schemas)} schemas)")


ontologies_app = typer.Typer(
    help="Ontology releases for offline term checks: fetch them once online, list what the index holds.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
tracks_app.add_typer(ontologies_app, name="ontologies")
DEFAULT_FETCH = ("ncit", "obi", "so")


@ontologies_app.command("fetch")
def ontologies_fetch(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(help="OBO ontology ids (default: ncit obi so, which the published examples cite)."),
    ] = None,
) -> None:
    """Download ontology releases (OBO) and compile them into the offline index with their versions."""
    from fairgauge.harvest.blocking import BlockingFetcher
    from fairgauge.harvest.ontologies import download_release, release_url
    from fairgauge.tracks.service import fetched_ontologies, open_offline_index

    settings = settings_from(ctx)
    wanted = list(dict.fromkeys(n.lower() for n in (names or DEFAULT_FETCH)))
    urls = {name: release_url(settings, name) for name in wanted}
    folder = fetched_ontologies(settings)
    with BlockingFetcher(settings) as fetcher:
        for name in wanted:
            _say(f"fetching {name} from {urls[name]} ...")
            got = download_release(settings, name, folder, fetcher)
            _say(f"  {got.size / 1e6:.1f} MB in {got.seconds:.1f} s -> {got.path}")
    index = open_offline_index(settings, progress=_say)
    _print_packs(index, only={str(folder / f"{n}.obo") for n in wanted})


def _print_packs(index: OntologyIndex, only: set[str] | None = None) -> None:
    counts = index.term_counts()
    typer.echo(f"{'ontology':<10} {'release':<28} {'terms':>8} {'size':>9}  source")
    for info in sorted(index.infos.values(), key=lambda i: (i.ontology, i.priority)):
        path = info.pack_id.removeprefix("file:") if info.pack_id.startswith("file:") else None
        if only is not None and path not in only:
            continue
        size = f"{Path(path).stat().st_size / 1e6:.1f} MB" if path and Path(path).is_file() else "-"
        release = info.version or info.version_iri or "-"
        typer.echo(f"{info.ontology:<10} {release:<28} {counts.get(info.pack_id, 0):>8} {size:>9}  {info.description}")


@ontologies_app.command("list")
def ontologies_list(ctx: typer.Context, ontology: OntologyOpt = None) -> None:
    """Show what the offline index holds: ontology, release, term count, size, source."""
    from fairgauge.tracks.service import open_offline_index

    index = open_offline_index(settings_from(ctx), ontology or [], progress=_say)
    _print_packs(index)
    for pack_id, serves in index.pending().items():
        typer.echo(f"{','.join(serves):<10} {'-':<28} {'-':>8} {'-':>9}  {pack_id} (compiled on first use)")
    typer.echo(f"index: {index.path}")


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
