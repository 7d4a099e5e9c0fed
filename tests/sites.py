"""Hand-made sites (tests/fixtures/sites/*.yaml) as WARC archives, harvested like real captures."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from fairgauge.harvest.warc import ArchivedResponse, WarcArchive
from tests.conftest import FIXTURES
from tests.warcbuild import Entry, write_warc

SITES = FIXTURES / "sites"
_BUILD = Path(tempfile.mkdtemp(prefix="fairgauge-sites-"))


def site_names() -> list[str]:
    return sorted(p.stem for p in SITES.glob("*.yaml"))


@cache
def site(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SITES / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


def _entry(raw: dict[str, Any]) -> Entry:
    body = (SITES / raw["file"]).read_bytes() if "file" in raw else str(raw.get("body", "")).encode()
    return Entry(
        url=raw["url"],
        body=body,
        status=int(raw.get("status", 200)),
        content_type=raw.get("content_type", "text/html"),
        headers=tuple((k, v) for k, v in raw.get("headers", [])),
        method=raw.get("method", "GET"),
        accept=raw.get("accept", "*/*"),
    )


def archived_entry(r: ArchivedResponse) -> Entry:
    """A replayed response as an entry to write into a new archive (its request's Accept kept)."""
    return Entry(
        url=r.url,
        body=r.body,
        status=r.status,
        content_type=r.content_type or "application/octet-stream",
        headers=tuple((k, v) for k, v in r.headers if k.lower() not in {"content-type", "content-length"}),
        method=r.method,
        accept=r.accept or "*/*",
    )


def _from_archive(spec: dict[str, Any]) -> list[Entry]:
    """Entries of a real capture, minus the URLs the site drops (e.g. an API that was down)."""
    if "archive" not in spec:
        return []
    archive = WarcArchive.load([(SITES / spec["archive"]).resolve()])
    dropped = tuple(spec.get("drop", []))
    return [archived_entry(r) for r in archive.responses() if not r.url.startswith(dropped)]


@cache
def site_archive(name: str) -> Path:
    spec = site(name)
    entries = [*_from_archive(spec), *(_entry(raw) for raw in spec.get("entries", []))]
    path = _BUILD / f"{name}.warc.gz"
    if not entries:  # an archive must hold something: keep an unrelated page so it loads
        entries = [Entry(url="https://example.org/", body=b"<html></html>")]
    return write_warc(path, entries)
