"""JavaScript rendering end to end: loopback sites that write their metadata with scripts, rendered in
chromium with every browser request answered by fairgauge's guarded fetcher, then replayed offline.

These start a real browser (about 1-2 s each) and are marked slow; they need the ``render`` extra and
Debian's chromium (``.ci/run`` installs both).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from fairgauge.assessment import Assessor
from fairgauge.harvest.harvester import harvest
from fairgauge.harvest.render import unavailable_reason
from fairgauge.model.harvest import HarvestResult
from fairgauge.model.report import Report
from fairgauge.settings import Settings
from tests.conftest import FIXTURES
from tests.loopback import Handler, Reply, Served, serve

PAGES = FIXTURES / "render"
ZENODO_PAGE = FIXTURES / "corpus" / "landing-pages" / "zenodo-1196821_2026-07.html"
# PIDs named in the metadata are resolved: the DOI resolver is a closed loopback port (connection refused).
BASE = Settings(
    doi_resolver="http://127.0.0.1:9/",
    allow_private_network=True,
    request_deadline=5,
    read_timeout=5,
    connect_timeout=2,
    use_datacite=False,
    content_sample_files=0,
)

# Skipped on a developer machine without chromium; CI (which installs it) runs them or fails.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        unavailable_reason(BASE) is not None and not os.environ.get("CI"), reason=str(unavailable_reason(BASE))
    ),
]


def _zenodo_jsonld() -> bytes:
    """The real schema.org JSON-LD Zenodo embeds in record 1196821's page (corpus capture, 2026-07)."""
    html = ZENODO_PAGE.read_text(encoding="utf-8")
    match = re.search(r"<script type='application/ld\+json'>(.*?)</script>", html, re.DOTALL)
    assert match is not None
    return match.group(1).encode("utf-8")


def _page(name: str, **fill: str) -> bytes:
    text = (PAGES / name).read_text(encoding="utf-8")
    for key, value in fill.items():
        text = text.replace("{{" + key + "}}", value)
    return text.encode("utf-8")


class _Hang:
    """A handler that never answers (until the test ends): the page can never finish loading."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def __call__(self, request: BaseHTTPRequestHandler) -> None:
        self.release.wait(30)


@dataclass
class Site:
    served: Served
    api: Served
    hang: _Hang

    def url(self, path: str) -> str:
        return self.served.url(path)


@pytest.fixture()
def site() -> Iterator[Site]:
    """The main site on 127.0.0.1 and an 'internal' API on 127.0.0.2 that only the private page names."""
    hang = _Hang()
    api_routes: dict[str, Reply | Handler] = {
        "/api/records/7": Reply(body=_zenodo_jsonld(), content_type="application/ld+json")
    }
    with serve(api_routes, host="127.0.0.2") as api:
        routes: dict[str, Reply | Handler] = {
            "/records/1196821": Reply(body=_page("app-shell.html")),
            "/static/js/main.js": Reply(body=_page("main.js"), content_type="application/javascript"),
            "/static/css/main.css": Reply(body=b"body{font-family:sans-serif}", content_type="text/css"),
            "/static/media/logo.png": Reply(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"),
            "/api/records/1196821": Reply(body=_zenodo_jsonld(), content_type="application/ld+json"),
            "/datasets/sst-2019": Reply(body=_page("meta-by-script.html")),
            "/records/7": Reply(body=_page("private-api.html", API=api.base)),
            "/records/k7": Reply(body=_page("never-loads.html")),
            "/analytics/collect.js": hang,
            "/zenodo/1196821": Reply(body=ZENODO_PAGE.read_bytes()),
        }
        with serve(routes) as served:
            try:
                yield Site(served, api, hang)
            finally:
                hang.release.set()


def _run(url: str, settings: Settings, **kwargs: object) -> HarvestResult:
    return harvest(url, settings, **kwargs)  # type: ignore[arg-type]


def _rendered(result: HarvestResult) -> list[tuple[str, str, str]]:
    return sorted((r.method, r.standard, r.format) for r in result.records if r.method == "rendered_html")


def _assess(url: str, settings: Settings, **kwargs: object) -> Report:
    from fairgauge.api import assess

    return assess(url, assessor=Assessor(settings), **kwargs)  # type: ignore[arg-type]


def test_react_app_root_json_ld_injected_after_fetch(site: Site) -> None:
    result = _run(site.url("/records/1196821"), BASE)
    rendering = result.rendering
    assert rendering is not None and rendering.status == "rendered", rendering
    assert {"empty_app_root", "noscript_asks_for_javascript", "scripts_without_metadata"} <= set(rendering.signals)
    assert _rendered(result) == [("rendered_html", "schemaorg", "json-ld")]
    titles = {t.value: {s.method for s in t.sources} for t in result.metadata.titles}
    assert titles == {
        "PsPM-SC4B: SCR, ECG, EMG, PSR and respiration measurements in a delay fear conditioning task with "
        "auditory CS and electrical US": {"rendered_html"}
    }
    assert {c.value.family_name for c in result.metadata.creators} >= {"Staib", "Bach"}
    # every browser request went through the fetcher and is evidence; the logo image was not fetched
    purposes = {e.request_url.rsplit("/", 1)[-1]: e.purpose for e in result.exchanges if e.purpose.startswith("render")}
    assert purposes == {"main.js": "render:script", "main.css": "render:stylesheet", "1196821": "render:fetch"}
    assert rendering.skipped_resources >= 1 and "logo.png" not in str(site.served.requests)
    assert set(rendering.exchange_ids) == {e.id for e in result.exchanges if e.purpose.startswith("render")}
    codes = {f.code for f in result.findings}
    assert "render.metadata_rendered_only" in codes
    assert rendering.screenshot is not None and rendering.screenshot.media_type in {"image/png", "image/jpeg"}


def test_rendered_json_ld_scores_like_the_metric_says(site: Site) -> None:
    """FsF-F4-01M: search engines that render JavaScript read it; the report says to embed it server-side."""
    url = site.url("/records/1196821")
    rendered = _assess(url, BASE)
    static = _assess(url, BASE.model_copy(update={"render_javascript": "never"}))
    f4 = rendered.result("FsF-F4-01M")
    assert f4 is not None and f4.test_status == "pass"
    assert "rendered_html" in str(f4.metric_tests["FsF-F4-01M-1"].output)
    static_f4 = static.result("FsF-F4-01M")
    assert static_f4 is not None and static_f4.test_status == "fail"
    assert rendered.summary.score_earned["FAIR"] > static.summary.score_earned["FAIR"]
    advice = [f for f in rendered.harvest.findings if f.code == "render.metadata_rendered_only"]
    assert advice and "server" in advice[0].params["recommendation"]
    assert static.harvest.rendering is not None and static.harvest.rendering.status == "disabled"


def test_reports_show_the_rendering_and_a_screenshot_thumbnail(site: Site) -> None:
    from fairgauge.render.report import render

    report = _assess(site.url("/records/1196821"), BASE)
    shot = report.harvest.rendering.screenshot if report.harvest.rendering else None
    assert shot is not None
    html = render(report, "html")
    assert f'<img src="data:{shot.media_type};base64,{shot.data[:40]}' in html
    assert 'id="rendering"' in html and "render.metadata_rendered_only" in html
    text = render(report, "text")
    assert "JavaScript" in text and "metadata record(s) only a browser sees" in text
    assert '"rendering"' in render(report, "json")


def test_meta_tags_set_by_a_script(site: Site) -> None:
    result = _run(site.url("/datasets/sst-2019"), BASE)
    assert result.rendering is not None and result.rendering.status == "rendered"
    assert "empty_app_root" in result.rendering.signals
    assert {(r.standard, r.format) for r in result.records if r.method == "rendered_html"} >= {
        ("highwire", "html-meta"),
        ("dublin-core", "html-meta"),
    }
    assert "Sea surface temperature of the North Atlantic, 2019" in result.metadata.values("titles")
    assert {c.value.name for c in result.metadata.creators} >= {"Rivera, Ana", "Okafor, Chidi"}


def test_script_loading_metadata_from_a_private_address_is_refused(site: Site) -> None:
    """Loopback 127.0.0.1 is allowed by an explicit allowlist; 127.0.0.2 is not: the guard refuses it."""
    settings = BASE.model_copy(update={"allow_private_network": False, "private_network_allowlist": ("127.0.0.1/32",)})
    result = _run(site.url("/records/7"), settings)
    assert result.rendering is not None and result.rendering.status == "rendered"
    refused = [e for e in result.exchanges if e.error_kind == "refused_private"]
    assert [e.request_url for e in refused] == [site.api.url("/api/records/7")]
    assert refused[0].purpose == "render:fetch"
    assert any(f.code == "render.request_refused" for f in result.findings)
    assert site.api.requests == []  # nothing reached the internal host
    assert _rendered(result) == []
    assert result.rendering.failed_requests == 1


def test_page_that_never_finishes_loading_is_cut_at_the_time_budget(site: Site) -> None:
    settings = BASE.model_copy(update={"render_time_budget": 2.0})
    result = _run(site.url("/records/k7"), settings)
    rendering = result.rendering
    assert rendering is not None and rendering.status == "rendered" and rendering.timed_out
    assert 1500 < rendering.elapsed_ms < 8000
    assert any(f.code == "render.time_budget" for f in result.findings)
    hung = [e for e in result.exchanges if e.request_url.endswith("/analytics/collect.js")]
    assert len(hung) == 1 and hung[0].error_kind == "timeout"
    assert "Borehole temperatures, site K-7" in result.metadata.values("titles")


@pytest.mark.parametrize(
    ("path", "update"),
    [
        ("/records/1196821", {}),
        ("/datasets/sst-2019", {}),
        ("/records/7", {"allow_private_network": False, "private_network_allowlist": ("127.0.0.1/32",)}),
        ("/records/k7", {"render_time_budget": 2.0}),
    ],
)
def test_recorded_archive_assesses_the_same_offline(
    site: Site, tmp_path: Path, path: str, update: dict[str, object]
) -> None:
    settings = BASE.model_copy(update=update)
    archive = tmp_path / "run.warc.gz"
    live = _assess(site.url(path), settings, record=archive)
    site.hang.release.set()  # the hung server may answer now: the replay must not need it
    offline = _assess(site.url(path), settings, replay=[archive])
    assert offline.harvest.rendering is not None and offline.harvest.rendering.status == "rendered"
    assert _rendered(offline.harvest) == _rendered(live.harvest)
    assert offline.summary.score_earned == live.summary.score_earned
    assert all(e.replayed for e in offline.harvest.exchanges)


def test_static_page_is_not_rendered_in_auto_mode(site: Site) -> None:
    """The real Zenodo page embeds its JSON-LD server-side: no browser is started for it."""
    result = _run(site.url("/zenodo/1196821"), BASE)
    assert result.rendering is not None and result.rendering.status == "not_needed"
    assert result.rendering.signals == [] and result.rendering.browser is None
    assert not [e for e in result.exchanges if e.purpose.startswith("render")]
    assert not [r for r in result.records if r.method == "rendered_html"]


def test_always_renders_the_real_zenodo_capture_offline_and_adds_nothing_it_already_has() -> None:
    """``always`` on a real capture: the browser's requests for Zenodo's scripts and styles are not in the
    archive, so they fail offline (never reaching the network), and the rendered DOM repeats the static
    JSON-LD, which therefore stays a json_in_html record only."""
    update = {"render_javascript": "always", "allow_private_network": False, "doi_resolver": "https://doi.org/"}
    settings = BASE.model_copy(update=update)
    result = _run("10.5281/zenodo.1196821", settings, replay=[FIXTURES / "warc" / "zenodo-1196821_2026-07.warc.gz"])
    rendering = result.rendering
    assert rendering is not None and rendering.status == "rendered" and not rendering.timed_out
    assert rendering.rendered_only_records == 0 and "json-ld" in rendering.rendered_formats
    assert not [r for r in result.records if r.method == "rendered_html"]
    render_exchanges = [e for e in result.exchanges if e.purpose.startswith("render:")]
    assert render_exchanges and all(e.error_kind == "not_in_archive" for e in render_exchanges)
    assert rendering.failed_requests == len(render_exchanges)


def test_without_chromium_auto_says_how_to_enable_and_assesses_the_static_view(site: Site, tmp_path: Path) -> None:
    settings = BASE.model_copy(update={"render_chromium_path": tmp_path / "no-chromium"})
    result = _run(site.url("/records/1196821"), settings)
    assert result.rendering is not None and result.rendering.status == "unavailable"
    found = [f for f in result.findings if f.code == "render.unavailable"]
    assert found and found[0].severity == "warning"
    assert "looks script-generated" in found[0].message and "apt-get install chromium" in found[0].message
    assert result.outcome("landing_page") is not None
    assert not [r for r in result.records if r.method == "rendered_html"]


def test_requests_that_interception_cannot_see_do_not_leave_the_browser(site: Site) -> None:
    """WebSockets are not routed through interception: chromium's dead proxy (loopback not bypassed) and its
    disabled name resolution (each alone suffices; without both this test fails) make them fail instead of
    connecting, here to a loopback listener that counts connections."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(listener.accept())
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    page = (
        f"<html><head><script>var ws = new WebSocket('ws://127.0.0.1:{port}/feed');"
        "ws.onerror = function () { document.getElementById('root').textContent = 'offline'; };"
        "</script></head><body><div id='root'></div></body></html>"
    )
    try:
        with serve({"/ws": Reply(body=page.encode())}) as served:
            result = _run(served.url("/ws"), BASE.model_copy(update={"render_javascript": "always"}))
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert result.rendering is not None and result.rendering.status == "rendered"
    assert accepted == []


def test_a_browser_that_cannot_start_is_a_finding_and_the_static_view_is_assessed(site: Site) -> None:
    settings = BASE.model_copy(update={"render_chromium_path": Path("/bin/false")})
    result = _run(site.url("/records/1196821"), settings)
    assert result.rendering is not None and result.rendering.status == "failed"
    failed = [f for f in result.findings if f.code == "render.failed"]
    assert failed and failed[0].severity == "error"
    outcome = result.outcome("rendering")
    assert outcome is not None and outcome.failed and outcome.status == "parse_error"
    assert result.outcome("landing_page") is not None and not _rendered(result)


def test_sub_request_cap(site: Site) -> None:
    """With a cap of one request only the page's first request is made (the script or the stylesheet), never
    the record the script asks for after it: nothing is injected, and the report says requests were cut."""
    result = _run(site.url("/records/1196821"), BASE.model_copy(update={"render_max_requests": 1}))
    rendering = result.rendering
    assert rendering is not None and rendering.status == "rendered"
    assert rendering.sub_requests == 1 and rendering.capped_requests >= 1
    assert len([e for e in result.exchanges if e.purpose.startswith("render:")]) == 1
    assert any(f.code == "render.request_cap" for f in result.findings)
    assert not _rendered(result)


def test_a_busy_sub_request_is_retried_only_within_the_page_budget() -> None:
    """A script answered 429 with Retry-After: 3 would be asked four times over 9 s and more (the default
    three retries); the page's 5 s budget is absolute for its sub-requests, so the retry that would end
    after it (at 6 s) is not made: the page finishes in time and the exchange and the finding say what was
    cut. (Retry-After: 2 put the last try at 4 s and left the page under a second to go idle: it timed out
    on a loaded machine.)"""
    asked: list[float] = []

    def busy(request: BaseHTTPRequestHandler) -> None:
        asked.append(time.monotonic())
        request.send_response(429)
        request.send_header("Retry-After", "3")
        request.send_header("Content-Length", "0")
        request.end_headers()

    page = _page("never-loads.html").replace(b"/analytics/collect.js", b"/busy/collect.js")
    settings = BASE.model_copy(update={"render_time_budget": 5.0, "render_javascript": "always"})
    with serve({"/records/k7": Reply(body=page), "/busy/collect.js": busy}) as served:
        result = _run(served.url("/records/k7"), settings)
    rendering = result.rendering
    assert rendering is not None and rendering.status == "rendered" and not rendering.timed_out
    assert rendering.elapsed_ms < 5000 + 1500  # the budget, plus reading the DOM and the screenshot
    cut = [e for e in result.exchanges if e.request_url.endswith("/busy/collect.js")]
    assert len(cut) == 1 and cut[0].error_kind == "unavailable" and cut[0].status == 429
    assert len(asked) == len(cut[0].retries) + 1 < 4
    assert "left of the request's deadline: not retried" in (cut[0].error or ""), cut[0].error
    failed = [f for f in result.findings if f.code == "render.request_failed"]
    assert len(failed) == 1 and "not retried" in failed[0].message
    assert "Borehole temperatures, site K-7" in result.metadata.values("titles")
