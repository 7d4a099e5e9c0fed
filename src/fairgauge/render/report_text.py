"""The text rendering: a report a data steward reads top to bottom in a terminal or a file.

Order follows the questions a steward asks: what was assessed, how FAIR it is (per principle), which
metrics and tests passed, what went wrong, what to do about it, which FAIRport level that reaches, and
where the sources disagree. Statuses are words (``could not evaluate`` for ``error``, never a
failure); colour, when asked for, only repeats them. ``render_text`` returns plain text unless
``color=True`` (for a CLI writing to a terminal).
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fairgauge.model.report import MetricResult, Outcome, Report, TestResult
from fairgauge.render import report_evidence as evidence
from fairgauge.render import report_view as view
from fairgauge.render.report_rendering import rendering_summary
from fairgauge.terminal import terminal_safe, terminal_safe_model

_STYLES: dict[view.TestLabel, str] = {
    "pass": "green",
    "fail": "bold red",
    "error": "yellow",
    "not_applicable": "dim",
    "unscored": "dim",
}
_MAX_FINDINGS = 10
_ASSUMED = "; typed without a scheme, read as https"


def render_text(report: Report, *, width: int = 120, color: bool = False) -> str:
    """Remote values are made terminal-safe first (escape sequences shown, not sent), and rich markup is
    off: a harvested ``[/x]`` or ``[link=...]`` in a title is text, never a tag."""
    report = terminal_safe_model(report)
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    for section in (_header, _summary, _metrics, _tests, _findings, _actions, _fairport, _conflicts):
        section(console, report)
    # Grids pad every cell to the column width; trailing blanks are noise in files and diffs.
    text = "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    return text if color else terminal_safe(text)


def _status(status: Outcome) -> Text:
    return Text(view.status_text(status), style=_STYLES[status])


def _test_status(metric: MetricResult, test: TestResult) -> Text:
    """A test worth no points that passed or failed reads "not scored", as in the HTML report: a failure
    next to scored ones would read as lost points."""
    return Text(view.test_label_text(metric, test), style=_STYLES[view.test_label(metric, test)])


def _heading(console: Console, title: str) -> None:
    console.print()
    console.rule(Text(title, style="bold"), align="left", characters="─")


def _header(console: Console, report: Report) -> None:
    ident = report.harvest.identifier
    console.print(Text(f"FAIR assessment of {report.request.object_identifier}", style="bold"))
    _not_assessed(console, report)
    kind = "persistent" if ident.is_persistent else "not persistent"
    rows = [
        ("Identifier", f"{ident.normalized} ({ident.scheme}, {kind})" + (_ASSUMED if ident.https_assumed else "")),
        ("Resolved URL", report.resolved_url),
        ("Profile", f"{report.profile}: FsF metrics v{report.metric_version} ({report.metric_specification})"),
        ("Assessed", _period(report)),
        ("Software", f"fairgauge {report.software_version}; test id {report.test_id}"),
    ]
    if report.request.replayed_archives:
        rows.append(("Replayed from", ", ".join(report.request.replayed_archives)))
    rendering = rendering_summary(report.harvest.rendering)
    if rendering:
        rows.append(("JavaScript", rendering))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(label, value)
    console.print(grid)


def _not_assessed(console: Console, report: Report) -> None:
    """An object that was not reached is said so first, with the reason: nothing below is a score."""
    if report.assessed:
        return
    console.print(Text("NOT ASSESSED", style="bold yellow"))
    console.print(Text(report.not_assessed_reason or "the object could not be reached"), overflow="fold")
    console.print(
        "Nothing was scored: no percentages, no FAIRport level, no list of fixes. "
        "Check that the identifier resolves (network, server, archive) and assess again."
    )
    console.print()


def _period(report: Report) -> str:
    start, end = report.start_timestamp, report.end_timestamp
    seconds = (end - start).total_seconds()
    return f"{start.isoformat()} to {end.isoformat()} ({seconds:.1f} s)"


def _summary(console: Console, report: Report) -> None:
    _heading(console, "Summary")
    table = Table("", "Principle", "Points", "Percent", "Maturity", "Metrics passed", "Not evaluated")
    for row in view.summary_rows(report):
        parts = [f"{row.errors} metric(s)"] if row.errors else []
        parts += [view.points_phrase(row.unevaluated)] if row.unevaluated else []
        unevaluated = ", ".join(parts) or "-"
        table.add_row(
            row.key,
            row.name,
            f"{view.points(row.earned)}/{view.points(row.total)}",
            view.percent_text(row.percent),
            view.maturity_text(row.maturity),
            f"{row.passed}/{row.metrics}",
            unevaluated,
            end_section=row.key == "R",
        )
    console.print(table)
    console.print("Maturity: 0 incomplete, 1 initial, 2 moderate, 3 advanced.")


def _metrics(console: Console, report: Report) -> None:
    _heading(console, f"Metrics ({report.total_metrics} scored)")
    table = Table("Metric", "Name", "Score", "Maturity", "Status")
    for metric in view.all_metrics(report):
        status = _status(metric.test_status)
        if not metric.scored:  # as in the HTML report: informative, never a failure next to scored metrics
            status = Text(f"{view.TEST_LABELS['unscored']} by this profile", style=_STYLES["unscored"])
        table.add_row(
            metric.metric_identifier,
            metric.metric_name,
            view.score_text(metric.score),
            view.maturity_text(metric.maturity),
            status,
        )
    console.print(table)


def _tests(console: Console, report: Report) -> None:
    _heading(console, "Tests")
    table = Table("Test", "Name", "Status", "Points", "Maturity")
    metrics = view.all_metrics(report)
    for metric in metrics:
        tests = list(metric.metric_tests.items())
        for index, (test_id, test) in enumerate(tests):
            table.add_row(
                test_id,
                test.metric_test_name,
                _test_status(metric, test),
                view.score_text(test.metric_test_score),
                str(test.metric_test_maturity),
                end_section=index == len(tests) - 1 and metric is not metrics[-1],
            )
    console.print(table)


def _findings(console: Console, report: Report) -> None:
    found = view.top_findings(report, limit=None)
    _heading(console, "Top findings")
    if not found:
        console.print("No warnings or errors.")
        return
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in found[:_MAX_FINDINGS]:
        grid.add_row(item.finding.severity.upper(), item.source, f"{item.finding.code}: {item.finding.message}")
    console.print(grid)
    if len(found) > _MAX_FINDINGS:
        console.print(f"... and {len(found) - _MAX_FINDINGS} more (see the JSON or HTML report).")


def _actions(console: Console, report: Report) -> None:
    _heading(console, "What to do")
    if not report.assessed:
        console.print("Nothing to fix before the object can be reached: see the reason at the top.")
        return
    actions = view.scored_fixes(report)
    if not actions:
        console.print("No failed test costs points.")
    grid = _list_grid()
    for number, action in enumerate(actions, start=1):
        title = Text(f"{action.test_id} {_name(action)} ({view.points_phrase(action.points_lost)} lost)", style="bold")
        grid.add_row(f"{number}.", Text("\n").join([title, Text(action.advice)]))
    console.print(grid)
    unscored = view.unscored_fixes(report)
    if unscored:  # failed tests worth no points: advice, apart from the fixes that cost points
        console.print()
        console.print(Text("Also worth doing (not scored):", style="bold"))
        grid = _list_grid()
        for action in unscored:
            grid.add_row("-", Text("\n").join([Text(f"{action.test_id} {_name(action)}"), Text(action.advice)]))
        console.print(grid)
    missing = view.not_evaluated(report)
    if missing:
        console.print()
        console.print(Text("Could not evaluate (not failures: check access to the evidence and re-run):", style="bold"))
        grid = _list_grid()
        for action in missing:
            grid.add_row("?", f"{action.test_id} {_name(action)}: {action.advice}")
        console.print(grid)


def _list_grid() -> Table:
    """A numbered or bulleted list whose items wrap under their own text, not under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    return grid


def _name(action: view.Action) -> str:
    return action.test.metric_test_name.rstrip(".")


def _fairport(console: Console, report: Report) -> None:
    level = report.fairport_level
    _heading(console, "FAIRport level")
    console.print(Text(f"{view.fairport_heading(level.level)}: {view.fairport_text(level.level)}", style="bold"))
    if level.level is None:
        return
    grid = _list_grid()
    for reason in level.reasons:
        grid.add_row("✓", reason)
    console.print(grid)
    if level.missing:
        console.print("Next level needs:")
        grid = _list_grid()
        for item in level.missing:
            grid.add_row("-", item)
        console.print(grid)


def _conflicts(console: Console, report: Report) -> None:
    _heading(console, "Source conflicts")
    if view.no_sources(report):
        console.print("No metadata source was read: there is nothing to compare.")
        return
    if not report.conflicts:
        console.print("The metadata sources agree.")
        return
    for conflict in report.conflicts:
        console.print(Text(f"{conflict.field}: {conflict.message}", style="bold"), overflow="fold")
        grid = _list_grid()
        for value in conflict.values:
            sources = "; ".join(f"{s.method} {s.standard} {s.url or ''}".strip() for s in value.sources)
            grid.add_row("-", f"{evidence.value_text(value.value)}  (from {sources})")
        console.print(grid)
