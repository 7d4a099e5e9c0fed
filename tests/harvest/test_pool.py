"""The live connection pool under a batch's load: keep-alive connections are reused, not re-opened.

httpcore 1.0 closed an idle keep-alive connection whenever more than ``max_keepalive_connections`` were
open, busy ones included, so a batch with more requests in flight than that reconnected for most of
its requests; the pool under the live transport (aiohttp's, see ``harvest/network.py``) must not.
"""

from __future__ import annotations

import asyncio
import time
from http.server import BaseHTTPRequestHandler

from fairgauge.harvest.fetch import Fetcher
from fairgauge.harvest.network import live_transport
from fairgauge.settings import Settings
from tests.loopback import serve


def _slow_ok(ports: set[int]) -> object:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        ports.add(handler.client_address[1])  # one client port per TCP connection
        time.sleep(0.05)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")

    return answer


def test_busy_pool_reuses_its_connections_and_keeps_few_idle() -> None:
    ports: set[int] = set()
    settings = Settings(allow_private_network=True, per_host_concurrency=100)
    workers, rounds = 30, 6

    async def run(base: str) -> tuple[list[int | None], int]:
        transport = live_transport(settings)
        try:

            async def worker(w: int) -> list[int | None]:
                statuses = []
                for r in range(rounds):
                    async with Fetcher(settings, transport, owns_transport=False) as fetcher:
                        fetched = await fetcher.fetch(f"{base}/slow?w={w}&r={r}", purpose="test")
                    statuses.append(fetched.exchange.status)
                return statuses

            done = await asyncio.gather(*(worker(w) for w in range(workers)))
            return [s for statuses in done for s in statuses], transport.kept_alive
        finally:
            await transport.aclose()

    with serve({"/slow": _slow_ok(ports)}) as site:  # type: ignore[dict-item]
        statuses, kept = asyncio.run(run(site.base))
    assert statuses == [200] * (workers * rounds)
    # about one connection per concurrent worker; the margin absorbs a loaded machine (seen: 36 of 30) and
    # stays far below what httpcore 1.0 alone opened (70-130 of 180)
    assert len(ports) <= workers * 3 // 2
    assert 0 < kept <= workers  # the connections are kept alive for the next requests, no more of them
