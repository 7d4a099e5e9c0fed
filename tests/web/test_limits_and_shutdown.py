"""F-UJI evaluate shares the background cap (a busy server answers 503 with Retry-After, it does not pile
up requests), and a server stopped mid-assessment stops cleanly: nothing of it keeps running, the
store's connections are closed, and a background assessment is left to resume at the next start."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from fairgauge.compose import Services, build_services
from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.loopback import Served, serve
from tests.web.fixture_site import PAGE, title
from tests.web.server import running


@contextmanager
def held_site() -> Iterator[tuple[Served, threading.Event]]:
    """A landing page at ``/held`` that answers only once the event is set (an assessment in flight),
    and one at ``/quick`` that answers at once."""
    release = threading.Event()

    def page(handler: BaseHTTPRequestHandler, wait: bool) -> None:
        if wait:
            release.wait(60)
        body = PAGE.format(title=title(1), base="", n=1, jsonld="{}").encode()
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:  # the server under test stopped and closed the connection
            pass

    routes: dict[str, Any] = {"/held": lambda h: page(h, True), "/quick": lambda h: page(h, False)}
    with serve(routes) as site:
        try:
            yield site, release
        finally:
            release.set()


def _services(tmp_path: Path, database_url: str, **extra: Any) -> Services:
    settings = Settings(
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        allow_private_network=True,
        use_datacite=False,
        tracks_ontology_source="off",
        api_rate_limit=0,
        **extra,
    )
    return build_services(settings, database_url=database_url)


def _until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def _in_thread(call: Callable[[], httpx.Response]) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["response"] = call()
        except httpx.HTTPError as exc:
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def test_fuji_evaluate_waits_under_the_cap_and_a_busy_server_answers_503(tmp_path: Path, database_url: str) -> None:
    services = _services(
        tmp_path, database_url, service_max_concurrent_assessments=1, service_max_waiting_evaluations=1
    )
    app = create_app(services=services)
    with held_site() as (site, release), running(app) as base:

        def evaluate(path: str) -> httpx.Response:
            return httpx.post(f"{base}/fuji/api/v1/evaluate", json={"object_identifier": site.url(path)}, timeout=60)

        first, first_out = _in_thread(lambda: evaluate("/held"))
        _until(lambda: app.state.jobs.running == 1, "the first evaluation holds the only slot")
        second, second_out = _in_thread(lambda: evaluate("/quick"))
        _until(lambda: app.state.jobs.waiting == 1, "the second one waits for it")
        busy = evaluate("/quick")
        assert busy.status_code == 503
        retry = int(busy.headers["retry-after"])
        assert retry >= 1
        assert busy.json() == {
            "ok": False,
            "error": {"code": "busy", "message": busy.json()["error"]["message"], "details": {"retry_after": retry}},
        }
        assert "busy" in busy.json()["error"]["message"]
        assert [path for _, path, _ in site.requests].count("/quick") == 0, "neither waiting request ran"
        release.set()
        first.join(60)
        second.join(60)
        assert first_out["response"].status_code == 200 and second_out["response"].status_code == 200
        assert app.state.jobs.peak == 1, "never more than the cap at once"
    assert services.store is not None and services.store.assessments.count() == 2  # the 503 stored nothing
    services.close()


def _server_threads(before: set[threading.Thread]) -> list[str]:
    """Threads started since ``before`` other than the fixture site's request handlers."""
    new = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    return [t.name for t in new if "process_request" not in t.name]


def test_stopping_mid_assessment_cancels_it_and_leaves_nothing_running(tmp_path: Path, database_url: str) -> None:
    services = _services(tmp_path, database_url)
    assert services.store is not None
    app = create_app(services=services)
    with held_site() as (site, release):
        before = set(threading.enumerate())
        start = time.monotonic()
        with running(app, graceful=1) as base, httpx.Client(base_url=base, timeout=60) as client:
            created = client.post("/api/v1/assessments", json={"identifier": site.url("/held")})
            location = created.headers["location"]
            _until(lambda: client.get(location).json()["data"]["state"] == "running", "the assessment started")
            fuji, fuji_out = _in_thread(
                lambda: httpx.post(
                    f"{base}/fuji/api/v1/evaluate", json={"object_identifier": site.url("/held")}, timeout=60
                )
            )
            _until(lambda: app.state.jobs.running == 2, "the F-UJI evaluation runs too")
        # the site still holds both pages: the server did not wait for them (1 s grace, then cancelled)
        assert time.monotonic() - start < 30
        fuji.join(10)
        assert "response" not in fuji_out or fuji_out["response"].status_code >= 500
        assert app.state.jobs.pending == 0 and app.state.jobs.running == 0
        # anyio's idle worker threads are told to end with the server's loop and do so a moment later
        _until(lambda: not _server_threads(before), f"threads of the stopped server run: {_server_threads(before)}", 5)
        pool = services.store.engine.pool
        assert pool.checkedout() == 0 and pool.checkedin() == 0, pool.status()  # type: ignore[attr-defined]
        left = services.store.assessments.get(location.rsplit("/", 1)[1])
        assert left is not None and left.state == "running", "resumed at the next start, not lost"
        assert services.store.assessments.count() == 1, "the unanswered F-UJI request left no record"
        release.set()
        with running(app) as base, httpx.Client(base_url=base, timeout=60) as client:  # the same app again
            again = client.post("/fuji/api/v1/evaluate", json={"object_identifier": site.url("/quick")})
            assert again.status_code == 200, again.text
            path = urlsplit(location).path  # the new server listens on another port
            _until(lambda: client.get(path).json()["data"]["state"] == "done", "the left one ran again")
    services.close()
