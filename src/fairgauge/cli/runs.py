"""``fairgauge runs``: list, show and export batch runs kept in the store."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fairgauge.batch.wording import counted
from fairgauge.cli.common import fail, settings_from, write_output

if TYPE_CHECKING:
    from fairgauge.store import Store
    from fairgauge.store.runs import RunRecord

DatabaseOption = Annotated[
    str | None, typer.Option("--database-url", help="Store URL (sqlite:///FILE or postgresql://...).")
]


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


runs_app = typer.Typer(help="Batch runs in the store: list, show, export.", no_args_is_help=True)


def _store(ctx: typer.Context, database_url: str | None) -> Store:
    from fairgauge.compose import build_store

    return build_store(settings_from(ctx), database_url)


def _run(store: Store, name: str) -> RunRecord:
    from fairgauge.store.runs import Runs

    run = Runs(store).get(name)
    if run is None:
        fail(f"no run named {name!r} (see fairgauge runs list)")
    return run


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


@runs_app.command("list")
def list_command(ctx: typer.Context, database_url: DatabaseOption = None) -> None:
    """Every run: name, profile, progress and outcome counts."""
    from fairgauge.store.runs import Runs

    store = _store(ctx, database_url)
    try:
        runs = Runs(store).all()
    finally:
        store.close()
    if not runs:
        write_output("no runs", None)
        return
    lines = [f"{'run':30} {'profile':10} {'done':>13} {'scored':>7} {'not ass.':>8} {'errors':>6}  created"]
    for run in runs:
        lines.append(
            f"{run.name:30} {run.profile:10} {f'{run.finished}/{run.total}':>13} {run.counts.get('scored', 0):>7} "
            f"{run.counts.get('not_assessed', 0):>8} {run.counts.get('error', 0):>6}  {run.created_at:%Y-%m-%d %H:%M}"
        )
    write_output("\n".join(lines), None)


@runs_app.command("show")
def show_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Run name.")],
    database_url: DatabaseOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Most errored and most not-assessed objects listed (each).")
    ] = 50,
) -> None:
    """A run's inputs, settings, progress, mean scores (over scored objects only), and the objects that
    errored (e.g. not an identifier) or were not assessed, with why."""
    from fairgauge.batch.exports import PRINCIPLES
    from fairgauge.store.runs import Runs

    store = _store(ctx, database_url)
    unscored: dict[str, list[dict[str, str | None]]] = {"error": [], "not_assessed": []}
    try:
        run = _run(store, name)
        per_principle: dict[str, list[float]] = {p: [] for p in PRINCIPLES}
        for result in Runs(store).results(run.id):
            if result.status in unscored and len(unscored[result.status]) < limit:
                unscored[result.status].append({"identifier": result.identifier, "reason": result.error})
            if result.status == "scored" and result.score_percent:
                for principle in PRINCIPLES:
                    value = result.score_percent.get(principle)
                    if isinstance(value, int | float):
                        per_principle[principle].append(float(value))
    finally:
        store.close()
    means = {p: _mean(v) for p, v in per_principle.items()}
    data = {
        **run.summary(),
        "mean_score_percent": means,
        "inputs": run.inputs,
        "settings": run.settings,
        "errors": unscored["error"],
        "not_assessed": unscored["not_assessed"],
    }
    if as_json:
        write_output(json.dumps(data, indent=2), None)
        return
    counts = {s: run.counts.get(s, 0) for s in ("scored", "not_assessed", "error")}
    lines = [
        f"run {run.name} (profile {run.profile}, fairgauge {run.software_version}, "
        f"created {run.created_at:%Y-%m-%d %H:%M} UTC)",
        f"  inputs: {', '.join(run.inputs.get('sources', []))}"
        + (f" (sample {run.inputs['sample']}, seed {run.inputs['seed']})" if run.inputs.get("sample") else ""),
        f"  objects: {run.total}; finished {run.finished}, pending {run.total - run.finished}",
        f"  scored {counts['scored']}, not assessed {counts['not_assessed']} (no score, not averaged), "
        f"errors {counts['error']}",
        "  mean score % over scored objects: " + ", ".join(f"{p} {'-' if v is None else v}" for p, v in means.items()),
    ]
    for status, title in (("error", "errors"), ("not_assessed", "not assessed")):
        listed = unscored[status]
        if listed:
            more = counts[status] - len(listed)
            lines.append(f"{title}{f' (first {len(listed)}, {more} more: runs export)' if more > 0 else ''}:")
            lines.extend(f"  {item['identifier']}: {item['reason'] or '-'}" for item in listed)
    write_output("\n".join(lines), None)


@runs_app.command("export")
def export_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Run name.")],
    to: Annotated[ExportFormat, typer.Option("--to", help="csv, jsonl or parquet.")] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """One row per object: identifier, status, per-principle and per-metric scores, FAIR score, maturity,
    FAIRport level, errors."""
    from fairgauge.batch.exports import flat_row, metric_ids_of, write_csv, write_jsonl, write_parquet
    from fairgauge.store.runs import Runs

    if output is None:
        fail("-o FILE is required")
    store = _store(ctx, database_url)
    try:
        run = _run(store, name)
        runs = Runs(store)
        if to is ExportFormat.jsonl:
            count = write_jsonl(runs.results(run.id), output)
        else:
            metric_ids = metric_ids_of(runs.results(run.id))
            rows = (flat_row(result, metric_ids) for result in runs.results(run.id))
            count = write_csv(rows, output) if to is ExportFormat.csv else write_parquet(rows, output)
    finally:
        store.close()
    typer.echo(f"{counted(count, 'object')} written to {output}", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(runs_app, name="runs")


class RunReportFormat(StrEnum):
    html = "html"
    md = "md"


@runs_app.command("compare")
def compare_command(
    ctx: typer.Context,
    run_a: Annotated[str, typer.Argument(help="The earlier run.")],
    run_b: Annotated[str, typer.Argument(help="The later run.")],
    database_url: DatabaseOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Per-object and per-principle deltas, objects improved or regressed and by which tests, and the
    tests that changed most across the repository."""
    from fairgauge.batch.compare import compare, render_text
    from fairgauge.store.runs import Runs

    store = _store(ctx, database_url)
    try:
        first, second = _run(store, run_a), _run(store, run_b)
        runs = Runs(store)
        comparison = compare(first.name, runs.results(first.id), second.name, runs.results(second.id))
    finally:
        store.close()
    write_output(json.dumps(comparison.as_json(), indent=2) if as_json else render_text(comparison), None)


@runs_app.command("report")
def report_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Run name.")],
    output_format: Annotated[RunReportFormat, typer.Option("--format", help="html or md.")] = RunReportFormat.md,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """What to fix first: failing tests ranked by points to gain, with how many objects each affects and
    its recommendation, plus the FAIRport level distribution."""
    from fairgauge.batch.report import build_report, render_html, render_markdown
    from fairgauge.store.runs import Runs

    store = _store(ctx, database_url)
    try:
        run = _run(store, name)
        report = build_report(run, Runs(store).results(run.id))
    finally:
        store.close()
    text = render_html(report) if output_format is RunReportFormat.html else render_markdown(report)
    write_output(text, output)


@runs_app.command("plot")
def plot_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Run name.")],
    run_b: Annotated[str | None, typer.Argument(help="A later run to compare with.")] = None,
    out: Annotated[Path | None, typer.Option("-o", "--output-dir", help="Folder for the PNG and SVG files.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Per-principle score distributions (before vs after with two runs) and pass rate per metric test."""
    from fairgauge.batch.plots import plot_runs
    from fairgauge.store.runs import Runs

    if out is None:
        fail("-o DIR is required")
    store = _store(ctx, database_url)
    try:
        runs = Runs(store)
        chosen = [_run(store, n) for n in (name, run_b) if n]
        data = [(run.name, list(runs.results(run.id))) for run in chosen]
    finally:
        store.close()
    for path in plot_runs(data, out):
        typer.echo(str(path))
