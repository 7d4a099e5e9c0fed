"""Downloading ontology releases for the offline FAIRtracks term checks (``tracks ontologies fetch``).

No PyPI or Debian package ships NCIT, OBI or SO, which the published FAIRtracks examples cite, so a
curator fetches them once, online; afterwards every check is decided offline. Releases come from the OBO
PURL base (setting ``tracks_obo_purl_base``) as ``NAME.obo`` (or ``NAME=URL`` in ``tracks_ontology_urls``), through
the guarded fetcher, capped at ``tracks_ontology_max_bytes``. The file is written next to the index
and compiled by the caller.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from fairgauge.errors import InputError
from fairgauge.harvest.blocking import BlockingFetcher
from fairgauge.settings import Settings

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


@dataclass(frozen=True)
class Downloaded:
    name: str
    url: str
    path: Path
    size: int
    seconds: float


def release_url(settings: Settings, name: str) -> str:
    if not _NAME.match(name):
        raise InputError(f"not an OBO ontology id: {name!r} (lower-case letters, digits, '_': e.g. ncit, obi, so)")
    overrides = dict(entry.split("=", 1) for entry in settings.tracks_ontology_urls if "=" in entry)
    return overrides.get(name) or f"{settings.tracks_obo_purl_base}{name}.obo"


def download_release(settings: Settings, name: str, folder: Path, fetcher: BlockingFetcher) -> Downloaded:
    """Fetch ``NAME.obo`` into ``folder`` (atomically: a failed download leaves the old file in place)."""
    url = release_url(settings, name)
    started = time.monotonic()
    fetched = fetcher.fetch(
        url, purpose="ontology release download", accept="text/plain, */*", max_bytes=settings.tracks_ontology_max_bytes
    )
    exchange = fetched.exchange
    if exchange.error or exchange.status != 200:
        reason = exchange.error or f"HTTP {exchange.status}"
        raise InputError(f"cannot fetch {name} from {url}: {reason}")
    if not fetched.body.lstrip()[:200].startswith((b"format-version:", b"data-version:", b"ontology:")):
        raise InputError(f"{url} did not return an OBO file (starts with {fetched.body[:40]!r})")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{name}.obo.partial"
        partial.write_bytes(fetched.body)
        target = folder / f"{name}.obo"
        partial.replace(target)
    except OSError as exc:
        raise InputError(f"cannot write {folder}: {exc.strerror or exc}") from exc
    return Downloaded(name, url, target, len(fetched.body), time.monotonic() - started)
