"""The run pages in a real browser (Playwright driving Debian's chromium): the runs list, a run with its
per-principle distributions and metric pass rates, before vs after picked from the form, an object's
page from the objects table. Screenshots go to tests/artifacts/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fairgauge.compose import build_services, build_settings
from fairgauge.web.app import create_app
from tests.loopback import Reply, serve
from tests.web.runs_fixture import NOT_AN_IDENTIFIER, assess_runs
from tests.web.server import running
from tests.web.test_browser import CHROMIUM, _shot, browser

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)"),
]
__all__ = ["browser"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("runs-ui")
    settings = build_settings(
        allow_private_network=True, data_dir=folder, cache_dir=folder / "c", api_rate_limit=0, render_javascript="never"
    )
    services = build_services(settings)
    routes: dict[str, Reply] = {}
    with serve(routes) as served:  # type: ignore[arg-type]
        assess_runs(services, routes, served)
    with running(create_app(services=services)) as url:
        yield url
    services.close()


def test_runs_list_run_page_before_after_and_object(base: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(base + "/runs")
    assert page.locator("#runs-table tbody tr").count() == 2
    page.get_by_role("link", name="before", exact=True).click()
    page.wait_for_selector("#run-pass-rates")
    assert page.locator("svg.run-histogram").count() == 5
    assert "4 scored" in page.locator("#run-counts").inner_text()
    page.get_by_label("Before / after: compare with another run").select_option("after")
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector("#run-comparison")
    assert "2 improved, 0 regressed" in page.locator("#run-comparison").inner_text()
    assert page.locator("svg.run-histogram rect[fill='#bc4c00']").count() > 0  # the second run's bars
    means = page.locator("#run-means").inner_text()
    assert "before" in means and "after" in means
    for figure in page.locator("svg.run-histogram").all():  # every axis label drawn inside its chart
        frame = figure.bounding_box()
        for tick in figure.locator("text.axis-tick").all():
            box = tick.bounding_box()
            assert frame and box and frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    _shot(page, "run-before-after")
    page.get_by_role("link", name=NOT_AN_IDENTIFIER).click()
    assert "not an identifier" in page.locator("#object-unscored").inner_text()
    page.go_back()
    page.locator("#run-objects a").first.click()
    page.wait_for_selector("#object-score")
    page.locator("details summary").first.click()
    _shot(page, "run-object")
    page.close()
