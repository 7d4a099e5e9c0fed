"""The one assessment report model. JSON, text, HTML, badge and RDF are renderings of it.

Field names follow F-UJI's response (``request``, ``resolved_url``, ``metric_specification``,
``metric_version``, ``total_metrics``, ``summary``, ``results[]`` with ``metric_identifier``,
``metric_tests``, ``score``, ``maturity``, ``test_status``, ``output``) so users can compare; ours are
added beside them (findings, recommendations, harvest evidence, conflicts, FAIRport level).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding
from fairgauge.model.harvest import AssessmentStatus, HarvestResult
from fairgauge.model.metadata import Conflict

Outcome = Literal["pass", "fail", "error", "not_applicable"]
MATURITY_LABELS: dict[int, str] = {0: "incomplete", 1: "initial", 2: "moderate", 3: "advanced"}


class Score(FrozenModel):
    earned: float
    total: float


class TestResult(FrozenModel):
    """One practical test of a metric: its outcome, points, maturity and the evidence behind them."""

    metric_test_name: str
    metric_test_score: Score
    metric_test_maturity: int = Field(description="The test's maturity when it passed, else 0.")
    metric_test_status: Outcome
    check: str = Field(description="Id of the check implementation that ran.")
    findings: list[Finding] = Field(default_factory=list)
    recommendation: str | None = None
    output: dict[str, Any] = Field(default_factory=dict)


class MetricResult(FrozenModel):
    id: int
    metric_identifier: str
    metric_name: str
    principle: str
    metric_tests: dict[str, TestResult]
    test_status: Outcome
    score: Score
    maturity: int
    scored: bool = True
    output: dict[str, Any] = Field(default_factory=dict)


class Summary(FrozenModel):
    """F-UJI's summary blocks (same keys and meaning) plus ours: errored metrics and unevaluated points.

    For an object that was not assessed (not reached) earned points, percentages and maturities are
    ``null``, never 0: nothing was measured."""

    score_earned: dict[str, float | None]
    score_total: dict[str, float]
    score_percent: dict[str, float | None]
    status_total: dict[str, int]
    status_passed: dict[str, int]
    maturity: dict[str, float | None]
    status_error: dict[str, int] = Field(default_factory=dict)
    score_unevaluated: dict[str, float] = Field(default_factory=dict)


class FairportLevel(FrozenModel):
    """FORCE11 FAIRport level (Annex 3), computed from the results, with reasons. ``level`` is ``null``
    ("not determined") for an object that was not assessed."""

    level: int | None = Field(ge=0, le=4)
    reasons: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="What the next level needs.")


class Request(FrozenModel):
    object_identifier: str
    normalized_object_identifier: str | None = None
    metric_version: str
    profile: str
    metadata_service_endpoint: str | None = None
    metadata_service_type: str | None = None
    use_datacite: bool = True
    replayed_archives: list[str] = Field(default_factory=list)


class Report(FrozenModel):
    test_id: str
    request: Request
    resolved_url: str
    start_timestamp: datetime
    end_timestamp: datetime
    expiry_timestamp: datetime | None = None
    metric_specification: str
    metric_version: str
    profile: str
    # Ours, right after F-UJI's header fields (whose order F-UJI readers rely on).
    assessment_status: AssessmentStatus = Field(
        "assessed", description="not_assessed: the object was not reached; nothing is scored."
    )
    not_assessed_reason: str | None = Field(None, description="Why the object was not assessed.")
    software_version: str
    total_metrics: int
    summary: Summary
    results: list[MetricResult]
    informative_results: list[MetricResult] = Field(
        default_factory=list, description="Metrics run and reported but not scored by this profile (e.g. A2)."
    )
    fairport_level: FairportLevel
    conflicts: list[Conflict] = Field(default_factory=list)
    harvest: HarvestResult

    @property
    def assessed(self) -> bool:
        return self.assessment_status == "assessed"

    def result(self, metric_identifier: str) -> MetricResult | None:
        for item in (*self.results, *self.informative_results):
            if item.metric_identifier == metric_identifier:
                return item
        return None
