"""Opening a store: URL resolution, engine options per dialect, schema upgrade on open.

``sqlite:///FILE`` (the embedded default: ``<data_dir>/fairgauge.sqlite``) or ``postgresql://...``
(driven by psycopg 3). Opening runs the Alembic migrations shipped in this package up to the newest
revision, so an existing database is upgraded in place and nothing stored is lost.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic_core import to_json
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import sessionmaker

from fairgauge.errors import StoreError
from fairgauge.store.records import ReportJson

DEFAULT_FILE = "fairgauge.sqlite"


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DEFAULT_FILE}"


def _normalise(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _json_text(value: Any) -> str:
    if isinstance(value, ReportJson):  # serialised once by the caller: stored as is
        return value.text
    return to_json(value).decode()


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer (API + background jobs)
    # With WAL, NORMAL syncs at checkpoints instead of on every commit: a committed transaction still
    # survives the process being killed (kill -9, a crash); only a power loss or OS crash can lose the
    # last commits, never corrupt the file. FULL cost an fsync per commit, three per assessment.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for a store URL; a bad URL or a missing driver is a one-line StoreError."""
    try:
        parsed = make_url(_normalise(url))
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL {url!r}: {exc}") from exc
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://")
    # JSON columns written by pydantic's serializer (Rust): a stored report with its harvest evidence is
    # large, and json.dumps of it was a tenth of an assessment's CPU in the service. Same JSON, read back
    # by json.loads as before.
    options: dict[str, Any] = {"json_serializer": _json_text}
    if parsed.get_backend_name() == "postgresql":
        # A server restart or an idle timeout drops pooled connections: test each one as it is checked out.
        # Not for SQLite: a file opened in this process does not go away, and the ping was a query more
        # per transaction (two per stored assessment).
        options["pool_pre_ping"] = True
    else:
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the store folder for {parsed.database}: {exc}") from exc
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
    try:
        engine = create_engine(parsed, **options)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot open {parsed.render_as_string(hide_password=True)}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("fairgauge.store") / "migrations"))
    return config


@cache
def newest_revision() -> str:
    """The shipped migrations' head revision, read once per process."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the shipped migrations have no head"
    return head


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default the newest) with the shipped migrations. A store
    already at the newest revision is left as it is without starting Alembic's upgrade, which loads
    its environment and every migration file on each call (~20 ms of CPU per ``open_store``, paid by
    every CLI command, worker and test that opens a store)."""
    config = alembic_config()
    try:
        with engine.begin() as connection:
            if revision == "head" and _current_revision(connection) == newest_revision():
                return
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"cannot reach the store {where}: {str(exc.orig).strip().splitlines()[0]}") from exc


def _current_revision(connection: Connection) -> str | None:
    """The revision the store's schema is at (None for an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class Store:
    """The open store: one engine and its repositories. Thread-safe; share one per process."""

    def __init__(self, engine: Engine) -> None:
        from fairgauge.store.assessments import Assessments
        from fairgauge.store.tokens import Tokens

        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.assessments = Assessments(self.sessions)
        self.tokens = Tokens(self.sessions)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        """Close the pooled connections. The store stays usable (the engine reconnects on demand), so an
        app may close a store it shares with its caller when it stops."""
        self.engine.dispose()


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open (and by default upgrade) the store at ``url``."""
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return Store(engine)
