"""A run's results on SQLite and PostgreSQL: each committed as it arrives, never stored twice, and written
on after the database dropped the committer's connection."""

from __future__ import annotations

import dataclasses

import psycopg
import pytest

from fairgauge.model.runs import ResultRecord
from fairgauge.store import open_store
from fairgauge.store.runs import Runs

ITEMS = [
    ("https://doi.org/10.5281/zenodo.1", "10.5281/zenodo.1"),
    ("https://doi.org/10.5281/zenodo.2", "10.5281/zenodo.2"),
]
FIRST = ResultRecord(
    key=ITEMS[0][1],
    identifier=ITEMS[0][0],
    status="scored",
    fair_percent=62.5,
    score_percent={"F": 75.0, "A": 50.0, "I": 50.0, "R": 60.0, "FAIR": 62.5},
    maturity={"F": 2.0, "FAIR": 1.5},
    fairport_level=2,
    metrics={"FsF-F1-01D": {"principle": "F1", "earned": 1, "total": 1, "tests": {"FsF-F1-01D-1": {"status": "pass"}}}},
    elapsed_ms=812.5,
)


def test_each_result_is_committed_once(database_url: str) -> None:
    store, reader = open_store(database_url), open_store(database_url, migrate=False)
    runs = Runs(store)
    run = runs.create("r", profile="fsf-0.8", software_version="t", inputs={}, settings={}, items=ITEMS)
    with runs.writer(run.id) as writer:
        assert writer.add(FIRST) is True
        # committed the moment it was added: another connection sees it while the writer is still open
        assert Runs(reader).pending(run.id) == [ITEMS[1]]
        again = dataclasses.replace(FIRST, status="error", fair_percent=None, error="late duplicate")
        assert writer.add(again) is False  # the object has a result: the duplicate is refused, not stored
    assert runs.add_result(run.id, again) is False  # a resumed run's writer refuses it as well
    assert runs.add_result(run.id, dataclasses.replace(FIRST, key=ITEMS[1][1], identifier=ITEMS[1][0])) is True
    stored = list(runs.results(run.id))
    assert [r.key for r in stored] == [key for _, key in ITEMS]
    assert dataclasses.replace(stored[0], position=0) == FIRST  # the first result, every field as given
    assert runs.get("r").counts == {"scored": 2}  # type: ignore[union-attr]
    reader.close()
    store.close()


def test_the_writer_reconnects_when_the_database_drops_its_connection(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("a server that drops connections: PostgreSQL only")
    store = open_store(database_url)
    runs = Runs(store)
    run = runs.create("r", profile="fsf-0.8", software_version="t", inputs={}, settings={}, items=ITEMS)
    with runs.writer(run.id) as writer:
        assert writer.add(FIRST)
        base = database_url.split("?", 1)[0]
        with psycopg.connect(base, autocommit=True) as admin:  # what a server restart does to the committer
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        assert writer.add(dataclasses.replace(FIRST, key=ITEMS[1][1], identifier=ITEMS[1][0]))
    assert runs.get("r").counts == {"scored": 2}  # type: ignore[union-attr]
    store.close()
