"""One envelope for every API answer: walk every route with a good and a bad request."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fairgauge.settings import Settings
from fairgauge.web.app import API_PREFIX, FUJI_PREFIX, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        cache_dir=tmp_path_factory.mktemp("cache"),
        data_dir=tmp_path_factory.mktemp("data"),
        tracks_ontology_source="off",
        api_max_body_bytes=50_000,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def _routes() -> list[tuple[str, str]]:
    """(method, path) of every API operation, from the OpenAPI description the app itself publishes."""
    settings = Settings(cache_dir=Path("/nonexistent"), data_dir=Path(tempfile.mkdtemp()), tracks_ontology_source="off")
    paths = create_app(settings).openapi()["paths"]
    return [
        (method.upper(), path)
        for path, operations in paths.items()
        for method in operations
        if path.startswith((API_PREFIX, FUJI_PREFIX))
    ]


def _is_error_envelope(body: object) -> bool:
    return (
        isinstance(body, dict)
        and body.get("ok") is False
        and isinstance(body.get("error"), dict)
        and {"code", "message", "details"} <= set(body["error"])
        and isinstance(body["error"]["code"], str)
    )


ROUTES = _routes()
# GET routes that answer without any input (everything else needs a parameter or a body).
NO_INPUT = {f"{API_PREFIX}/health", f"{API_PREFIX}/profiles", f"{FUJI_PREFIX}/metrics"}
NO_INPUT |= {f"{API_PREFIX}/catalog/{name}" for name in ("sources", "browse", "search")}  # all tracks, the tree
NO_INPUT |= {f"{API_PREFIX}/runs"}  # every batch run


def test_the_api_has_its_routes() -> None:
    assert {
        ("POST", f"{API_PREFIX}/tracks/validate"),
        ("POST", f"{API_PREFIX}/tracks/augment"),
        ("GET", f"{API_PREFIX}/health"),
        ("POST", f"{API_PREFIX}/assessments"),
        ("GET", f"{API_PREFIX}/assessments"),
        ("GET", f"{API_PREFIX}/assessments/{{assessment_id}}"),
        ("GET", f"{API_PREFIX}/assessments/{{assessment_id}}/badge.svg"),
        ("GET", f"{API_PREFIX}/badge.svg"),
        ("POST", f"{API_PREFIX}/harvest"),
        ("GET", f"{API_PREFIX}/profiles"),
        ("POST", f"{FUJI_PREFIX}/evaluate"),
        ("POST", f"{FUJI_PREFIX}/harvest"),
        ("GET", f"{FUJI_PREFIX}/metrics"),
        ("GET", f"{FUJI_PREFIX}/metrics/{{version}}"),
    } <= set(ROUTES)


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_route_answers_bad_input_in_the_error_envelope(client: TestClient, method: str, path: str) -> None:
    """POST: a body that is not JSON; GET: an unknown path parameter or a missing query parameter."""
    url = re.sub(r"\{[^}]+\}", "does-not-exist", path)
    response = client.request(method, url, content=b"{not json", headers={"Content-Type": "application/json"})
    if method == "GET" and path in NO_INPUT:
        assert response.status_code == 200
        assert path.startswith(FUJI_PREFIX) or response.json()["ok"] is True
        return
    assert 400 <= response.status_code < 500, response.text
    assert _is_error_envelope(response.json()), response.text


POSTS = [(m, p) for m, p in ROUTES if m == "POST"]


@pytest.mark.parametrize(("method", "path"), POSTS, ids=[p for _, p in POSTS])
def test_every_write_route_caps_the_body_with_413(client: TestClient, method: str, path: str) -> None:
    big = b'{"x": "' + b"a" * 60_000 + b'"}'
    response = client.request(method, path, content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and _is_error_envelope(response.json())
    assert response.json()["error"]["code"] == "body_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap applies while reading
        yield b'{"x": "'
        for _ in range(10):
            yield b"a" * 10_000
        yield b'"}'

    streamed = client.request(method, path, content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "body_too_large"


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


def test_every_route_is_typed_in_the_docs(client: TestClient) -> None:
    """Every POST declares its request body (so "Try it out" can send one) and every route its answers."""
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert "200" in operation["responses"] or "202" in operation["responses"], (method, path)
            if method == "post":
                content = operation["requestBody"]["content"]
                assert content and all(media.get("schema") for media in content.values()), (method, path)
    tracks = spec["paths"][f"{API_PREFIX}/tracks/validate"]["post"]["requestBody"]["content"]
    assert set(tracks) == {"application/json", "multipart/form-data"}
