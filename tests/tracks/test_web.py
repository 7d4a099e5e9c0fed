"""REST: ``POST /api/v1/tracks/validate`` and ``/augment`` with JSON or multipart bodies; one envelope."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.tracks.conftest import EXAMPLES, FIXTURE_ONTOLOGIES, example


@pytest.fixture(scope="module")
def client(tracks_settings: Settings) -> Iterator[TestClient]:
    settings = tracks_settings.model_copy(update={"tracks_ontology_files": tuple(FIXTURE_ONTOLOGIES)})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_validate_one_json_document(client: TestClient) -> None:
    response = client.post("/api/v1/tracks/validate", json=example("v1.0.2/fairtracks.example.json"))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert (body["data"]["status"], body["data"]["summary"]["tracks"]) == ("valid", 4)


def test_validate_a_set_with_options_in_the_wrapper(client: TestClient) -> None:
    wrapper = {
        "documents": [example("v1.0.2/fairtracks.example.json"), example("v1.0.2/fairtracks_track.example.json")],
        "schema_version": "1.0.2",
        "ontology_source": "off",
    }
    data = client.post("/api/v1/tracks/validate", json=wrapper).json()["data"]
    duplicate = next(p for p in data["problems"] if p["code"] == "key.duplicate")
    assert (duplicate["document"], duplicate["related"][0]["document"]) == ("documents[1]", "documents[0]")
    assert data["sources"]["ontology"] == ["off"]


def test_validate_multipart_files_keeps_broken_ones_as_problems(client: TestClient) -> None:
    files = [
        ("files", ("full.json", (EXAMPLES / "v1.0.2" / "fairtracks.example.json").read_bytes(), "application/json")),
        ("files", ("broken.json", b'{"@schema": 1,\n}', "application/json")),
    ]
    data = client.post("/api/v1/tracks/validate", files=files, data={"ontology_source": "off"}).json()["data"]
    assert [d["document"] for d in data["documents"]] == ["full.json", "broken.json"]
    broken = next(p for p in data["problems"] if p["document"] == "broken.json")
    assert (broken["code"], broken["line"], broken["column"]) == ("json.syntax", 2, 1)


def test_broken_json_body_is_an_error_envelope_with_position(client: TestClient) -> None:
    response = client.post(
        "/api/v1/tracks/validate", content=b'{"a": [1, 2,]}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_json"
    assert (error["details"]["line"], error["details"]["column"]) == (1, 13)


@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        ("/api/v1/tracks/validate", "schema_version=9", "unknown FAIRtracks schema version '9'"),
        ("/api/v1/tracks/validate", "ontology_source=web", "unknown ontology_source 'web'"),
        ("/api/v1/tracks/augment", "", "augment takes exactly one document, got 2"),
    ],
)
def test_bad_requests_get_the_error_envelope(client: TestClient, path: str, query: str, message: str) -> None:
    body = [example("v1.0.2/fairtracks_track.example.json")] * (2 if "augment" in path else 1)
    response = client.post(f"{path}?{query}", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["details"]) == ("invalid_input", None)
    assert error["message"].startswith(message)


def test_augment_returns_document_and_report(client: TestClient) -> None:
    minimal = json.loads((EXAMPLES / "v2.0-draft" / "fairtracks_track.minimal.example.json").read_text())
    data = client.post("/api/v1/tracks/augment", json={"document": minimal}).json()["data"]
    assert data["document"]["file_format"]["term_label"] == "ENCODE narrow peak format"
    assert data["report"]["validation"]["status"] == "valid"
    assert {f["pointer"] for f in data["report"]["filled"]} == {"/file_name", "/file_format/term_label"}


def test_lenient_json_body_keeps_the_comma_warnings(client: TestClient) -> None:
    body = (EXAMPLES / "augment-v1.0.2" / "fairtracks.minimal.example.json").read_bytes()
    response = client.post(
        "/api/v1/tracks/validate?lenient_json=true&ontology_source=off",
        content=body,
        headers={"content-type": "application/json"},
    )
    problems = response.json()["data"]["problems"]
    assert [(p["document"], p["line"]) for p in problems if p["code"] == "json.trailing_comma"] == [
        ("document", 59),
        ("document", 63),
        ("document", 66),
        ("document", 70),
    ]
