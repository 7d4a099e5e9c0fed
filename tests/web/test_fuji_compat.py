"""F-UJI compatibility against F-UJI's own answers (tests/fixtures/fuji): post the request body F-UJI
3.5.1 recorded, and every field path of its response must be in ours, with the same JSON type."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.conftest import FIXTURES

FUJI = FIXTURES / "fuji"
PANGAEA = FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz"
LANDING = "https://doi.pangaea.de/10.1594/PANGAEA.836178"
# Left apart, knowingly: each metric's free-form ``output`` (its shape is the metric's own, and several of
# F-UJI's are arrays where fairgauge's are objects: a difference recorded here, for the metrics to settle),
# and the items of ``metric_test_requirements`` (F-UJI's metric files list requirements; ours state none).
APART = ("$.results[].output", "$.results[].metric_tests.*.metric_test_requirements[]")


def _paths(value: Any, path: str = "$") -> dict[str, str]:
    """Every field path of a JSON document with its JSON type (lists: the union over their items)."""
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    found = {path: kinds.get(type(value), "null")}
    if isinstance(value, dict):
        for key, item in value.items():
            if path == "$.results[].metric_tests":
                key = "*"  # test ids differ per metric
            found.update(_paths(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for item in value:
            for sub, kind in _paths(item, f"{path}[]").items():
                if found.get(sub, "null") == "null":
                    found[sub] = kind
    return found


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("fuji")
    settings = Settings(
        data_dir=folder, cache_dir=folder / "cache", use_datacite=False, tracks_ontology_source="off", replay=(PANGAEA,)
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("version", ["metrics_v0.5", "metrics_v0.8"])
def test_our_answer_has_every_field_of_fujis_answer(client: TestClient, version: str) -> None:
    theirs = json.loads((FUJI / f"pangaea-836178_2021-06.{version}.json").read_text(encoding="utf-8"))
    body = {**theirs["request"], "object_identifier": LANDING}  # F-UJI saw a loopback rewrite of this URL
    assert set(body) == {"object_identifier", "test_debug", "use_datacite", "metric_version"}
    response = client.post(
        "/fuji/api/v1/evaluate", content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    ours = response.json()
    mine, reference = _paths(ours), _paths(theirs)
    missing = sorted(path for path in reference if path not in mine and not path.startswith(APART))
    assert missing == [], "\n".join(missing)
    differ = {
        p
        for p, kind in reference.items()
        if p in mine and not p.startswith(APART) and "null" not in (kind, mine[p]) and kind != mine[p]
    }
    assert differ == set(), "the same JSON type wherever both answer a field"
    assert [r["metric_identifier"] for r in ours["results"]] == [r["metric_identifier"] for r in theirs["results"]]
    assert ours["request"]["test_debug"] is True and ours["metric_version"] == theirs["metric_version"]


def test_fuji_names_of_the_harvested_metadata(client: TestClient) -> None:
    body = {"object_identifier": LANDING, "test_debug": False, "use_datacite": True, "metric_version": "metrics_v0.8"}
    ours = client.post("/fuji/api/v1/evaluate", json=body).json()
    record = next(r for r in ours["harvested_metadata"] if r["method"] == "json_in_html")["metadata"]
    assert (
        record["title"] == "Hydrological and meteorological investigations in a lake near Kangerlussuaq, west Greenland"
    )
    assert record["publisher"] == "PANGAEA" and "Emma Johansson" in record["creator"]
    assert record["license"] == ["https://creativecommons.org/licenses/by/3.0/"]
    assert record["object_identifier"] == ["https://doi.org/10.1594/PANGAEA.836178"]
    assert record["titles"] == [record["title"]], "our own field names stay beside F-UJI's"
    assert all("test_debug" not in r for r in ours["results"]), "the debug trail only when asked for"


def test_the_debug_trail_has_fujis_level_prefixes(client: TestClient) -> None:
    body = {"object_identifier": LANDING, "test_debug": True, "metric_version": "metrics_v0.8"}
    metric = client.post("/fuji/api/v1/evaluate", json=body).json()["results"][0]
    assert metric["test_debug"] and all(
        line.split(":", 1)[0] in {"INFO", "WARNING", "ERROR", "SUCCESS"} for line in metric["test_debug"]
    )
    assert any(line.startswith("SUCCESS: FsF-F1-01MD-1") for line in metric["test_debug"])


def test_fixtures_are_fujis(tmp_path: Path) -> None:
    for version in ("metrics_v0.5", "metrics_v0.8"):
        theirs = json.loads((FUJI / f"pangaea-836178_2021-06.{version}.json").read_text(encoding="utf-8"))
        assert theirs["software_version"].startswith("3.5") and theirs["request"]["metric_version"] == version
