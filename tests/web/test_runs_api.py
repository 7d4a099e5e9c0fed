"""The runs JSON API (``/api/v1/runs``) and run pages over two real runs: counts, means, distributions
and pass rates over scored objects only; unreachable and "not an identifier" objects listed apart;
before vs after; one object's page; unknown runs are a 404 envelope / page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fairgauge.compose import build_services, build_settings
from fairgauge.web.app import create_app
from tests.batch.test_results import COUNT, UNREACHABLE
from tests.loopback import Reply, serve
from tests.web.runs_fixture import NOT_AN_IDENTIFIER, assess_runs


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, list[str]]]:
    folder = tmp_path_factory.mktemp("runs")
    settings = build_settings(
        allow_private_network=True, data_dir=folder, cache_dir=folder / "c", api_rate_limit=0, render_javascript="never"
    )
    services = build_services(settings)
    routes: dict[str, Reply] = {}
    with serve(routes) as served:  # type: ignore[arg-type]
        assess_runs(services, routes, served)
        objects = [served.url(f"/objects/{n}") for n in range(COUNT)]
    with TestClient(create_app(services=services)) as test_client:
        yield test_client, objects
    services.close()


def _data(response: Any) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True
    return body["data"]


def test_runs_api_lists_summarises_pages_and_compares(client: tuple[TestClient, list[str]]) -> None:
    api, objects = client
    listed = _data(api.get("/api/v1/runs"))["runs"]
    assert {r["name"] for r in listed} == {"before", "after"}
    assert all(r["counts"] == {"scored": COUNT, "not_assessed": 1, "error": 1} for r in listed)

    before, after = _data(api.get("/api/v1/runs/before")), _data(api.get("/api/v1/runs/after"))
    assert before["inputs"] == {"sources": ["objects.txt"]} and before["total"] == COUNT + 2
    for run in (before, after):
        distribution = run["score_distribution"]
        assert len(distribution["bins"]) == 10
        assert all(sum(counts) == COUNT for counts in distribution["objects"].values())  # scored objects only
        assert sum(run["fairport_levels"].values()) == COUNT
        assert all(0 <= rate["percent"] <= 100 and rate["objects"] == COUNT for rate in run["metric_pass_rates"])
    assert after["mean_score_percent"]["R"] > before["mean_score_percent"]["R"]  # the licence was added
    license_before = {r["name"]: r for r in before["metric_pass_rates"] if "R1.1" in r["name"]}
    license_after = {r["name"]: r for r in after["metric_pass_rates"] if "R1.1" in r["name"]}
    assert license_before and all(license_after[n]["passed"] > r["passed"] for n, r in license_before.items())

    errors = _data(api.get("/api/v1/runs/before/results", params={"status": "error"}))["results"]
    assert [(r["identifier"], r["fair_percent"]) for r in errors] == [(NOT_AN_IDENTIFIER, None)]
    assert errors[0]["error"].startswith("not an identifier")
    unreached = _data(api.get("/api/v1/runs/before/results", params={"status": "not_assessed"}))["results"]
    assert [r["identifier"] for r in unreached] == [UNREACHABLE] and unreached[0]["score_percent"] is None
    page = _data(api.get("/api/v1/runs/before/results", params={"limit": 2, "offset": 1}))["results"]
    assert [r["identifier"] for r in page] == objects[1:3]

    changes = _data(api.get("/api/v1/runs/before/compare/after"))
    assert changes["compared"] == COUNT and {c["identifier"] for c in changes["improved"]} == set(objects[:2])
    assert changes["regressed"] == []

    missing = api.get("/api/v1/runs/nothing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert api.get("/api/v1/runs/before/compare/nothing").status_code == 404


def test_run_pages_show_charts_objects_and_before_after(client: tuple[TestClient, list[str]]) -> None:
    web, objects = client
    listing = web.get("/runs")
    assert listing.status_code == 200 and '/runs/before">before</a>' in listing.text
    page = web.get("/runs/before", params={"compare": "after"})
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    text = page.text
    assert text.count('class="run-histogram"') == 5 and 'id="run-pass-rates"' in text
    assert "Before / after: before &#8594; after" in text and "2 improved, 0 regressed" in text
    assert NOT_AN_IDENTIFIER in text and "not an identifier" in text
    counts = text.split('id="run-counts">', 1)[1].split("</p>", 1)[0]
    assert counts.rstrip().endswith("1 error.") and "errors" not in counts  # one error, in the singular
    assert "/runs/before/object?key=" in text
    one = web.get("/runs/after/object", params={"key": objects[0]})
    assert one.status_code == 200 and 'id="object-score"' in one.text and "FsF-R1.1" in one.text
    wrong = web.get("/runs/after/object", params={"key": NOT_AN_IDENTIFIER})
    assert 'id="object-unscored"' in wrong.text and "not an identifier" in wrong.text
    assert web.get("/runs/nothing").status_code == 404
    assert web.get("/runs/after/object", params={"key": "nope"}).status_code == 404
