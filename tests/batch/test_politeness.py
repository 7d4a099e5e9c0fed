"""Assessment requests honour 429/503 over loopback: asked again after ``Retry-After`` (backoff with
jitter), the waits kept on the exchange; a server that never stops answering 503 ends not assessed, with
a reason, after a bounded number of bounded waits; a Retry-After beyond the cap is not waited for."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from fairgauge.batch.summary import summarize
from fairgauge.compose import build_services, build_settings
from fairgauge.model.report import Report
from fairgauge.settings import Settings
from tests.loopback import Served, serve
from tests.web.fixture_site import PAGE, _jsonld, title


def _settings(tmp_path: Path, **more: object) -> Settings:
    return build_settings(
        allow_private_network=True, data_dir=tmp_path, cache_dir=tmp_path / "c", render_javascript="never", **more
    )


def _assess(settings: Settings, url: str) -> Report:
    async def run() -> Report:
        services = build_services(settings, with_store=False)
        try:
            return await services.assess(url)
        finally:
            await services.aclose()

    return asyncio.run(run())


def _send(request: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str, **headers: str) -> None:
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    for key, value in headers.items():
        request.send_header(key.replace("_", "-"), value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    if request.command != "HEAD":
        request.wfile.write(body)


def _busy_then_page(served: Served, busy: int, times: list[float]) -> Callable[[BaseHTTPRequestHandler], None]:
    """The object's landing page, after ``busy`` answers of 429 with ``Retry-After: 1``."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        times.append(time.monotonic())
        if len(times) <= busy:
            _send(request, 429, b"slow down", "text/plain", Retry_After="1")
            return
        page = PAGE.format(title=title(0), base=served.base, n=0, jsonld=_jsonld(served.base, 0))
        _send(request, 200, page.encode(), "text/html; charset=utf-8")

    return handler


def test_a_429_with_retry_after_is_asked_again_and_the_exchange_keeps_the_wait(tmp_path: Path) -> None:
    routes: dict[str, object] = {}
    times: list[float] = []
    with serve(routes) as served:  # type: ignore[arg-type]
        routes["/objects/0"] = _busy_then_page(served, 1, times)
        report = _assess(_settings(tmp_path), served.url("/objects/0"))
    assert report.assessment_status == "assessed"
    landing = next(e for e in report.harvest.exchanges if e.purpose == "landing_page")
    assert landing.status == 200 and landing.error is None
    assert [(r.status, r.retry_after) for r in landing.retries] == [(429, 1.0)]
    assert 1.0 <= landing.retries[0].waited <= 30.0  # at least Retry-After, at most retry_max_wait
    assert times[1] - times[0] >= 1.0  # the server was not asked again sooner (later requests: conneg)
    assert summarize("x", "x", report, 1.0).status == "scored"


def test_a_server_that_always_answers_503_ends_not_assessed_with_a_reason(tmp_path: Path) -> None:
    hits: list[str] = []

    def unavailable(request: BaseHTTPRequestHandler) -> None:
        hits.append(request.path)
        _send(request, 503, b"down for maintenance", "text/plain", Retry_After="0")

    with serve({"/objects/0": unavailable}) as served:
        settings = _settings(tmp_path, retry_attempts=2, retry_max_wait=1.0)
        report = _assess(settings, served.url("/objects/0"))
    assert hits.count("/objects/0") == 3  # the first answer and two retries, then no more
    landing = next(e for e in report.harvest.exchanges if e.purpose == "landing_page")
    assert landing.status == 503 and landing.error_kind == "unavailable"
    assert [r.status for r in landing.retries] == [503, 503]
    assert sum(r.waited for r in landing.retries) <= 2 * settings.retry_max_wait  # the waits are capped
    assert report.assessment_status == "not_assessed"
    assert report.not_assessed_reason and "answered 503 3 times (gave up after 2 retries)" in report.not_assessed_reason
    result = summarize(served.url("/objects/0"), "k", report, 1.0)
    assert result.status == "not_assessed" and result.fair_percent is None
    assert result.error and "answered 503 3 times" in result.error


def test_a_retry_after_beyond_the_cap_is_not_waited_for(tmp_path: Path) -> None:
    hits: list[str] = []

    def closed(request: BaseHTTPRequestHandler) -> None:
        hits.append(request.path)
        _send(request, 429, b"come back tomorrow", "text/plain", Retry_After="86400")

    with serve({"/objects/0": closed}) as served:
        report = _assess(_settings(tmp_path, retry_max_wait=5.0), served.url("/objects/0"))
    assert hits.count("/objects/0") == 1
    landing = next(e for e in report.harvest.exchanges if e.purpose == "landing_page")
    assert landing.retries == [] and landing.error_kind == "unavailable"
    assert landing.error and "asking to wait 86400 s (Retry-After), more than retry_max_wait 5 s" in landing.error
    assert report.assessment_status == "not_assessed"
