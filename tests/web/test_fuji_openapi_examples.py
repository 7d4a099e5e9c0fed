"""F-UJI's own OpenAPI example bodies, posted unchanged to our F-UJI-compatible ``/evaluate``.

Where the bodies come from: F-UJI's OpenAPI description, ``fuji_server/yaml/openapi.yaml``, example of
``components.schemas.body``, as /work/shared/METRICS.md section 3.1 quotes it (the file itself is not
available offline; tests/fixtures/fuji/README.md): ``object_identifier``
https://doi.org/10.1594/PANGAEA.908011, ``test_debug`` true, ``metadata_service_endpoint``
http://ws.pangaea.de/oai/provider, ``metadata_service_type`` oai_pmh, ``use_datacite`` true,
``use_github`` false, ``metric_version`` metrics_v0.8; the variant with ``metrics_v0.5``; the deprecated
``oaipmh_endpoint`` F-UJI still accepts in place of the metadata service pair; and the dataset
credentials pair ``auth_token`` / ``auth_token_type`` (Basic), which fairgauge refuses on purpose.

The DOI resolver, PANGAEA's landing page and its OAI-PMH provider are served from the hand-made site
``tests/fixtures/sites/pangaea-908011.yaml`` (a WARC archive built at test time and replayed: no request
leaves the process). The answer's shape is F-UJI's: every field F-UJI 3.5.1 answers for the same metric
version (tests/fixtures/fuji), each metric's ``output`` with the JSON type F-UJI gives it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.sites import site_archive
from tests.web.test_fuji_compat import _answer, _paths

OPENAPI_EXAMPLE: dict[str, Any] = {
    "object_identifier": "https://doi.org/10.1594/PANGAEA.908011",
    "test_debug": True,
    "metadata_service_endpoint": "http://ws.pangaea.de/oai/provider",
    "metadata_service_type": "oai_pmh",
    "use_datacite": True,
    "use_github": False,
    "metric_version": "metrics_v0.8",
}
_SERVICE = ("metadata_service_endpoint", "metadata_service_type")
BODIES = {
    "openapi-example": OPENAPI_EXAMPLE,
    "metrics_v0.5": {**OPENAPI_EXAMPLE, "metric_version": "metrics_v0.5"},
    "deprecated-oaipmh_endpoint": {
        **{k: v for k, v in OPENAPI_EXAMPLE.items() if k not in _SERVICE},
        "oaipmh_endpoint": "http://ws.pangaea.de/oai/provider",
    },
}
# Field paths whose content is the object's own (harvested values, the items of each metric's evidence),
# not the response's shape: test_fuji_compat.py compares them on the pages F-UJI itself answered for.
_OWN = (".metadata.", "].test_debug[]", ".metric_test_requirements[]", ">.", ">[]")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("fuji-openapi")
    settings = Settings(
        data_dir=folder,
        cache_dir=folder / "cache",
        tracks_ontology_source="off",
        replay=(site_archive("pangaea-908011"),),
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _post(client: TestClient, body: dict[str, Any]) -> Any:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}  # as F-UJI clients send
    return client.post("/fuji/api/v1/evaluate", content=json.dumps(body), headers=headers)


def _shape(paths: dict[str, str]) -> dict[str, str]:
    """The response's shape: every field down to each metric's ``output`` (compared by type below)."""
    return {path: kind for path, kind in paths.items() if not any(part in path for part in _OWN)}


@pytest.mark.parametrize("name", list(BODIES))
def test_fujis_openapi_example_bodies_are_answered_in_fujis_shape(client: TestClient, name: str) -> None:
    body = BODIES[name]
    response = _post(client, body)
    assert response.status_code == 200, response.text
    ours = response.json()
    assert {k: ours["request"][k] for k in body} == body, "the request echoed as sent"
    assert ours["resolved_url"] == "https://doi.pangaea.de/10.1594/PANGAEA.908011"
    theirs = _answer("pangaea-836178_2021-06", body["metric_version"])
    assert ours["metric_version"] == theirs["metric_version"] and ours["total_metrics"] == theirs["total_metrics"]
    assert [r["metric_identifier"] for r in ours["results"]] == [r["metric_identifier"] for r in theirs["results"]]
    assert all(r["test_debug"] for r in ours["results"]), "test_debug: true asks for each metric's trail"
    mine, reference = _paths(ours), _shape(_paths(theirs))
    assert sorted(path for path in reference if path not in mine) == []
    differ = {p: (k, mine[p]) for p, k in reference.items() if "null" not in (k, mine[p]) and k != mine[p]}
    assert differ == {}, "F-UJI's JSON type at every field of its shape"
    outputs = {r["metric_identifier"]: r["output"] for r in ours["results"]}
    for metric in theirs["results"]:
        if metric["output"] not in ({}, []):  # F-UJI answers an empty output as {} or [] alike
            assert type(outputs[metric["metric_identifier"]]) is type(metric["output"]), metric["metric_identifier"]


@pytest.mark.parametrize("name", ["openapi-example", "deprecated-oaipmh_endpoint"])
def test_the_metadata_service_of_the_body_is_asked(client: TestClient, name: str) -> None:
    harvest = _post(client, BODIES[name]).json()["harvest"]
    (probe,) = [s for s in harvest["services"] if s["endpoint"] == "http://ws.pangaea.de/oai/provider"]
    assert probe["type"] == "oai_pmh" and probe["source"] == "option" and probe["reachable"] is True
    assert [s["prefix"] for s in probe["metadata_standards"]] == ["oai_dc", "datacite4", "iso19139"]
    assert probe["record_found"] is False, "the provider knows none of the identifiers asked (idDoesNotExist)"


def test_fujis_web_client_body_without_a_service_asks_none(client: TestClient) -> None:
    """F-UJI's web client sends its service type select's default (oai_pmh) with an empty endpoint when
    the user names no service: F-UJI asks none, and so do we (a 422 here broke that client)."""
    body = {**OPENAPI_EXAMPLE, "metadata_service_endpoint": "", "metadata_service_type": "oai_pmh"}
    response = _post(client, body)
    assert response.status_code == 200, response.text
    assert [s for s in response.json()["harvest"]["services"] if s["source"] == "option"] == []


def test_the_dataset_credentials_of_the_example_are_refused_with_the_reason(client: TestClient) -> None:
    """F-UJI would send the credentials on to the repository; fairgauge does not hold or forward them."""
    response = _post(client, {**OPENAPI_EXAMPLE, "auth_token": "dXNlcjpwYXNzd29yZA==", "auth_token_type": "Basic"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unsupported" and "auth_token" in error["message"]
