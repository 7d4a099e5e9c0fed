"""Assessments: queued by the API, run in the background, kept with their full report.

A report whose object could not be reached ("not assessed": summary percentages are null) is stored
with ``outcome = "not_assessed"`` and no ``fair_percent``: it is history, never a score.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from fairgauge.store.engine import as_utc, utcnow
from fairgauge.store.records import AssessmentRecord, AssessmentState, ReportJson, ReportOutcome
from fairgauge.store.schema import AssessmentRow


def report_outcome(report: dict[str, Any]) -> ReportOutcome:
    """Scored, or not assessed (``assessment_status: not_assessed``, or no FAIR percentage to show)."""
    if report.get("assessment_status") == "not_assessed":
        return "not_assessed"
    percent = (report.get("summary") or {}).get("score_percent") or {}
    return "scored" if isinstance(percent.get("FAIR"), int | float) else "not_assessed"


def _record(row: AssessmentRow, *, with_report: bool) -> AssessmentRecord:
    return AssessmentRecord(
        id=row.id,
        identifier=row.identifier,
        identifier_key=row.identifier_key,
        profile=row.profile,
        request=dict(row.request or {}),
        state=row.state,  # type: ignore[arg-type]
        created_at=as_utc(row.created_at),  # type: ignore[arg-type]
        started_at=as_utc(row.started_at),
        finished_at=as_utc(row.finished_at),
        outcome=row.outcome,  # type: ignore[arg-type]
        metric_version=row.metric_version,
        fair_percent=row.fair_percent,
        score_percent=row.score_percent,
        fairport_level=row.fairport_level,
        error=row.error,
        report=row.report if with_report else None,
    )


def started(
    identifier: str, identifier_key: str, profile: str, request: dict[str, Any], *, running: bool = True
) -> AssessmentRecord:
    """A new assessment's record, not stored yet: queued, or running from now."""
    now = utcnow()
    return AssessmentRecord(
        id=uuid.uuid4().hex,
        identifier=identifier,
        identifier_key=identifier_key,
        profile=profile,
        request=request,
        state="running" if running else "queued",
        created_at=now,
        started_at=now if running else None,
    )


def _columns(record: AssessmentRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "identifier": record.identifier,
        "identifier_key": record.identifier_key,
        "profile": record.profile,
        "request": record.request,
        "state": record.state,
        "created_at": record.created_at,
        "started_at": record.started_at,
    }


def _row(record: AssessmentRecord) -> AssessmentRow:
    return AssessmentRow(**_columns(record))


def _done(report: dict[str, Any] | ReportJson) -> dict[str, Any]:
    """The columns of a finished assessment: its report and the headline numbers read from it."""
    head = report.headline if isinstance(report, ReportJson) else report
    outcome = report_outcome(head)
    percent = (head.get("summary") or {}).get("score_percent") or {}
    level = (head.get("fairport_level") or {}).get("level")
    return {
        "state": "done",
        "finished_at": utcnow(),
        "outcome": outcome,
        "metric_version": head.get("metric_version"),
        "fair_percent": percent.get("FAIR") if outcome == "scored" else None,
        "score_percent": percent if outcome == "scored" else None,
        "fairport_level": level if outcome == "scored" else None,
        "report": report,
    }


def _failed(message: str) -> dict[str, Any]:
    return {"state": "failed", "finished_at": utcnow(), "error": message}


class Assessments:
    """Repository of assessments (every method opens and closes its own session)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(
        self,
        identifier: str,
        identifier_key: str,
        profile: str,
        request: dict[str, Any],
        *,
        running: bool = False,
    ) -> AssessmentRecord:
        """A new assessment, queued (``running=True``: its caller starts it at once)."""
        record = started(identifier, identifier_key, profile, request, running=running)
        with self._sessions.begin() as session:
            session.add(_row(record))
        return record

    def add_finished(
        self, record: AssessmentRecord, *, report: dict[str, Any] | ReportJson | None = None, error: str | None = None
    ) -> None:
        """Store an assessment its caller ran at once (``record`` from :func:`started`), done with its
        ``report`` or failed with ``error``: one transaction for the whole assessment (the F-UJI route,
        whose client waits for the answer, has nothing to resume if the server stops meanwhile)."""
        values = _done(report) if report is not None else _failed(error or "the assessment failed")
        # one INSERT statement, not the ORM's unit of work (flush, identity map, a row object to expire):
        # that bookkeeping was a quarter of this call's CPU (~0.13 ms), once per F-UJI evaluation
        with self._sessions.begin() as session:
            session.connection().execute(insert(AssessmentRow), {**_columns(record), **values})

    def _set(self, assessment_id: str, **values: Any) -> None:
        with self._sessions.begin() as session:
            session.execute(update(AssessmentRow).where(AssessmentRow.id == assessment_id).values(**values))

    def mark_running(self, assessment_id: str) -> None:
        self._set(assessment_id, state="running", started_at=utcnow())

    def complete(self, assessment_id: str, report: dict[str, Any] | ReportJson) -> None:
        """Store the finished report (its harvest evidence included) and its headline numbers; a
        :class:`ReportJson` is stored as the caller serialised it."""
        self._set(assessment_id, **_done(report))

    def fail(self, assessment_id: str, message: str) -> None:
        self._set(assessment_id, **_failed(message))

    def get(self, assessment_id: str, *, with_report: bool = True) -> AssessmentRecord | None:
        with self._sessions() as session:
            row = session.get(AssessmentRow, assessment_id)
            return _record(row, with_report=with_report) if row is not None else None

    def history(self, identifier_key: str, *, limit: int = 100, offset: int = 0) -> list[AssessmentRecord]:
        """Assessments of one identifier, oldest first (scores over time)."""
        query = (
            select(AssessmentRow)
            .where(AssessmentRow.identifier_key == identifier_key)
            .order_by(AssessmentRow.created_at, AssessmentRow.id)
            .limit(limit)
            .offset(offset)
        )
        with self._sessions() as session:
            return [_record(row, with_report=False) for row in session.scalars(query)]

    def latest(self, identifier_key: str, *, profile: str | None = None) -> AssessmentRecord | None:
        """The newest finished assessment of an identifier (what a README badge shows)."""
        query = select(AssessmentRow).where(
            AssessmentRow.identifier_key == identifier_key, AssessmentRow.state == "done"
        )
        if profile:
            query = query.where(AssessmentRow.profile == profile)
        query = query.order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc()).limit(1)
        with self._sessions() as session:
            row = session.scalars(query).first()
            return _record(row, with_report=True) if row is not None else None

    def recent(self, *, limit: int = 50, state: AssessmentState | None = None) -> list[AssessmentRecord]:
        query = select(AssessmentRow)
        if state:
            query = query.where(AssessmentRow.state == state)
        query = query.order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc()).limit(limit)
        with self._sessions() as session:
            return [_record(row, with_report=False) for row in session.scalars(query)]

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(AssessmentRow)) or 0)

    def unfinished(self) -> list[AssessmentRecord]:
        """Assessments a stopped server left queued or running, oldest first (to run again at start-up)."""
        query = (
            select(AssessmentRow)
            .where(AssessmentRow.state.in_(("queued", "running")))
            .order_by(AssessmentRow.created_at, AssessmentRow.id)
        )
        with self._sessions() as session:
            return [_record(row, with_report=False) for row in session.scalars(query)]
