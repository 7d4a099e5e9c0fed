"""The web UI in a real browser: Playwright driving Debian's chromium (``/usr/bin/chromium``).

Assess an object of a loopback repository from the form, open the report, expand a metric, assess again
and check the history chart and the comparison, look at the report on a 420 px phone screen, validate a
FAIRtracks document. Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairgauge.compose import build_services
from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.tracks.conftest import EXAMPLES
from tests.web.fixture_site import repository, title
from tests.web.server import running

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)"),
]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    folder = tmp_path_factory.mktemp("ui")
    settings = Settings(
        data_dir=folder,
        cache_dir=folder / "cache",
        allow_private_network=True,
        use_datacite=False,
        tracks_ontology_source="off",
        api_rate_limit=0,
    )
    services = build_services(settings)
    with repository(4) as site, running(create_app(services=services)) as url:
        yield url, site
    services.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-top.png"))  # what the screen shows first


def _assess(page: Any, url: str, identifier: str) -> None:
    page.goto(url + "/")
    page.get_by_label("Identifier").fill(identifier)
    page.get_by_role("button", name="Assess").click()
    page.wait_for_selector("#principle-chart, #not-assessed", timeout=60_000)


def test_assess_open_report_expand_history_compare(base: tuple[str, Any], browser: Any) -> None:
    url, site = base
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    _assess(page, url, site.url("/objects/2"))
    assert page.locator("h1").inner_text() == site.url("/objects/2")
    _shot(page, "report-summary")
    assert page.locator("#principle-chart rect").count() == 10  # five bars on five tracks
    assert page.locator("#fix-list li").count() >= 1
    assert title(2) in page.locator("#metadata-table").inner_text()
    metric = page.locator("details.metric").first
    assert metric.get_attribute("open") is None
    metric.locator("summary").click()
    assert metric.get_attribute("open") is not None
    assert metric.locator("h3").count() >= 1
    _shot(page, "report")

    _assess(page, url, site.url("/objects/2"))
    page.get_by_role("link", name="history of this identifier").click()
    assert page.locator("#history-chart circle").count() == 2
    _shot(page, "history")
    page.get_by_role("button", name="Compare").click()
    assert page.locator("#no-changes, #changes-table").count() == 1
    page.close()


def test_report_fits_a_phone_screen(base: tuple[str, Any], browser: Any) -> None:
    url, site = base
    page = browser.new_page(viewport={"width": 420, "height": 900})
    _assess(page, url, site.url("/objects/3"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a 420px screen"
    table = page.locator("#summary-table")
    box = table.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 420
    _shot(page, "report-phone")
    page.close()


def test_keyboard_reaches_the_form(base: tuple[str, Any], browser: Any) -> None:
    url, _ = base
    page = browser.new_page()
    page.goto(url + "/")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "identifier":
            break
    assert page.evaluate("document.activeElement.id") == "identifier"
    page.close()


def test_tracks_validator_page(base: tuple[str, Any], browser: Any) -> None:
    url, _ = base
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(url + "/tracks")
    document = json.loads((EXAMPLES / "v1.0.2" / "fairtracks.example.json").read_text())
    document["experiments"][0].pop("technique", None)
    page.get_by_label("Document (JSON)").fill(json.dumps(document, indent=2))
    page.get_by_role("button", name="Validate").click()
    page.wait_for_selector("#result")
    assert "invalid" in page.locator("#result").inner_text()
    assert "/experiments/0" in page.locator("#problems-table").inner_text()
    _shot(page, "tracks")
    page.close()
