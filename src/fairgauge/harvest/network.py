"""Live HTTP transport with the safety rules of a harvester that fetches whatever users point it at.

Private, loopback, link-local and reserved addresses are refused at connect time, after name
resolution, and the connection goes to the very address that was checked: a DNS answer cannot
switch to an internal address between check and connect (DNS rebinding). Tests and demos switch
this off with ``allow_private_network``; ``private_network_allowlist`` opens named ranges only.
"""

from __future__ import annotations

import asyncio
import ipaddress
import select
import socket
import ssl
import time
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
        stream = await self._inner.connect_tcp(
            allowed[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )
        return _Stream(stream, stream.get_extra_info("socket"))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Iterable[typing.Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise PrivateAddressError("unix sockets are not reachable by the harvester")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)

    @staticmethod
    async def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
        try:  # an address literal needs no lookup (and no trip through the resolver's thread pool)
            return [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            pass
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        seen: dict[str, None] = {}
        for info in infos:
            seen.setdefault(str(info[4][0]), None)
        return list(seen)


class _Stream(httpcore.AsyncNetworkStream):
    """A connection's stream whose socket is looked up once.

    httpcore asks every idle connection of the pool whether its socket is readable (a server that
    closed it) each time it assigns a request; through anyio that lookup rebuilds a dict of attribute
    getters per call, the largest single cost of a request on a busy pool. Reads and writes pass through.
    """

    def __init__(self, inner: httpcore.AsyncNetworkStream, sock: socket.socket | None) -> None:
        self._inner = inner
        self._socket = sock

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout), self._socket)

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable":
            return _readable(self._socket)
        if info == "socket":
            return self._socket
        return self._inner.get_extra_info(info)


def _readable(sock: socket.socket | None) -> bool:
    """httpcore's test: an idle keep-alive socket with something to read was closed by the server."""
    if sock is None:
        return False
    if sock.fileno() == -1:
        return True
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    return bool(poller.poll(0))


class _Pool(httpcore.AsyncConnectionPool):
    """httpcore's pool with linear book-keeping.

    httpcore 1.0 re-examines the pool on every request and response close; for each idle connection it
    counts *all* connections (``len([c.is_idle() for c in ...])``), which is quadratic and, as it counts
    busy connections too, closes idle keep-alive connections whenever more than
    ``max_keepalive_connections`` are open, so a busy batch reconnected for most requests. Here idle
    connections are counted once and only they count against the keep-alive limit; the assignment of
    queued requests is httpcore's own.

    httpcore also asks every idle connection whether it expired (a ``poll`` of its socket: did the
    server close it?) on every request and every response close, twenty system calls per request on a
    warm pool. Here the connection a request is about to get is always asked, so no request goes to a
    closed or expired connection; the sweep of all the others runs at most every ``SWEEP_SECONDS``.
    """

    SWEEP_SECONDS = 1.0
    _next_sweep = 0.0

    def _assign_requests_to_connections(self) -> list[httpcore.AsyncConnectionInterface]:
        closing: list[httpcore.AsyncConnectionInterface] = []
        now = time.monotonic()
        sweep = now >= self._next_sweep
        if sweep:
            self._next_sweep = now + self.SWEEP_SECONDS
        idle = sum(1 for connection in self._connections if connection.is_idle())
        for connection in list(self._connections):
            if connection.is_closed():
                self._connections.remove(connection)
            elif (sweep and connection.has_expired()) or (
                connection.is_idle() and idle > self._max_keepalive_connections
            ):
                idle -= connection.is_idle()
                self._connections.remove(connection)
                closing.append(connection)
        for pool_request in [request for request in self._requests if request.is_queued()]:
            origin = pool_request.request.url.origin
            available = self._available(origin, closing, checked=sweep)
            if available is not None:
                pool_request.assign_to_connection(available)
                continue
            if len(self._connections) >= self._max_connections:
                spare = next((c for c in self._connections if c.is_idle()), None)
                if spare is None:
                    continue  # stays queued until a connection is released
                self._connections.remove(spare)
                closing.append(spare)
            connection = self.create_connection(origin)
            self._connections.append(connection)
            pool_request.assign_to_connection(connection)
        return closing

    def _available(
        self, origin: httpcore.Origin, closing: list[httpcore.AsyncConnectionInterface], *, checked: bool
    ) -> httpcore.AsyncConnectionInterface | None:
        """A live connection to ``origin`` free for a request; expired ones met on the way are closed
        (``checked``: this round's sweep already asked them all)."""
        for connection in list(self._connections):
            if not (connection.can_handle_request(origin) and connection.is_available()):
                continue
            if not checked and connection.has_expired():
                self._connections.remove(connection)
                closing.append(connection)
                continue
            return connection
        return None


@cache
def tls_context() -> ssl.SSLContext:
    """One client TLS context per process: building one (loading the CA bundle) costs tens of ms, and a
    client context is safe to share between transports and event loops."""
    return ssl.create_default_context(cafile=certifi.where())


def live_transport(settings: Settings, ssl_context: ssl.SSLContext | None = None) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connection pool uses the guarded backend (and the shared TLS context)."""
    context = ssl_context or tls_context()
    transport = httpx.AsyncHTTPTransport(verify=context, trust_env=False)  # verify=context: no second context
    transport._pool = _Pool(  # replaced to inject the guarded network backend (and linear book-keeping)
        ssl_context=context,
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(settings.allow_private_network, allowlist=settings.private_network_allowlist),
    )
    return transport
