"""Live HTTP transport with the safety rules of a harvester that fetches whatever users point it at.

Private, loopback, link-local and reserved addresses are refused at connect time, after name
resolution, and the connection goes to the very address that was checked: a DNS answer cannot
switch to an internal address between check and connect (DNS rebinding). Tests and demos switch
this off with ``allow_private_network``; ``private_network_allowlist`` opens named ranges only.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import typing
from functools import cache

import certifi
import httpcore
import httpx

from fairgauge.refdata.addresses import is_globally_reachable
from fairgauge.settings import Settings


class PrivateAddressError(Exception):
    """The target resolves to an address the harvester may not reach."""


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses only (IANA special-purpose registries decide).

    An IPv6 address that carries an IPv4 address (IPv4-mapped, -translated or -compatible, NAT64
    64:ff9b::/96, 6to4, Teredo) reaches that IPv4 address, so every embedded address must be public too:
    64:ff9b::127.0.0.1 is loopback in disguise.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_public_address(str(ip.ipv4_mapped))  # a dual-stack socket connects to the IPv4 address itself
    embedded = _embedded_ipv4(ip)
    embedded_public = all(is_public_address(str(inner)) for inner in embedded) if embedded else None
    if embedded_public is False:
        return False
    return is_globally_reachable(ip, embedded_public)


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if isinstance(ip, ipaddress.IPv4Address):
        return []
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in network for network in (_NAT64, _IPV4_TRANSLATED, _IPV4_COMPATIBLE)):
        return [low]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    return []


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses non-public addresses, then connects to the checked address."""

    def __init__(
        self,
        allow_private: bool,
        inner: httpcore.AsyncNetworkBackend | None = None,
        allowlist: typing.Iterable[str] = (),
    ) -> None:
        self._allow_private = allow_private
        self._inner = inner or httpcore.AnyIOBackend()
        self._allowlist = tuple(ipaddress.ip_network(network, strict=False) for network in allowlist)

    def _permitted(self, address: str) -> bool:
        if self._allow_private or is_public_address(address):
            return True
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        return any(ip.version == network.version and ip in network for network in self._allowlist)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port, timeout)
        allowed = [a for a in addresses if self._permitted(a)]
        if not allowed:
            raise PrivateAddressError(
                f"refused to connect to {host} ({', '.join(addresses)}): private or reserved address "
                "(set allow_private_network, or add its range to private_network_allowlist, to allow it)"
            )
        return await self._inner.connect_tcp(
            allowed[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Iterable[typing.Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise PrivateAddressError("unix sockets are not reachable by the harvester")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)

    @staticmethod
    async def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        seen: dict[str, None] = {}
        for info in infos:
            seen.setdefault(str(info[4][0]), None)
        return list(seen)


@cache
def tls_context() -> ssl.SSLContext:
    """One client TLS context per process: building one (loading the CA bundle) costs tens of ms, and a
    client context is safe to share between transports and event loops."""
    return ssl.create_default_context(cafile=certifi.where())


def live_transport(settings: Settings, ssl_context: ssl.SSLContext | None = None) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connection pool uses the guarded backend (and the shared TLS context)."""
    context = ssl_context or tls_context()
    transport = httpx.AsyncHTTPTransport(verify=context, trust_env=False)  # verify=context: no second context
    transport._pool = httpcore.AsyncConnectionPool(  # replaced to inject the guarded network backend
        ssl_context=context,
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(settings.allow_private_network, allowlist=settings.private_network_allowlist),
    )
    return transport
