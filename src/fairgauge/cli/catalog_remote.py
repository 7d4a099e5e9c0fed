"""Importing a catalog source from a URL or a DOI (through the guarded harvester).

The harvest module finds the FAIRtracks JSON behind the identifier (:mod:`fairgauge.harvest.documents`);
here its bytes are read by the same JSON reader as local files (so syntax errors and duplicate keys are
reported alike), named by the URL they were served from (the store keeps those names, so the source
records its resolved file URLs), and keyed by the identifier's canonical form: ``doi:10.5281/zenodo.1``,
``https://doi.org/10.5281/ZENODO.1`` and ``10.5281/zenodo.1`` are one source, replaced on re-import.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fairgauge.errors import FairgaugeError, InputError

if TYPE_CHECKING:
    from fairgauge.catalog.importer import SourceKind
    from fairgauge.harvest.documents import DocumentSearch, LookedAt
    from fairgauge.model.identifiers import Identifier
    from fairgauge.settings import Settings
    from fairgauge.tracks.jsonload import LoadedDocument


class RemoteSourceError(FairgaugeError):
    """A URL or DOI gave nothing to import: unreachable (exit 3), or no FAIRtracks JSON found (exit 2);
    ``lines`` list what was looked at."""

    def __init__(self, message: str, exit_code: int, lines: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.lines = tuple(lines)


@dataclass(frozen=True)
class RemoteSource:
    """The documents found behind one URL or DOI, and the JSON files that could not be read."""

    key: str
    kind: SourceKind
    documents: list[LoadedDocument]
    found: tuple[str, ...]
    left_out: tuple[str, ...]


def source_key(identifier: Identifier) -> tuple[str, SourceKind]:
    """The catalog key of an identifier: its canonical form; PIDs that are not URLs get their scheme
    (``doi:10...``), PIDs written as URLs (w3id, PURL) stay URLs."""
    if identifier.scheme == "doi":
        return f"doi:{identifier.normalized}", "doi"
    kind: SourceKind = "url" if identifier.scheme == "url" else "pid"
    if identifier.normalized.lower().startswith(("http://", "https://")):
        return identifier.normalized, kind
    return f"{identifier.scheme}:{identifier.normalized}", kind


def fetch_sources(
    sources: Sequence[str],
    settings: Settings,
    *,
    replay: Sequence[Path] = (),
    record: Path | None = None,
    lenient: bool = False,
) -> dict[str, RemoteSource | RemoteSourceError]:
    """Look up every remote source with one fetcher (one archive when recording); each source gets its
    documents or the error that explains why it has none."""
    from fairgauge.harvest.documents import find_documents
    from fairgauge.harvest.harvester import open_fetcher
    from fairgauge.identifiers import read_identifier
    from fairgauge.tracks import read_fairtracks

    for source in sources:
        read_identifier(source)  # unusable input ends here (exit 2), before any request

    async def run() -> list[DocumentSearch]:
        async with open_fetcher(settings, replay=replay, record=record) as fetcher:
            parse = partial(_parse, lenient=lenient)
            found = (find_documents(s, settings, fetcher, read_fairtracks, parse) for s in sources)
            return list(await asyncio.gather(*found))

    searches = asyncio.run(run())
    return {source: _outcome(source, search, lenient) for source, search in zip(sources, searches, strict=True)}


def _parse(body: bytes, *, lenient: bool) -> Any:
    """JSON as the catalog reads local files (``--lenient-json``: trailing commas tolerated); a document
    that is not JSON raises ``ValueError`` with the reader's message (line and column)."""
    from fairgauge.tracks.jsonload import load_document

    name = "candidate.json"  # the caller names the URL
    try:
        loaded = load_document(body, name, lenient=lenient)
    except InputError as exc:  # nesting too deep, numbers out of range: not a document we can read
        raise ValueError(str(exc).removeprefix(f"{name}: ")) from exc
    if not loaded.usable:
        raise ValueError(loaded.problems[0].message if loaded.problems else "unreadable")
    return loaded.data


def _outcome(source: str, search: DocumentSearch, lenient: bool) -> RemoteSource | RemoteSourceError:
    from fairgauge.tracks.jsonload import load_document

    if search.unreachable is not None:
        return RemoteSourceError(f"{source}: not imported, {search.unreachable}", 3)
    if not search.documents:
        lines = [_line(item) for item in search.looked_at] or [_nothing_declared(source, search)]
        return RemoteSourceError(
            f"{source}: no FAIRtracks JSON found ({len(search.looked_at)} file(s) looked at, listed above)", 2, lines
        )
    key, kind = source_key(search.identifier)
    documents = [load_document(doc.body, doc.url, lenient=lenient) for doc in search.documents]
    return RemoteSource(
        key,
        kind,
        documents,
        tuple(doc.url for doc in search.documents),
        tuple(_line(item) for item in search.left_out),
    )


def _nothing_declared(source: str, search: DocumentSearch) -> str:
    status = search.landing_status
    answered = f" (it answered HTTP {status})" if status is not None and not 200 <= status < 300 else ""
    return f"the record at {search.landing_url or source}{answered} points to no content files"


def _line(item: LookedAt) -> str:
    return f"{item.url} ({item.via}): {item.detail}"
