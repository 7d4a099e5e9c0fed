"""The catalog over HTTP: native ``/api/v1/catalog/...`` and TrackFind-compatible ``/trackfind/api/v1/...``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fairgauge.compose import build_services
from fairgauge.settings import Settings
from fairgauge.store.catalog import Catalog
from fairgauge.tracks.service import TracksService
from fairgauge.web.app import create_app
from tests.catalog.conftest import EXAMPLES, FIXTURES, H1_QUERY, V10, batch_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str, packaged_service: TracksService
) -> Iterator[TestClient]:
    """One service per module and backend: the tests here only read (GET) the two imported sources."""
    tmp_path = tmp_path_factory.mktemp("catalog-api")
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", tracks_ontology_source="off")
    services = build_services(settings, database_url=module_database_url)
    assert services.store is not None
    catalog = Catalog(services.store)
    catalog.replace_source(batch_of(packaged_service, V10, source="example"))
    catalog.replace_source(batch_of(packaged_service, EXAMPLES / "v2.0-draft", source="v2"))
    with TestClient(create_app(services=services)) as test_client:
        yield test_client


def test_native_routes(client: TestClient) -> None:
    sources = client.get("/api/v1/catalog/sources").json()["data"]["sources"]
    assert {s["source"]: s["tracks"] for s in sources} == {"example": 4, "v2": 10}
    browse = client.get("/api/v1/catalog/browse", params={"path": "samples.sample_type.cell_line"}).json()
    assert browse["data"]["entries"][0] == {
        "name": "H1-hESC",
        "path": "samples.sample_type.cell_line.term_id",
        "kind": "term",
        "count": 4,
        "term_id": "http://www.ebi.ac.uk/efo/EFO_0003042",
    }
    found = client.get(
        "/api/v1/catalog/search", params={"query": H1_QUERY, "facet": "tracks.file_format.term_label=bigWig"}
    ).json()["data"]
    assert found["total"] == 2 and {t["title"] for t in found["tracks"]} == {"ENCFF717PIO", " ENCFF955LOC"}
    assert found["facets"]["tracks.file_format.term_label"] == [{"value": "bigWig", "count": 2}]
    track = client.get(f"/api/v1/catalog/tracks/{found['tracks'][0]['id']}").json()["data"]
    assert track["validation_status"] in {"valid", "indeterminate"} and track["samples"]["species_name"]
    assert client.get("/api/v1/catalog/tracks/999999").status_code == 404
    assert client.get("/api/v1/catalog/tracks/15762591803954132156416").status_code == 422
    gsuite = client.get("/api/v1/catalog/export", params={"query": H1_QUERY, "to": "gsuite"})
    assert gsuite.status_code == 200 and gsuite.text.startswith("##location: remote\n")
    assert "attachment" in gsuite.headers["content-disposition"]
    csv_export = client.get("/api/v1/catalog/export", params={"query": H1_QUERY, "to": "csv"})
    assert csv_export.headers["content-type"].startswith("text/csv") and csv_export.text.count("\n") == 5


def test_bad_queries_answer_400_with_the_position(client: TestClient) -> None:
    response = client.get("/api/v1/catalog/search", params={"query": "tracks.assembly_name = "})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_query" and error["details"]["position"] == 23
    injected = client.get("/api/v1/catalog/search", params={"query": "x' OR 1=1; DROP TABLE catalog_tracks; --"})
    assert injected.status_code == 400
    harmless = client.get("/api/v1/catalog/search", params={"query": 'tracks.label_short = "\' OR 1=1 --"'})
    assert harmless.json()["data"]["total"] == 0
    assert client.get("/api/v1/catalog/sources").json()["data"]["sources"][0]["tracks"] == 4
    assert client.get("/api/v1/catalog/search", params={"facet": "nofacet"}).json()["error"]["code"] == "invalid_facet"
    assert client.get("/api/v1/catalog/browse", params={"path": "samples.none"}).status_code == 404


def test_trackfind_compatible_routes(client: TestClient) -> None:
    base = "/trackfind/api/v1"
    assert client.get(f"{base}/repositories").json() == ["fairgauge"]
    hubs = client.get(f"{base}/hubs/fairgauge").json()
    assert {h["name"] for h in hubs} == {"example", "v2"}
    assert client.get(f"{base}/hubs/other").status_code == 404
    assert client.get(f"{base}/categories").json() == ["tracks", "experiments", "samples", "studies", "collection_info"]
    metamodel = client.get(f"{base}/metamodel/fairgauge/example").json()
    assert "H1-hESC" in metamodel["samples"]["sample_type"]["cell_line"]["term_label"]
    assert "sample_type" in client.get(f"{base}/attributes", params={"path": "samples"}).json()
    assert client.get(f"{base}/values", params={"path": "samples->sample_type->cell_line->term_label"}).json() == [
        "H1-hESC"
    ]
    assert client.get(f"{base}/values", params={"path": "tracks->file_format->term_label", "filter": "BIG"}).json() == [
        "bigWig",
        "bigBed",
    ]
    found = client.get(f"{base}/search", params={"query": H1_QUERY, "categories": "tracks,samples"}).json()
    assert len(found) == 4 and set(found[0]) == {"tracks", "samples", "id"}
    gsuite = client.get(f"{base}/search", params={"query": H1_QUERY}, headers={"Accept": "text/plain"})
    golden = (FIXTURES / "trackfind" / "search.sample.gsuite").read_text()
    assert gsuite.headers["content-type"].startswith("text/plain")
    ours = [line.split("\t")[0] for line in gsuite.text.splitlines()[5:]]
    assert ours == [line.split("\t")[0] for line in golden.splitlines()[5:]]
    bad = client.get(f"{base}/search", params={"query": "samples.x = "})
    assert bad.status_code == 400 and bad.json()["error"]["details"]["position"] == 12
