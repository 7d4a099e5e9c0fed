"""One HTTP client per long-lived process: a shared connection pool and one SSL context.

Building an SSL context with the CA bundle costs ~36 ms, and a fresh pool reconnects to every host, so a
service or batch run builds this once (in the composition root) and hands each assessment a cheap
``Fetcher`` over it; the fetcher keeps that assessment's exchanges apart, the pool is shared.

Live connections belong to the event loop that opened them, so the pool is kept per running loop
(a server has one; tests and the CLI may run several loops one after another); the SSL context, the
expensive part, is shared by all of them. In replay mode the archive stands in for the network.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Sequence
from pathlib import Path

import httpx

from fairgauge.harvest.fetch import Fetcher
from fairgauge.harvest.warc import ReplayTransport, WarcArchive, WarcRecorder
from fairgauge.model.findings import finding
from fairgauge.settings import Settings


class SharedHttp:
    """The guarded HTTP stack of a process (live, or replaying WARC archives), shared by its assessments."""

    def __init__(self, settings: Settings, *, replay: Sequence[Path] = ()) -> None:
        self.settings = settings
        self.archive = WarcArchive.load(list(replay)) if replay else None
        self.replayed = [str(p) for p in replay]
        self._ssl: ssl.SSLContext | None = None
        self._pools: dict[int, tuple[asyncio.AbstractEventLoop, httpx.AsyncBaseTransport]] = {}

    @property
    def ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            from fairgauge.harvest.network import tls_context

            self._ssl = tls_context()
        return self._ssl

    def _transport(self) -> httpx.AsyncBaseTransport:
        loop = asyncio.get_running_loop()
        for key, (old, _) in list(self._pools.items()):
            if old.is_closed():
                del self._pools[key]
        entry = self._pools.get(id(loop))
        if entry is None or entry[0] is not loop:
            transport: httpx.AsyncBaseTransport
            if self.archive is not None:
                transport = ReplayTransport(self.archive, max_bytes=self.settings.max_response_bytes)
            else:
                from fairgauge.harvest.network import live_transport  # lazily: aiohttp etc. are live-only

                transport = live_transport(self.settings, ssl_context=self.ssl_context)
            entry = (loop, transport)
            self._pools[id(loop)] = entry
        return entry[1]

    def fetcher(self, *, record: Path | None = None, settings: Settings | None = None) -> Fetcher:
        """A fetcher for one assessment over the shared pool (call inside the event loop that uses it).
        ``settings`` may differ in per-request choices; the network guard is the pool's own."""
        recorder = WarcRecorder(record) if record else None
        fetcher = Fetcher(
            settings or self.settings,
            self._transport(),
            replayed=self.archive is not None,
            recorder=recorder,
            owns_transport=False,
        )
        if self.archive is not None:  # what could not be read from the archives is said in every report
            fetcher.findings += [finding(w.code, "warning", w.message) for w in self.archive.warnings]
        return fetcher

    async def aclose(self) -> None:
        """Close the pool of the running loop (call at shutdown, inside that loop)."""
        loop = asyncio.get_running_loop()
        entry = self._pools.pop(id(loop), None)
        if entry is not None:
            await entry[1].aclose()
