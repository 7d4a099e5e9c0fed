"""The service API over a loopback repository and WARC replay: native assessments (background, stored,
history, badges, downloads), F-UJI-compatible routes with F-UJI's own example bodies, access control."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
from fastapi.testclient import TestClient

import fairgauge
from fairgauge.compose import build_services
from fairgauge.render.report import REPORT_FORMATS
from fairgauge.render.report_fuji import fuji_output
from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.conftest import FIXTURES
from tests.loopback import Reply, serve
from tests.web.fixture_site import repository, title
from tests.web.server import finished

PANGAEA = FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz"
# The request bodies of F-UJI's OpenAPI description (fuji_server/yaml/openapi.yaml, components.schemas.body
# example; the same body with the v0.8 metrics F-UJI 3.x defaults to), sent byte for byte.
FUJI_EXAMPLE = {
    "object_identifier": "https://doi.org/10.1594/PANGAEA.908011",
    "test_debug": True,
    "metadata_service_endpoint": "http://ws.pangaea.de/oai/provider",
    "metadata_service_type": "oai_pmh",
    "use_datacite": True,
    "use_github": False,
    "metric_version": "metrics_v0.5",
}
FUJI_EXAMPLES = [FUJI_EXAMPLE, {**FUJI_EXAMPLE, "metric_version": "metrics_v0.8"}]


@pytest.fixture(scope="module")
def site() -> Iterator[Any]:
    with repository(8) as served:
        yield served


def _settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        allow_private_network=True,
        use_datacite=False,
        tracks_ontology_source="off",
        **extra,
    )


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    services = build_services(_settings(tmp_path), database_url=database_url)
    with TestClient(create_app(services=services)) as test_client:
        yield test_client
    services.close()


def test_an_assessment_is_queued_run_stored_and_shown(client: TestClient, site: Any) -> None:
    url = site.url("/objects/3")
    created = client.post("/api/v1/assessments", json={"identifier": url, "profile": "fsf-0.8"})
    assert created.status_code == 202
    location = created.headers["location"]
    assert location == created.json()["data"]["url"] and created.json()["data"]["state"] == "queued"
    data = finished(client, location)
    assert data["state"] == "done" and data["outcome"] == "scored", data["error"]
    report = data["report"]
    assert report["resolved_url"] == url and data["fair_percent"] == report["summary"]["score_percent"]["FAIR"]
    assert [t["value"] for t in report["harvest"]["metadata"]["titles"]] == [title(3)]
    assert report["harvest"]["exchanges"], "the harvest evidence is stored with the report"

    again = client.post("/api/v1/assessments", json={"identifier": url + "  ", "profile": "fsf-0.5"})
    finished(client, again.headers["location"])
    history = client.get("/api/v1/assessments", params={"identifier": url}).json()["data"]
    assert [a["id"] for a in history["assessments"]] == [data["id"], again.json()["data"]["id"]]
    assert [a["profile"] for a in history["assessments"]] == ["fsf-0.8", "fsf-0.5"]

    badge = client.get(f"/api/v1/assessments/{data['id']}/badge.svg")
    assert badge.headers["content-type"].startswith("image/svg+xml")
    shown = round(data["fair_percent"])
    assert f">{shown}%<" in badge.text
    latest = client.get("/api/v1/badge.svg", params={"identifier": url, "profile": "fsf-0.8"})
    assert latest.text == badge.text
    unknown = client.get("/api/v1/badge.svg", params={"identifier": site.url("/objects/7")})
    assert unknown.status_code == 200 and ">unknown<" in unknown.text

    turtle = client.get(f"/api/v1/assessments/{data['id']}/report", params={"format": "ttl"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=turtle.text, format="turtle")) > 100
    html = client.get(f"/api/v1/assessments/{data['id']}/report", params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html") and title(3) in html.text
    for fmt in REPORT_FORMATS:  # every format REPORT_FORMATS offers as a download, and only those
        got = client.get(f"/api/v1/assessments/{data['id']}/report", params={"format": fmt.name})
        assert got.status_code == (200 if fmt.download else 422), fmt.name
        if fmt.download:
            assert got.headers["content-type"].startswith(fmt.media_type)
            assert (
                got.headers["content-disposition"] == f'attachment; filename="fairgauge-{data["id"]}.{fmt.extension}"'
            )
    stored = client.get(f"/api/v1/assessments/{data['id']}/report").json()
    assert stored["summary"] == report["summary"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"identifier": "not an identifier at all"}, "unknown_identifier"),
        ({"identifier": "   "}, "unknown_identifier"),
        ({"identifier": "10.1/x", "profile": "fsf-9"}, "unknown_profile"),
        ({"identifier": "10.1/x", "profile": "../../etc/passwd"}, "unknown_profile"),
        ({"identifier": "10.1/x", "metadata_service": {"endpoint": "http://127.0.0.1/oai"}}, "invalid_request"),
        ({"identifier": "10.1/x", "metadata_service": {"endpoint": "ftp://x/", "type": "sparql"}}, "invalid_request"),
        ({"identifier": "10.1/x", "metadata_service": {"endpoint": "http://x/", "type": "gopher"}}, "invalid_request"),
        ({"identifier": "10.1/x", "extra": 1}, "invalid_request"),
    ],
)
def test_unusable_assessment_requests_are_422_with_the_reason(tmp_path: Path, body: dict[str, Any], code: str) -> None:
    with TestClient(create_app(_settings(tmp_path))) as client:
        response = client.post("/api/v1/assessments", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_unknown_assessment_is_404(tmp_path: Path) -> None:
    with TestClient(create_app(_settings(tmp_path))) as client:
        for path in ("/api/v1/assessments/nope", "/api/v1/assessments/nope/badge.svg", "/api/v1/assessments/x/report"):
            response = client.get(path)
            assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.fixture
def replay_client(tmp_path: Path) -> Iterator[TestClient]:
    """The whole service answering from a WARC archive (audit mode)."""
    settings = _settings(tmp_path, replay=(PANGAEA,))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("body", FUJI_EXAMPLES, ids=["metrics_v0.5", "metrics_v0.8"])
def test_fuji_openapi_example_bodies_are_answered_as_fuji_does(replay_client: TestClient, body: dict[str, Any]) -> None:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}  # as F-UJI clients send
    response = replay_client.post("/fuji/api/v1/evaluate", content=json.dumps(body), headers=headers)
    assert response.status_code == 200, response.text
    result = response.json()
    for key in ("test_id", "request", "resolved_url", "start_timestamp", "end_timestamp", "metric_specification"):
        assert key in result
    for key in ("metric_version", "software_version", "total_metrics", "summary", "results", "harvested_metadata"):
        assert key in result
    assert result["request"]["object_identifier"] == body["object_identifier"]
    assert result["request"]["test_debug"] is True and result["request"]["use_github"] is False
    assert result["metric_version"] == body["metric_version"].removeprefix("metrics_v")
    assert result["total_metrics"] == (16 if result["metric_version"] == "0.5" else 17)
    assert len(result["results"]) == result["total_metrics"]
    assert "FsF-A1-01M" in {r["metric_identifier"] for r in result["results"]}


def test_fuji_evaluate_scores_as_the_python_api_does(replay_client: TestClient, tmp_path: Path) -> None:
    body = {"object_identifier": "https://doi.org/10.1594/PANGAEA.836178", "metric_version": "metrics_v0.8"}
    result = replay_client.post("/fuji/api/v1/evaluate", json=body).json()
    expected = fairgauge.assess(body["object_identifier"], replay=[PANGAEA], settings=_settings(tmp_path))
    assert result["summary"] == expected.summary.model_dump(mode="json")
    assert result["resolved_url"] == "https://doi.pangaea.de/10.1594/PANGAEA.836178"
    assert {m["method"] for m in result["harvested_metadata"]} >= {"json_in_html", "typed_link"}
    history = replay_client.get("/api/v1/assessments", params={"identifier": "doi:10.1594/pangaea.836178"})
    assert len(history.json()["data"]["assessments"]) == 1  # evaluations are stored like any other


def test_fuji_answer_is_the_stored_report_plus_fujis_extras(replay_client: TestClient) -> None:
    """The answer reuses the report's JSON as stored (serialised once): apart from F-UJI's additions it
    is the same document, key for key and in the same order."""
    body = {"object_identifier": "https://doi.org/10.1594/PANGAEA.836178", "test_debug": True}
    answer = replay_client.post("/fuji/api/v1/evaluate", json=body).json()
    history = replay_client.get("/api/v1/assessments", params={"identifier": body["object_identifier"]})
    url = history.json()["data"]["assessments"][-1]["url"]
    stored = replay_client.get(url).json()["data"]["report"]
    assert list(answer) == [*stored, "harvested_metadata"]
    assert answer["request"]["test_debug"] is True  # echoed as sent, our own request fields beside it
    echoed = {"object_identifier", "test_debug", "use_datacite", "use_github", "metric_version"}
    assert {k: v for k, v in answer["request"].items() if k not in echoed} == {
        k: v for k, v in stored["request"].items() if k not in echoed
    }
    for key in ("results", "informative_results"):
        for ours, kept in zip(answer[key], stored[key], strict=True):
            assert ours.pop("test_debug")
            for test in ours["metric_tests"].values():
                assert test.pop("metric_test_requirements") == []
            assert ours.pop("output") == fuji_output(kept["metric_identifier"], kept.pop("output") or {})
            assert ours == kept
    for key in stored:
        if key not in ("request", "results", "informative_results"):
            assert answer[key] == stored[key], key
    assert [m["url"] for m in answer["harvested_metadata"]] == [r["url"] for r in stored["harvest"]["records"]]


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_fuji_evaluate_answers_dqv_rdf_by_accept(replay_client: TestClient, accept: str, fmt: str) -> None:
    body = {"object_identifier": "https://doi.org/10.1594/PANGAEA.836178"}
    response = replay_client.post("/fuji/api/v1/evaluate", json=body, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.text, format=fmt)
    dqv = rdflib.Namespace("http://www.w3.org/ns/dqv#")
    assert any(graph.subjects(rdflib.RDF.type, dqv.QualityMeasurement))


def test_fuji_metrics_and_unsupported_versions(replay_client: TestClient) -> None:
    default = replay_client.get("/fuji/api/v1/metrics").json()
    assert default["total"] == len(default["metrics"])
    assert len([m for m in default["metrics"] if m["scored"]]) == 17  # plus A2, reported but not scored
    older = replay_client.get("/fuji/api/v1/metrics/metrics_v0.5").json()
    assert len([m for m in older["metrics"] if m["scored"]]) == 16
    missing = replay_client.get("/fuji/api/v1/metrics/metrics_v0.7_software")
    assert missing.status_code == 404 and missing.json()["error"]["details"]["supported"]
    bad = replay_client.post("/fuji/api/v1/evaluate", json={**FUJI_EXAMPLE, "metric_version": "metrics_v0.7_software"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "unknown_metric_version"
    token = replay_client.post("/fuji/api/v1/evaluate", json={**FUJI_EXAMPLE, "auth_token": "secret"})
    assert token.status_code == 422 and "not supported" in token.json()["error"]["message"]


def test_fuji_harvest(replay_client: TestClient) -> None:
    result = replay_client.post("/fuji/api/v1/harvest", json={"object_identifier": "doi:10.1594/PANGAEA.836178"})
    assert result.status_code == 200
    data = result.json()
    assert data["target_uri"] == "https://doi.pangaea.de/10.1594/PANGAEA.836178" and data["metadata"]
    native = replay_client.post("/api/v1/harvest", json={"identifier": "doi:10.1594/PANGAEA.836178"}).json()
    assert native["ok"] is True and native["data"]["landing_url"] == data["target_uri"]


def test_http_basic_auth_on_the_fuji_routes_when_configured(tmp_path: Path) -> None:
    settings = _settings(tmp_path, api_basic_auth="marvel:wonderwoman", replay=(PANGAEA,))
    with TestClient(create_app(settings)) as client:
        missing = client.get("/fuji/api/v1/metrics")
        assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Basic")
        assert missing.json()["error"]["code"] == "unauthorized"
        wrong = client.get("/fuji/api/v1/metrics", auth=("marvel", "batman"))
        assert wrong.status_code == 401
        assert client.get("/fuji/api/v1/metrics", auth=("marvel", "wonderwoman")).status_code == 200
        garbage = client.get("/fuji/api/v1/metrics", headers={"Authorization": "Basic %%%"})
        assert garbage.status_code == 401
        assert client.get("/api/v1/profiles").status_code == 200  # native read routes stay open


def test_basic_auth_is_off_by_default(replay_client: TestClient) -> None:
    assert replay_client.get("/fuji/api/v1/metrics").status_code == 200


def test_write_endpoints_need_a_token_when_required(tmp_path: Path, database_url: str) -> None:
    services = build_services(_settings(tmp_path, api_require_token=True, replay=(PANGAEA,)), database_url=database_url)
    assert services.store is not None
    record, secret = services.store.tokens.create("robot")
    body = {"identifier": "doi:10.1594/PANGAEA.836178"}
    with TestClient(create_app(services=services)) as client:
        assert client.post("/api/v1/assessments", json=body).status_code == 401
        bad = client.post("/api/v1/assessments", json=body, headers={"Authorization": "Bearer fg_nope"})
        assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthorized"
        good = client.post("/api/v1/assessments", json=body, headers={"Authorization": f"Bearer {secret}"})
        assert good.status_code == 202
        assert client.get(good.headers["location"]).status_code == 200  # reading needs no token
        assert finished(client, good.headers["location"])["state"] == "done"
        services.store.tokens.revoke(record.id)
        revoked = client.post("/api/v1/assessments", json=body, headers={"Authorization": f"Bearer {secret}"})
        assert revoked.status_code == 401
    services.close()


def test_rate_limit_per_client(tmp_path: Path) -> None:
    with TestClient(create_app(_settings(tmp_path, api_rate_limit=3))) as client:
        assert [client.get("/api/v1/health").status_code for _ in range(3)] == [200, 200, 200]
        limited = client.get("/api/v1/health")
        assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert client.get("/docs").status_code == 200  # docs are not counted


def test_private_network_guard_stays_on_by_default(tmp_path: Path, site: Any) -> None:
    settings = _settings(tmp_path).model_copy(update={"allow_private_network": False})
    before = len(site.requests)
    with TestClient(create_app(settings)) as client:
        created = client.post("/api/v1/assessments", json={"identifier": site.url("/objects/1")})
        data = finished(client, created.headers["location"])
    assert data["state"] == "done"
    exchanges = data["report"]["harvest"]["exchanges"]
    assert exchanges and all(e["status"] is None for e in exchanges)  # refused: nothing was fetched
    assert site.requests[before:] == []


def test_assessments_left_unfinished_run_when_the_server_starts_again(tmp_path: Path, database_url: str) -> None:
    services = build_services(_settings(tmp_path, replay=(PANGAEA,)), database_url=database_url)
    assert services.store is not None
    left = services.store.assessments.create("doi:10.1594/PANGAEA.836178", "10.1594/pangaea.836178", "fsf-0.8", {})
    services.store.assessments.mark_running(left.id)  # the server stopped while it ran
    with TestClient(create_app(services=services)) as client:
        import time

        deadline = time.monotonic() + 60
        while client.get(f"/api/v1/assessments/{left.id}").json()["data"]["state"] != "done":
            assert time.monotonic() < deadline
            time.sleep(0.1)
    done = services.store.assessments.get(left.id)
    assert done is not None and done.outcome == "scored" and done.fair_percent
    services.close()


def test_basic_credentials_are_checked_exactly(tmp_path: Path) -> None:
    settings = _settings(tmp_path, api_basic_auth="a:b:c")
    token = base64.b64encode(b"a:b:c").decode()
    with TestClient(create_app(settings)) as client:
        assert client.get("/fuji/api/v1/metrics", headers={"Authorization": f"Basic {token}"}).status_code == 200


def test_a_not_assessed_object_is_shown_as_such_never_as_a_score(tmp_path: Path, database_url: str) -> None:
    """Issue 7's not-assessed report (object unreachable; percentages null) is stored and served as
    'not assessed': no percentage in the API, a grey badge, apart in the history."""
    services = build_services(_settings(tmp_path), database_url=database_url)
    assert services.store is not None
    record = services.store.assessments.create("https://gone.example/x", "https://gone.example/x", "fsf-0.8", {})
    report = {
        "assessment_status": "not_assessed",
        "not_assessed_reason": "the landing page could not be reached",
        "metric_version": "0.8",
        "summary": {"score_percent": {"F": None, "A": None, "I": None, "R": None, "FAIR": None}},
        "fairport_level": {"level": 0},
    }
    services.store.assessments.complete(record.id, report)
    with TestClient(create_app(services=services)) as client:
        data = client.get(f"/api/v1/assessments/{record.id}").json()["data"]
        assert (data["outcome"], data["fair_percent"], data["score_percent"]) == ("not_assessed", None, None)
        badge = client.get(f"/api/v1/assessments/{record.id}/badge.svg").text
        assert ">not assessed<" in badge and "#57606a" in badge
        assert "%" not in badge.split("<title>")[1].split("</title>")[0]
        latest = client.get("/api/v1/badge.svg", params={"identifier": "https://gone.example/x"}).text
        assert latest == badge
        history = client.get("/api/v1/assessments", params={"identifier": "https://gone.example/x"}).json()
        assert [a["outcome"] for a in history["data"]["assessments"]] == ["not_assessed"]
    services.close()


def test_the_report_page_escapes_harvested_values(client: TestClient) -> None:
    """A title written by a hostile page is shown as text on the report page, never run as markup."""
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    page = (
        '<html><head><title>x</title><script type="application/ld+json">'
        + json.dumps({"@context": "https://schema.org/", "@type": "Dataset", "name": hostile}).replace("<", "\\u003c")
        + "</script></head><body><p>x</p></body></html>"
    )
    with serve({"/objects/evil": Reply(200, page.encode("utf-8"))}) as served:
        created = client.post("/api/v1/assessments", json={"identifier": served.url("/objects/evil")})
        assessment_id = finished(client, created.headers["location"])["id"]
    html = client.get(f"/report/{assessment_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html


def test_the_home_form_offers_every_metadata_service_type(client: TestClient) -> None:
    """The form's choices are ServiceType's values (model/harvest), not a list of its own."""
    from fairgauge.model.harvest import SERVICE_TYPES

    page = client.get("/").text
    select = page.split('<select id="endpoint_type"', 1)[1].split("</select>", 1)[0]
    assert [v for v in SERVICE_TYPES if f'<option value="{v}"' in select] == list(SERVICE_TYPES)
    assert select.count("<option") == len(SERVICE_TYPES) + 1  # and "none"
