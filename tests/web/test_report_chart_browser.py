"""The report page's score-per-principle chart in a real browser, on a real capture whose principles reach
100 % (Zenodo 1196821, 2026, replayed): every label is drawn inside the chart. The "100%" label ran past
the chart's right edge (its "%" was cut off) while every test report scored under 100 %."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fairgauge.compose import build_services
from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.conftest import FIXTURES
from tests.web.server import finished, running
from tests.web.test_browser import ARTIFACTS, CHROMIUM, FLAGS, sync_api

ZENODO = FIXTURES / "warc" / "zenodo-1196821_2026-07.warc.gz"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("chart-ui")
    settings = Settings(
        data_dir=folder, cache_dir=folder / "cache", tracks_ontology_source="off", api_rate_limit=0, replay=(ZENODO,)
    )
    services = build_services(settings)
    with running(create_app(services=services)) as url, httpx.Client(base_url=url, timeout=60) as client:
        created = client.post("/api/v1/assessments", json={"identifier": "10.5281/zenodo.1196821"})
        data = finished(client, created.headers["location"])
        yield f"{url}/report/{data['id']}"
    services.close()


@pytest.mark.parametrize("width", [420, 1200])
def test_every_chart_label_lies_inside_the_chart(report_url: str, width: int) -> None:
    with sync_api.sync_playwright() as playwright:
        browser: Any = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(report_url)
        chart = page.locator("#principle-chart")
        labels = chart.locator("text").all()
        assert "100%" in [label.text_content() for label in labels], "the capture has a principle at 100 %"
        frame = chart.bounding_box()
        assert frame is not None and frame["x"] + frame["width"] <= width
        for label in labels:
            box = label.bounding_box()
            assert box is not None and frame["x"] <= box["x"], label.text_content()
            assert box["x"] + box["width"] <= frame["x"] + frame["width"], f"{label.text_content()!r} is cut off"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-chart-{width}.png"))
        browser.close()
