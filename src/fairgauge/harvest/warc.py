"""Reproducible runs: write every exchange to a WARC file, or answer every request from WARC files.

Replay reads archives written by warcio, wget ``--warc-file`` and other tools: request and response
records are paired through ``WARC-Concurrent-To`` (either direction) or, failing that, by order.
Archives are indexed, not loaded: the index keeps each response's status, headers and the offset of its
record, and a body is read from disk when it is served, decoded (chunked transfer and content codings
removed) and cut at the byte cap, so a small archive that inflates to gigabytes costs no more memory
than one capped response. A truncated archive replays the records read before the damage and says so.

Several recorded responses for one URL (a PID resolver answering 302 to a different target per Accept)
are told apart by how well the recorded request's Accept header matches ours. A URL missing from the
archives but present without its query string is answered from that record and marked ``fuzzy``; a URL
not in any archive behaves as a connection failure.
"""

from __future__ import annotations

import io
import logging
import threading
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit, urlunsplit

import httpx
from cachetools import LRUCache
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from fairgauge.errors import ArchiveError
from fairgauge.model.http import ReplayMatch

_HOP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_BLOCK = 64 * 1024
# Compressed bytes handed to a decompressor at once. Deflate inflates at most ~1030:1, so one step
# yields at most ~4 MB however the archive (or a content coding inside it) was built.
_COMPRESSED_BLOCK = 4096
_READ_ERRORS = (OSError, ArchiveLoadFailed, ValueError, EOFError)
log = logging.getLogger(__name__)


class NotInArchiveError(httpx.ConnectError):
    """The requested URL is not in any replayed archive (reported like a connection failure)."""


def normalize_url(url: str) -> str:
    """Key for matching: case-insensitive scheme and host, default port and fragment dropped.

    Raises ValueError for a URL that cannot be split (e.g. a malformed IPv6 host)."""
    parts = urlsplit(url.strip().strip("<>"))
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))


def _without_query(normalized: str) -> str:
    return normalized.split("?", 1)[0]


@dataclass(frozen=True)
class ArchiveWarning:
    """Something the index could not take in; ``code`` is the harvest finding code it becomes."""

    code: str
    message: str


@dataclass(frozen=True)
class RecordLocation:
    """Where a response record starts: its body is read from here when served."""

    path: Path
    offset: int


@dataclass(frozen=True)
class ArchivedResponse:
    """One archived response with the request that produced it; the body stays on disk."""

    url: str
    method: str
    accept: str | None
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    payload: bytes | RecordLocation = b""

    @property
    def content_type(self) -> str:
        for key, value in self.headers:
            if key.lower() == "content-type":
                return value.split(";", 1)[0].strip().lower()
        return ""

    def read_body(self, limit: int | None = None) -> bytes:
        """The decoded body, at most ``limit`` bytes (all of it when None). Raises ArchiveError when the
        record cannot be read back."""
        if isinstance(self.payload, bytes):
            return self.payload if limit is None else self.payload[:limit]
        return _read_payload(self.payload, limit)

    @property
    def body(self) -> bytes:
        """The whole decoded body (tests and benchmarks; replay reads capped with ``read_body``)."""
        return self.read_body()


def _read_payload(location: RecordLocation, limit: int | None) -> bytes:
    try:
        with location.path.open("rb") as stream:
            stream.seek(location.offset)
            record = next(iter(ArchiveIterator(stream, check_digests=False, block_size=_COMPRESSED_BLOCK)))
            content = _content_stream(record)
            chunks: list[bytes] = []
            total = 0
            while limit is None or total < limit:
                chunk = content.read(_BLOCK if limit is None else min(_BLOCK, limit - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            return b"".join(chunks)
    except (*_READ_ERRORS, StopIteration) as exc:
        raise ArchiveError(f"{location.path}: record at offset {location.offset} cannot be read ({exc})") from exc


def _content_stream(record: Any) -> Any:
    """warcio's ``content_stream()`` (chunked transfer and content coding removed), with small blocks."""
    encoding = (record.http_headers.get_header("content-encoding") or "").lower() or None
    if encoding not in BufferedReader.get_supported_decompressors():
        encoding = None
    if record.http_headers.get_header("transfer-encoding") == "chunked":
        return ChunkedDataReader(record.raw_stream, block_size=_COMPRESSED_BLOCK, decomp_type=encoding)
    if encoding:
        return BufferedReader(record.raw_stream, block_size=_COMPRESSED_BLOCK, decomp_type=encoding)
    return record.raw_stream


def accept_affinity(ours: str | None, recorded: str | None) -> tuple[int, float]:
    """How well a recorded request's Accept header stands for ours: (specificity, quality).

    Specificity 3 is a shared concrete media type, 2 a ``type/*`` range meeting a type, 1 ``*/*`` on
    either side, 0 nothing in common. The quality is the product of both q-values, so of two recordings
    naming our type the one that preferred it wins. A missing header counts as ``*/*``."""
    best = (0, 0.0)
    for our_type, our_q in _accept_ranges(ours):
        for their_type, their_q in _accept_ranges(recorded):
            level = _range_overlap(our_type, their_type)
            if level:
                best = max(best, (level, our_q * their_q))
    return best


def _accept_ranges(header: str | None) -> list[tuple[str, float]]:
    ranges: list[tuple[str, float]] = []
    for part in (header if header and header.strip() else "*/*").split(","):
        pieces = [p.strip() for p in part.split(";")]
        media, quality = pieces[0].lower(), 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((media, quality))
    return ranges


def _range_overlap(a: str, b: str) -> int:
    if a == "*/*" or b == "*/*":
        return 1
    if a == b:
        return 3
    a_main, b_main = a.split("/", 1)[0], b.split("/", 1)[0]
    if (a.endswith("/*") or b.endswith("/*")) and a_main == b_main:
        return 2
    return 0


def _media_match(accept: str, content_type: str) -> float:
    """Quality with which an Accept header admits a content type (0 when it does not)."""
    best = 0.0
    for media, quality in _accept_ranges(accept):
        if media == content_type:
            best = max(best, quality + 1.0)  # exact matches beat wildcards
        elif media == "*/*" or (media.endswith("/*") and content_type.startswith(media[:-1])):
            best = max(best, quality)
    return best


class _BodyCache:
    """Bodies read back from the archives, least recently used first out. Only bodies of at most
    ``max_body`` bytes are kept and all of them within ``budget`` bytes, so memory stays bounded
    whatever the archives hold (a big body is read from disk each time, as before)."""

    def __init__(self, max_body: int = 1024 * 1024, budget: int = 64 * 1024 * 1024) -> None:
        self._max_body = max_body
        self._bodies: LRUCache[tuple[RecordLocation, int | None], bytes] = LRUCache(maxsize=budget, getsizeof=len)
        self._lock = threading.Lock()  # batch workers may share one archive between threads

    def read(self, response: ArchivedResponse, limit: int | None) -> bytes:
        if not isinstance(response.payload, RecordLocation):
            return response.read_body(limit)
        key = (response.payload, limit)
        with self._lock:
            body = self._bodies.get(key)
        if body is not None:
            return body
        body = response.read_body(limit)
        if len(body) <= self._max_body:
            with self._lock:
                self._bodies[key] = body
        return body


class WarcArchive:
    """An index of archived responses, keyed by method and normalised URL (and by URL without query,
    for fuzzy matches). ``warnings`` says what could not be read (a truncated archive, bad records)."""

    def __init__(self, responses: Iterable[ArchivedResponse], warnings: Sequence[ArchiveWarning] = ()) -> None:
        self._index: dict[tuple[str, str], list[ArchivedResponse]] = {}
        self._stems: dict[tuple[str, str], list[ArchivedResponse]] = {}
        self._bodies = _BodyCache()
        self.warnings: list[ArchiveWarning] = list(warnings)
        for response in responses:
            try:
                key = normalize_url(response.url)
            except ValueError:
                message = f"skipped a record with an unusable target URI: {response.url!r}"
                log.warning("%s", message)
                self.warnings.append(ArchiveWarning("replay.record_skipped", message))
                continue
            self._index.setdefault((response.method, key), []).append(response)
            self._stems.setdefault((response.method, _without_query(key)), []).append(response)

    @classmethod
    def load(cls, paths: Sequence[Path]) -> WarcArchive:
        """Index every archive; an unreadable archive or one without responses is an ArchiveError naming
        the file, a truncated one is indexed up to the damage and named in ``warnings`` (also logged)."""
        responses: list[ArchivedResponse] = []
        warnings: list[ArchiveWarning] = []
        for path in paths:
            found, warning = _index_archive(path)
            if not found:
                raise ArchiveError(f"{path}: no HTTP response records in this archive")
            if warning:
                log.warning("%s", warning)
                warnings.append(ArchiveWarning("replay.archive_truncated", warning))
            responses.extend(found)
        return cls(responses, warnings)

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def urls(self) -> list[str]:
        return [key[1] for key in self._index]

    def responses(self) -> list[ArchivedResponse]:
        """Every archived response, in archive order per URL."""
        return [response for group in self._index.values() for response in group]

    def read_body(self, response: ArchivedResponse, limit: int | None = None) -> bytes:
        """``response.read_body(limit)``, kept in memory when small: a replayed service or batch asks for
        the same records again and again, and each read reopened the file and parsed the record anew."""
        return self._bodies.read(response, limit)

    def lookup(self, method: str, url: str, accept: str | None) -> ArchivedResponse | None:
        found = self.find(method, url, accept)
        return found[0] if found else None

    def find(self, method: str, url: str, accept: str | None) -> tuple[ArchivedResponse, ReplayMatch] | None:
        """The recorded response that best answers a request, and whether the URL matched exactly.

        Among several recordings of one URL the one whose recorded Accept best matches ours wins, then
        the one whose content type our Accept prefers, then the first recorded. A recording made with an
        Accept header that shares nothing with ours (not even ``*/*``) does not answer: what the server
        says to our Accept was never recorded. Without an exact URL, the URL without its query string is
        tried (``fuzzy``), recordings without a query first."""
        groups = self._candidates(method, url)
        if groups is None:
            return None
        candidates, match = groups
        best = _best(candidates, accept)
        return (best, match) if best is not None else None

    def recorded_accepts(self, method: str, url: str) -> list[str]:
        """The Accept headers the URL was recorded with (to say why a request found no answer)."""
        groups = self._candidates(method, url)
        return [c.accept or "*/*" for c in groups[0]] if groups else []

    def _candidates(self, method: str, url: str) -> tuple[list[ArchivedResponse], ReplayMatch] | None:
        try:
            key = normalize_url(url)
        except ValueError:
            return None
        methods = [method.upper()] + (["GET"] if method.upper() == "HEAD" else [])
        for name in methods:
            if exact := self._index.get((name, key)):
                return exact, "exact"
        stem = _without_query(key)
        for name in methods:
            if near := self._stems.get((name, stem)):
                return [c for c in near if "?" not in c.url] or near, "fuzzy"
        return None


def _best(candidates: list[ArchivedResponse], accept: str | None) -> ArchivedResponse | None:
    if accept and (same := [c for c in candidates if c.accept and c.accept.strip() == accept.strip()]):
        return same[0]
    ranked = sorted(
        enumerate(candidates),
        key=lambda item: (
            accept_affinity(accept, item[1].accept),
            _media_match(accept, item[1].content_type) if accept else 0.0,
            -item[0],
        ),
        reverse=True,
    )
    best = ranked[0][1]
    return best if accept_affinity(accept, best.accept)[0] > 0 else None


@dataclass
class _Pending:
    """Records of one archive as indexed: responses (no bodies) and the requests to pair them with."""

    responses: list[tuple[str | None, str, str, int, str, list[tuple[str, str]], int]] = field(default_factory=list)
    requests: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    request_order: list[tuple[str, str, str | None]] = field(default_factory=list)


def _index_archive(path: Path) -> tuple[list[ArchivedResponse], str | None]:
    pending = _Pending()
    read = 0
    problem: str | None = None
    if path.exists() and not path.is_file():  # /dev/zero or a FIFO would be read forever; a folder fails late
        raise ArchiveError(f"{path}: not a regular file")
    try:
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream, check_digests=False, block_size=_COMPRESSED_BLOCK)
            for record in iterator:
                _take(pending, record, iterator.get_record_offset())
                read += 1
                if not _drain(record):
                    problem = "the last record is cut short"
                    break
            if problem is None and not _gzip_complete(stream):
                problem = "the file ends inside a compressed record"
    except FileNotFoundError as exc:
        raise ArchiveError(f"{path}: archive not found") from exc
    except (*_READ_ERRORS, AttributeError, zlib.error) as exc:  # warcio meets some damage with AttributeError
        if not read:
            raise ArchiveError(f"{path}: not a readable WARC archive ({exc})") from exc
        problem = f"the rest is unreadable ({exc})"
    warning = f"{path}: archive is truncated: {read} record(s) read, {problem}" if problem else None
    return _pair(path, pending), warning


def _gzip_complete(stream: BinaryIO) -> bool:
    """Whether a gzip file ends where a member ends (warcio stops quietly inside a cut member). Read
    again block by block with a bounded output per step; an uncompressed file passes."""
    stream.seek(0)
    if stream.read(2) != b"\x1f\x8b":
        return True
    stream.seek(0)
    decompressor, at_boundary, pending = zlib.decompressobj(31), True, b""
    while True:
        if not pending:
            pending = stream.read(_BLOCK)
            if not pending:
                return at_boundary
        decompressor.decompress(pending, _BLOCK)
        if decompressor.eof:
            pending, at_boundary = decompressor.unused_data, True
            decompressor = zlib.decompressobj(31)
        else:
            pending, at_boundary = decompressor.unconsumed_tail, False


def _drain(record: Any) -> bool:
    """Skip the rest of a record block by block (never held whole); False when it ends early."""
    raw = record.raw_stream
    while raw.read(_BLOCK):
        pass
    return not getattr(raw, "limit", 0)


def _take(pending: _Pending, record: Any, offset: int) -> None:
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
    record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
    concurrent = record.rec_headers.get_header("WARC-Concurrent-To")
    if record.rec_type == "request" and record.http_headers is not None:
        method = (record.http_headers.protocol or "GET").upper()
        accept = record.http_headers.get_header("Accept")
        pending.requests[record_id] = (method, accept, uri)
        if concurrent:
            pending.requests[concurrent] = (method, accept, uri)
        pending.request_order.append((uri, method, accept))
    elif record.rec_type == "response" and record.http_headers is not None:
        headers = record.http_headers
        try:
            status = int(headers.get_statuscode() or 0)
        except ValueError:
            status = 0
        reason = headers.statusline.split(" ", 1)[1] if " " in headers.statusline else ""
        kept = [(k, v) for k, v in headers.headers if k.lower() not in _HOP_HEADERS]
        pending.responses.append((concurrent, record_id, uri, status, reason, kept, offset))


def _pair(path: Path, pending: _Pending) -> list[ArchivedResponse]:
    paired: list[ArchivedResponse] = []
    unclaimed = list(pending.request_order)
    for concurrent, record_id, uri, status, reason, headers, offset in pending.responses:
        request = pending.requests.get(record_id) or (pending.requests.get(concurrent) if concurrent else None)
        if request is None:
            match = next((r for r in unclaimed if r[0] == uri), None)
            if match is not None:
                unclaimed.remove(match)
            request = (match[1], match[2], uri) if match else ("GET", None, uri)
        method, accept, _ = request
        location = RecordLocation(path, offset)
        paired.append(ArchivedResponse(uri, method, accept, status, reason, tuple(headers), location))
    return paired


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers requests from archives; never opens a socket.

    Bodies are read at most ``max_bytes`` + 1 bytes (so the fetcher sees that the cap was passed); the
    response's ``replay_match`` extension says whether the URL matched exactly or without its query."""

    def __init__(self, archive: WarcArchive, *, max_bytes: int | None = None) -> None:
        self._archive = archive
        self._max_bytes = max_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        accept = request.headers.get("Accept")
        found = self._archive.find(request.method, str(request.url), accept)
        if found is None:
            recorded = self._archive.recorded_accepts(request.method, str(request.url))
            why = f" for Accept: {accept} (recorded for: {' | '.join(recorded)})" if recorded else ""
            raise NotInArchiveError(f"{request.url} is not in the replayed archive(s){why}", request=request)
        response, match = found
        try:
            limit = None if self._max_bytes is None else self._max_bytes + 1
            body = b"" if request.method.upper() == "HEAD" else self._archive.read_body(response, limit)
        except ArchiveError as exc:
            raise httpx.ReadError(str(exc), request=request) from exc
        return httpx.Response(
            status_code=response.status,
            headers=[*response.headers, ("Content-Length", str(len(body)))],
            content=body,
            request=request,
            extensions={"reason_phrase": response.reason.encode("latin-1", "replace"), "replay_match": match},
        )


class WarcRecorder:
    """Writes each exchange as a WARC 1.1 response record followed by its request record."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = path.open("wb")
        except OSError as exc:
            raise ArchiveError(f"cannot write archive {path}: {exc.strerror or exc}") from exc
        self._writer = WARCWriter(self._stream, gzip=True, warc_version="WARC/1.1")

    def record(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        url = str(request.url)
        reason = response.reason_phrase or "OK"
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _HOP_HEADERS]
        headers.append(("Content-Length", str(len(body))))
        status_line = StatusAndHeaders(f"{response.status_code} {reason}", headers, protocol="HTTP/1.1")
        response_record = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=status_line
        )
        target = request.url.raw_path.decode("ascii", "replace")
        request_headers = StatusAndHeaders(
            f"{request.method} {target} HTTP/1.1", list(request.headers.multi_items()), is_http_request=True
        )
        request_record = self._writer.create_warc_record(
            url,
            "request",
            http_headers=request_headers,
            warc_headers_dict={"WARC-Concurrent-To": response_record.rec_headers.get_header("WARC-Record-ID")},
        )
        self._writer.write_record(response_record)
        self._writer.write_record(request_record)

    def close(self) -> None:
        self._stream.close()
