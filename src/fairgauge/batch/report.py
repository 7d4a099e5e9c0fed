"""The repository report: what a repository manager fixes first. The failing tests ranked by points to
gain across the scored objects (with their recommendation and how many objects each affects), and the
FAIRport level distribution. Not-assessed objects are counted apart: they have no failing tests, they
were not reached."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from fairgauge.batch.wording import counted
from fairgauge.store.runs import ResultRecord, RunRecord


@dataclass
class TestGap:
    test: str
    metric: str
    principle: str
    objects: int = 0
    points: float = 0.0
    recommendation: str | None = None


@dataclass
class RepositoryReport:
    run: RunRecord
    scored: int = 0
    not_assessed: int = 0
    errors: int = 0
    gaps: dict[str, TestGap] = field(default_factory=dict)
    levels: Counter[int] = field(default_factory=Counter)
    fair_total: float = 0.0

    def ranked(self) -> list[TestGap]:
        return sorted(self.gaps.values(), key=lambda g: (-g.points, -g.objects, g.test))

    @property
    def mean_fair(self) -> float | None:
        return round(self.fair_total / self.scored, 2) if self.scored else None


def build_report(run: RunRecord, results: Iterable[ResultRecord]) -> RepositoryReport:
    report = RepositoryReport(run)
    for result in results:
        if result.status == "not_assessed":
            report.not_assessed += 1
            continue
        if result.status != "scored":
            report.errors += 1
            continue
        report.scored += 1
        report.fair_total += float(result.fair_percent or 0)
        if result.fairport_level is not None:
            report.levels[result.fairport_level] += 1
        for metric_id, metric in (result.metrics or {}).items():
            for name, test in metric.get("tests", {}).items():
                if test.get("status") != "fail":
                    continue
                gap = report.gaps.setdefault(name, TestGap(name, metric_id, metric.get("principle", "")))
                gap.objects += 1
                gap.points += float(test.get("total", 0)) - float(test.get("earned", 0))
                gap.recommendation = gap.recommendation or test.get("recommendation")
    return report


def render_markdown(report: RepositoryReport, limit: int = 25) -> str:
    run = report.run
    lines = [
        f"# Repository report: run {run.name}",
        "",
        f"Profile {run.profile}, fairgauge {run.software_version}, {counted(run.total, 'object')}: "
        f"{report.scored} scored, {report.not_assessed} not assessed (not reached, no score), "
        f"{counted(report.errors, 'error')}.",
        f"Mean FAIR score over scored objects: {'-' if report.mean_fair is None else f'{report.mean_fair} %'}.",
        "",
        "## Fix first: failing tests ranked by points to gain",
        "",
        "| # | test | metric | objects | points to gain | recommendation |",
        "|---|------|--------|--------:|---------------:|----------------|",
    ]
    for n, gap in enumerate(report.ranked()[:limit], 1):
        recommendation = (gap.recommendation or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {n} | {gap.test} | {gap.metric} | {gap.objects} | {gap.points:g} | {recommendation} |")
    lines += ["", "## FAIRport level distribution", "", "| level | objects |", "|------:|--------:|"]
    lines += [f"| {level} | {report.levels.get(level, 0)} |" for level in range(5)]
    return "\n".join(lines) + "\n"


def render_html(report: RepositoryReport, limit: int = 25) -> str:
    run = report.run
    e = html.escape
    rows = "\n".join(
        f"<tr><td>{n}</td><td>{e(g.test)}</td><td>{e(g.metric)}</td><td>{g.objects}</td><td>{g.points:g}</td>"
        f"<td>{e(g.recommendation or '')}</td></tr>"
        for n, g in enumerate(report.ranked()[:limit], 1)
    )
    levels = "\n".join(f"<tr><td>{lv}</td><td>{report.levels.get(lv, 0)}</td></tr>" for lv in range(5))
    mean = "-" if report.mean_fair is None else f"{report.mean_fair} %"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Repository report: {e(run.name)}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}}</style></head><body>
<h1>Repository report: run {e(run.name)}</h1>
<p>Profile {e(run.profile)}, fairgauge {e(run.software_version)}, {counted(run.total, "object")}:
{report.scored} scored, {report.not_assessed} not assessed (not reached, no score), {counted(report.errors, "error")}.
Mean FAIR score over scored objects: {mean}.</p>
<h2>Fix first: failing tests ranked by points to gain</h2>
<table><thead><tr><th>#</th><th>test</th><th>metric</th><th>objects</th><th>points to gain</th>
<th>recommendation</th></tr></thead><tbody>
{rows}
</tbody></table>
<h2>FAIRport level distribution</h2>
<table><thead><tr><th>level</th><th>objects</th></tr></thead><tbody>
{levels}
</tbody></table>
</body></html>
"""
