"""Content-coding decoders whose output is bounded at every step.

A compressed body is a promise of size the sender does not have to keep: 2.6 KB of ``gzip, gzip`` or
zstd expands to gigabytes, and a decoder that turns one network chunk into all of its output in one call
(httpx's own) exhausts memory before any byte cap downstream can look at it. So the fetcher reads the raw
bytes and decodes them here, asking each decoder for at most the bytes still allowed under
``max_response_bytes``; decoded bytes are what the cap counts.

Only the codings the harvester advertises in ``Accept-Encoding`` are decoded, one at a time: a stacked
coding (``gzip, gzip``) or one we never asked for is refused (:class:`UnsupportedCodingError`) rather
than guessed at. Brotli needs the ``brotli`` package (1.2 or later, the first with a bounded output
buffer); without it ``br`` is neither advertised nor accepted.
"""

from __future__ import annotations

import sys
import zlib
from typing import Any, Protocol

if sys.version_info >= (3, 14):  # pragma: no cover - the standard library from 3.14 on
    from compression import zstd
else:
    from backports import zstd

try:
    import brotli

    _BROTLI_BOUNDED = "output_buffer_limit" in (brotli.Decompressor.process.__doc__ or "")
except ImportError:  # pragma: no cover - brotli is a dependency; stay usable without it
    brotli = None
    _BROTLI_BOUNDED = False


class ContentDecodingError(Exception):
    """The body is not valid data in the content coding its headers declare."""


class UnsupportedCodingError(ContentDecodingError):
    """A content coding (or a stack of them) the harvester did not ask for and will not decode."""


class Decoder(Protocol):
    """Feed raw bytes, get at most ``max_length`` decoded bytes; ``b""`` drains what is still pending."""

    def decode(self, data: bytes, max_length: int) -> bytes: ...

    @property
    def needs_input(self) -> bool: ...


class _Identity:
    def __init__(self) -> None:
        self._pending = b""

    def decode(self, data: bytes, max_length: int) -> bytes:
        data = self._pending + data if self._pending else data
        self._pending = data[max_length:]
        return data[:max_length]

    @property
    def needs_input(self) -> bool:
        return not self._pending


class _Zlib:
    """gzip (concatenated members too) and deflate (zlib-wrapped, or raw as some servers send it)."""

    def __init__(self, gzip: bool) -> None:
        self._name = "gzip" if gzip else "deflate"
        self._wbits = 16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS
        self._inner = zlib.decompressobj(self._wbits)
        self._pending = b""  # raw input zlib has not consumed yet
        self._started = False
        self._more = False

    def decode(self, data: bytes, max_length: int) -> bytes:
        limit = max(max_length, 1)
        self._pending += data
        try:
            out = self._inner.decompress(self._pending, limit)
        except zlib.error as exc:
            if self._name == "gzip" or self._started or self._wbits < 0:  # raw deflate is the one fallback
                raise ContentDecodingError(f"invalid {self._name} data: {exc}") from exc
            self._wbits = -zlib.MAX_WBITS  # deflate without the zlib wrapper, as some servers send it
            self._inner = zlib.decompressobj(self._wbits)
            return self.decode(b"", max_length)
        self._started = True
        self._pending = self._inner.unconsumed_tail
        if self._inner.eof:
            rest = self._inner.unused_data
            self._pending = rest if self._name == "gzip" and rest.strip(b"\0") else b""
            if self._pending:  # another gzip member follows (RFC 1952 allows concatenation)
                self._inner = zlib.decompressobj(self._wbits)
        self._more = len(out) >= limit or bool(self._pending)
        return out

    @property
    def needs_input(self) -> bool:
        return not self._more


class _Zstd:
    """Zstandard, frame after frame, through the decompressor with a ``max_length`` (PEP 784 API)."""

    def __init__(self) -> None:
        self._inner = zstd.ZstdDecompressor()
        self._pending = b""  # bytes after the end of a frame: the next frame

    def decode(self, data: bytes, max_length: int) -> bytes:
        self._pending += data
        if self._inner.eof:
            if not self._pending:
                return b""
            self._inner = zstd.ZstdDecompressor()
        data, self._pending = self._pending, b""
        try:
            out: bytes = self._inner.decompress(data, max(max_length, 1))
        except zstd.ZstdError as exc:
            raise ContentDecodingError(f"invalid zstd data: {exc}") from exc
        if self._inner.eof:
            self._pending = self._inner.unused_data
        return out

    @property
    def needs_input(self) -> bool:
        return not self._pending if self._inner.eof else bool(self._inner.needs_input)


class _Brotli:
    """Brotli with ``output_buffer_limit``: output stops growing at the limit (in whole blocks).

    ``can_accept_more_data()`` only says the input was consumed; output can still be pending, so a step
    that filled the limit is always followed by a draining one.
    """

    def __init__(self) -> None:
        self._inner = brotli.Decompressor()
        self._full = False

    def decode(self, data: bytes, max_length: int) -> bytes:
        limit = max(max_length, 1)
        try:
            out: bytes = self._inner.process(data, output_buffer_limit=limit)
        except brotli.error as exc:
            raise ContentDecodingError(f"invalid brotli data: {exc}") from exc
        self._full = len(out) >= limit and not self._inner.is_finished()
        return out

    @property
    def needs_input(self) -> bool:
        return not self._full and bool(self._inner.can_accept_more_data())


_DECODERS: dict[str, type[Decoder] | Any] = {
    "gzip": lambda: _Zlib(gzip=True),
    "x-gzip": lambda: _Zlib(gzip=True),
    "deflate": lambda: _Zlib(gzip=False),
    "zstd": _Zstd,
    **({"br": _Brotli} if _BROTLI_BOUNDED else {}),
}

ACCEPT_ENCODING = ", ".join(name for name in _DECODERS if name != "x-gzip")
"""The codings the harvester asks for: exactly those it can decode with bounded output."""


def decoder_for(content_encoding: list[str]) -> Decoder:
    """The decoder for a response's ``Content-Encoding`` header values; refuses stacks and strangers."""
    codings = [token.strip().lower() for value in content_encoding for token in value.split(",") if token.strip()]
    codings = [coding for coding in codings if coding != "identity"]
    if not codings:
        return _Identity()
    if len(codings) > 1:
        raise UnsupportedCodingError(f"stacked content codings are refused: Content-Encoding {', '.join(codings)}")
    factory = _DECODERS.get(codings[0])
    if factory is None:
        raise UnsupportedCodingError(
            f"content coding {codings[0]!r} was not asked for and is not decoded (Accept-Encoding: {ACCEPT_ENCODING})"
        )
    decoder: Decoder = factory()
    return decoder
