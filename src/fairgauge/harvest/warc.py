"""Reproducible runs: write every exchange to a WARC file, or answer every request from WARC files.

Replay reads archives written by warcio, wget ``--warc-file`` and other tools: request and response
records are paired through ``WARC-Concurrent-To`` (either direction) or, failing that, by order.
Bodies are stored and served decoded (chunked transfer and content codings removed), as the corpus
archives are. A URL not in any archive behaves as a connection failure.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from fairgauge.errors import ArchiveError

_HOP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class NotInArchiveError(httpx.ConnectError):
    """The requested URL is not in any replayed archive (reported like a connection failure)."""


def normalize_url(url: str) -> str:
    """Key for matching: case-insensitive scheme and host, default port and fragment dropped.

    A URL that does not parse (``http://[x]/``, port 99999) is its own key: such a record can never
    answer a real request, and one bad record must not make the whole archive unusable."""
    try:
        parts = urlsplit(url.strip().strip("<>"))
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))


@dataclass(frozen=True)
class ArchivedResponse:
    """One archived response with the request that produced it."""

    url: str
    method: str
    accept: str | None
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def content_type(self) -> str:
        for key, value in self.headers:
            if key.lower() == "content-type":
                return value.split(";", 1)[0].strip().lower()
        return ""


@dataclass
class _Pending:
    responses: list[tuple[str | None, str, str, int, str, list[tuple[str, str]], bytes]] = field(default_factory=list)
    requests: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    request_order: list[tuple[str, str, str | None]] = field(default_factory=list)


class WarcArchive:
    """An index of archived responses, keyed by method and normalised URL."""

    def __init__(self, responses: Iterable[ArchivedResponse]) -> None:
        self._index: dict[tuple[str, str], list[ArchivedResponse]] = {}
        for response in responses:
            key = (response.method, normalize_url(response.url))
            self._index.setdefault(key, []).append(response)

    @classmethod
    def load(cls, paths: Sequence[Path]) -> WarcArchive:
        """Read every archive; an unreadable or empty archive is an ArchiveError naming the file."""
        responses: list[ArchivedResponse] = []
        for path in paths:
            found = _read_archive(path)
            if not found:
                raise ArchiveError(f"{path}: no HTTP response records in this archive")
            responses.extend(found)
        return cls(responses)

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def urls(self) -> list[str]:
        return [key[1] for key in self._index]

    def responses(self) -> list[ArchivedResponse]:
        """Every archived response, in archive order per URL."""
        return [response for group in self._index.values() for response in group]

    def lookup(self, method: str, url: str, accept: str | None) -> ArchivedResponse | None:
        """Prefer the exact recorded Accept, then the best media-type match, then the first."""
        candidates = self._index.get((method.upper(), normalize_url(url)))
        if not candidates and method.upper() == "HEAD":
            candidates = self._index.get(("GET", normalize_url(url)))
        if not candidates:
            return None
        if accept:
            exact = [c for c in candidates if c.accept and c.accept.strip() == accept.strip()]
            if exact:
                return exact[0]
            return max(candidates, key=lambda c: _media_match(accept, c.content_type))
        return candidates[0]


def _media_match(accept: str, content_type: str) -> float:
    """Quality with which an Accept header admits a content type (0 when it does not)."""
    best = 0.0
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media, quality = pieces[0].lower(), 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media == content_type:
            best = max(best, quality + 1.0)  # exact matches beat wildcards
        elif media == "*/*" or (media.endswith("/*") and content_type.startswith(media[:-1])):
            best = max(best, quality)
    return best


def _read_archive(path: Path) -> list[ArchivedResponse]:
    try:
        with path.open("rb") as stream:
            pending = _collect(ArchiveIterator(stream))
    except FileNotFoundError as exc:
        raise ArchiveError(f"{path}: archive not found") from exc
    except (OSError, ArchiveLoadFailed, ValueError, EOFError) as exc:
        raise ArchiveError(f"{path}: not a readable WARC archive ({exc})") from exc
    return _pair(pending)


def _collect(records: ArchiveIterator) -> _Pending:
    pending = _Pending()
    for record in records:
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
            status = int(headers.get_statuscode() or 0)
            reason = headers.statusline.split(" ", 1)[1] if " " in headers.statusline else ""
            body = record.content_stream().read()
            kept = [(k, v) for k, v in headers.headers if k.lower() not in _HOP_HEADERS]
            kept.append(("Content-Length", str(len(body))))
            pending.responses.append((concurrent, record_id, uri, status, reason, kept, body))
    return pending


def _pair(pending: _Pending) -> list[ArchivedResponse]:
    paired: list[ArchivedResponse] = []
    unclaimed = list(pending.request_order)
    for concurrent, record_id, uri, status, reason, headers, body in pending.responses:
        request = pending.requests.get(record_id) or (pending.requests.get(concurrent) if concurrent else None)
        if request is None:
            match = next((r for r in unclaimed if r[0] == uri), None)
            if match is not None:
                unclaimed.remove(match)
            request = (match[1], match[2], uri) if match else ("GET", None, uri)
        method, accept, _ = request
        paired.append(ArchivedResponse(uri, method, accept, status, reason, tuple(headers), body))
    return paired


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers requests from archives; never opens a socket."""

    def __init__(self, archive: WarcArchive) -> None:
        self._archive = archive

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        found = self._archive.lookup(request.method, str(request.url), request.headers.get("Accept"))
        if found is None:
            raise NotInArchiveError(f"{request.url} is not in the replayed archive(s)", request=request)
        body = b"" if request.method.upper() == "HEAD" else found.body
        return httpx.Response(
            status_code=found.status,
            headers=list(found.headers),
            content=body,
            request=request,
            extensions={"reason_phrase": found.reason.encode("latin-1", "replace")},
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
