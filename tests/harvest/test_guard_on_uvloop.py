"""``fairgauge serve`` runs on uvloop (uvicorn picks it when installed): the live transport keeps its
guarantees on that event loop too: private addresses refused after resolution, caps and redirects kept."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.network import live_transport
from fairgauge.settings import Settings
from tests.loopback import Reply, serve

uvloop = pytest.importorskip("uvloop")
T = TypeVar("T")


def _on_uvloop(coroutine: Coroutine[Any, Any, T]) -> T:
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


def fetch(url: str, settings: Settings, **kwargs: Any) -> Fetched:
    async def run() -> Fetched:
        assert "uvloop" in type(asyncio.get_running_loop()).__module__
        async with Fetcher(settings, live_transport(settings)) as fetcher:
            return await fetcher.fetch(url, purpose="test", **kwargs)

    return _on_uvloop(run())


def test_private_addresses_are_refused_on_uvloop() -> None:
    with serve({"/x": Reply(200, b"secret")}) as server:
        literal = fetch(server.url("/x"), Settings(allow_private_network=False))
        named = fetch(f"http://localhost:{server.base.rsplit(':', 1)[1]}/x", Settings())
    assert literal.exchange.error_kind == named.exchange.error_kind == "refused_private"
    assert literal.body == named.body == b""


def test_redirects_and_the_byte_cap_hold_on_uvloop() -> None:
    settings = Settings(allow_private_network=True, read_timeout=2, connect_timeout=2, request_deadline=3)
    routes = {"/pid": Reply(302, headers=[("Location", "/big")]), "/big": Reply(200, b"x" * 5000)}
    with serve(routes) as server:
        result = fetch(server.url("/pid"), settings, max_bytes=1000, allow_truncation=True)
    assert [r.status for r in result.exchange.redirects] == [302]
    assert result.exchange.status == 200 and result.exchange.truncated and result.body == b"x" * 1000
