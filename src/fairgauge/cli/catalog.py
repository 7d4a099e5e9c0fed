"""``fairgauge catalog``: import FAIRtracks metadata into a searchable track catalog, browse, search,
query and export it.

Exit codes: 0 done; 1 ``import`` left documents out (invalid ones, reported with their errors; ``--force``
imports them flagged; or JSON files of a URL/DOI that could not be read, too big or unreachable); 2 unusable
input (missing file, bad query: the message points at the character; a URL/DOI with no FAIRtracks JSON);
3 a URL or DOI could not be reached (the other sources are still imported).
The store comes from ``--database-url``, else ``FAIRGAUGE_DATABASE_URL``, else the embedded SQLite file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fairgauge.cli.catalog_remote import RemoteSource, RemoteSourceError, fetch_sources
from fairgauge.cli.common import err_console, settings_from, write_output
from fairgauge.errors import InputError
from fairgauge.model.terms import OntologySource

if TYPE_CHECKING:
    from fairgauge.catalog.importer import ImportBatch, SourceKind, TermFacts
    from fairgauge.catalog.query import QueryError
    from fairgauge.settings import Settings
    from fairgauge.store.catalog import Catalog
    from fairgauge.tracks.jsonload import LoadedDocument
    from fairgauge.tracks.service import TracksService

catalog_app = typer.Typer(
    help="A searchable catalog of FAIRtracks genomic tracks (import, browse, search, query, export).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database-url", help="Store URL (else $FAIRGAUGE_DATABASE_URL, else the embedded SQLite)."),
]
FacetOpt = Annotated[list[str] | None, typer.Option("--facet", help="PATH=VALUE filter (repeatable; all must hold).")]


class Format(StrEnum):
    text = "text"
    json = "json"


class ExportTo(StrEnum):
    json = "json"
    csv = "csv"
    gsuite = "gsuite"


def _catalog(ctx: typer.Context, database_url: str | None) -> Catalog:
    from fairgauge.compose import build_store
    from fairgauge.store.catalog import Catalog

    settings = settings_from(ctx)
    store = build_store(settings, database_url)
    ctx.call_on_close(store.close)  # closed when the command ends, whichever way (errors included)
    return Catalog(store)


def _facets(values: list[str] | None) -> list[tuple[str, str]]:
    facets = []
    for item in values or []:
        path, sep, value = item.partition("=")
        if not sep or not path.strip():
            raise InputError(f"--facet takes PATH=VALUE, got {item!r}")
        facets.append((path.strip().replace("->", "."), value))
    return facets


def _query_failed(exc: QueryError) -> typer.Exit:
    err_console.print(f"error: {exc}", markup=False)
    err_console.print(exc.caret(), markup=False)
    return typer.Exit(2)


@catalog_app.command("import")
def import_(
    ctx: typer.Context,
    sources: Annotated[
        list[str],
        typer.Argument(help="FAIRtracks JSON files or folders, URLs or DOIs (each one a source)."),
    ],
    force: Annotated[bool, typer.Option("--force", help="Import invalid documents too, flagged invalid.")] = False,
    database_url: DatabaseOpt = None,
    lenient_json: Annotated[bool, typer.Option("--lenient-json", help="Tolerate trailing commas.")] = False,
    ontology_source: Annotated[
        OntologySource | None, typer.Option("--ontology-source", help="offline (default), ols or off.")
    ] = None,
    replay: Annotated[
        list[Path] | None,
        typer.Option("--replay", help="Answer the requests for URLs/DOIs from this WARC archive (repeatable)."),
    ] = None,
    record: Annotated[
        Path | None, typer.Option("--record", help="Write the exchanges for URLs/DOIs to this .warc.gz file.")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private-network", help="Allow loopback/private addresses (tests, demos).")
    ] = False,
) -> None:
    """Validate and import sources; re-importing a source replaces its previous version atomically.

    A URL or DOI is harvested and the FAIRtracks JSON its record links to is imported (exit 3 when it
    cannot be reached, 2 when no FAIRtracks JSON is found: what was looked at is listed)."""
    from fairgauge.catalog.importer import TermFacts
    from fairgauge.compose import build_tracks_service

    settings = settings_from(ctx, allow_private_network=True if allow_private else None)
    local = {source: _local(source, lenient_json) for source in sources}  # unusable paths stop all, first
    remote = _remote([s for s, found in local.items() if found is None], settings, replay or [], record, lenient_json)
    service = build_tracks_service(settings, ontology_source=ontology_source)
    importer = _Importer(_catalog(ctx, database_url), service, TermFacts(service), force)
    code = max((importer.run(local[source] or remote[source]) for source in sources), default=0)
    raise typer.Exit(code)


@dataclass(frozen=True)
class _Importer:
    """Imports one source after another; each one's exit code (0 done, 1 left documents out, 2 nothing
    found behind a URL/DOI, 3 unreachable) is returned, the command exits with the worst."""

    catalog: Catalog
    service: TracksService
    facts: TermFacts
    force: bool

    def run(self, read: _LocalSource | RemoteSource | RemoteSourceError) -> int:
        if isinstance(read, RemoteSourceError):
            for line in read.lines:
                err_console.print(f"  {line}", markup=False)
            err_console.print(f"error: {read}", markup=False)
            return read.exit_code
        from fairgauge.catalog.importer import build_batch

        code = 0
        if isinstance(read, RemoteSource) and read.left_out:
            for line in read.left_out:
                err_console.print(f"{read.key}: left out {line}", markup=False)
            code = 1
        batch = build_batch(read.key, read.kind, read.documents, self.service, force=self.force, terms=self.facts)
        _report_invalid(batch)
        if batch.skipped:
            code = 1
        if not any(d.imported for d in batch.documents):
            err_console.print(f"{read.key}: nothing importable; the catalog keeps its previous version", markup=False)
            return code
        done = self.catalog.replace_source(batch)
        notes = []
        if done.invalid:
            notes.append(f"{done.invalid} invalid document(s) left out")
        if done.flagged:
            notes.append(f"{done.flagged} flagged invalid")
        extra = f" ({'; '.join(notes)})" if notes else ""
        typer.echo(
            f"imported {done.source} version {done.version}: "
            f"{done.documents} document(s), {done.tracks} track(s){extra}"
        )
        for url in read.found if isinstance(read, RemoteSource) else ():
            typer.echo(f"  from {url}")
        return code


def _report_invalid(batch: ImportBatch) -> None:
    """Invalid documents with their errors, whether left out or imported flagged (``--force``)."""
    for document in batch.documents:
        if document.imported and document.status != "invalid":
            continue
        label = "imported, flagged invalid" if document.imported else "not imported"
        err_console.print(f"{document.name}: invalid ({label})", markup=False)
        for line in document.errors:
            err_console.print(f"  {line}", markup=False)


@dataclass(frozen=True)
class _LocalSource:
    key: str
    kind: SourceKind
    documents: list[LoadedDocument]


def _local(source: str, lenient: bool) -> _LocalSource | None:
    """A file or folder (read now), None for a URL or DOI; anything else is unusable input."""
    from fairgauge.tracks.jsonload import read_documents

    path = Path(source).expanduser()
    if path.exists():
        kind: SourceKind = "folder" if path.is_dir() else "file"
        return _LocalSource(str(path.resolve()), kind, read_documents([path], lenient=lenient))
    if _is_remote(source):
        return None
    raise InputError(f"no such file or directory: {source}")


def _is_remote(source: str) -> bool:
    """URLs and DOIs (``doi:``, bare ``10.`` prefixes, doi.org links) are harvested; paths are read."""
    lowered = source.lower()
    return lowered.startswith(("http://", "https://", "doi:", "10.")) or "doi.org/" in lowered


def _remote(
    sources: list[str], settings: Settings, replay: list[Path], record: Path | None, lenient: bool
) -> dict[str, RemoteSource | RemoteSourceError]:
    if not sources:
        if replay or record:
            raise InputError("--replay and --record apply to URLs and DOIs only; no source is one")
        return {}
    return fetch_sources(sources, settings, replay=replay, record=record, lenient=lenient)


@catalog_app.command("sources")
def sources(
    ctx: typer.Context,
    database_url: DatabaseOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
) -> None:
    """The imported sources with their version, counts and import time."""
    records = _catalog(ctx, database_url).sources()
    if fmt is Format.json:
        write_output(json.dumps([r.to_json() for r in records], indent=2), None)
        return
    if not records:
        typer.echo("no sources imported yet (fairgauge catalog import FILE|FOLDER)")
        return
    for r in records:
        flags = f", {r.invalid} invalid left out" if r.invalid else ""
        flags += f", {r.flagged} flagged" if r.flagged else ""
        typer.echo(
            f"{r.source}\n  {r.kind}, version {r.version}, imported {r.imported_at:%Y-%m-%d %H:%M:%S} UTC: "
            f"{r.documents} document(s), {r.tracks} track(s){flags}"
        )


@catalog_app.command("browse")
def browse(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(help="Category or attribute path (a.b.c or a->b->c).")] = None,
    database_url: DatabaseOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
    limit: Annotated[int, typer.Option("--limit", help="At most this many values.")] = 200,
) -> None:
    """Categories -> attribute paths -> values with track counts (ontology terms: label and term id)."""
    entries = _catalog(ctx, database_url).browse(path, limit=limit)
    if fmt is Format.json:
        write_output(json.dumps([e.to_json() for e in entries], indent=2, ensure_ascii=False), None)
        return
    for e in entries:
        term = f"  [{e.term_id}]" if e.term_id else ""
        kind = "" if e.kind in ("value", "term") else f"  ({e.kind})"
        name = e.name if e.kind in ("value", "term") else e.path
        typer.echo(f"{e.count:>8}  {name}{term}{kind}")


@catalog_app.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Query (samples.species_name = "Homo sapiens") or free text.')],
    facet: FacetOpt = None,
    database_url: DatabaseOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many tracks.")] = 50,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
) -> None:
    """Search: the query language, free-text words (ranked), and facet filters; prints facet counts."""
    from fairgauge.catalog.query import QueryError  # lazily: every command, --help too, imports this module

    catalog = _catalog(ctx, database_url)
    try:
        result = catalog.search(query, _facets(facet), limit=limit)
    except QueryError as exc:
        raise _query_failed(exc) from None
    if fmt is Format.json:
        body = {
            "query": query,
            "total": result.total,
            "tracks": [t.to_json() for t in result.tracks],
            "facets": {p: [{"value": v, "count": n} for v, n in items] for p, items in result.facets.items()},
        }
        write_output(json.dumps(body, indent=2, ensure_ascii=False), None)
        return
    shown = f", showing {len(result.tracks)}" if result.total > len(result.tracks) else ""
    typer.echo(f"{result.total} track(s){shown}")
    for t in result.tracks:
        flag = "" if t.status == "valid" else f"  [{t.status}]"
        typer.echo(f"{t.id:>8}  {t.title}  {t.uri}{flag}")
    for path, items in result.facets.items():
        if items:
            typer.echo(f"facet {path}: " + ", ".join(f"{v} ({n})" for v, n in items))


@catalog_app.command("export")
def export_(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Option("--query", help="Query; all tracks if omitted.")] = None,
    to: Annotated[ExportTo, typer.Option("--to", help="json, csv or gsuite.")] = ExportTo.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (else standard output).")] = None,
    facet: FacetOpt = None,
    database_url: DatabaseOpt = None,
) -> None:
    """Export the matching tracks as JSON, CSV or GSuite (TrackFind's layout)."""
    from fairgauge.catalog.export import export
    from fairgauge.catalog.query import QueryError

    catalog = _catalog(ctx, database_url)
    try:
        tracks = catalog.tracks(query, _facets(facet))
    except QueryError as exc:
        raise _query_failed(exc) from None
    write_output(export(tracks, to.value, query), output)
    if output is not None:
        err_console.print(f"{len(tracks)} track(s) written to {output}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(catalog_app, name="catalog")
