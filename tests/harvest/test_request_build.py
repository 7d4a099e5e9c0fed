"""The fetcher builds its requests itself (for CPU); what goes on the wire must stay what httpx's client
would send: the same method, URL, header bytes in the same order, body and timeouts."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from fairgauge.harvest.decoding import ACCEPT_ENCODING
from fairgauge.harvest.fetch import Fetcher
from fairgauge.settings import Settings

CASES = [
    ("GET", "https://example.org/record/1?format=json", None, {}),
    ("GET", "https://example.org/record/1", "text/html, application/xhtml+xml;q=0.9", {}),
    ("GET", "http://127.0.0.1:8080/a%20b/c?x=1&y=%C3%A9", "application/ld+json", {"Range": "bytes=0-1023"}),
    ("HEAD", "https://example.org/file.csv", None, {"accept-encoding": "identity"}),
    ("POST", "https://example.org/sparql", "application/sparql-results+json", {"USER-AGENT": "other"}),
    ("GET", "https://[2001:db8::1]:8443/x", None, {"Connection": "close", "X-Trace": "1"}),
]


def _sent(method: str, url: str, accept: str | None, headers: dict[str, str]) -> httpx.Request:
    settings = Settings(allow_private_network=True)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"ok")

    async def run() -> None:
        async with Fetcher(settings, httpx.MockTransport(answer)) as fetcher:
            fetched = await fetcher.fetch(url, purpose="test", method=method, accept=accept, headers=headers)
            assert fetched.exchange.status == 200

    asyncio.run(run())
    assert len(seen) == 1
    return seen[0]


def _httpx_client_request(method: str, url: str, accept: str | None, headers: dict[str, str]) -> httpx.Request:
    """What ``httpx.AsyncClient`` with the fetcher's defaults builds for the same call."""
    settings = Settings(allow_private_network=True)
    client = httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
    )
    given = {**headers, **({"Accept": accept} if accept else {})}
    request = client.build_request(method, url, headers=given)
    asyncio.run(client.aclose())
    return request


@pytest.mark.parametrize(("method", "url", "accept", "headers"), CASES)
def test_requests_are_what_httpx_would_send(method: str, url: str, accept: str | None, headers: dict[str, str]) -> None:
    sent = _sent(method, url, accept, headers)
    expected = _httpx_client_request(method, url, accept, headers)
    assert sent.method == expected.method
    assert sent.url == expected.url
    assert sent.headers.raw == expected.headers.raw
    assert sent.content == expected.content == b""
    assert sent.extensions["timeout"] == expected.extensions["timeout"]


def test_a_header_that_is_not_ascii_is_an_invalid_request_not_a_crash() -> None:
    settings = Settings(allow_private_network=True)

    async def run() -> str | None:
        async with Fetcher(settings, httpx.MockTransport(lambda r: httpx.Response(200))) as fetcher:
            fetched = await fetcher.fetch("https://example.org/", purpose="test", headers={"X-Name": "é"})
            return fetched.exchange.error_kind

    assert asyncio.run(run()) == "invalid_url"
