"""Remote run inputs over loopback servers: OAI-PMH with resumption tokens (and a 429 with Retry-After
on the way), DataCite cursor pages, nested sitemaps; every request identifies fairgauge and its operator."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from fairgauge.batch.inputs import read_inputs, with_contact
from fairgauge.compose import build_settings
from fairgauge.errors import InputError
from fairgauge.harvest.sources import retry_after_seconds
from tests.loopback import Reply, serve

OAI = "http://www.openarchives.org/OAI/2.0/"


def _send(request: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str, **headers: str) -> None:
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    for key, value in headers.items():
        request.send_header(key.replace("_", "-"), value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def _oai(inner: str) -> bytes:
    return (
        f'<?xml version="1.0"?><OAI-PMH xmlns="{OAI}"><responseDate>2026-01-01</responseDate>{inner}</OAI-PMH>'.encode()
    )


def _settings(tmp_path: Path, **more: object):  # type: ignore[no-untyped-def]
    return build_settings(allow_private_network=True, data_dir=tmp_path, cache_dir=tmp_path / "c", **more)


def test_oai_pmh_pages_with_resumption_token_set_getrecord_and_429(tmp_path: Path) -> None:
    calls: list[dict[str, list[str]]] = []
    throttled: list[float] = []

    def endpoint(request: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlsplit(request.path).query)
        calls.append(query)
        verb = query["verb"][0]
        if verb == "GetRecord":
            assert query["identifier"] == ["oai:repo.example:1"] and query["metadataPrefix"] == ["oai_dc"]
            record = (
                "<GetRecord><record><header><identifier>oai:repo.example:1</identifier></header><metadata>"
                '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier>oai:repo.example:1</dc:identifier>'
                "<dc:identifier>https://doi.org/10.1234/ONE</dc:identifier></oai_dc:dc></metadata></record></GetRecord>"
            )
            _send(request, 200, _oai(record), "text/xml")
        elif "resumptionToken" not in query:
            assert query["set"] == ["physics"] and query["metadataPrefix"] == ["oai_dc"]
            page = (
                "<ListIdentifiers><header><identifier>oai:repo.example:1</identifier></header>"
                '<header status="deleted"><identifier>oai:repo.example:2</identifier></header>'
                "<header><identifier>oai:repo.example:10.1234/two</identifier></header>"
                "<header><identifier>oai:repo.example:nodoi</identifier></header>"
                '<resumptionToken cursor="0">page2</resumptionToken></ListIdentifiers>'
            )
            _send(request, 200, _oai(page), "text/xml")
        elif not throttled:
            throttled.append(time.monotonic())
            _send(request, 429, b"slow down", "text/plain", Retry_After="1")
        else:
            throttled.append(time.monotonic())
            assert query["resumptionToken"] == ["page2"] and "set" not in query
            page = (
                "<ListIdentifiers><header><identifier>https://repo.example/item/3</identifier></header>"
                '<resumptionToken cursor="3"/></ListIdentifiers>'
            )
            _send(request, 200, _oai(page), "text/xml")

    routes = {"/oai": endpoint}
    with serve(routes) as served:  # type: ignore[arg-type]
        original = endpoint

        def answer(request: BaseHTTPRequestHandler) -> None:
            query = parse_qs(urlsplit(request.path).query)
            if query.get("identifier") == ["oai:repo.example:nodoi"]:
                header = "<header><identifier>oai:repo.example:nodoi</identifier></header>"
                record = f"<GetRecord><record>{header}</record></GetRecord>"
                _send(request, 200, _oai(record), "text/xml")
                return
            original(request)

        routes["/oai"] = answer
        settings = with_contact(_settings(tmp_path, contact="mailto:ops@repo.example"))
        found, skipped = read_inputs([f"oai:{served.url('/oai')}"], settings, oai_set="physics")
    assert found == ["10.1234/ONE", "10.1234/two", "https://repo.example/item/3"]
    assert skipped == ["oai:repo.example:nodoi"]
    assert throttled[1] - throttled[0] >= 1.0  # Retry-After: 1 was honoured
    agents = {headers.get("User-Agent", "") for _, _, headers in served.requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("fairgauge/") and "mailto:ops@repo.example" in agent


def test_an_oai_error_is_one_line(tmp_path: Path) -> None:
    routes = {"/oai": Reply(200, _oai('<error code="badArgument">no such set</error>'), content_type="text/xml")}
    with (
        serve(routes) as served,  # type: ignore[arg-type]
        pytest.raises(InputError, match=r"OAI-PMH error .*badArgument: no such set"),
    ):
        read_inputs([f"oai:{served.url('/oai')}"], _settings(tmp_path))


def test_datacite_cursor_pages(tmp_path: Path) -> None:
    seen: list[str] = []

    def dois(request: BaseHTTPRequestHandler) -> None:
        seen.append(request.path)
        query = parse_qs(urlsplit(request.path).query)
        base = f"http://{request.headers['Host']}"
        if query.get("page[cursor]") == ["1"]:
            assert query["client-id"] == ["tib.pangaea"]
            following = f"{base}/dois?client-id=tib.pangaea&page%5Bcursor%5D=MTIz&page%5Bsize%5D=2"
            body = {"data": [{"id": "10.1594/pangaea.1"}, {"id": "10.1594/pangaea.2"}], "links": {"next": following}}
        elif query.get("page[cursor]") == ["MTIz"]:
            body = {"data": [{"id": "10.1594/pangaea.3"}], "links": {}}
        else:
            raise AssertionError(request.path)
        _send(request, 200, json.dumps(body).encode(), "application/vnd.api+json")

    with serve({"/dois": dois}) as served:  # type: ignore[dict-item]
        settings = _settings(tmp_path, datacite_api=served.base)
        found, _ = read_inputs(["datacite:client=tib.pangaea"], settings)
        with pytest.raises(InputError, match="use datacite:client=ID"):
            read_inputs(["datacite:owner=x"], settings)
    assert found == ["10.1594/pangaea.1", "10.1594/pangaea.2", "10.1594/pangaea.3"]
    assert len(seen) == 2


def test_nested_sitemap_indexes(tmp_path: Path) -> None:
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    routes: dict[str, Reply] = {}
    with serve(routes) as served:  # type: ignore[arg-type]
        b = served.base

        def index(*locs: str) -> Reply:
            inner = "".join(f"<sitemap><loc>{b}{loc}</loc></sitemap>" for loc in locs)
            return Reply(200, f"<sitemapindex {ns}>{inner}</sitemapindex>".encode(), content_type="application/xml")

        def urlset(*locs: str) -> Reply:
            inner = "".join(f"<url><loc>{b}{loc}</loc></url>" for loc in locs)
            return Reply(200, f"<urlset {ns}>{inner}</urlset>".encode(), content_type="application/xml")

        routes.update({
            "/sitemap.xml": index("/a.xml", "/nested.xml"),
            "/a.xml": urlset("/record/1", "/record/2"),
            "/nested.xml": index("/b.xml", "/sitemap.xml"),  # a loop back to the top is followed once
            "/b.xml": urlset("/record/3"),
        })  # fmt: skip
        found, _ = read_inputs([f"sitemap:{served.url('/sitemap.xml')}"], _settings(tmp_path))
    assert found == [f"{b}/record/1", f"{b}/record/2", f"{b}/record/3"]


@pytest.mark.slow  # five real exponential backoffs (1 + 2 + 4 + 8 + 16 s, jittered): ~31 s of waiting
@pytest.mark.parametrize(("attempts", "more"), [(6, {}), (2, {"listing_retry_attempts": 2})])
def test_a_server_that_keeps_answering_429_ends_in_one_line(
    tmp_path: Path, attempts: int, more: dict[str, object]
) -> None:
    """Six tries by default (``listing_retry_attempts``), each after a backoff; the waits are capped by
    ``listing_retry_max_wait`` so the test spends a fraction of a second, not the ~31 s of 1+2+4+8+16 s."""
    routes = {"/sitemap.xml": Reply(503, b"busy", headers=[("Retry-After", "0")], content_type="text/plain")}
    settings = _settings(tmp_path, listing_retry_max_wait=0.05, **more)
    with serve(routes) as served:  # type: ignore[arg-type]
        started = time.monotonic()
        with pytest.raises(InputError, match=f"answered 503 {attempts} times"):
            read_inputs([f"sitemap:{served.url('/sitemap.xml')}"], settings)
        assert time.monotonic() - started >= 0.05 * (attempts - 1)  # it did wait between tries
        assert len(served.requests) == attempts


def test_private_addresses_stay_refused_by_default(tmp_path: Path) -> None:
    settings = build_settings(data_dir=tmp_path, cache_dir=tmp_path / "c")
    with pytest.raises(InputError, match="cannot list"):
        read_inputs(["sitemap:http://127.0.0.1:9/sitemap.xml"], settings)


def test_retry_after_forms() -> None:
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
