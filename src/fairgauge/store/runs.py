"""Batch runs: a named run, the identifiers it assesses (fixed when it starts), and one result per object.

Why three tables: the item list is written once, in one transaction, before any assessment, so a run
killed at any moment resumes against exactly the same objects; each result is committed on its own as
it arrives, and the primary key (run, object key) makes a result that arrives twice impossible to store
twice. A result keeps the compact numbers (status, per-principle and per-metric scores, test outcomes)
that exports, comparisons and reports need, not the full report: a million objects stay queryable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Insert,
    Integer,
    Select,
    String,
    Text,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from fairgauge.model.runs import RESULT_STATUSES, ResultRecord, ResultStatus
from fairgauge.store.engine import Store, as_utc, utcnow
from fairgauge.store.schema import Base, JsonType

__all__ = ["RESULT_STATUSES", "ResultRecord", "ResultStatus", "ResultWriter", "RunExistsError", "RunRecord", "Runs"]


class BatchRunRow(Base):
    __tablename__ = "batch_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    profile: Mapped[str] = mapped_column(String(200))
    software_version: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any]] = mapped_column(JsonType)
    settings: Mapped[dict[str, Any]] = mapped_column(JsonType)
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BatchItemRow(Base):
    __tablename__ = "batch_items"

    run_id: Mapped[int] = mapped_column(ForeignKey("batch_runs.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    identifier: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_batch_items_run_position", "run_id", "position"),)


class BatchResultRow(Base):
    __tablename__ = "batch_results"

    run_id: Mapped[int] = mapped_column(ForeignKey("batch_runs.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    identifier: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    fair_percent: Mapped[float | None] = mapped_column(Float)
    score_percent: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    maturity: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    fairport_level: Mapped[int | None] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    error: Mapped[str | None] = mapped_column(Text)
    elapsed_ms: Mapped[float | None] = mapped_column(Float)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class RunRecord:
    id: int
    name: str
    profile: str
    software_version: str
    inputs: dict[str, Any]
    settings: dict[str, Any]
    total: int
    created_at: datetime
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def finished(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> dict[str, Any]:
        """What ``runs show --json`` and the runs API both lead with (one shape for scripts of either)."""
        return {
            "name": self.name,
            "profile": self.profile,
            "software_version": self.software_version,
            "created_at": self.created_at.isoformat(),
            "total": self.total,
            "finished": self.finished,
            "pending": self.total - self.finished,
            "counts": {s: self.counts.get(s, 0) for s in ("scored", "not_assessed", "error")},
        }


def _run(row: BatchRunRow, counts: dict[str, int]) -> RunRecord:
    return RunRecord(
        id=row.id,
        name=row.name,
        profile=row.profile,
        software_version=row.software_version,
        inputs=dict(row.inputs or {}),
        settings=dict(row.settings or {}),
        total=row.total,
        created_at=as_utc(row.created_at),  # type: ignore[arg-type]
        counts=counts,
    )


def _results_query(run_id: int) -> Select[BatchResultRow, int]:
    return (
        select(BatchResultRow, BatchItemRow.position)
        .join(
            BatchItemRow,
            (BatchItemRow.run_id == BatchResultRow.run_id) & (BatchItemRow.key == BatchResultRow.key),
        )
        .where(BatchResultRow.run_id == run_id)
        .order_by(BatchItemRow.position)
    )


def _result(row: BatchResultRow, position: int) -> ResultRecord:
    return ResultRecord(
        key=row.key,
        identifier=row.identifier,
        status=row.status,  # type: ignore[arg-type]
        fair_percent=row.fair_percent,
        score_percent=row.score_percent,
        maturity=row.maturity,
        fairport_level=row.fairport_level,
        metrics=row.metrics,
        error=row.error,
        elapsed_ms=row.elapsed_ms,
        position=position,
    )


def _insert_new(dialect: str) -> Insert:
    """INSERT that skips a row whose (run, key) is stored already: a duplicate is a normal outcome (a
    resumed run, a Dask task retried), not an exception to raise, roll back and catch."""
    insert_row = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_row(BatchResultRow).on_conflict_do_nothing(index_elements=["run_id", "key"])
    return statement.execution_options(preserve_rowcount=True)  # psycopg's is gone once the cursor closes


class ResultWriter:
    """Commits a run's results one by one on one connection held for the run.

    Why: every result is its own transaction, committed as it arrives (the resume contract), but taking
    a pooled connection, pinging it and building an ORM session for each was most of the parent's work
    per object. A connection the database dropped meanwhile is opened again once, and the result written.
    """

    def __init__(self, engine: Engine, run_id: int) -> None:
        self._engine = engine
        self._run_id = run_id
        self._statement = _insert_new(engine.dialect.name)
        self._connection: Connection | None = None

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def add(self, result: ResultRecord) -> bool:
        """Commit ``result`` now; False when the object already has one (it is never stored twice)."""
        try:
            return self._commit(result)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            self.close()
            return self._commit(result)

    def _commit(self, result: ResultRecord) -> bool:
        if self._connection is None:
            self._connection = self._engine.connect()
        with self._connection.begin():
            outcome = self._connection.execute(self._statement, self._values(result))
        return outcome.rowcount == 1

    def _values(self, result: ResultRecord) -> dict[str, Any]:
        return {
            "run_id": self._run_id,
            "key": result.key,
            "identifier": result.identifier,
            "status": result.status,
            "fair_percent": result.fair_percent,
            "score_percent": result.score_percent,
            "maturity": result.maturity,
            "fairport_level": result.fairport_level,
            "metrics": result.metrics,
            "error": result.error,
            "elapsed_ms": result.elapsed_ms,
            "finished_at": utcnow(),
        }


class RunExistsError(Exception):
    """A run of that name exists already."""


class Runs:
    """Repository of batch runs (every method opens and closes its own session)."""

    def __init__(self, store: Store) -> None:
        self._sessions: sessionmaker[Session] = store.sessions
        self._engine = store.engine

    def create(
        self,
        name: str,
        *,
        profile: str,
        software_version: str,
        inputs: dict[str, Any],
        settings: dict[str, Any],
        items: Sequence[tuple[str, str]],
    ) -> RunRecord:
        """A new run with its item list ``(identifier, key)``, all in one transaction."""
        row = BatchRunRow(
            name=name,
            profile=profile,
            software_version=software_version,
            inputs=inputs,
            settings=settings,
            total=len(items),
            created_at=utcnow(),
        )
        try:
            with self._sessions.begin() as session:
                session.add(row)
                session.flush()
                rows = [
                    {"run_id": row.id, "key": key, "position": n, "identifier": ident}
                    for n, (ident, key) in enumerate(items)
                ]
                for start in range(0, len(rows), 5000):
                    session.execute(insert(BatchItemRow), rows[start : start + 5000])
        except IntegrityError as exc:
            raise RunExistsError(name) from exc
        return _run(row, {})

    def _counts(self, session: Session, run_id: int) -> dict[str, int]:
        query = (
            select(BatchResultRow.status, func.count())
            .where(BatchResultRow.run_id == run_id)
            .group_by(BatchResultRow.status)
        )
        return {status: int(n) for status, n in session.execute(query)}

    def get(self, name: str) -> RunRecord | None:
        with self._sessions() as session:
            row = session.scalars(select(BatchRunRow).where(BatchRunRow.name == name)).first()
            return _run(row, self._counts(session, row.id)) if row is not None else None

    def all(self) -> list[RunRecord]:
        with self._sessions() as session:
            rows = session.scalars(select(BatchRunRow).order_by(BatchRunRow.created_at, BatchRunRow.id)).all()
            return [_run(row, self._counts(session, row.id)) for row in rows]

    def delete(self, name: str) -> bool:
        with self._sessions.begin() as session:
            row = session.scalars(select(BatchRunRow).where(BatchRunRow.name == name)).first()
            if row is None:
                return False
            for table in (BatchResultRow, BatchItemRow):
                session.execute(delete(table).where(table.run_id == row.id))
            session.delete(row)
            return True

    def pending(self, run_id: int) -> list[tuple[str, str]]:
        """Items without a result yet, in input order: what a resumed run still has to do."""
        done = select(BatchResultRow.key).where(BatchResultRow.run_id == run_id)
        query = (
            select(BatchItemRow.identifier, BatchItemRow.key)
            .where(BatchItemRow.run_id == run_id, BatchItemRow.key.not_in(done))
            .order_by(BatchItemRow.position)
        )
        with self._sessions() as session:
            return [(ident, key) for ident, key in session.execute(query)]

    def writer(self, run_id: int) -> ResultWriter:
        """The committer of a run's results (use as a context manager; see :class:`ResultWriter`)."""
        return ResultWriter(self._engine, run_id)

    def add_result(self, run_id: int, result: ResultRecord) -> bool:
        """Commit one result now; False when the object already has one (it is never stored twice)."""
        with self.writer(run_id) as writer:
            return writer.add(result)

    def results(self, run_id: int, *, batch_size: int = 500) -> Iterator[ResultRecord]:
        """Every result of a run in input order, streamed (a big run is never all in memory)."""
        query = _results_query(run_id).execution_options(yield_per=batch_size)
        with self._sessions() as session:
            for row, position in session.execute(query):
                yield _result(row, position)

    def results_page(
        self, run_id: int, *, limit: int, offset: int = 0, status: ResultStatus | None = None
    ) -> list[ResultRecord]:
        """One page of a run's results in input order (the web UI's object table), optionally one status."""
        query = _results_query(run_id)
        if status is not None:
            query = query.where(BatchResultRow.status == status)
        with self._sessions() as session:
            return [_result(row, position) for row, position in session.execute(query.limit(limit).offset(offset))]

    def result(self, run_id: int, key: str) -> ResultRecord | None:
        """One object's result in a run, by its key."""
        with self._sessions() as session:
            found = session.execute(_results_query(run_id).where(BatchResultRow.key == key)).first()
        return _result(found[0], found[1]) if found else None

    def add_results(self, run_id: int, results: Iterable[ResultRecord]) -> int:
        return sum(self.add_result(run_id, result) for result in results)
