"""``fairgauge batch`` as users run it (real subprocesses, real sockets): a run over a loopback repository
killed with SIGKILL mid-run and resumed is complete and exact, on SQLite and PostgreSQL; then the run is
listed, shown and exported."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from fairgauge.store import open_store
from fairgauge.store.runs import Runs
from tests.cli.run import ROOT, fairgauge
from tests.loopback import Served, serve
from tests.web.fixture_site import PAGE, _jsonld, title

COUNT = 6  # enough for a kill in the middle (after 2 results, before the last); each object is a few requests
UNREACHABLE = "http://127.0.0.1:1/objects/gone"


@dataclass
class Pace:
    """How late the repository answers; the test sets it to 0 once the run it had to kill is killed."""

    delay: float


@contextmanager
def slow_repository(count: int, pace: Pace) -> Iterator[Served]:
    """The service tests' loopback repository, each answer ``pace.delay`` seconds late (a run takes long
    enough to be killed in the middle)."""
    routes: dict[str, object] = {}

    def answer(body: bytes, content_type: str) -> object:
        def handler(request: BaseHTTPRequestHandler) -> None:
            time.sleep(pace.delay)
            request.send_response(200)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            if request.command != "HEAD":
                request.wfile.write(body)

        return handler

    with serve(routes) as served:  # type: ignore[arg-type]
        for n in range(count):
            jsonld = _jsonld(served.base, n)
            page = PAGE.format(title=title(n), base=served.base, n=n, jsonld=jsonld)
            routes[f"/objects/{n}"] = answer(page.encode(), "text/html; charset=utf-8")
            routes[f"/objects/{n}.jsonld"] = answer(jsonld.encode(), "application/ld+json")
            routes[f"/files/{n}.csv"] = answer(b"time,t\n2020-01-01,4.1\n", "text/csv")
        yield served


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FAIRGAUGE_DATA_DIR": str(tmp_path / "data"),
        "FAIRGAUGE_CACHE_DIR": str(tmp_path / "cache"),
        "COLUMNS": "120",
    }


@pytest.mark.slow
def test_a_killed_run_resumes_complete_and_exact(database_url: str, tmp_path: Path) -> None:
    pace = Pace(delay=0.15)
    with slow_repository(COUNT, pace) as served:
        urls = [served.url(f"/objects/{n}") for n in range(COUNT)]
        inputs = tmp_path / "ids.txt"
        # duplicates (same URL twice) are assessed once; an unreachable object is not assessed
        inputs.write_text("\n".join([*urls, urls[3], UNREACHABLE]) + "\n", encoding="utf-8")
        command = [
            sys.executable, "-m", "fairgauge", "batch", str(inputs), "--run", "repo-2026",
            "--database-url", database_url, "--allow-private-network", "--concurrency", "2", "--workers", "2",
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, env=_env(tmp_path), stderr=subprocess.PIPE, text=True)
        store = open_store(database_url)
        try:
            runs = Runs(store)
            deadline = time.monotonic() + 120
            while True:
                run = runs.get("repo-2026")
                if run is not None and run.finished >= 2:
                    break
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "no result within 120 s"
                time.sleep(0.1)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            # The delay only had to keep the first run going until the kill; the resumed run gets prompt
            # answers (it spent ~2 s of each test waiting on them).
            pace.delay = 0.0
            if process.stderr:
                process.stderr.close()
            killed = runs.get("repo-2026")
            assert killed is not None and killed.total == COUNT + 1
            assert 2 <= killed.finished < killed.total, "the run was not killed in the middle"

            resumed = subprocess.run(command, cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
            assert resumed.returncode == 0, resumed.stderr
            assert f"resuming run repo-2026: {COUNT + 1} objects, {killed.finished} already done" in resumed.stderr

            final = runs.get("repo-2026")
            assert final is not None
            results = list(runs.results(final.id))
        finally:
            store.close()
    assert final.counts == {"scored": COUNT, "not_assessed": 1}
    assert [r.identifier for r in results] == [*urls, UNREACHABLE]  # each once, in input order
    scored = [r for r in results if r.status == "scored"]
    # the objects are built alike, so an exact run scores every one the same
    assert {r.fair_percent for r in scored} == {scored[0].fair_percent}
    assert all(r.metrics and r.fairport_level is not None for r in scored)
    gone = results[-1]
    assert gone.status == "not_assessed" and gone.fair_percent is None and gone.score_percent is None
    assert "could not be reached" in (gone.error or "")  # the report's not_assessed_reason
    assert final.inputs["sources"] == [str(inputs)]
    assert final.settings["concurrency"] == 2 and final.software_version and final.profile == "fsf-0.8"

    shown = fairgauge("runs", "show", "repo-2026", "--database-url", database_url, "--json", env=_env(tmp_path))
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["counts"] == {"scored": COUNT, "not_assessed": 1, "error": 0}
    # the mean is over scored objects only: the unreachable one is not a zero
    assert data["mean_score_percent"]["FAIR"] == pytest.approx(scored[0].fair_percent, abs=0.01)

    out = tmp_path / "export.csv"
    exported = fairgauge(
        "runs", "export", "repo-2026", "--to", "csv", "-o", str(out), "--database-url", database_url,
        env=_env(tmp_path),
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["identifier"] for row in rows] == [*urls, UNREACHABLE]
    assert rows[-1]["status"] == "not_assessed" and rows[-1]["fair_score"] == ""
    assert any(key.startswith("metric_FsF-F1-01") for key in rows[0])
    assert rows[0]["fairport_level"] != ""

    listed = fairgauge("runs", "list", "--database-url", database_url, env=_env(tmp_path))
    assert "repo-2026" in listed.stdout and f"{COUNT + 1}/{COUNT + 1}" in listed.stdout


def test_batch_errors_are_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    missing = fairgauge("batch", str(tmp_path / "nope.txt"), "--run", "x", "--database-url", url, env=_env(tmp_path))
    assert missing.returncode == 2 and missing.stderr.strip().startswith("error: no such input file")
    assert "Traceback" not in missing.stderr
    no_run = fairgauge("batch", str(tmp_path / "nope.txt"), env=_env(tmp_path))
    assert no_run.returncode == 2 and "--run NAME is required" in no_run.stderr
    dask = fairgauge("batch", "-", "--run", "x", "--engine", "dask", "--database-url", url, env=_env(tmp_path))
    assert dask.returncode == 2 and "--engine dask needs --scheduler" in dask.stderr
    unknown = fairgauge("runs", "show", "nothing", "--database-url", url, env=_env(tmp_path))
    assert unknown.returncode == 2 and "no run named 'nothing'" in unknown.stderr
