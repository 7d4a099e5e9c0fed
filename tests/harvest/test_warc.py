"""WARC record and replay: corpus archives, our own recordings and archives written by wget."""

from __future__ import annotations

import asyncio
import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

from fairgauge.errors import ArchiveError
from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.network import live_transport
from fairgauge.harvest.warc import ArchivedResponse, ReplayTransport, WarcArchive, WarcRecorder
from fairgauge.settings import Settings
from tests.conftest import FIXTURES
from tests.loopback import Reply, serve

WARC_DIR = FIXTURES / "warc"
ALL_ARCHIVES = sorted(WARC_DIR.rglob("*.warc.gz"))


def replay_fetch(archives: list[Path], url: str, **kwargs: object) -> Fetched:
    async def run() -> Fetched:
        transport = ReplayTransport(WarcArchive.load(archives))
        async with Fetcher(Settings(), transport, replayed=True) as fetcher:
            return await fetcher.fetch(url, purpose="test", **kwargs)  # type: ignore[arg-type]

    return asyncio.run(run())


@pytest.mark.parametrize("archive", ALL_ARCHIVES, ids=lambda p: p.name)
def test_every_corpus_archive_loads(archive: Path) -> None:
    loaded = WarcArchive.load([archive])
    assert len(loaded) >= 2  # a PID redirect and a landing page at least


def test_replay_follows_the_archived_doi_redirect() -> None:
    result = replay_fetch(
        [WARC_DIR / "pangaea-836178_2021-06.warc.gz"], "https://doi.org/10.1594/PANGAEA.836178", accept="text/html"
    )
    exchange = result.exchange
    assert exchange.replayed and exchange.status == 200
    assert [(r.status, r.location) for r in exchange.redirects] == [
        (302, "https://doi.pangaea.de/10.1594/PANGAEA.836178")
    ]
    assert b"Kangerlussuaq" in result.body
    assert len(exchange.header_values("link")) == 1 and "cite-as" in exchange.header_values("link")[0]


def test_url_missing_from_archive_is_a_connection_failure() -> None:
    result = replay_fetch([WARC_DIR / "zenodo-1196821_2026-07.warc.gz"], "https://example.org/not-there")
    assert result.exchange.error_kind == "not_in_archive"
    assert result.exchange.status is None


def test_unreadable_archive_is_an_archive_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(gzip.compress(b"this is not a warc file at all\r\n\r\n"))
    with pytest.raises(ArchiveError, match=r"bad\.warc\.gz"):
        WarcArchive.load([bad])
    with pytest.raises(ArchiveError, match="not found"):
        WarcArchive.load([tmp_path / "missing.warc.gz"])


def _response(accept: str | None, content_type: str, body: bytes) -> ArchivedResponse:
    return ArchivedResponse("https://x.org/a", "GET", accept, 200, "OK", (("Content-Type", content_type),), body)


def test_lookup_prefers_recorded_accept_then_media_type_then_first() -> None:
    archive = WarcArchive(
        [
            _response("*/*", "text/html", b"html"),
            _response("text/turtle", "text/turtle", b"ttl"),
            _response("*/*", "application/ld+json", b"jsonld"),
        ]
    )
    assert archive.lookup("GET", "https://x.org/a", "text/turtle").body == b"ttl"  # type: ignore[union-attr]
    assert archive.lookup("GET", "https://X.org:443/a#frag", "application/ld+json, */*;q=0.1").body == b"jsonld"  # type: ignore[union-attr]
    assert archive.lookup("GET", "https://x.org/a", "image/png").body == b"html"  # type: ignore[union-attr]
    assert archive.lookup("GET", "https://x.org/a", None).body == b"html"  # type: ignore[union-attr]
    assert archive.lookup("POST", "https://x.org/a", None) is None


def test_record_then_replay_gives_the_same_evidence(tmp_path: Path) -> None:
    settings = Settings(allow_private_network=True)
    path = tmp_path / "run.warc.gz"
    routes = {
        "/pid": Reply(303, headers=[("Location", "/page")]),
        "/page": Reply(
            200,
            "<html>é</html>".encode(),
            headers=[("Link", '<http://a/x>; rel="describedby"; type="text/turtle"'), ("Link", "<b>; rel=item")],
        ),
    }

    async def record(url: str) -> Fetched:
        async with Fetcher(settings, live_transport(settings), recorder=WarcRecorder(path)) as fetcher:
            return await fetcher.fetch(url, purpose="landing_page", accept="text/html")

    with serve(routes) as server:
        live = asyncio.run(record(server.url("/pid")))
    replayed = replay_fetch([path], live.exchange.request_url, accept="text/html")
    assert replayed.body == live.body == "<html>é</html>".encode()
    assert replayed.exchange.status == 200
    assert [r.status for r in replayed.exchange.redirects] == [303]
    assert replayed.exchange.header_values("link") == live.exchange.header_values("link")
    assert WarcArchive.load([path]).lookup("GET", live.exchange.request_url, "text/html").accept == "text/html"  # type: ignore[union-attr]


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is installed by .ci/run")
def test_replays_an_archive_written_by_wget(tmp_path: Path) -> None:
    routes = {
        "/start": Reply(302, headers=[("Location", "/landing")]),
        "/landing": Reply(
            200,
            b"<html><head><link rel='cite-as' href='https://w3id.org/x'/></head></html>",
            headers=[("Link", '<https://w3id.org/x>; rel="cite-as"')],
        ),
    }
    with serve(routes) as server:
        subprocess.run(
            [
                "wget",
                "--quiet",
                "--no-config",
                f"--warc-file={tmp_path / 'wget'}",
                "--warc-cdx=off",
                "-O",
                str(tmp_path / "page.html"),
                server.url("/start"),
            ],
            check=False,
            timeout=30,
        )
        start_url = server.url("/start")
    archive = tmp_path / "wget.warc.gz"
    assert archive.exists()
    result = replay_fetch([archive], start_url, accept="text/html")
    assert result.exchange.status == 200 and b"cite-as" in result.body
    assert result.exchange.header_values("link") == ['<https://w3id.org/x>; rel="cite-as"']
    assert [r.status for r in result.exchange.redirects] == [302]
