"""Text: what a data steward reads top to bottom, with statuses in words and no colour codes."""

from __future__ import annotations

import re

import pytest

from fairgauge.model import report as model
from fairgauge.model.report import MATURITY_LABELS, MetricResult, Report
from fairgauge.render.report import render
from fairgauge.render.report_text import render_text
from tests.render.conftest import MAIN_CASES, Reports, rendered, with_conflict

WIDE = 250  # wide enough that no recommendation is wrapped


def _flat(text: str) -> str:
    return " ".join(text.split())


WORDS = {"pass": "✓ pass", "fail": "✗ fail", "error": "? could not evaluate", "not_applicable": "– not applicable"}


def _shown_status(metric: MetricResult, test: model.TestResult) -> str:
    """What the text must say: a pass or fail worth no points is "not scored", never a failure."""
    if test.metric_test_status in ("pass", "fail") and (not metric.scored or test.metric_test_score.total == 0):
        return "○ not scored"
    return WORDS[test.metric_test_status]


def _section(text: str, title: str, following: str | None) -> str:
    start = text.index(f"\n{title} ─")
    end = text.index(f"\n{following} ─") if following else len(text)
    return text[start:end]


def test_header_says_what_was_assessed(zenodo: Report) -> None:
    text = rendered(zenodo, "text")
    head = text[: text.index("Summary")]
    assert "FAIR assessment of 10.5281/zenodo.1196821" in head
    assert "10.5281/zenodo.1196821 (doi, persistent)" in head
    assert f"Resolved URL   {zenodo.resolved_url}" in head
    assert "fsf-0.8: FsF metrics v0.8 (https://doi.org/10.5281/zenodo.15045911)" in head
    assert zenodo.start_timestamp.isoformat() in head and zenodo.end_timestamp.isoformat() in head


def test_sections_come_in_reading_order(zenodo: Report) -> None:
    text = rendered(zenodo, "text")
    titles = ["Summary", "Metrics", "Tests", "Top findings", "What to do", "FAIRport level", "Source conflicts"]
    positions = [text.index(f"\n{title} ") for title in titles]
    assert positions == sorted(positions)


@pytest.mark.parametrize("case", MAIN_CASES)
def test_summary_per_principle(reports: Reports, case: str) -> None:
    report = reports(case)
    summary = _section(rendered(report, "text", width=WIDE), "Summary", f"Metrics ({report.total_metrics} scored)")
    for key, name in [("F", "Findable"), ("A", "Accessible"), ("I", "Interoperable"), ("R", "Reusable")]:
        earned, total = report.summary.score_earned[key], report.summary.score_total[key]
        maturity = int(report.summary.maturity[key])
        row = next(line for line in summary.splitlines() if f" {name} " in line)
        assert f"{earned:g}/{total:g}" in row
        assert f"{report.summary.score_percent[key]:.2f} %" in row
        assert f"{maturity} {MATURITY_LABELS[maturity]}" in row
    fair = next(line for line in summary.splitlines() if "FAIR overall" in line)
    assert f"{report.summary.score_percent['FAIR']:.2f} %" in fair


def test_every_metric_and_test_with_its_status(zenodo_05: Report) -> None:
    text = rendered(zenodo_05, "text", width=WIDE)
    metrics = _section(text, f"Metrics ({zenodo_05.total_metrics} scored)", "Tests")
    for metric in [*zenodo_05.results, *zenodo_05.informative_results]:
        row = next(line for line in metrics.splitlines() if f" {metric.metric_identifier} " in line)
        assert f"{metric.score.earned:g}/{metric.score.total:g}" in row
        assert (WORDS[metric.test_status] if metric.scored else "○ not scored by this profile") in row
        assert metric.metric_name in row
    a2 = next(line for line in metrics.splitlines() if "FsF-A2-01M" in line)
    assert "○ not scored by this profile" in a2 and "✗ fail" not in a2
    tests = _section(text, "Tests", "Top findings")
    seen = set()
    for metric in zenodo_05.results:
        for test_id, test in metric.metric_tests.items():
            row = next(line for line in tests.splitlines() if f" {test_id} " in line)
            assert _shown_status(metric, test) in row
            seen.add(test.metric_test_status)
    assert seen == {"pass", "fail", "error", "not_applicable"}, "the case shows all four statuses"


def test_failed_tests_worth_no_points_are_not_failures(zenodo: Report) -> None:
    """Zenodo (FsF 0.8) fails FsF-F1-02MD-4, FsF-F1-02MD-5 and FsF-R1-01M-3, each worth 0 points: in the
    tests table they read "not scored", not "fail", and under "What to do" they are advice apart from
    the numbered fixes that cost points (as in the HTML report)."""
    text = render(zenodo, "text", width=WIDE)
    free = ["FsF-F1-02MD-4", "FsF-F1-02MD-5", "FsF-R1-01M-3"]
    tests = _section(text, "Tests", "Top findings")
    for test_id in free:
        row = next(line for line in tests.splitlines() if f" {test_id} " in line)
        assert "○ not scored" in row and "✗ fail" not in row, row
    assert any("✗ fail" in line for line in tests.splitlines()), "scored failures still read fail"
    todo = _section(text, "What to do", "FAIRport level")
    fixes, _, apart = todo.partition("Also worth doing (not scored):")
    assert [line.split()[1] for line in apart.splitlines() if line.strip().startswith("- ")] == free
    for test_id in free:
        assert test_id not in fixes


def test_what_to_do_lists_each_failed_recommendation_and_never_an_error(zenodo_05: Report) -> None:
    text = rendered(zenodo_05, "text", width=WIDE)
    todo = _flat(_section(text, "What to do", "FAIRport level"))
    failed = [
        (t_id, t) for m in zenodo_05.results for t_id, t in m.metric_tests.items() if t.metric_test_status == "fail"
    ]
    assert failed
    for test_id, test in failed:
        assert test.recommendation and _flat(test.recommendation) in todo
        numbered = re.search(rf"\d+\. {re.escape(test_id)} ", todo)
        assert bool(numbered) == (test.metric_test_score.total > 0), test_id  # worth nothing: listed apart
    could_not = todo[todo.index("Could not evaluate") :]
    errored = [t_id for m in zenodo_05.results for t_id, t in m.metric_tests.items() if t.metric_test_status == "error"]
    assert errored
    for test_id in errored:
        assert f"? {test_id} " in could_not
        assert not re.search(rf"\d+\. {re.escape(test_id)} ", todo), "an error is not something that failed"


def test_what_to_do_puts_lost_points_first(zenodo_05: Report) -> None:
    todo = _section(rendered(zenodo_05, "text", width=WIDE), "What to do", "FAIRport level")
    costs = re.findall(r"^\s*\d+\. \S+ .*\((\d+(?:\.\d+)?) points? lost\)$", todo, re.MULTILINE)
    assert len(costs) > 1 and [float(c) for c in costs] == sorted((float(c) for c in costs), reverse=True)
    assert "no points lost" not in todo


def test_fairport_level_with_reasons_and_next_step(zenodo: Report) -> None:
    part = _flat(_section(rendered(zenodo, "text", width=WIDE), "FAIRport level", "Source conflicts"))
    level = zenodo.fairport_level
    assert f"Level {level.level} of 4" in part
    for reason in level.reasons:
        assert f"✓ {reason}" in part
    assert level.missing
    for item in level.missing:
        assert item in part


def test_level_zero_says_what_level_one_needs(reports: Reports) -> None:
    report = reports("a2a/29-http-500-server-error")
    part = _flat(_section(rendered(report, "text", width=WIDE), "FAIRport level", "Source conflicts"))
    assert "Level 0 of 4" in part
    assert "level 1 needs core citation metadata" in part


def test_conflicts_show_each_value_with_its_sources(zenodo: Report) -> None:
    report = with_conflict(zenodo, title="Another title")
    part = _section(rendered(report, "text", width=WIDE), "Source conflicts", None)
    values = report.conflicts[0].values
    assert "title: Sources disagree on the title" in part
    for value in values:
        line = next(line for line in part.splitlines() if str(value.value) in line and "from" in line)
        assert value.sources[0].method in line
    assert "The metadata sources agree." in rendered(zenodo, "text")


def test_no_colour_codes_and_no_trailing_blanks(zenodo: Report) -> None:
    text = rendered(zenodo, "text")
    assert "\x1b[" not in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_colour_only_repeats_the_words(zenodo: Report) -> None:
    plain = render_text(zenodo, width=120)
    coloured = render_text(zenodo, width=120, color=True)
    assert "\x1b[" in coloured
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert [line.rstrip() for line in stripped.splitlines()] == plain.splitlines()
