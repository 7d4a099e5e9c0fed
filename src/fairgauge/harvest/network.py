"""Live HTTP transport with the safety rules of a harvester that fetches whatever users point it at.

httpx's request and response types over aiohttp's connection pool. Private, loopback, link-local and
reserved addresses are refused at connect time, after name resolution, and the connection goes to the
very address that was checked: a DNS answer cannot switch to an internal address between check and
connect (DNS rebinding). Tests and demos switch this off with ``allow_private_network``;
``private_network_allowlist`` opens named ranges only.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import ssl
import typing
from functools import cache

import aiohttp
import certifi
import httpx
import yarl
from aiohttp.abc import AbstractResolver, ResolveResult

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


class AddressGuard:
    """Refuses non-public addresses (unless allowed): names are resolved here and only permitted
    addresses handed on, and every socket is checked again at creation, address literals included."""

    def __init__(self, allow_private: bool, allowlist: typing.Iterable[str] = (), timeout: float | None = None) -> None:
        self._allow_private = allow_private
        self._allowlist = tuple(ipaddress.ip_network(network, strict=False) for network in allowlist)
        self._timeout = timeout

    def permitted(self, address: str) -> bool:
        if self._allow_private or is_public_address(address):
            return True
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        return any(ip.version == network.version and ip in network for network in self._allowlist)

    async def addresses(self, host: str, port: int) -> list[str]:
        """The permitted addresses of ``host``; PrivateAddressError when there are none."""
        addresses = await self._resolve(host, port, self._timeout)
        allowed = [a for a in addresses if self.permitted(a)]
        if not allowed:
            raise PrivateAddressError(
                f"refused to connect to {host} ({', '.join(addresses)}): private or reserved address "
                "(set allow_private_network, or add its range to private_network_allowlist, to allow it)"
            )
        return allowed

    def socket(self, addr_info: tuple[typing.Any, ...]) -> socket.socket:
        """The socket for one connection attempt, made only for a permitted address (the last word: the
        connection goes to this very address, so a DNS answer cannot change between check and connect)."""
        family, kind, proto, _, address = addr_info
        if not self.permitted(str(address[0])):
            raise PrivateAddressError(
                f"refused to connect to {address[0]} ({address[0]}): private or reserved address "
                "(set allow_private_network, or add its range to private_network_allowlist, to allow it)"
            )
        return socket.socket(family=family, type=kind, proto=proto)

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
            raise OSError(f"cannot resolve {host}: {exc}") from exc
        seen: dict[str, None] = {}
        for info in infos:
            seen.setdefault(str(info[4][0]), None)
        return list(seen)


class _Resolver(AbstractResolver):
    """aiohttp's name resolution through the guard."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in await self._guard.addresses(host, port)
        ]

    async def close(self) -> None:
        return None


@cache
def tls_context() -> ssl.SSLContext:
    """One client TLS context per process: building one (loading the CA bundle) costs tens of ms, and a
    client context is safe to share between transports and event loops."""
    return ssl.create_default_context(cafile=certifi.where())


class GuardedTransport(httpx.AsyncBaseTransport):
    """httpx's transport interface over aiohttp's connection pool (its HTTP parser is C-accelerated:
    about half the CPU of httpcore and h11 per request), guarded by :class:`AddressGuard`.

    Only the wire is aiohttp's: redirects, caps, deadlines and decoding stay the fetcher's (no redirects
    followed, bodies handed over raw and undecoded, no cookie jar: each assessment keeps its own), and
    aiohttp's errors become httpx's, so the fetcher and replay see one kind of transport. The session
    belongs to the event loop that first uses it (the caller keeps one transport per loop).
    """

    def __init__(self, settings: Settings, ssl_context: ssl.SSLContext) -> None:
        self.ssl_context = ssl_context
        self._guard = AddressGuard(
            settings.allow_private_network, settings.private_network_allowlist, timeout=settings.connect_timeout
        )
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=100,
            keepalive_timeout=5.0,
            ssl=self.ssl_context,
            resolver=_Resolver(self._guard),
            socket_factory=self._guard.socket,
        )
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
            trust_env=False,
            timeout=aiohttp.ClientTimeout(total=None),
            max_line_size=_MAX_HEADER_BYTES,
            max_field_size=_MAX_HEADER_BYTES,
            max_headers=_MAX_HEADERS,
        )

    @property
    def kept_alive(self) -> int:
        """Idle connections kept for reuse (for tests of the pool's behaviour)."""
        connector = self._session.connector if self._session else None
        return sum(len(idle) for idle in getattr(connector, "_conns", {}).values())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._session is None:
            self._session = self._open()
        timeout = request.extensions.get("timeout", {})
        with _as_httpx_errors():
            response = await self._session.request(
                request.method,
                yarl.URL(str(request.url), encoded=True),
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],  # as written
                data=request.content or None,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=timeout.get("connect"), sock_read=timeout.get("read")
                ),
                server_hostname=request.extensions.get("sni_hostname"),
            )
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_Body(response),
            request=request,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (response.reason or "").encode("latin-1", "replace"),
            },
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


# A long signposting Link header is a real answer (aiohttp's default cuts a line at 8 KiB); the count keeps
# aiohttp's default, so a response's header block stays within 4 MiB, below the body cap.
_MAX_HEADER_BYTES = 32_768
_MAX_HEADERS = 128


class _Body(httpx.AsyncByteStream):
    """A response body as it arrives, raw (undecoded); closing drops a connection whose body was not read
    to the end (a capped body must not be read on by the next request)."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for chunk in self._response.content.iter_any():
                yield chunk

    async def aclose(self) -> None:
        if self._response.content.at_eof():
            self._response.release()
        else:
            self._response.close()


@contextlib.contextmanager
def _as_httpx_errors() -> typing.Iterator[None]:
    """aiohttp's errors as the httpx ones the fetcher classifies (aiohttp's timeouts are TimeoutErrors,
    which the fetcher would take for its own deadline)."""
    try:
        yield
    except PrivateAddressError:
        raise
    except aiohttp.ConnectionTimeoutError as exc:
        raise httpx.ConnectTimeout(str(exc)) from exc
    except aiohttp.ServerTimeoutError as exc:
        raise httpx.ReadTimeout(str(exc)) from exc
    except aiohttp.ClientConnectorError as exc:
        raise httpx.ConnectError(str(exc.os_error) or str(exc)) from exc
    except aiohttp.NonHttpUrlClientError as exc:
        raise httpx.UnsupportedProtocol(f"unsupported URL: {exc}") from exc
    except aiohttp.InvalidURL as exc:
        raise httpx.InvalidURL(f"invalid URL: {exc}") from exc
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientResponseError) as exc:
        raise httpx.RemoteProtocolError(str(exc) or type(exc).__name__) from exc
    except (aiohttp.ClientOSError, aiohttp.ClientConnectionError) as exc:
        raise httpx.ReadError(str(exc) or type(exc).__name__) from exc
    except aiohttp.ClientError as exc:
        raise httpx.TransportError(str(exc) or type(exc).__name__) from exc


def live_transport(settings: Settings, ssl_context: ssl.SSLContext | None = None) -> GuardedTransport:
    """The guarded transport (with the shared TLS context) every live request goes through."""
    return GuardedTransport(settings, ssl_context or tls_context())
