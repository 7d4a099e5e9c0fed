"""Catalog pages: server-rendered checks, and the real thing in Debian's chromium (Playwright)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fairgauge.compose import build_services
from fairgauge.settings import Settings
from fairgauge.store.catalog import Catalog
from fairgauge.tracks.service import TracksService
from fairgauge.web.app import create_app
from tests.catalog.conftest import EXAMPLES, V10, batch_of
from tests.web.server import running

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, packaged_service: TracksService) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("catalog-ui")
    settings = Settings(data_dir=folder, cache_dir=folder / "cache", tracks_ontology_source="off", api_rate_limit=0)
    built = build_services(settings)
    assert built.store is not None
    catalog = Catalog(built.store)
    catalog.replace_source(batch_of(packaged_service, V10, source="encode-example"))
    evil = json.loads((EXAMPLES / "v1.0.2" / "fairtracks.example.json").read_text())
    evil["tracks"][0]["label_short"] = "<script>alert(1)</script>"
    evil["studies"][0]["publication"] = "doi:10.5281/zenodo.3584726"
    path = folder / "evil.json"
    path.write_text(json.dumps(evil))
    catalog.replace_source(batch_of(packaged_service, path, source="evil", force=True))
    yield built
    built.close()


def test_pages_escape_metadata_and_show_errors(services: Any) -> None:
    with TestClient(create_app(services=services)) as client:
        page = client.get("/catalog", params={"q": "alert"})
        assert page.status_code == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "<script>alert(1)" not in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
        bad = client.get("/catalog", params={"q": "samples.species_name = "})
        assert "query error at character 24" in bad.text and 'id="catalog-error"' in bad.text
        assert client.get("/catalog/tracks/999999").status_code == 404
        assert client.get("/catalog/tracks/15762591803954132156416").status_code == 404


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
def test_browse_search_facet_detail_export_in_a_browser(services: Any) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with running(create_app(services=services)) as url, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
        page.goto(url + "/")
        page.get_by_role("link", name="Track catalog").click()
        assert page.locator("#results-h").inner_text() == "8 tracks"

        # browse: category -> attribute path -> ontology field (label with term id) -> search by it
        page.locator("#browse-tree").get_by_role("link", name="samples", exact=True).click()
        page.locator("#browse-tree").get_by_role("link", name="sample_type", exact=True).click()
        page.locator("#browse-tree").get_by_role("link", name="cell_line", exact=True).click()
        assert "http://www.ebi.ac.uk/efo/EFO_0003042" in page.locator("#browse-tree").inner_text()
        page.locator("#browse-tree").get_by_role("link", name="H1-hESC").click()
        assert (
            page.locator("#q").input_value()
            == 'samples.sample_type.cell_line.term_id = "http://www.ebi.ac.uk/efo/EFO_0003042"'
        )
        assert page.locator("#results-h").inner_text() == "8 tracks"

        # facet, then free text
        page.locator(".facet").get_by_role("link", name="bigWig").first.click()
        assert page.locator("#results-h").inner_text() == "4 tracks"
        assert "tracks.file_format.term_label=bigWig" in page.locator("#active-facets").inner_text()
        page.locator("#q").fill("fold change")
        page.get_by_role("button", name="Search").click()
        assert page.locator("#results-h").inner_text() == "2 tracks"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "catalog-search.png"), full_page=True)

        with page.expect_download() as download:
            page.get_by_role("link", name="GSuite").click()
        saved = download.value.path()
        assert saved is not None and Path(saved).read_text().startswith("##location: remote\n")

        # a bad query points at the character
        page.locator("#q").fill("tracks.assembly_name = ")
        page.get_by_role("button", name="Search").click()
        assert "query error at character 24" in page.locator("#catalog-error").inner_text()

        # track detail: validation status, metadata escaped, assess the DOI
        page.goto(url + "/catalog?q=" + "tracks.local_id%20%3D%20%22encode%3AENCFF625ZYB%22")
        page.get_by_role("link", name="<script>alert(1)</script>").click()
        assert page.locator("#track-title").inner_text() == "<script>alert(1)</script>"
        assert "FAIRtracks validation: invalid" in page.locator("#validation").inner_text()
        assert page.get_by_role("button", name="Assess 10.5281/zenodo.3584726").count() == 1
        assert "H1-hESC" in page.locator("#attributes-samples").inner_text()
        page.screenshot(path=str(ARTIFACTS / "catalog-track.png"), full_page=True)

        phone = browser.new_page(viewport={"width": 420, "height": 900})
        phone.goto(url + "/catalog")
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the catalog page is {overflow}px wider than a 420px screen"
        browser.close()
