"""Write small WARC archives for tests (responses as a server would send them), with warcio."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Entry:
    url: str
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html"
    headers: Sequence[tuple[str, str]] = field(default_factory=tuple)
    method: str = "GET"
    accept: str = "*/*"


def write_warc(path: Path, entries: Sequence[Entry]) -> Path:
    """Each entry becomes a response record followed by its request record (as warcio writes them)."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for entry in entries:
            headers = [("Content-Type", entry.content_type), *entry.headers, ("Content-Length", str(len(entry.body)))]
            status = StatusAndHeaders(f"{entry.status} X", headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(entry.url, "response", payload=io.BytesIO(entry.body), http_headers=status)
            )
            request = StatusAndHeaders(f"{entry.method} / HTTP/1.1", [("Accept", entry.accept)], is_http_request=True)
            writer.write_record(writer.create_warc_record(entry.url, "request", http_headers=request))
    return path
