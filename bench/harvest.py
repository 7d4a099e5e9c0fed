"""Harvest throughput over a real (loopback) network: the corpus served with added latency.

    python bench/harvest.py [--objects N] [--concurrency C] [--latency-ms L]

Every archived response of the corpus (landing-page captures and A2A cases) is served by a threaded
HTTP server on 127.0.0.1 that waits L ms before answering; absolute https:// URLs in bodies and headers
are rewritten to point at it (https://HOST/PATH -> http://127.0.0.1:PORT/HOST/PATH), and the resolver and
DataCite settings point there too, so every request the harvester makes crosses the socket. N objects
(the corpus, cycled) are harvested C at a time. Prints objects/s, CPU ms per object and peak RSS.
Aim: network-bound, not CPU-bound: tens of objects per second per core.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import re
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import corpus_objects, cpu_seconds, peak_rss_mb

from fairgauge.assessment import Assessor
from fairgauge.harvest.fetch import Fetcher
from fairgauge.harvest.harvester import harvest_with
from fairgauge.harvest.network import live_transport
from fairgauge.harvest.warc import ArchivedResponse, WarcArchive
from fairgauge.settings import Settings

_ABSOLUTE = re.compile(rb"https?://")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # the default backlog of 5 drops bursts of connections (1 s SYN retries)


class CorpusServer:
    """Serves archived responses at http://127.0.0.1:PORT/HOST/PATH after a fixed delay."""

    def __init__(self, archive: WarcArchive, latency: float) -> None:
        self._latency = latency
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self._by_path: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}
        for response in archive.responses():  # rewritten once, so serving costs the server little CPU
            self._by_path.setdefault(response.url.split("://", 1)[1], self._prepared(response))

    def _prepared(self, response: ArchivedResponse) -> tuple[int, list[tuple[str, str]], bytes]:
        headers = [
            (k, self._rewrite(v.encode("latin-1")).decode("latin-1"))
            for k, v in response.headers
            if k.lower() != "content-length"
        ]
        return response.status, headers, self._rewrite(response.body)

    def _rewrite(self, data: bytes) -> bytes:
        return _ABSOLUTE.sub(self.base.encode(), data)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                time.sleep(outer._latency)
                found = outer._by_path.get(self.path.lstrip("/"))
                status, headers, body = found or (404, [("Content-Type", "text/plain")], b"not in corpus")
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_HEAD = do_GET

        return Handler

    def serve_forever(self) -> None:
        self._server.serve_forever()


def _serve(paths: list[Path], latency: float, ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Server process: its CPU is not counted against the harvester."""
    server = CorpusServer(WarcArchive.load(paths), latency)
    ready.put(server.base)
    server.serve_forever()


async def run(assessor: Assessor, identifiers: list[str], concurrency: int) -> list[int]:
    transport = live_transport(assessor.settings)
    gate = asyncio.Semaphore(concurrency)

    async def one(identifier: str) -> int:
        async with gate:
            fetcher = Fetcher(assessor.settings, transport, owns_transport=False)
            result = await harvest_with(identifier, assessor.settings, fetcher, assessor.harvest_options())
            return len(result.records)

    try:
        return await asyncio.gather(*(one(i) for i in identifiers))
    finally:
        await transport.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50)
    args = parser.parse_args()
    objects = corpus_objects()
    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(
        target=_serve, args=([p for _, p in objects], args.latency_ms / 1000, ready), daemon=True
    )
    server.start()
    base = ready.get(timeout=30)
    settings = Settings(
        allow_private_network=True,
        doi_resolver=base + "doi.org/",
        datacite_api=base + "api.datacite.org",
        datacite_content_negotiation=base + "data.crosscite.org",
        re3data_api=base + "www.re3data.org/api/v1",
        per_host_concurrency=1000,
    )
    assessor = Assessor(settings)
    assessor.ref.preload()
    identifiers = [_local(ident, base) for ident, _ in objects]
    asyncio.run(run(assessor, identifiers[:4], 4))  # warm-up
    batch = [identifiers[i % len(identifiers)] for i in range(args.objects)]
    cpu, wall = cpu_seconds(), time.perf_counter()
    records = asyncio.run(run(assessor, batch, args.concurrency))
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    server.terminate()
    print(f"{args.objects} objects, concurrency {args.concurrency}, {args.latency_ms:.0f} ms latency per request")
    print(f"throughput: {args.objects / wall:.1f} objects/s ({wall:.2f} s wall)")
    print(
        f"CPU: {cpu / args.objects * 1000:.1f} ms per object (harvester process only; the server runs apart); "
        f"CPU-bound ceiling ~{args.objects / cpu:.0f} objects/s per core"
    )
    print(f"records harvested: {sum(records)} ({sum(records) / args.objects:.1f} per object)")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


def _local(identifier: str, base: str) -> str:
    """DOIs go through the (local) resolver setting; URL PIDs are rewritten onto the server."""
    return (
        identifier.replace("https://doi.org/", "doi:")
        if "doi.org/" in identifier
        else _ABSOLUTE.sub(base.encode(), identifier.encode()).decode()
    )


if __name__ == "__main__":
    main()
