"""Content-coding bombs against a hostile loopback server: decoded bytes and memory stay within the cap.

Each bomb is a few hundred KB on the wire and hundreds of MB decoded (``gzip, gzip`` would be more still).
Memory is measured with tracemalloc around the fetch (the server's pre-built bodies are allocated before
it starts), so an unbounded decoder shows up as a peak in the hundreds of MB.
"""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from fairgauge.harvest.decoding import ACCEPT_ENCODING, ContentDecodingError, decoder_for
from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.harvester import open_fetcher
from fairgauge.harvest.network import live_transport
from fairgauge.settings import Settings
from tests.loopback import Reply, serve

try:
    from compression import zstd  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from backports import zstd

brotli = pytest.importorskip("brotli")

CAP = 1_000_000
EXPANDED = 300_000_000  # decoded size of each bomb: 300 times the cap
PAGE = b"<html><head><title>ok</title></head><body>" + b"fine " * 2000 + b"</body></html>"


def _zeros_compressed(compressor: zlib._Compress) -> bytes:
    block = b"\0" * 1_000_000
    parts = [compressor.compress(block) for _ in range(EXPANDED // len(block))]
    return b"".join([*parts, compressor.flush()])


def _gzip_bomb() -> bytes:
    return _zeros_compressed(zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS))


def _zstd_bomb() -> bytes:
    compressor = zstd.ZstdCompressor()
    block = b"\0" * 1_000_000
    parts = [compressor.compress(block) for _ in range(EXPANDED // len(block))]
    return b"".join([*parts, compressor.flush()])


def _brotli_bomb() -> bytes:
    compressor = brotli.Compressor(quality=1)
    block = b"\0" * 1_000_000
    parts = [compressor.process(block) for _ in range(EXPANDED // len(block))]
    return b"".join([*parts, compressor.finish()])


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    gz = _gzip_bomb()
    return {"gzip": gz, "zstd": _zstd_bomb(), "br": _brotli_bomb(), "gzip, gzip": gzip.compress(gz)}


@pytest.fixture()
def settings() -> Settings:
    return Settings(
        allow_private_network=True, read_timeout=5, connect_timeout=2, request_deadline=20, max_response_bytes=CAP
    )


def fetch_measured(url: str, settings: Settings) -> tuple[Fetched, int]:
    async def run() -> Fetched:
        async with Fetcher(settings, live_transport(settings)) as fetcher:
            return await fetcher.fetch(url, purpose="test")

    tracemalloc.start()
    try:
        result = asyncio.run(run())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize("coding", ["gzip", "zstd", "br"])
def test_single_coding_bomb_is_cut_at_the_cap_in_decoded_bytes(
    coding: str, bombs: dict[str, bytes], settings: Settings
) -> None:
    body = bombs[coding]
    assert len(body) < EXPANDED / 500  # a real bomb: small on the wire
    with serve({"/bomb": Reply(200, body, headers=[("Content-Encoding", coding)])}) as server:
        result, peak = fetch_measured(server.url("/bomb"), settings)
    assert result.exchange.error_kind == "too_large"
    assert result.exchange.truncated and result.exchange.size == CAP
    assert peak < 8 * CAP, f"peak traced memory {peak} bytes for a {CAP} byte cap"


def test_stacked_codings_are_refused_without_decoding(bombs: dict[str, bytes], settings: Settings) -> None:
    with serve({"/bomb": Reply(200, bombs["gzip, gzip"], headers=[("Content-Encoding", "gzip, gzip")])}) as server:
        result, peak = fetch_measured(server.url("/bomb"), settings)
    assert result.exchange.error_kind == "content_coding"
    assert "stacked content codings are refused" in (result.exchange.error or "")
    assert result.body == b""
    assert peak < 8 * CAP


def test_stacked_codings_in_two_headers_are_refused_too(settings: Settings) -> None:
    body = gzip.compress(gzip.compress(PAGE))
    headers = [("Content-Encoding", "gzip"), ("Content-Encoding", "gzip")]
    with serve({"/p": Reply(200, body, headers=headers)}) as server:
        result, _ = fetch_measured(server.url("/p"), settings)
    assert result.exchange.error_kind == "content_coding"


@pytest.mark.parametrize("coding", ["compress", "x-bomb", "exi"])
def test_codings_not_asked_for_are_refused(coding: str, settings: Settings) -> None:
    with serve({"/p": Reply(200, PAGE, headers=[("Content-Encoding", coding)])}) as server:
        result, _ = fetch_measured(server.url("/p"), settings)
    assert result.exchange.error_kind == "content_coding"
    assert coding in (result.exchange.error or "")


def test_corrupt_compressed_body_is_a_coded_error(settings: Settings) -> None:
    with serve({"/p": Reply(200, b"\x1f\x8b\x08\x00garbage" * 10, headers=[("Content-Encoding", "gzip")])}) as server:
        result, _ = fetch_measured(server.url("/p"), settings)
    assert result.exchange.error_kind == "content_coding" and not result.ok


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", gzip.compress(PAGE)),
        ("x-gzip", gzip.compress(PAGE)),
        ("GZIP", gzip.compress(PAGE[:100]) + gzip.compress(PAGE[100:])),  # two members, as RFC 1952 allows
        ("deflate", zlib.compress(PAGE)),
        ("deflate", _raw_deflate(PAGE)),  # raw deflate, as some servers send it
        ("zstd", zstd.compress(PAGE[:500]) + zstd.compress(PAGE[500:])),  # two frames
        ("br", brotli.compress(PAGE)),
        ("identity", PAGE),
        ("identity, gzip", gzip.compress(PAGE)),  # identity is no coding: not a stack
    ],
    # ids by name: gzip bodies carry the time they were made, and pytest-xdist needs every worker to collect
    # the same test ids
    ids=["gzip", "x-gzip", "gzip-members", "deflate-zlib", "deflate-raw", "zstd-frames", "br", "identity", "id-gzip"],
)
def test_honest_compressed_pages_decode_exactly(coding: str, body: bytes, settings: Settings) -> None:
    with serve({"/p": Reply(200, body, headers=[("Content-Encoding", coding)])}) as server:
        result, _ = fetch_measured(server.url("/p"), settings)
        sent = server.requests[0][2]
    assert result.ok, result.exchange.error
    assert result.body == PAGE and result.exchange.size == len(PAGE)
    assert sent["Accept-Encoding"] == ACCEPT_ENCODING == "gzip, deflate, zstd, br"


def test_decoded_page_exactly_at_the_cap_is_not_truncated(settings: Settings) -> None:
    page = b"x" * CAP
    with serve({"/p": Reply(200, gzip.compress(page), headers=[("Content-Encoding", "gzip")])}) as server:
        result, _ = fetch_measured(server.url("/p"), settings)
    assert result.ok and len(result.body) == CAP and not result.exchange.truncated


@pytest.mark.parametrize("coding", ["gzip", "deflate", "zstd", "br"])
def test_decoders_never_return_more_than_asked(coding: str) -> None:
    """Every decoding step is bounded, not only the total: the property the fetcher relies on."""
    data = b"".join(bytes([i % 251]) * 1000 for i in range(2000))  # 2 MB, compressible
    encoded = {
        "gzip": gzip.compress(data),
        "deflate": zlib.compress(data),
        "zstd": zstd.compress(data),
        "br": brotli.compress(data),
    }[coding]
    decoder = decoder_for([coding])
    out: list[bytes] = []
    for start in range(0, len(encoded), 4096):
        step = decoder.decode(encoded[start : start + 4096], 10_000)
        while True:
            assert len(step) <= 10_000 + 65_536  # brotli fills whole output blocks; zlib and zstd are exact
            out.append(step)
            if decoder.needs_input:
                break
            step = decoder.decode(b"", 10_000)
    assert b"".join(out) == data


def test_recorded_compressed_page_replays_decoded(settings: Settings, tmp_path: Path) -> None:
    """The archive keeps the decoded body without its Content-Encoding, so replay needs no decoder."""
    archive = tmp_path / "run.warc.gz"

    async def run(fetcher: Fetcher, url: str) -> Fetched:
        async with fetcher:
            return await fetcher.fetch(url, purpose="test")

    with serve({"/p": Reply(200, zstd.compress(PAGE), headers=[("Content-Encoding", "zstd")])}) as server:
        url = server.url("/p")
        live = asyncio.run(run(open_fetcher(settings, record=archive), url))
    replayed = asyncio.run(run(open_fetcher(settings, replay=[archive]), url))
    assert live.body == replayed.body == PAGE
    assert replayed.exchange.replayed and replayed.ok


@settings_hypothesis(max_examples=150, deadline=None)
@given(coding=st.sampled_from(["gzip", "deflate", "zstd", "br", "identity"]), data=st.binary(max_size=2000))
def test_any_bytes_decode_or_fail_with_a_decoding_error(coding: str, data: bytes) -> None:
    """Garbage (or a valid header followed by garbage) is a ContentDecodingError, never another exception."""
    prefixes = {"gzip": gzip.compress(b"x")[:10], "zstd": zstd.compress(b"x")[:4], "br": b"", "deflate": b"x\x9c"}
    decoder = decoder_for([coding])
    try:
        for chunk in (prefixes.get(coding, b"") + data[:1000], data[1000:]):
            out = decoder.decode(chunk, 512)
            while not decoder.needs_input:
                assert len(out) <= 512 + 65_536
                out = decoder.decode(b"", 512)
    except ContentDecodingError:
        pass
