"""A run's repeated lookups are asked once per process: N DOIs of one repository (Zenodo's real DataCite
record and re3data record, served over loopback) cause one registration-agency request and one re3data
request, not N, even when the N objects are assessed at the same time; every object's harvest still
shows where its repository context came from."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from fairgauge.compose import build_services, build_settings
from fairgauge.model.report import Report
from fairgauge.settings import Settings
from tests.conftest import FIXTURES
from tests.loopback import Reply, Served, serve

CORPUS = FIXTURES / "corpus"
DATACITE = (CORPUS / "pid-metadata" / "zenodo-1196821_datacite-api.json").read_text()
RE3DATA = (CORPUS / "re3data" / "re3data-r3d100010468_zenodo.xml").read_text()
COUNT = 8


def _zenodo(served: Served) -> dict[str, Reply]:
    """Zenodo as the registries describe it, every public URL turned into a loopback one."""
    routes = {
        "/ra/10.5281": Reply(body=b'[{"DOI": "10.5281", "RA": "DataCite"}]', content_type="application/json"),
        "/doi/10.17616/R3QP53": Reply(302, headers=[("Location", served.url("/re3data-site/repository/r3d100010468"))]),
        "/re3data/repository/r3d100010468": Reply(
            body=RE3DATA.replace("https://zenodo.org/oai2d", served.url("/oai2d")).encode(), content_type="text/xml"
        ),
    }
    for n in range(COUNT):
        doi = f"10.5281/zenodo.{1196821 + n}"
        record = DATACITE.replace("10.5281/zenodo.1196821", doi)
        routes[f"/datacite/dois/{doi}"] = Reply(body=record.encode(), content_type="application/vnd.api+json")
        routes[f"/doi/{doi}"] = Reply(302, headers=[("Location", served.url(f"/records/{n}"))])
        routes[f"/records/{n}"] = Reply(body=f"<html><head><title>Record {n}</title></head></html>".encode())
    return routes


def _settings(served: Served, tmp_path: Path) -> Settings:
    return build_settings(
        allow_private_network=True,
        data_dir=tmp_path,
        cache_dir=tmp_path / "c",
        render_javascript="never",
        content_sample_files=0,
        doi_resolver=served.url("/doi/"),
        doi_ra_api=served.url("/ra/"),
        datacite_api=served.url("/datacite"),
        datacite_content_negotiation=served.url("/crosscite"),
        re3data_api=served.url("/re3data"),
    )


def _assess_all(settings: Settings) -> list[Report]:
    async def run() -> list[Report]:
        services = build_services(settings, with_store=False)  # as a batch worker process builds them
        try:
            return list(await asyncio.gather(*(services.assess(f"10.5281/zenodo.{1196821 + n}") for n in range(COUNT))))
        finally:
            await services.aclose()

    return asyncio.run(run())


def test_objects_of_one_repository_ask_the_registries_once(tmp_path: Path) -> None:
    routes: dict[str, Reply] = {}
    with serve(routes) as served:  # type: ignore[arg-type]
        routes.update(_zenodo(served))
        reports = _assess_all(_settings(served, tmp_path))
    paths = [path.split("?", 1)[0] for _, path, _ in served.requests]
    assert paths.count("/ra/10.5281") == 1
    assert paths.count("/doi/10.17616/R3QP53") == 1
    assert paths.count("/re3data/repository/r3d100010468") == 1
    assert sum(p.startswith("/datacite/dois/") for p in paths) >= COUNT  # each object's own record is read
    for report in reports:
        harvest = report.harvest
        assert harvest.repository is not None and harvest.repository.re3data_id == "r3d100010468"
        assert harvest.repository.datacite_client_id == "cern.zenodo"
        re3data = harvest.outcome("re3data")
        assert re3data is not None and re3data.status == "ok"
        agency = harvest.outcome("doi_ra")
        assert agency is not None and agency.status == "ok" and "datacite" in (agency.message or "")
    kept = [r for r in reports if "kept from an earlier object" in (r.harvest.outcome("re3data").message or "")]  # type: ignore[union-attr]
    assert len(kept) == COUNT - 1  # the one that asked shows its exchanges, the others say where theirs came from
    scores = {json.dumps(r.summary.score_percent, sort_keys=True) for r in reports}
    assert len(scores) == 1  # the same repository context gives every object the same repository-level results
