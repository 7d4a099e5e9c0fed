"""Hostile input, measured: compression bombs against the fetcher, many links against the signposting
records, an alias bomb against the profile loader. Prints numbers; the limits themselves are asserted by
the test suite (tests/harvest/test_content_coding.py, test_signposting_limits.py, metrics/test_profiles.py).

    .venv/bin/python bench/hostile.py [--expanded-mb 1000] [--links 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

import brotli

from fairgauge.errors import ProfileError
from fairgauge.harvest.fetch import Fetcher
from fairgauge.harvest.network import live_transport
from fairgauge.harvest.typed_links import signposting_records
from fairgauge.metrics.profile import load_profile
from fairgauge.model.signposting import Link
from fairgauge.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.loopback import Reply, serve

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

CAP = 5_000_000
BLOCK = b"\0" * 1_000_000


def bombs(expanded_mb: int) -> dict[str, bytes]:
    gz = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zs = zstd.ZstdCompressor()
    br = brotli.Compressor(quality=1)
    parts: dict[str, list[bytes]] = {"gzip": [], "zstd": [], "br": []}
    for _ in range(expanded_mb):
        parts["gzip"].append(gz.compress(BLOCK))
        parts["zstd"].append(zs.compress(BLOCK))
        parts["br"].append(br.process(BLOCK))
    single = {
        "gzip": b"".join([*parts["gzip"], gz.flush()]),
        "zstd": b"".join([*parts["zstd"], zs.flush()]),
        "br": b"".join([*parts["br"], br.finish()]),
    }
    single["gzip, gzip"] = gzip.compress(single["gzip"])
    return single


def fetch_peak(url: str) -> tuple[str, int | None, int]:
    settings = Settings(allow_private_network=True, max_response_bytes=CAP, request_deadline=120, read_timeout=60)

    async def run() -> tuple[str, int | None]:
        async with Fetcher(settings, live_transport(settings)) as fetcher:
            got = await fetcher.fetch(url, purpose="bench")
            return got.exchange.error_kind or "ok", got.exchange.size

    tracemalloc.start()
    kind, size = asyncio.run(run())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return kind, size, peak


def bench_bombs(expanded_mb: int) -> None:
    print(f"compression bombs: {expanded_mb} MB decoded each, cap {CAP / 1e6:.0f} MB")
    for coding, body in bombs(expanded_mb).items():
        with serve({"/b": Reply(200, body, headers=[("Content-Encoding", coding)])}) as server:
            kind, size, peak = fetch_peak(server.url("/b"))
        kept = f"kept {size or 0:>9,} B"
        print(f"  {coding:<11} wire {len(body):>10,} B  -> {kind:<15} {kept}  peak {peak / 1e6:6.1f} MB")


def bench_links(count: int) -> None:
    page = "https://repo.example/rec/1"
    print("signposting_records with N item links (CPU seconds):")
    for n in (1000, 4000, count):
        links = [
            Link(rel="item", href=f"https://repo.example/f/{i}.csv", type="text/csv", source="header", context_url=page)
            for i in range(n)
        ]
        start = time.process_time()
        signposting_records(links, {page})
        print(f"  {n:>7,} links: {time.process_time() - start:.3f} s")


def bench_alias_bomb() -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = "\n".join(lines) + "\nid: b\nversion: '1'\ntitle: t\nspecification: s\nextends: fsf-0.8\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.yaml"
        path.write_text(text + "metrics:\n- id: FsF-F1-01D\n  x: *l9\n")
        start = time.process_time()
        try:
            load_profile(str(path))
            outcome = "loaded (!)"
        except ProfileError as exc:
            outcome = f"refused: {exc}"
        spent = time.process_time() - start
        print(f"profile alias bomb ({len(text)} B, 9**10 nodes expanded): {spent:.3f} s, {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--expanded-mb", type=int, default=1000)
    parser.add_argument("--links", type=int, default=20_000)
    args = parser.parse_args()
    bench_bombs(args.expanded_mb)
    bench_links(args.links)
    bench_alias_bomb()


if __name__ == "__main__":
    main()
