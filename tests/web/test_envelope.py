"""One envelope for every API answer: walk every route with a good and a bad request."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fairgauge.settings import Settings
from fairgauge.web.app import API_PREFIX, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    settings = Settings(cache_dir=tmp_path_factory.mktemp("cache"), tracks_ontology_source="off")
    return TestClient(create_app(settings), raise_server_exceptions=False)


def _api_routes() -> list[tuple[str, str]]:
    """(method, path) of every API operation, from the OpenAPI description the app itself publishes."""
    app = create_app(Settings(cache_dir=Path("/nonexistent"), tracks_ontology_source="off"))
    paths = app.openapi()["paths"]
    return [
        (method.upper(), path)
        for path, operations in paths.items()
        for method in operations
        if path.startswith(API_PREFIX)
    ]


def _is_error_envelope(body: object) -> bool:
    return (
        isinstance(body, dict)
        and body.get("ok") is False
        and isinstance(body.get("error"), dict)
        and {"code", "message", "details"} <= set(body["error"])
        and isinstance(body["error"]["code"], str)
    )


ROUTES = _api_routes()


def test_the_api_has_its_routes() -> None:
    assert {
        ("POST", f"{API_PREFIX}/tracks/validate"),
        ("POST", f"{API_PREFIX}/tracks/augment"),
        ("GET", f"{API_PREFIX}/health"),
    } <= set(ROUTES)


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_route_answers_bad_input_in_the_error_envelope(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, content=b"{not json", headers={"Content-Type": "application/json"})
    if method == "GET":
        assert response.status_code == 200 and response.json()["ok"] is True
        return
    assert 400 <= response.status_code < 500
    assert _is_error_envelope(response.json()), response.text


def test_unknown_path_and_wrong_method_use_the_envelope(client: TestClient) -> None:
    missing = client.get(f"{API_PREFIX}/no/such/route")
    assert missing.status_code == 404 and _is_error_envelope(missing.json())
    assert missing.json()["error"]["code"] == "not_found"
    wrong = client.get(f"{API_PREFIX}/tracks/validate")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"


def test_success_uses_the_envelope(client: TestClient) -> None:
    health = client.get(f"{API_PREFIX}/health")
    assert health.json() == {"ok": True, "data": {"status": "ok", "version": health.json()["data"]["version"]}}


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn.jsdelivr.net" not in page.text and "unpkg.com" not in page.text
    spec = client.get("/openapi.json").json()
    assert f"{API_PREFIX}/tracks/validate" in spec["paths"]
