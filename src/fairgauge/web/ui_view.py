"""What the web UI's report and history pages show, computed from the report model (pure: no web here).

Three things the standalone HTML report gets wrong are done right here: signposting links are listed
once per distinct link with all the places that carried it (13 links, not 63 rows); tests worth no
points are shown as "not scored", never next to scored failures; tables sit in scroll containers so a
420 px screen shows them whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fairgauge.model.report import MetricResult, Report, TestResult
from fairgauge.model.signposting import Link
from fairgauge.render import report_evidence as evidence
from fairgauge.render import report_view as view


@dataclass
class LinkRow:
    rel: str
    href: str
    type: str | None
    profile: str | None
    sources: list[str] = field(default_factory=list)


def distinct_links(links: list[Link]) -> list[LinkRow]:
    """One row per (rel, href, type, profile); where it was found (header, html, linkset) listed once."""
    rows: dict[tuple[str, str, str | None, str | None], LinkRow] = {}
    for link in links:
        key = (link.rel, link.href, link.type, link.profile)
        row = rows.setdefault(key, LinkRow(link.rel, link.href, link.type, link.profile))
        if link.source not in row.sources:
            row.sources.append(link.source)
    return list(rows.values())


def test_label(metric: MetricResult, test: TestResult) -> str:
    """The status shown for a test: a test worth no points that did not pass is 'not scored'."""
    if test.metric_test_status in {"fail", "pass"} and (not metric.scored or test.metric_test_score.total == 0):
        return "unscored"
    return test.metric_test_status


@dataclass(frozen=True)
class MetadataRow:
    field: str
    value: str
    sources: list[str]


def metadata_rows(report: Report) -> list[MetadataRow]:
    """Every merged metadata value with the methods and URLs that stated it."""
    rows = []
    for name, values in report.harvest.metadata:
        if not isinstance(values, list):
            continue
        for item in values:
            sources = [f"{s.method} ({s.format}{', ' + s.url if s.url else ''})" for s in item.sources]
            rows.append(MetadataRow(name.replace("_", " "), evidence.value_text(item.value), sources))
    return rows


def fix_first(report: Report) -> list[view.Action]:
    """Failed tests that cost points, the most points first (unscored tests are not 'fixes')."""
    return [action for action in view.what_to_do(report) if action.points_lost > 0]


@dataclass(frozen=True)
class Change:
    metric: str
    name: str
    before: float | None
    after: float | None
    tests: list[tuple[str, str, str]]


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Metric by metric: score before and after and the tests whose status changed."""

    def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {m["metric_identifier"]: m for m in report.get("results", [])}

    before, after = by_id(old), by_id(new)
    changes = []
    for metric_id in list(dict.fromkeys([*before, *after])):
        a, b = before.get(metric_id), after.get(metric_id)
        tests_a = (a or {}).get("metric_tests", {})
        tests_b = (b or {}).get("metric_tests", {})
        moved = [
            (t, tests_a.get(t, {}).get("metric_test_status", "-"), tests_b.get(t, {}).get("metric_test_status", "-"))
            for t in dict.fromkeys([*tests_a, *tests_b])
            if tests_a.get(t, {}).get("metric_test_status") != tests_b.get(t, {}).get("metric_test_status")
        ]
        score_a = a["score"]["earned"] if a else None
        score_b = b["score"]["earned"] if b else None
        if moved or score_a != score_b:
            name = (b or a or {}).get("metric_name", "")
            changes.append(Change(metric_id, name, score_a, score_b, moved))
    return changes
