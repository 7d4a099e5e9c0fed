"""Accessibility in a real browser: axe-core (tests/fixtures/a11y, loaded by Playwright) finds no
violation on the standalone HTML report and the web UI's pages, and the standalone report of a real
capture (PANGAEA, 2021) fits a 420 px phone screen. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairgauge.api import assess
from fairgauge.compose import build_services
from fairgauge.render.report import render
from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.conftest import FIXTURES
from tests.web.fixture_site import repository
from tests.web.server import finished, running
from tests.web.test_browser import ARTIFACTS, CHROMIUM, FLAGS, sync_api

AXE = FIXTURES / "a11y" / "axe.min.js"
PANGAEA = FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def standalone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`fairgauge assess --format html` of PANGAEA 836178 (its server repeats 7 Signposting links on
    every metadata response), written to a file as a user would open it."""
    folder = tmp_path_factory.mktemp("report")
    report = assess("doi:10.1594/PANGAEA.836178", replay=[PANGAEA], settings=Settings(cache_dir=folder))
    path = folder / "pangaea.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    return path


def _axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page (WCAG 2.x A and AA rules and best practices)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def _open(browser: Any, url: str, width: int) -> Any:
    # The report's own CSP forbids every script; only the test's axe-core is let in.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    return page


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-top.png"))


@pytest.mark.parametrize("width", [420, 1200])
def test_standalone_report_has_no_axe_violation(browser: Any, standalone: Path, width: int) -> None:
    page = _open(browser, standalone.as_uri(), width)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # check the folded parts too
    assert _axe(page) == []
    page.close()


def test_standalone_report_fits_a_phone_screen(browser: Any, standalone: Path) -> None:
    page = _open(browser, standalone.as_uri(), 420)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the report is {overflow}px wider than a 420px screen"
    summary = page.locator("#summary-table").bounding_box()
    assert summary is not None and summary["x"] >= 0 and summary["x"] + summary["width"] <= 420
    for cell in page.locator("#summary-table td").all():  # stacked: every value is on screen, labelled
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 420
    assert page.locator("#signposting-table tbody tr").count() == 7  # 7 distinct links, read 35 times
    _shot(page, "standalone-report-phone")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box() is not None
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("a11y-ui")
    settings = Settings(
        data_dir=folder,
        cache_dir=folder / "cache",
        allow_private_network=True,
        use_datacite=False,
        tracks_ontology_source="off",
        api_rate_limit=0,
    )
    services = build_services(settings)
    with repository(2) as site, running(create_app(services=services)) as url:
        import httpx

        with httpx.Client(base_url=url, timeout=60) as client:
            created = client.post("/api/v1/assessments", json={"identifier": site.url("/objects/1")})
            data = finished(client, created.headers["location"])
        yield url, data["id"]
    services.close()


@pytest.mark.parametrize("width", [420, 1200])
@pytest.mark.parametrize("path", ["/", "/report/{id}", "/tracks"])
def test_web_pages_have_no_axe_violation(browser: Any, service: tuple[str, str], path: str, width: int) -> None:
    url, assessment_id = service
    page = _open(browser, url + path.format(id=assessment_id), width)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert _axe(page) == []
    page.close()
