"""``fairgauge refdata``: what reference data is bundled, where it came from, and lookups against it."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from fairgauge.cli.common import fail
from fairgauge.refdata.datasets import DATASETS

if TYPE_CHECKING:
    from fairgauge.refdata import ReferenceData


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", help="table or json.")

refdata_app = typer.Typer(
    help="Show the bundled reference data and look values up in it.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _record(entry: object) -> dict[str, Any]:
    """A dataclass as a JSON-ready dict, with its derived properties (reasons, reference_url, ...)."""
    if not dataclasses.is_dataclass(entry) or isinstance(entry, type):
        return {"value": str(entry)}
    record = {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)}
    for name in ("reference_url", "generic", "preferred", "reasons"):
        if hasattr(type(entry), name):
            record[name] = getattr(entry, name)
    return {k: _plain(v) for k, v in record.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record(value)
    return value


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) if not isinstance(v, dict) else str(v.get("spdx_id", v)) for v in value)
    return "" if value is None else str(value)


def _print_records(records: Sequence[dict[str, Any]], fmt: OutputFormat, columns: Sequence[str] = ()) -> None:
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(list(records), indent=2, ensure_ascii=False))
        return
    if not records:
        return
    from rich.console import Console
    from rich.table import Table

    names = list(columns) or list(records[0])
    table = Table(*names)
    for record in records:
        table.add_row(*(_cell(record.get(name)) for name in names))
    Console(width=200).print(table)


@refdata_app.callback(invoke_without_command=True)
def overview(ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """List every dataset: version, retrieval date, source, licence and entry count."""
    if ctx.invoked_subcommand is not None:
        return
    from fairgauge.refdata import load_reference_data

    records = [_record(info) for info in load_reference_data().sources()]
    columns = ("name", "version", "retrieved", "entries", "licence", "source_url")
    _print_records(records, fmt, () if fmt is OutputFormat.json else columns)


@refdata_app.command("show")
def show(
    name: str = typer.Argument(..., help=f"Dataset: {', '.join(DATASETS)}."),
    limit: int = typer.Option(20, "--limit", min=0, help="Entries to print (0 = all)."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Print the entries of one dataset (a sample of --limit entries by default)."""
    if name not in DATASETS:
        fail(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")
    from fairgauge.refdata import load_reference_data

    entries = load_reference_data().entries(name)
    shown = entries if limit == 0 else entries[:limit]
    _print_records([_record(e) for e in shown], fmt)
    if fmt is OutputFormat.table and len(shown) < len(entries):
        typer.echo(f"({len(shown)} of {len(entries)} entries; --limit 0 shows all)")


def _lookup(found: object, fmt: OutputFormat, what: str, value: str) -> None:
    if found is None or found is False:
        typer.echo(f"no {what} found for {value!r}", err=True)
        raise typer.Exit(1)
    _print_records([_record(found)], fmt)


def _lookup_command(name: str, what: str, finder: Callable[[ReferenceData, str], object]) -> None:
    def command(value: str = typer.Argument(...), fmt: OutputFormat = FORMAT_OPTION) -> None:
        from fairgauge.refdata import load_reference_data

        _lookup(finder(load_reference_data(), value), fmt, what, value)

    command.__doc__ = f"Look up {'an' if what[0] in 'aeiou' else 'a'} {what}."
    refdata_app.command(name)(command)


_lookup_command("license", "licence (id, URL, name or SPDX expression)", lambda rd, v: rd.match_license(v))
_lookup_command("access", "access-rights term (URI or label)", lambda rd, v: rd.match_access_rights(v))
_lookup_command("namespace", "semantic resource for a namespace or term URI", lambda rd, v: rd.lookup_namespace(v))
_lookup_command(
    "standard",
    "metadata standard (namespace, schema URL or name)",
    lambda rd, v: rd.standard_by_namespace(v) or rd.standard_by_name(v),
)
_lookup_command(
    "format",
    "file format (file name, URL, media type or name)",
    lambda rd, v: rd.format_by_media_type(v) or rd.format_by_filename(v) or rd.format_by_name(v),
)
_lookup_command("protocol", "standard protocol (scheme or URI)", lambda rd, v: rd.protocol(v))
_lookup_command(
    "pid",
    "identifier scheme (name or resolver URL)",
    lambda rd, v: rd.pid_scheme(v) or rd.pid_scheme_for_url(v),
)
_lookup_command("type", "resource type (name, CURIE or URI)", lambda rd, v: rd.resource_type(v))


def register(app: typer.Typer) -> None:
    app.add_typer(refdata_app, name="refdata")
