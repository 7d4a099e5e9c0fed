"""The compact result a run keeps per object: enough for exports, comparisons and the repository
report, small enough for a million objects (the full report stays with ``fairgauge assess``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fairgauge.model.runs import ResultRecord, ResultStatus

if TYPE_CHECKING:
    from fairgauge.model.report import Report


def report_status(report: Report) -> ResultStatus:
    """Not assessed when the report says so (the object was not reached), or when it holds no FAIR
    score at all: a number built on no evidence is no score."""
    if report.assessment_status == "not_assessed":
        return "not_assessed"
    if not isinstance(report.summary.score_percent.get("FAIR"), int | float):
        return "not_assessed"
    return "scored"


def _metrics(report: Report) -> dict[str, Any]:
    metrics: dict[str, Any] = {}
    for result in report.results:
        metrics[result.metric_identifier] = {
            "principle": result.principle,
            "earned": result.score.earned,
            "total": result.score.total,
            "maturity": result.maturity,
            "status": result.test_status,
            "tests": {
                name: {
                    "status": test.metric_test_status,
                    "earned": test.metric_test_score.earned,
                    "total": test.metric_test_score.total,
                    **({"recommendation": test.recommendation} if test.recommendation else {}),
                }
                for name, test in result.metric_tests.items()
            },
        }
    return metrics


def summarize(identifier: str, key: str, report: Report, elapsed_ms: float) -> ResultRecord:
    """The run's record of one report; a not-assessed object carries no number at all."""
    status = report_status(report)
    if status != "scored":
        reason = report.not_assessed_reason or "no FAIR score: none of the profile's metrics could be scored"
        return ResultRecord(
            key=key, identifier=identifier, status=status, error=reason, elapsed_ms=round(elapsed_ms, 1)
        )
    summary = report.summary
    return ResultRecord(
        key=key,
        identifier=identifier,
        status="scored",
        fair_percent=summary.score_percent.get("FAIR"),
        score_percent=dict(summary.score_percent),
        maturity=dict(summary.maturity),
        fairport_level=report.fairport_level.level,
        metrics=_metrics(report),
        elapsed_ms=round(elapsed_ms, 1),
    )


def error_result(identifier: str, key: str, message: str, elapsed_ms: float = 0.0) -> ResultRecord:
    return ResultRecord(
        key=key,
        identifier=identifier,
        status="error",
        error=message.splitlines()[0][:500] if message else "error",
        elapsed_ms=round(elapsed_ms, 1),
    )
