"""The compact result a run keeps per object: enough for exports, comparisons and the repository
report, small enough for a million objects (the full report stays with ``fairgauge assess``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fairgauge.store.runs import ResultRecord, ResultStatus

if TYPE_CHECKING:
    from fairgauge.model.report import Report


def report_status(report: Report) -> ResultStatus:
    """Not assessed when the report says so (issue 7's ``assessment_status``) or, for reports without
    that field, when nothing about the object could be retrieved at all (no landing page, no record):
    a score built on no evidence is no score."""
    status = getattr(report, "assessment_status", None)
    if status == "not_assessed":
        return "not_assessed"
    if status is None and report.harvest.landing_page is None and not report.harvest.records:
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
        reason = getattr(report, "not_assessed_reason", None) or _unreached_reason(report)
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


def _unreached_reason(report: Report) -> str:
    errors = [e.error for e in report.harvest.exchanges if e.error]
    if errors:
        return f"not reached: {errors[0]}"
    statuses = [str(e.status) for e in report.harvest.exchanges if e.status]
    return f"not reached (HTTP {', '.join(statuses[:3])})" if statuses else "not reached"


def error_result(identifier: str, key: str, message: str, elapsed_ms: float = 0.0) -> ResultRecord:
    return ResultRecord(
        key=key,
        identifier=identifier,
        status="error",
        error=message.splitlines()[0][:500] if message else "error",
        elapsed_ms=round(elapsed_ms, 1),
    )
