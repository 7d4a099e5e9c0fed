"""The guarded fetcher for callers that are not async: online term sources, CURIE resolvers, downloads.

Ontology lookups happen inside the (synchronous) FAIRtracks validator, and ``fairgauge tracks
ontologies fetch`` is a plain command; both must still go through the one HTTP stack of ``harvest``
(private addresses refused unless allowed, size, time and redirect caps, WARC record/replay). This
runs one event loop in a worker thread and hands each request to a short-lived :class:`Fetcher` on a
shared guarded transport, so connections are pooled but no answer is kept in memory after it is read.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

import httpx

from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.warc import ReplayTransport, WarcArchive, WarcRecorder
from fairgauge.settings import Settings

T = TypeVar("T")


class BlockingFetcher:
    """``fetch(url, ...) -> Fetched`` from synchronous code; thread-safe; close when done."""

    def __init__(self, settings: Settings, *, replay: Sequence[Path] = (), record: Path | None = None) -> None:
        self._settings = settings
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fairgauge-fetch", daemon=True)
        self._thread.start()
        self._replayed = bool(replay)
        self._recorder = WarcRecorder(record) if record else None
        self._transport: httpx.AsyncBaseTransport
        if replay:
            self._transport = ReplayTransport(WarcArchive.load(list(replay)))
        else:
            from fairgauge.harvest.network import live_transport  # lazily: aiohttp etc. are live-only

            self._transport = live_transport(settings)
        self._closed = False

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    async def _fetch(self, url: str, kwargs: dict[str, Any]) -> Fetched:
        fetcher = Fetcher(self._settings, self._transport, replayed=self._replayed, owns_transport=False)
        fetcher._recorder = self._recorder  # shared recorder; the fetcher must not close it
        try:
            return await fetcher.fetch(url, **kwargs)
        finally:
            fetcher._recorder = None
            await fetcher.aclose()

    def fetch(self, url: str, *, purpose: str, **kwargs: Any) -> Fetched:
        """One request through the guarded stack; network trouble is in ``Fetched.exchange``, never raised."""
        if self._closed:
            raise RuntimeError("fetcher is closed")
        return self._run(self._fetch(url, {"purpose": purpose, **kwargs}))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._run(self._transport.aclose())
        if self._recorder is not None:
            self._recorder.close()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def __enter__(self) -> BlockingFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
