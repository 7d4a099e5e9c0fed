"""The store on SQLite and PostgreSQL: assessments with their full report, history, tokens, migrations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from fairgauge.errors import StoreError
from fairgauge.store import open_store
from fairgauge.store.assessments import report_outcome
from fairgauge.store.engine import alembic_config, make_engine, upgrade


def _report(percent: float | None = 61.54, *, status: str = "assessed") -> dict[str, Any]:
    """A report as ``assess --format json`` writes it, cut to what the store reads, plus evidence."""
    return {
        "test_id": "abc",
        "assessment_status": status,
        "metric_version": "0.8",
        "summary": {"score_percent": {"F": 87.5, "FAIR": percent} if percent is not None else {"FAIR": None}},
        "fairport_level": {"level": 2},
        "harvest": {"exchanges": [{"request_url": "https://doi.org/10.1/x", "status": 200}], "records": []},
    }


def test_an_assessment_goes_from_queued_to_done_with_its_report(database_url: str) -> None:
    store = open_store(database_url)
    created = store.assessments.create("doi:10.1/X", "10.1/x", "fsf-0.8", {"metadata_service_type": None})
    assert created.state == "queued" and created.report is None
    store.assessments.mark_running(created.id)
    assert store.assessments.get(created.id).state == "running"  # type: ignore[union-attr]
    store.assessments.complete(created.id, _report())
    done = store.assessments.get(created.id)
    assert done is not None and done.state == "done" and done.outcome == "scored"
    assert done.fair_percent == 61.54 and done.fairport_level == 2 and done.metric_version == "0.8"
    assert done.report == _report()  # the full report, harvest evidence included, round-trips
    assert done.finished_at is not None and done.finished_at.tzinfo is not None
    assert store.assessments.get(created.id, with_report=False).report is None  # type: ignore[union-attr]
    assert store.assessments.get("nope") is None
    store.close()


def test_a_not_assessed_report_is_kept_without_a_score(database_url: str) -> None:
    store = open_store(database_url)
    record = store.assessments.create("doi:10.1/gone", "10.1/gone", "fsf-0.8", {})
    store.assessments.complete(record.id, _report(None, status="not_assessed"))
    stored = store.assessments.get(record.id)
    assert stored is not None and stored.outcome == "not_assessed"
    assert stored.fair_percent is None and stored.score_percent is None and stored.fairport_level is None
    assert stored.report is not None and stored.report["assessment_status"] == "not_assessed"
    store.close()


def test_history_and_latest_per_identifier(database_url: str) -> None:
    store = open_store(database_url)
    ids = []
    for percent in (40.0, 55.0, None):
        record = store.assessments.create("10.1/x", "10.1/x", "fsf-0.8", {})
        store.assessments.complete(record.id, _report(percent))
        ids.append(record.id)
    other = store.assessments.create("10.1/y", "10.1/y", "fsf-0.8", {})
    history = store.assessments.history("10.1/x")
    assert [r.id for r in history] == ids  # oldest first, other identifiers apart
    assert [r.fair_percent for r in history] == [40.0, 55.0, None]
    assert [r.outcome for r in history] == ["scored", "scored", "not_assessed"]
    latest = store.assessments.latest("10.1/x")
    assert latest is not None and latest.id == ids[-1] and latest.outcome == "not_assessed"
    assert store.assessments.latest("10.1/y") is None  # queued only: nothing finished to show
    assert store.assessments.latest("10.1/x", profile="fsf-0.5") is None
    assert [r.id for r in store.assessments.unfinished()] == [other.id]
    assert store.assessments.count() == 4
    store.close()


def test_tokens_are_stored_hashed_and_can_be_revoked(database_url: str) -> None:
    store = open_store(database_url)
    record, secret = store.tokens.create("ci robot")
    assert secret.startswith("fg_") and len(secret) > 30
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM api_tokens")).scalar_one()
    assert secret not in stored and len(stored) == 64
    assert store.tokens.verify(secret) is not None and store.tokens.verify(secret + "x") is None
    assert store.tokens.list()[0].last_used_at is not None
    assert store.tokens.revoke(record.id) is True and store.tokens.revoke(record.id) is False
    assert store.tokens.verify(secret) is None and not store.tokens.any_active()
    assert store.tokens.list()[0].active is False
    store.close()


def test_nothing_is_lost_when_the_store_is_closed_and_opened_again(database_url: str) -> None:
    first = open_store(database_url)
    record = first.assessments.create("10.1/x", "10.1/x", "fsf-0.8", {})
    first.assessments.complete(record.id, _report())
    first.close()
    again = open_store(database_url)  # migrations run again: nothing to do, nothing lost
    assert again.assessments.get(record.id).report == _report()  # type: ignore[union-attr]
    again.close()


def _head() -> str | None:
    """The newest shipped revision (later features add migrations on top of 0002)."""

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_upgrade_an_existing_database(database_url: str) -> None:
    """A database made by the first release (revision 0001, no token table) with an assessment in it is
    upgraded in place when opened: the assessment is still there, tokens work."""
    engine = make_engine(database_url)
    upgrade(engine, "0001")
    assert "api_tokens" not in inspect(engine).get_table_names()
    row = {
        "id": "a" * 32,
        "identifier": "10.1/old",
        "identifier_key": "10.1/old",
        "profile": "fsf-0.8",
        "request": json.dumps({}),
        "state": "done",
        "report": json.dumps(_report()),
    }
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO assessments (id, identifier, identifier_key, profile, request, state, created_at, report)"
                " VALUES (:id, :identifier, :identifier_key, :profile, :request, :state, CURRENT_TIMESTAMP, :report)"
            ),
            row,
        )
    engine.dispose()
    store = open_store(database_url)
    assert {"assessments", "api_tokens", "alembic_version"} <= set(inspect(store.engine).get_table_names())
    old = store.assessments.get("a" * 32)
    assert old is not None and old.report == _report() and old.state == "done"
    assert store.tokens.create("after upgrade")[1]
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == _head()
    store.close()


def test_the_default_store_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    from fairgauge.compose import build_store
    from fairgauge.settings import Settings

    store = build_store(Settings(data_dir=tmp_path / "data"))
    assert store.url == f"sqlite:///{tmp_path / 'data' / 'fairgauge.sqlite'}"
    assert (tmp_path / "data" / "fairgauge.sqlite").is_file()
    store.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "invalid database URL"),
        ("mysql://x@localhost/db", "unsupported database 'mysql'"),
        ("postgresql://postgres@127.0.0.1:1/none", "cannot reach the store"),
    ],
)
def test_unusable_urls_are_one_line_store_errors(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        open_store(url)
    assert "\n" not in str(caught.value)


def test_outcome_from_the_report() -> None:
    assert report_outcome(_report()) == "scored"
    assert report_outcome(_report(None)) == "not_assessed"
    assert report_outcome(_report(10.0, status="not_assessed")) == "not_assessed"
