"""Databases for store tests: every store test runs on SQLite and on PostgreSQL.

PostgreSQL: ``FAIRGAUGE_TEST_DATABASE_URL`` (default the project's local server,
``postgresql://postgres@127.0.0.1:5432/test``). A uniquely named database is created for the test
session and dropped after it (one per pytest-xdist worker, named after it); each test gets its own schema in
it, so parallel sessions and workers never collide. ``tests/conftest.py`` registers this module as a plugin,
so every folder shares the one session database (a folder's conftest must not import these fixtures: that
would give the folder a session fixture, and a database, of its own).
When the server is missing the PostgreSQL cases are skipped, except in CI (``CI=true``) where that is a
failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

ADMIN_URL = os.environ.get("FAIRGAUGE_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def _replace_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of this test session on the PostgreSQL server (dropped at the end, by a process of its
    own: ``_drop_after_the_run``)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # gw0, gw1, ... under pytest-xdist
    name = f"fairgauge_test_{worker}_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required in CI and is not reachable at {ADMIN_URL}: {exc}")
        pytest.skip(f"no PostgreSQL server at {ADMIN_URL}: {exc}")
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _replace_database(ADMIN_URL, name)
    finally:
        _drop_after_the_run(name)


# DROP DATABASE waits for the server to write a checkpoint: ~0.3 s on a quiet server, 7-8 s measured while
# other sessions wrote to it. It was the last thing every worker did, so the run ended that much later.
# A process of its own drops the database instead, while this one finishes. A shell starts it in the
# background (in a session of its own) and exits at once, so this process holds no handle on it: a
# Popen still running when the interpreter exits is reported with a ResourceWarning.
_DROP = """
import sys
import psycopg
from psycopg import sql
with psycopg.connect(sys.argv[1], autocommit=True) as admin:
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(sys.argv[2])))
"""


def _drop_after_the_run(name: str) -> None:
    quiet = subprocess.DEVNULL
    command = ["sh", "-c", '"$@" &', "sh", sys.executable, "-c", _DROP, ADMIN_URL, name]
    subprocess.run(command, stdin=quiet, stdout=quiet, stderr=quiet, start_new_session=True, check=False)


@contextmanager
def _fresh_store_url(backend: str, request: pytest.FixtureRequest, tmp: pytest.TempPathFactory) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp.mktemp('store') / 'fairgauge.sqlite'}"
        return
    base = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield f"{base}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty store URL: a SQLite file, or a schema of its own in the session's PostgreSQL database."""
    with _fresh_store_url(request.param, request, tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """As ``database_url``, one per test module and backend: for a store that a module's tests fill once and
    then only read (tests that write take ``database_url``)."""
    with _fresh_store_url(request.param, request, tmp_path_factory) as url:
        yield url
