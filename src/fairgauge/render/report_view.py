"""What every human-facing rendering of a report derives from it, computed once and in one place.

Text and HTML must tell the same story (same status words, same "what to do" list in the same order,
same top findings), so the derivations live here and the formats only lay them out. Nothing here
formats for a medium; it returns plain data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from fairgauge.model.findings import Finding
from fairgauge.model.report import MATURITY_LABELS, MetricResult, Outcome, Report, Score, TestResult

# "error" means the check could not be evaluated (evidence missing, service down): it must never read
# as a failure. Words carry the meaning; symbols and colours only repeat it.
STATUS_LABELS: dict[Outcome, str] = {
    "pass": "pass",
    "fail": "fail",
    "error": "could not evaluate",
    "not_applicable": "not applicable",
}
STATUS_SYMBOLS: dict[Outcome, str] = {"pass": "✓", "fail": "✗", "error": "?", "not_applicable": "–"}
CATEGORY_NAMES: dict[str, str] = {"F": "Findable", "A": "Accessible", "I": "Interoperable", "R": "Reusable"}
FAIRPORT_LEVELS: dict[int, str] = {
    0: "not yet level 1, which needs a persistent identifier and machine-readable core metadata",
    1: "a persistent identifier and intrinsic, machine-readable FAIR metadata",
    2: "level 1 plus rich provenance and maintained metadata",
    3: "level 2 plus technically FAIR data elements (access or licence may be restricted)",
    4: "metadata and data fully FAIR and public under a well-defined licence",
}
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
TestLabel = Literal["pass", "fail", "error", "not_applicable", "unscored"]
"""What a page shows for a test: its outcome, or ``unscored`` when the test is worth no points."""
TEST_LABELS: dict[TestLabel, str] = {
    **{status: f"{STATUS_SYMBOLS[status]} {label}" for status, label in STATUS_LABELS.items()},
    "unscored": "○ not scored",
}
NOT_ASSESSED = "not assessed"
NOT_DETERMINED = "not determined"


def fairport_text(level: int | None) -> str:
    """The level's meaning; ``None`` (an object that was not assessed) is "not determined"."""
    if level is None:
        return "the object was not assessed"
    return FAIRPORT_LEVELS[level]


def fairport_heading(level: int | None) -> str:
    return f"Level {NOT_DETERMINED}" if level is None else f"Level {level} of 4"


def percent_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} %"


def no_sources(report: Report) -> bool:
    """No metadata source was read: there was nothing that could agree or disagree."""
    return not report.harvest.records


def status_label(status: Outcome) -> str:
    return STATUS_LABELS[status]


def status_text(status: Outcome) -> str:
    """Symbol plus words, for media where the symbol alone would be ambiguous."""
    return f"{STATUS_SYMBOLS[status]} {STATUS_LABELS[status]}"


def test_label(metric: MetricResult, test: TestResult) -> TestLabel:
    """A test worth no points (or of a metric the profile does not score) that passed or failed is
    'not scored': shown as a failure next to scored ones it would read as lost points."""
    if test.metric_test_status in {"fail", "pass"} and (not metric.scored or test.metric_test_score.total == 0):
        return "unscored"
    return test.metric_test_status


def test_label_text(metric: MetricResult, test: TestResult) -> str:
    return TEST_LABELS[test_label(metric, test)]


def points(value: float | None) -> str:
    """Scores are floats in the model (0.5 points exist); whole numbers read better without '.0'."""
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def points_phrase(value: float) -> str:
    return f"{points(value)} point" + ("" if value == 1 else "s")


def score_text(score: Score) -> str:
    return f"{points(score.earned)}/{points(score.total)}"


def percent_of(score: Score) -> float:
    return round(score.earned / score.total * 100, 2) if score.total else 0.0


def maturity_label(value: float | None) -> str:
    """Summary maturities are means (FAIR = 2.25); a mean between two levels is said to be between them."""
    if value is None:
        return NOT_ASSESSED
    if float(value).is_integer():
        return MATURITY_LABELS.get(int(value), str(value))
    low, high = int(value), int(value) + 1
    return f"between {MATURITY_LABELS.get(low, low)} and {MATURITY_LABELS.get(high, high)}"


def maturity_text(value: float | None) -> str:
    return "-" if value is None else f"{points(value)} {maturity_label(value)}"


@dataclass(frozen=True)
class PrincipleRow:
    """One line of the summary: a FAIR category (or the whole) with points, percent and maturity."""

    key: str
    name: str
    earned: float | None
    total: float
    percent: float | None
    maturity: float | None
    passed: int
    metrics: int
    errors: int
    unevaluated: float


def summary_rows(report: Report) -> list[PrincipleRow]:
    """F, A, I, R then FAIR, skipping categories the profile does not score."""
    summary = report.summary
    keys = [k for k in CATEGORY_NAMES if k in summary.score_total] + ["FAIR"]
    return [
        PrincipleRow(
            key=key,
            name=CATEGORY_NAMES.get(key, "FAIR overall"),
            earned=summary.score_earned.get(key),
            total=summary.score_total.get(key, 0.0),
            percent=summary.score_percent.get(key),
            maturity=summary.maturity.get(key),
            passed=summary.status_passed.get(key, 0),
            metrics=summary.status_total.get(key, 0),
            errors=summary.status_error.get(key, 0),
            unevaluated=summary.score_unevaluated.get(key, 0.0),
        )
        for key in keys
    ]


def all_metrics(report: Report) -> list[MetricResult]:
    """Scored metrics first (in the profile's order), then the informative ones."""
    return [*report.results, *report.informative_results]


def iter_tests(report: Report) -> Iterator[tuple[MetricResult, str, TestResult]]:
    for metric in all_metrics(report):
        for test_id, test in metric.metric_tests.items():
            yield metric, test_id, test


@dataclass(frozen=True)
class Action:
    """A test that did not pass, with what it costs and what to do about it."""

    metric: MetricResult
    test_id: str
    test: TestResult
    points_lost: float

    @property
    def advice(self) -> str:
        """The recommendation; without one, what the check found is the next best guide."""
        if self.test.recommendation:
            return self.test.recommendation
        problems = [f.message for f in self.test.findings if f.severity != "info"]
        return "; ".join(problems) or "no recommendation given"


def _action(metric: MetricResult, test_id: str, test: TestResult) -> Action:
    lost = max(test.metric_test_score.total - test.metric_test_score.earned, 0.0) if metric.scored else 0.0
    return Action(metric=metric, test_id=test_id, test=test, points_lost=lost)


def what_to_do(report: Report) -> list[Action]:
    """Failed tests, those that cost the most points first (stable within equal cost: profile order).
    An object that was not assessed gets no list of fixes: nothing about it was judged."""
    if not report.assessed:
        return []
    failed = [_action(m, t_id, t) for m, t_id, t in iter_tests(report) if t.metric_test_status == "fail"]
    return sorted(failed, key=lambda action: -action.points_lost)


def scored_fixes(report: Report) -> list[Action]:
    """Failed tests that cost points, the most first: the ranked "what to fix first"."""
    return [action for action in what_to_do(report) if action.points_lost > 0]


def unscored_fixes(report: Report) -> list[Action]:
    """Failed tests worth no points: advice, shown apart from the fixes that cost points."""
    return [action for action in what_to_do(report) if action.points_lost == 0]


def not_evaluated(report: Report) -> list[Action]:
    """Tests that could not be evaluated: not failures, but points the score could not account for.
    (For an object that was not assessed that is every test, for one reason said once at the top.)"""
    if not report.assessed:
        return []
    return [_action(m, t_id, t) for m, t_id, t in iter_tests(report) if t.metric_test_status == "error"]


@dataclass(frozen=True)
class SourcedFinding:
    """A finding and where in the report it came from (a test id, 'harvest', 'signposting', a record)."""

    source: str
    finding: Finding


def _all_findings(report: Report) -> Iterator[SourcedFinding]:
    for _metric, test_id, test in iter_tests(report) if report.assessed else ():  # else: one reason, said at the top
        if test.metric_test_status != "pass":
            yield from (SourcedFinding(test_id, f) for f in test.findings)
    harvest = report.harvest
    yield from (SourcedFinding("signposting", f) for f in harvest.signposting.warnings)
    yield from (SourcedFinding("harvest", f) for f in harvest.findings)
    for record in harvest.records:
        yield from (SourcedFinding(f"record {record.method}/{record.standard}", f) for f in record.findings)


def top_findings(report: Report, limit: int | None = 10) -> list[SourcedFinding]:
    """Errors, then warnings; test findings before harvest ones (they explain scores); no repeats."""
    seen: set[tuple[str, str]] = set()
    unique: list[SourcedFinding] = []
    for item in _all_findings(report):
        key = (item.finding.code, item.finding.message)
        if item.finding.severity != "info" and key not in seen:
            seen.add(key)
            unique.append(item)
    unique.sort(key=lambda item: _SEVERITY_RANK[item.finding.severity])
    return unique if limit is None else unique[:limit]
