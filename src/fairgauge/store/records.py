"""Plain records the store hands out (no ORM objects escape the store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

AssessmentState = Literal["queued", "running", "done", "failed"]
# "scored": the object was reached and scored; "not_assessed": it could not be reached, so there is no
# score (summary percentages are null) and it must never be shown or averaged as one.
ReportOutcome = Literal["scored", "not_assessed"]


@dataclass(frozen=True)
class AssessmentRecord:
    """One assessment: what was asked, its state, the headline numbers and (when done) the full report."""

    id: str
    identifier: str
    identifier_key: str
    profile: str
    request: dict[str, Any]
    state: AssessmentState
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    outcome: ReportOutcome | None = None
    metric_version: str | None = None
    fair_percent: float | None = None
    score_percent: dict[str, float | None] | None = None
    fairport_level: int | None = None
    error: str | None = None
    report: dict[str, Any] | None = None


@dataclass(frozen=True)
class ReportJson:
    """A finished report handed to the store already serialised: ``text`` is its whole JSON (stored as
    is; the service writes it once with pydantic's serializer and reuses it for its answer), ``headline``
    the few top-level keys the store reads its columns from (``assessment_status``, ``summary``,
    ``fairport_level``, ``metric_version``)."""

    text: str
    headline: dict[str, Any]


@dataclass(frozen=True)
class TokenRecord:
    """An API token as stored: only a hash of the secret is kept."""

    id: int
    name: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None
