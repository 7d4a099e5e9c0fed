"""F-UJI compatibility against F-UJI's own answers (tests/fixtures/fuji): post the request body F-UJI
3.5.1 recorded, and every field path of its response must be in ours, with the same JSON type; each
metric's ``output`` included (F-UJI's OpenAPI ``*_output`` shapes, as F-UJI answers them)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.conftest import FIXTURES

FUJI = FIXTURES / "fuji"
CAPTURES = ("pangaea-836178_2021-06", "zenodo-1196821_2021-06", "zenodo-1196821_2026-07")
ANSWERS = [(capture, version) for capture in CAPTURES for version in ("metrics_v0.5", "metrics_v0.8")]
LANDING = "https://doi.pangaea.de/10.1594/PANGAEA.836178"
# Left apart, knowingly: the items of ``metric_test_requirements`` (F-UJI's metric files list
# requirements; ours state none).
APART = ("$.results[].metric_tests.*.metric_test_requirements[]",)


def _paths(value: Any, path: str = "$") -> dict[str, str]:
    """Every field path of a JSON document with its JSON type (lists: the union over their items)."""
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    found = {path: kinds.get(type(value), "null")}
    if isinstance(value, dict):
        for key, item in value.items():
            if path == "$.results[].metric_tests":
                key = "*"  # test ids differ per metric
            elif path == "$.results[]" and key == "output":
                key = f"output<{value.get('metric_identifier')}>"  # each metric's output has its own shape
            found.update(_paths(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for item in value:
            for sub, kind in _paths(item, f"{path}[]").items():
                if found.get(sub, "null") == "null":
                    found[sub] = kind
    return found


@cache
def _answer(capture: str, version: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FUJI / f"{capture}.{version}.json").read_text(encoding="utf-8"))
    return data


@cache
def _fuji_kinds() -> dict[str, frozenset[str]]:
    """Every JSON type F-UJI answers at each path over all its recorded answers: where F-UJI itself is
    inconsistent (``guid_scheme`` a string or a list, an empty ``output`` ``{}`` or ``[]``), any of its
    types is F-UJI's shape."""
    kinds: dict[str, set[str]] = {}
    for capture, version in ANSWERS:
        for path, kind in _paths(_answer(capture, version)).items():
            kinds.setdefault(path, set()).add(kind)
    return {path: frozenset(found - {"null"}) for path, found in kinds.items()}


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TestClient]]:
    """One service per capture, each answering from that capture's WARC archive."""
    opened: dict[str, TestClient] = {}
    try:
        for capture in CAPTURES:
            folder = tmp_path_factory.mktemp(capture)
            settings = Settings(
                data_dir=folder,
                cache_dir=folder / "cache",
                use_datacite=False,
                tracks_ontology_source="off",
                replay=(FIXTURES / "warc" / f"{capture}.warc.gz",),
            )
            opened[capture] = TestClient(create_app(settings)).__enter__()
        yield opened
    finally:
        for test_client in opened.values():
            test_client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def client(clients: dict[str, TestClient]) -> TestClient:
    return clients["pangaea-836178_2021-06"]


@pytest.mark.parametrize(("capture", "version"), ANSWERS)
def test_our_answer_has_every_field_of_fujis_answer(clients: dict[str, TestClient], capture: str, version: str) -> None:
    theirs = _answer(capture, version)
    # F-UJI saw a loopback rewrite (http://127.0.0.1:8812/HOST/PATH) of the landing page URL
    landing = re.sub(r"^http://127\.0\.0\.1:8812/", "https://", theirs["request"]["object_identifier"])
    body = {**theirs["request"], "object_identifier": landing}
    assert set(body) == {"object_identifier", "test_debug", "use_datacite", "metric_version"}
    response = clients[capture].post(
        "/fuji/api/v1/evaluate", content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    ours = response.json()
    mine, reference, fujis = _paths(ours), _paths(theirs), _fuji_kinds()
    missing = sorted(path for path in reference if path not in mine and not path.startswith(APART))
    assert missing == [], "\n".join(missing)
    differ = {
        (path, mine[path])
        for path in reference
        if path in mine and not path.startswith(APART) and fujis[path] and mine[path] not in {"null", *fujis[path]}
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


def test_fixtures_are_fujis() -> None:
    for capture, version in ANSWERS:
        theirs = _answer(capture, version)
        assert theirs["software_version"].startswith("3.5") and theirs["request"]["metric_version"] == version


def test_metric_outputs_in_fujis_shapes_hold_our_evidence(client: TestClient) -> None:
    body = {"object_identifier": LANDING, "metric_version": "metrics_v0.8"}
    results = {
        r["metric_identifier"]: r["output"] for r in client.post("/fuji/api/v1/evaluate", json=body).json()["results"]
    }
    unique = results["FsF-F1-01MD"]
    assert [(u["guid"], u["target"]) for u in unique["unique_identifiers"]] == [
        (LANDING, "metadata"),
        ("https://store.pangaea.de/Publications/JohanssonE_et_al_2014/johansson_etal-2014.zip", "data"),
    ], "the metadata identifier and the data identifier, as F-UJI lists them (two tests of one metric)"
    assert unique["guid_scheme"] == ["url"]
    assert results["FsF-A1-01M"] == {
        "access_level": "public",
        "access_details": {"access_condition": "info:eu-repo/semantics/openAccess"},
    }
    assert {p["protocol_type"] for p in results["FsF-A1.1-01MD"]["standard_protocol"]} == {"https"}
    formal = results["FsF-I1-01M"]
    assert formal and {f["source"] for f in formal} <= {
        "typed_link",
        "content_negotiate",
        "structured_data",
        "sparql_endpoint",
    }
    assert results["FsF-R1.1-01M"] == [
        {
            "license": "https://creativecommons.org/licenses/by/3.0/",
            "osi_approved": False,  # CC BY is not an OSI licence (F-UJI 3.5.1 says true)
            "details_url": "https://spdx.org/licenses/CC-BY-3.0.html",
        }
    ]
    provenance = results["FsF-R1.2-01M"]["provenance_metadata_included"]["provenance_metadata"]
    creators = [p for p in provenance if p["metadata_element"] == "creator"]
    assert len(creators) == 1, "one entry per element with its values listed, as F-UJI answers"
    assert "Emma Johansson" in creators[0]["metadata_value"]
    assert {s["metadata_standard"] for s in results["FsF-R1.3-01M"]} >= {"schema.org", "DC"}
    descriptors = results["FsF-R1-01M"]["data_content_descriptor"]
    assert {d["descriptor_value"] for d in descriptors} == {"5.5 MBytes", "application/zip"}
    assert {d["matches_content"] for d in descriptors} == {None}, "the zip was not in the capture: not verified"


def test_the_native_report_keeps_its_own_output_shapes(client: TestClient) -> None:
    body = {"object_identifier": LANDING, "metric_version": "metrics_v0.8"}
    client.post("/fuji/api/v1/evaluate", json=body)
    listed = client.get("/api/v1/assessments", params={"identifier": LANDING}).json()["data"]["assessments"]
    native = client.get(f"/api/v1/assessments/{listed[-1]['id']}/report").json()
    outputs = {r["metric_identifier"]: r["output"] for r in native["results"]}
    assert set(outputs["FsF-I1-01M"]) == {"formal_metadata"} and outputs["FsF-I1-01M"]["formal_metadata"]
    assert outputs["FsF-R1.1-01M"]["license"][0]["OSI_approved"] is False
