"""Replay of other tools' recordings: Accept-specific recordings of one URL, fuzzy matches, bounded
memory on archives that inflate, truncated archives."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import uuid
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.harvester import open_fetcher
from fairgauge.harvest.warc import ReplayTransport, WarcArchive, accept_affinity
from fairgauge.settings import Settings
from tests.cli.run import fairgauge
from tests.warcbuild import Entry, write_warc

DOI = "https://doi.org/10.1234/abc"
LANDING = "https://repo.example.org/record/abc"
CSL = "https://api.example.org/abc.csl.json"
DATACITE = "https://data.crosscite.org/application/vnd.datacite.datacite+json/10.1234/abc"


def _fetch(archive: WarcArchive, url: str, accept: str | None, settings: Settings | None = None) -> Fetched:
    settings = settings or Settings()

    async def run() -> Fetched:
        transport = ReplayTransport(archive, max_bytes=settings.max_response_bytes)
        async with Fetcher(settings, transport, replayed=True) as fetcher:
            return await fetcher.fetch(url, purpose="test", accept=accept)

    return asyncio.run(run())


@pytest.fixture
def resolver_archive(tmp_path: Path) -> WarcArchive:
    """A DOI resolver recorded three times, answering 302 to a different target per Accept (as doi.org
    does for HTML, DataCite JSON and CSL JSON), each target recorded too. All 302s look alike."""
    redirect = "text/html;charset=utf-8"
    entries = [
        Entry(DOI, status=302, content_type=redirect, headers=[("Location", LANDING)], accept="text/html"),
        Entry(
            DOI,
            status=302,
            content_type=redirect,
            headers=[("Location", DATACITE)],
            accept="application/vnd.datacite.datacite+json",
        ),
        Entry(
            DOI,
            status=302,
            content_type=redirect,
            headers=[("Location", CSL)],
            accept="application/vnd.citationstyles.csl+json, application/json;q=0.5",
        ),
        Entry(LANDING, b"<html>landing</html>"),
        Entry(DATACITE, b'{"doi": "10.1234/abc"}', content_type="application/vnd.datacite.datacite+json"),
        Entry(CSL, b'{"DOI": "10.1234/abc"}', content_type="application/vnd.citationstyles.csl+json"),
    ]
    return WarcArchive.load([write_warc(tmp_path / "resolver.warc.gz", entries)])


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("text/html,application/xhtml+xml,*/*;q=0.8", LANDING),
        ("application/vnd.datacite.datacite+json", DATACITE),
        ("application/vnd.citationstyles.csl+json", CSL),
        ("application/json", CSL),  # only the CSL recording named JSON at all
    ],
)
def test_accept_specific_redirects_replay_to_their_own_targets(
    resolver_archive: WarcArchive, accept: str, target: str
) -> None:
    result = _fetch(resolver_archive, DOI, accept)
    assert result.exchange.status == 200
    assert [r.location for r in result.exchange.redirects] == [target]
    assert result.exchange.final_url == target
    assert result.exchange.replay_match == "exact"


def test_accept_affinity_ranks_concrete_types_then_ranges_then_wildcards() -> None:
    ours = "application/vnd.schemaorg.ld+json, application/ld+json;q=0.9"
    assert accept_affinity(ours, "application/ld+json") == (3, 0.9)
    assert accept_affinity(ours, "application/*") == (2, 1.0)
    assert accept_affinity(ours, "text/html, */*;q=0.8") == (1, 0.8)
    assert accept_affinity(ours, "text/html") == (0, 0.0)
    assert accept_affinity(ours, None) == (1, 1.0)
    assert accept_affinity("text/html;q=0", "text/html") == (0, 0.0)  # q=0 refuses the type


def test_fuzzy_match_without_query_string_is_marked(tmp_path: Path) -> None:
    api = "https://api.example.org/dois/10.1234/abc"
    archive = WarcArchive.load(
        [
            write_warc(
                tmp_path / "api.warc.gz",
                [
                    Entry(api, b'{"plain": true}', content_type="application/json"),
                    Entry(api + "?include=client", b'{"client": true}', content_type="application/json"),
                    Entry("https://other.example.org/search?q=a", b"a"),
                ],
            )
        ]
    )
    exact = _fetch(archive, api + "?include=client", "application/json")
    assert exact.body == b'{"client": true}' and exact.exchange.replay_match == "exact"
    fuzzy = _fetch(archive, api + "?include=media,client", "application/json")
    assert fuzzy.exchange.status == 200 and fuzzy.exchange.replay_match == "fuzzy"
    assert fuzzy.body == b'{"plain": true}'  # the recording without a query is the nearest
    only_query = _fetch(archive, "https://other.example.org/search?q=b", None)
    assert only_query.body == b"a" and only_query.exchange.replay_match == "fuzzy"
    missing = _fetch(archive, "https://api.example.org/other?include=client", None)
    assert missing.exchange.error_kind == "not_in_archive" and missing.exchange.replay_match is None


def _inflating_archive(path: Path, megabytes: int) -> Path:
    """One response record whose body is ``megabytes`` of zeros (a ~100 KB file), then a small page."""
    body_size = megabytes * 1024 * 1024
    http = f"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body_size}\r\n\r\n".encode()
    warc_headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        "WARC-Target-URI: https://big.example.org/data.bin\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + body_size}\r\n\r\n"
    ).encode()
    small = path.with_suffix(".small")
    write_warc(small, [Entry("https://big.example.org/", b"<html>small</html>")])
    with path.open("wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as member:
            member.write(warc_headers + http)
            block = bytes(1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
            member.write(b"\r\n\r\n")
        raw.write(small.read_bytes())
    return path


def test_replay_memory_is_bounded_by_the_cap_not_the_record(tmp_path: Path) -> None:
    path = _inflating_archive(tmp_path / "bomb.warc.gz", 64)
    assert path.stat().st_size < 1_000_000
    settings = Settings(max_response_bytes=1_000_000)
    tracemalloc.start()
    try:
        archive = WarcArchive.load([path])
        big = _fetch(archive, "https://big.example.org/data.bin", None, settings)
        small = _fetch(archive, "https://big.example.org/", None, settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert big.exchange.error_kind == "too_large" and big.exchange.size == 1_000_000
    assert small.body == b"<html>small</html>"
    assert peak < 24 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB while replaying a 64 MiB record"


def _cut_inside_record(tmp_path: Path, entries: list[Entry], record: int) -> Path:
    """The archive cut a few bytes into the gzip member of its ``record``-th record (0-based)."""
    whole = write_warc(tmp_path / "whole.warc.gz", entries)
    with whole.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        offsets = [iterator.get_record_offset() for _ in iterator]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: offsets[record] + 40])
    return cut


def test_truncated_archive_replays_what_was_read_and_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    entries = [Entry(f"https://t.example.org/{i}", b"<html>%d</html>" % i + bytes(20_000)) for i in range(4)]
    cut = _cut_inside_record(tmp_path, entries, 5)
    with caplog.at_level("WARNING"):
        archive = WarcArchive.load([cut])
    assert len(archive.warnings) == 1 and archive.warnings[0].code == "replay.archive_truncated"
    message = archive.warnings[0].message
    assert "cut.warc.gz" in message and "archive is truncated: 5 record(s) read" in message
    assert message in caplog.text
    assert _fetch(archive, "https://t.example.org/0", None).body.startswith(b"<html>0</html>")
    assert _fetch(archive, "https://t.example.org/3", None).exchange.error_kind == "not_in_archive"

    async def findings() -> list[str]:
        async with open_fetcher(Settings(), replay=[cut]) as fetcher:
            return [f.code for f in fetcher.findings]

    assert asyncio.run(findings()) == ["replay.archive_truncated"]


def test_cli_warns_about_a_truncated_archive(tmp_path: Path) -> None:
    cut = _cut_inside_record(tmp_path, [Entry(f"https://t.example.org/{i}", bytes(20_000)) for i in range(4)], 3)
    done = fairgauge("harvest", "https://t.example.org/0", "--replay", str(cut), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "archive is truncated: 3 record(s) read" in done.stderr
    assert '"replay.archive_truncated"' in done.stdout


def test_a_recording_for_an_unrelated_accept_does_not_answer(tmp_path: Path) -> None:
    """What the server says to our Accept was never recorded: a connection-failure-like miss, not the
    HTML that was recorded for a browser (which would read as 'content negotiation not honoured')."""
    archive = WarcArchive.load(
        [write_warc(tmp_path / "html-only.warc.gz", [Entry(LANDING, b"<html></html>", accept="text/html")])]
    )
    missed = _fetch(archive, LANDING, "application/ld+json")
    assert missed.exchange.error_kind == "not_in_archive"
    assert "recorded for: text/html" in (missed.exchange.error or "")
    assert _fetch(archive, LANDING, "text/html;q=0.9, */*;q=0.1").exchange.status == 200
    assert _fetch(archive, LANDING, None).exchange.status == 200  # no Accept: anything will do


def test_a_record_with_an_unusable_target_uri_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "bad-uri.warc.gz",
        [Entry("http://[x]/broken", b"bad"), Entry("https://ok.example.org/", b"<html>ok</html>")],
    )
    archive = WarcArchive.load([path])
    assert [w.code for w in archive.warnings] == ["replay.record_skipped"]
    assert "http://[x]/broken" in archive.warnings[0].message
    assert _fetch(archive, "https://ok.example.org/", None).body == b"<html>ok</html>"
    done = fairgauge("harvest", "https://ok.example.org/", "--replay", str(path), "--format", "json")
    assert done.returncode == 0 and "skipped a record with an unusable target URI" in done.stderr


def test_real_doi_resolver_capture_for_bibtex_replays_next_to_a_browser_recording(tmp_path: Path) -> None:
    """The real doi.org answer to ``Accept: application/x-bibtex`` (a 302 to Crossref's transform API,
    tests/fixtures/corpus/crossref) recorded next to a browser's request for the same DOI URL."""
    import json as jsonlib

    from tests.conftest import FIXTURES

    folder = FIXTURES / "corpus" / "crossref"
    capture = jsonlib.loads((folder / "doi.org_10.1126_science.169.3946.635.txt.http.json").read_text())
    bibtex = jsonlib.loads(
        (folder / "api.crossref.org_v1_works_10.1126_2Fscience.169.3946.635_transform.txt.http.json").read_text()
    )
    doi_url, article = capture["request_uri"], "https://www.science.org/doi/10.1126/science.169.3946.635"
    location = capture["response_headers"]["location"]
    entries = [
        Entry(doi_url, b"", status=302, headers=[("Location", article)], accept="text/html,*/*;q=0.8"),
        Entry(
            doi_url,
            (folder / "doi.org_10.1126_science.169.3946.635.txt").read_bytes(),
            status=capture["status"],
            content_type=capture["response_headers"]["content-type"],
            headers=[("Location", location)],
            accept=capture["accept"],
        ),
        Entry(
            bibtex["request_uri"],
            (folder / "api.crossref.org_v1_works_10.1126_2Fscience.169.3946.635_transform.txt").read_bytes(),
            content_type=bibtex["response_headers"]["content-type"],
            accept=bibtex["accept"],
        ),
        Entry(article, b"<html>article</html>", accept="text/html,*/*;q=0.8"),
    ]
    archive = WarcArchive.load([write_warc(tmp_path / "science.warc.gz", entries)])
    cited = _fetch(archive, doi_url, "application/x-bibtex")
    assert cited.exchange.final_url == location and cited.body.lstrip().startswith(b"@article{Frank_1970")
    page = _fetch(archive, doi_url, "text/html")
    assert page.exchange.final_url == article and page.body == b"<html>article</html>"


def test_a_small_body_is_read_from_the_archive_once_a_big_one_every_time(tmp_path: Path) -> None:
    """Replayed services and batches ask for the same records again and again: small bodies are kept in
    memory after the first read (the file may even be gone), big ones are read from disk each time."""
    big = b"x" * (2 * 1024 * 1024)
    path = write_warc(
        tmp_path / "site.warc.gz",
        [Entry(LANDING, b"<html>landing</html>"), Entry(CSL, big, content_type="application/json")],
    )
    archive = WarcArchive.load([path])
    first = _fetch(archive, LANDING, "text/html")
    assert _fetch(archive, CSL, None).body == big
    path.unlink()
    again = _fetch(archive, LANDING, "text/html")
    assert first.body == again.body == b"<html>landing</html>" and again.exchange.ok
    gone = _fetch(archive, CSL, None)
    assert gone.exchange.error_kind is not None and gone.body == b""
