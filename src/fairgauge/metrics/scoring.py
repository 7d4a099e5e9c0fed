"""From check outcomes to scored metric results and F-UJI-comparable summaries.

Rules (the profile declares the mechanism per metric; code does not hard-code it):
- a test earns its points only when it passes; its maturity is the test's maturity when it passes;
- cumulative metrics add the points of passed tests (capped at the total), alternative ones take the
  best passed test; metric maturity is the highest maturity among passed tests;
- ``error`` (could not evaluate) earns nothing but is never reported as ``fail``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fairgauge.metrics.base import CheckResult, Evidence, judge
from fairgauge.metrics.profile import MetricSpec, Profile
from fairgauge.metrics.registry import CheckRegistry
from fairgauge.model.report import MetricResult, Outcome, Score, Summary, TestResult

CATEGORIES = ("A", "F", "I", "R")


@dataclass(frozen=True)
class Scored:
    results: list[MetricResult]
    informative: list[MetricResult]


class CheckRunner:
    """Runs checks for one assessment, each distinct (check, params) once, every one under the evidence
    rule (:func:`fairgauge.metrics.base.judge`): no evidence, no score."""

    def __init__(self, evidence: Evidence, registry: CheckRegistry) -> None:
        self._evidence = evidence
        self._registry = registry
        self._cache: dict[str, CheckResult] = {}

    def run(self, check_id: str, params: Mapping[str, Any] | None = None) -> CheckResult:
        """``params`` as the profile gives them; :func:`~fairgauge.metrics.profile.load_profile` has
        validated them against the check's params model, so parsing them again here cannot fail."""
        key = f"{check_id}|{json.dumps(params, sort_keys=True)}" if params else check_id  # most take none
        if key not in self._cache:
            check = self._registry.get(check_id)
            self._cache[key] = judge(check, self._evidence, check.parse_params(params or {}))
        return self._cache[key]

    def outcome(self, check_id: str) -> Outcome:
        return self.run(check_id).outcome


def score_profile(profile: Profile, runner: CheckRunner) -> Scored:
    """Run every test of the profile and score the metrics (scored and informative ones)."""
    scored: list[MetricResult] = []
    informative: list[MetricResult] = []
    for metric in sorted(profile.metrics, key=lambda m: m.number):
        result = _score_metric(metric, runner)
        (scored if metric.scored else informative).append(result)
    return Scored(scored, informative)


def _score_metric(metric: MetricSpec, runner: CheckRunner) -> MetricResult:
    tests: dict[str, TestResult] = {}
    output: dict[str, Any] = {}
    for test in metric.tests:
        checked = runner.run(test.check, test.params)
        passed = checked.outcome == "pass"
        tests[test.id] = TestResult(
            metric_test_name=test.name,
            metric_test_score=Score(earned=test.score if passed else 0, total=test.score),
            metric_test_maturity=test.maturity if passed else 0,
            metric_test_status=checked.outcome,
            check=test.check,
            findings=list(checked.findings),
            recommendation=checked.recommendation if checked.outcome == "fail" else None,
            output=dict(checked.output),
        )
        merge_output(output, checked.output)
    earned = _earned(metric, tests.values())
    return MetricResult(
        id=metric.number,
        metric_identifier=metric.id,
        metric_name=metric.name,
        principle=metric.principle,
        metric_tests=tests,
        test_status=_metric_status(tests.values(), earned),
        score=Score(earned=earned, total=metric.total_score),
        maturity=max((t.metric_test_maturity for t in tests.values()), default=0),
        scored=metric.scored,
        output=output,
    )


def merge_output(output: dict[str, Any], part: Mapping[str, Any]) -> None:
    """Add one test's output to its metric's: lists are joined (an item once), anything else is the
    later test's. Tests of a metric report different slices of one list (the metadata identifier and the
    data identifiers, records found and data retrieved): replacing would drop an earlier test's evidence
    whenever a later one found nothing."""
    for key, value in part.items():
        held = output.get(key)
        if isinstance(held, list) and isinstance(value, list):
            output[key] = held + [item for item in value if item not in held]
        else:
            output[key] = value


def _earned(metric: MetricSpec, tests: Iterable[TestResult]) -> float:
    points = [t.metric_test_score.earned for t in tests if t.metric_test_status == "pass"]
    if not points:
        return 0
    raw = max(points) if metric.scoring == "alternative" else sum(points)
    return round(min(raw, metric.total_score), 2)


def _metric_status(tests: Iterable[TestResult], earned: float) -> Outcome:
    statuses = [t.metric_test_status for t in tests]
    if earned > 0:
        return "pass"
    if "error" in statuses:
        return "error"
    if statuses and all(s == "not_applicable" for s in statuses):
        return "not_applicable"
    return "fail"


def unscored(summary: Summary) -> Summary:
    """The summary of an object that was not assessed: what the profile offers and what errored, but no
    earned points, percentages or maturities (null, not 0: nothing was measured)."""
    return summary.model_copy(
        update={
            "score_earned": dict.fromkeys(summary.score_earned),
            "score_percent": dict.fromkeys(summary.score_percent),
            "maturity": dict.fromkeys(summary.maturity),
        }
    )


def summarize(results: Sequence[MetricResult]) -> Summary:
    """F-UJI's summary: sums per category, principle and FAIR; maturity means; metric counts."""
    principles = sorted({r.principle for r in results})
    groups: dict[str, list[MetricResult]] = {c: [r for r in results if r.principle[0] == c] for c in CATEGORIES}
    groups.update({p: [r for r in results if r.principle == p] for p in principles})
    score_keys = [*[c for c in CATEGORIES if groups[c]], *principles]
    status_keys = [*principles, *[c for c in CATEGORIES if groups[c]]]
    earned = {k: round(sum(r.score.earned for r in groups[k]), 2) for k in score_keys}
    total = {k: round(sum(r.score.total for r in groups[k]), 2) for k in score_keys}
    earned["FAIR"] = round(sum(r.score.earned for r in results), 2)
    total["FAIR"] = round(sum(r.score.total for r in results), 2)
    percent: dict[str, float | None] = {k: round(earned[k] / total[k] * 100, 2) if total[k] else 0.0 for k in earned}
    maturity = {k: _mean_maturity([r.maturity for r in groups[k]]) for k in score_keys}
    categories = [maturity[c] for c in CATEGORIES if c in maturity]
    maturity["FAIR"] = round(sum(categories) / len(categories), 2) if categories else 0.0
    return Summary(
        score_earned=dict(earned),
        score_total=total,
        score_percent=percent,
        status_total=_count(status_keys, groups, results, lambda r: True),
        status_passed=_count(status_keys, groups, results, lambda r: r.test_status == "pass"),
        maturity=dict(maturity),
        status_error=_count(status_keys, groups, results, lambda r: r.test_status == "error"),
        score_unevaluated=_unevaluated(score_keys, groups, results),
    )


def _mean_maturity(values: Sequence[int]) -> float:
    """F-UJI's rule: a mean strictly between 0 and 1 becomes 1, otherwise it is rounded."""
    if not values:
        return 0.0
    mean = sum(values) / len(values)
    return 1.0 if 0 < mean < 1 else float(round(mean))


def _count(
    keys: Sequence[str], groups: Mapping[str, list[MetricResult]], results: Sequence[MetricResult], predicate: Any
) -> dict[str, int]:
    counts = {k: sum(1 for r in groups[k] if predicate(r)) for k in keys}
    counts["FAIR"] = sum(1 for r in results if predicate(r))
    return counts


def _unevaluated(
    keys: Sequence[str], groups: Mapping[str, list[MetricResult]], results: Sequence[MetricResult]
) -> dict[str, float]:
    """Points of tests that could not be evaluated (error): what a re-run might still earn."""

    def points(items: Iterable[MetricResult]) -> float:
        return round(
            sum(
                t.metric_test_score.total
                for r in items
                for t in r.metric_tests.values()
                if t.metric_test_status == "error"
            ),
            2,
        )

    values = {k: points(groups[k]) for k in keys}
    values["FAIR"] = points(results)
    return values
