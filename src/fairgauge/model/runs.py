"""One object's outcome in a batch run, as the worker processes hand it to the committer.

Why here and not in ``store``: the batch workers build these records and never touch the database, so
the record must not pull SQLAlchemy and Alembic into every worker's start-up (a fifth of its import
time); the store and the exports read the same record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# "scored": reached and scored; "not_assessed": could not be reached (never a score, never averaged);
# "error": the assessment itself failed (bad identifier, internal error), with the message kept.
ResultStatus = Literal["scored", "not_assessed", "error"]
RESULT_STATUSES: tuple[ResultStatus, ...] = ("scored", "not_assessed", "error")


@dataclass(frozen=True)
class ResultRecord:
    """One object's outcome in a run. ``metrics``: metric identifier -> {principle, earned, total,
    maturity, tests: {test name -> {status, earned, total, recommendation}}}."""

    key: str
    identifier: str
    status: ResultStatus
    fair_percent: float | None = None
    score_percent: dict[str, float | None] | None = None
    maturity: dict[str, float | None] | None = None
    fairport_level: int | None = None
    metrics: dict[str, Any] | None = None
    error: str | None = None
    elapsed_ms: float | None = None
    position: int = 0

    def as_json(self) -> dict[str, Any]:
        """The object's row as the runs API answers it (``elapsed_ms`` and ``position`` are book-keeping)."""
        return {
            "identifier": self.identifier,
            "key": self.key,
            "status": self.status,
            "fair_percent": self.fair_percent,
            "score_percent": self.score_percent,
            "maturity": self.maturity,
            "fairport_level": self.fairport_level,
            "metrics": self.metrics,
            "error": self.error,
        }
