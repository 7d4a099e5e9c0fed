"""The service under a real server (uvicorn on loopback): concurrent evaluations keep their results
apart, and an internal error does not poison the keep-alive connection."""

from __future__ import annotations

import asyncio
import http.client
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from fairgauge.compose import build_services
from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.web.fixture_site import repository, title
from tests.web.server import running

CONCURRENT = 50


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        allow_private_network=True,
        use_datacite=False,
        tracks_ontology_source="off",
        api_rate_limit=0,
    )


async def _evaluate_all(base: str, urls: list[str]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=CONCURRENT, max_keepalive_connections=CONCURRENT)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        bodies = [{"object_identifier": url, "metric_version": "metrics_v0.8"} for url in urls]
        return await asyncio.gather(*(client.post("/fuji/api/v1/evaluate", json=body) for body in bodies))


@pytest.mark.slow
def test_50_concurrent_evaluations_no_error_no_mix_up(tmp_path: Path, database_url: str) -> None:
    services = build_services(_settings(tmp_path), database_url=database_url)
    with repository(CONCURRENT) as site, running(create_app(services=services)) as base:
        urls = [site.url(f"/objects/{n}") for n in range(CONCURRENT)]
        responses = asyncio.run(_evaluate_all(base, urls))
    assert [r.status_code for r in responses] == [200] * CONCURRENT
    for n, response in enumerate(responses):
        result: dict[str, Any] = response.json()
        assert result["request"]["object_identifier"] == urls[n]
        assert result["resolved_url"] == urls[n]
        titles = {t["value"] for t in result["harvest"]["metadata"]["titles"]}
        assert titles == {title(n)}, f"object {n} got {titles}"
        fetched = {urlsplit(e["request_url"]).path for e in result["harvest"]["exchanges"]}
        assert fetched <= {f"/objects/{n}", f"/objects/{n}.jsonld", f"/files/{n}.csv"}, fetched
        assert result["summary"]["score_percent"]["FAIR"] == responses[0].json()["summary"]["score_percent"]["FAIR"]
    assert services.store is not None and services.store.assessments.count() == CONCURRENT
    services.close()


def test_an_internal_error_keeps_the_connection_alive(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path))

    @app.get("/api/v1/test-boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with running(app) as base:
        parts = urlsplit(base)
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
        for _ in range(3):
            connection.request("GET", "/api/v1/test-boom")
            failed = connection.getresponse()
            body = json.loads(failed.read())
            assert failed.status == 500 and body["error"]["code"] == "internal_error"
            assert failed.getheader("connection") != "close"
            first_socket = connection.sock
            connection.request("GET", "/api/v1/health")
            healthy = connection.getresponse()
            assert healthy.status == 200 and json.loads(healthy.read())["ok"] is True
            assert connection.sock is first_socket  # the same keep-alive connection served both
        connection.close()
