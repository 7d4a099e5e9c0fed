"""``private_network_allowlist``: named internal ranges open, every other private address still refused."""

from __future__ import annotations

import asyncio

import pytest

from fairgauge.errors import ConfigError
from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.network import live_transport
from fairgauge.settings import Settings, load_settings
from tests.loopback import Reply, serve


def fetch(url: str, settings: Settings) -> Fetched:
    async def run() -> Fetched:
        async with Fetcher(settings, live_transport(settings)) as fetcher:
            return await fetcher.fetch(url, purpose="test")

    return asyncio.run(run())


def test_allowlisted_range_is_reached_and_the_rest_refused() -> None:
    settings = Settings(private_network_allowlist=("127.0.0.1/32",), request_deadline=3)
    with (
        serve({"/": Reply(body=b"<html>in</html>")}) as inside,
        serve({"/": Reply(body=b"x")}, host="127.0.0.2") as out,
    ):
        allowed = fetch(inside.url("/"), settings)
        refused = fetch(out.url("/"), settings)
    assert allowed.ok and allowed.body == b"<html>in</html>"
    assert refused.exchange.error_kind == "refused_private"
    assert "127.0.0.2" in (refused.exchange.error or "")
    assert out.requests == []


def test_without_allowlist_loopback_is_refused() -> None:
    with serve({"/": Reply(body=b"x")}) as server:
        result = fetch(server.url("/"), Settings(request_deadline=3))
    assert result.exchange.error_kind == "refused_private"


@pytest.mark.parametrize("value", [["10.0.0.0/33"], ["intranet"], ["10.1.2.3/8 x"]])
def test_a_bad_range_is_a_settings_error(value: list[str]) -> None:
    with pytest.raises(ConfigError, match="private_network_allowlist"):
        load_settings(private_network_allowlist=value)


def test_ranges_are_normalised() -> None:
    settings = load_settings(private_network_allowlist=["10.1.2.3/16", "fd00::1/8"])
    assert settings.private_network_allowlist == ("10.1.0.0/16", "fd00::/8")
