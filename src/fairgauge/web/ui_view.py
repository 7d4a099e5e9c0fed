"""What the web UI's report and history pages show, computed from the report model (pure: no web here).

The parts both report pages show (summary, what to fix first, statuses, typed links) are derived in
render.report_view / render.report_evidence and laid out by render's report_parts.html.j2, shared with
the standalone HTML report; what is only on the web page (merged metadata, comparisons) is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fairgauge.model.report import Report
from fairgauge.render import report_evidence as evidence


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
