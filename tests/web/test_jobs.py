"""Background assessments (native API 202): a bounded number run at once, a burst beyond the cap waits
queued and every one of them completes with its own result."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from fairgauge.compose import build_services
from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.web.fixture_site import repository, title
from tests.web.server import finished, running

CAP = 2
BURST = 7


def test_a_burst_beyond_the_cap_waits_queued_and_all_complete(tmp_path: Path, database_url: str) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        allow_private_network=True,
        use_datacite=False,
        tracks_ontology_source="off",
        api_rate_limit=0,
        service_max_concurrent_assessments=CAP,
    )
    services = build_services(settings, database_url=database_url)
    app = create_app(services=services)
    with repository(BURST) as site, running(app) as base, httpx.Client(base_url=base, timeout=60) as client:
        created = [
            client.post("/api/v1/assessments", json={"identifier": site.url(f"/objects/{n}")}) for n in range(BURST)
        ]
        assert [r.status_code for r in created] == [202] * BURST
        states = [r.json()["data"]["state"] for r in created]
        assert states == ["queued"] * BURST
        found = [finished(client, r.headers["location"], timeout=600) for r in created]
        assert app.state.jobs.pending == 0
    assert [a["state"] for a in found] == ["done"] * BURST, [a["error"] for a in found]
    for n, assessment in enumerate(found):
        assert assessment["identifier"] == site.url(f"/objects/{n}")
        assert assessment["outcome"] == "scored"
        report = services.store.assessments.get(assessment["id"]) if services.store else None
        assert report is not None and report.report is not None
        assert [t["value"] for t in report.report["harvest"]["metadata"]["titles"]] == [title(n)]
    assert app.state.jobs.peak == CAP, "never more than the cap at once, and the cap was reached"
    assert services.store is not None and services.store.assessments.count() == BURST
    services.close()


def test_the_cap_is_a_setting_of_at_least_one() -> None:
    assert Settings().service_max_concurrent_assessments == 4
    with pytest.raises(ValueError, match="service_max_concurrent_assessments"):
        Settings(service_max_concurrent_assessments=0)  # would never run anything
