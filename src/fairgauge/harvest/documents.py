"""Finding the community-standard JSON documents (FAIRtracks) behind a URL or a DOI.

The catalog imports FAIRtracks metadata from where it is published, and Zenodo deposits are its
recommended home. So the identifier is harvested like any other object (PID resolution, landing page,
signposting, structured metadata, DataCite), then the content links the record declares are followed:
signposting ``item`` links, schema.org ``distribution.contentUrl`` and DataCite files (both merged into
the record's content files), a Zenodo record's files API, and the documents the harvest itself already
recognised (a ``describedby`` link, a URL that is the JSON itself). Every candidate is fetched through
the guarded fetcher with the response cap (a declared size over it is not even requested) and handed to
the community reader; the caller gets the raw bytes of what was recognised, so its own JSON reader
reports syntax and duplicate keys as for a local file, and a list of everything looked at with the
reason each one was not taken, so an empty result can be explained.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from fairgauge.harvest.fetch import Fetched, Fetcher
from fairgauge.harvest.harvester import HarvestOptions, harvest_with
from fairgauge.model.community import CommunityReader, CommunityReading
from fairgauge.model.harvest import HarvestResult
from fairgauge.model.identifiers import Identifier
from fairgauge.model.signposting import about_landing
from fairgauge.settings import Settings

MAX_CANDIDATES = 50  # files fetched per source; a deposit with more JSON files than this is unusual
_ZENODO_RECORD = re.compile(r"^(?P<prefix>.*?)/(?:api/)?records?/(?P<id>\d+)/?$")
_ACCEPT_JSON = "application/json, application/ld+json;q=0.9, */*;q=0.5"

JsonParser = Callable[[bytes], Any]
Via = Literal["landing page", "harvested document", "signposting item", "content URL in metadata", "Zenodo files API"]
Verdict = Literal["found", "duplicate", "not_json", "not_recognised", "too_large", "unreachable", "skipped"]


@dataclass(frozen=True)
class Candidate:
    """A file the record points to, with what its pointer declared about it."""

    url: str
    via: Via
    name: str | None = None
    media_type: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class LookedAt:
    """One candidate and what became of it (``detail`` says why it was not taken)."""

    url: str
    via: Via
    verdict: Verdict
    detail: str


@dataclass(frozen=True)
class FoundDocument:
    """A recognised community document: where it was served from, its bytes and what the reader saw."""

    url: str
    body: bytes
    reading: CommunityReading


@dataclass(frozen=True)
class DocumentSearch:
    """The outcome for one identifier; ``unreachable`` is set when the object itself could not be reached."""

    identifier: Identifier
    landing_url: str | None
    documents: tuple[FoundDocument, ...]
    looked_at: tuple[LookedAt, ...]
    unreachable: str | None = None
    landing_status: int | None = None

    @property
    def left_out(self) -> tuple[LookedAt, ...]:
        """JSON candidates that could not be read (too big, unreachable): possibly documents, lost."""
        return tuple(item for item in self.looked_at if item.verdict in ("too_large", "unreachable"))


async def find_documents(
    identifier: str,
    settings: Settings,
    fetcher: Fetcher,
    reader: CommunityReader,
    parse: JsonParser = json.loads,
) -> DocumentSearch:
    """Harvest ``identifier``, then fetch and recognise every JSON file its record points to. ``parse``
    reads a candidate's bytes (raising ``ValueError`` when it is not JSON): the caller's reader may be
    more tolerant (trailing commas, on request) than the standard one."""
    # the harvest's own content sampling reads only the first bytes of a few files: not needed here
    harvest = await harvest_with(
        identifier,
        settings.model_copy(update={"content_sample_files": 0}),
        fetcher,
        HarvestOptions(community_reader=reader),
    )
    too_big = _landing_too_big(harvest, settings.max_response_bytes)
    if harvest.reachability.status == "not_assessed":
        if too_big is not None:  # it answered, with more than we read: a size problem, not reachability
            return DocumentSearch(harvest.identifier, None, (), (too_big,))
        reason = harvest.reachability.reason or "the object could not be reached"
        return DocumentSearch(harvest.identifier, None, (), (), unreachable=reason)
    candidates = _declared(harvest)
    candidates += await _zenodo_files(fetcher, harvest)
    chosen, looked_at = _choose(_unique(candidates), settings.max_response_bytes)
    if too_big is not None:
        looked_at.insert(0, too_big)
    results = await asyncio.gather(*(_read(fetcher, c, reader, parse) for c in chosen))
    documents: dict[str, FoundDocument] = {}  # by content: Zenodo serves each file under two URLs
    for doc, item in results:
        if doc is not None:
            first = documents.setdefault(hashlib.sha256(doc.body).hexdigest(), doc)
            if first is not doc:
                item = replace(item, verdict="duplicate", detail=f"the same bytes as {first.url}")
        looked_at.append(item)
    status = harvest.landing_page.status if harvest.landing_page else None
    return DocumentSearch(
        harvest.identifier, harvest.landing_url, tuple(documents.values()), tuple(looked_at), landing_status=status
    )


def _landing_too_big(harvest: HarvestResult, cap: int) -> LookedAt | None:
    """The given URL when it is JSON itself (a file, not a page) and was cut at the response cap."""
    for exchange in harvest.exchanges:
        if exchange.purpose != "landing_page":
            continue
        if exchange.error_kind == "too_large":
            detail = f"too big: {exchange.error} (max_response_bytes)"
        elif exchange.truncated and "json" in (exchange.content_type or ""):
            detail = f"too big: response body exceeds the {cap} byte limit (max_response_bytes)"
        else:
            continue
        return LookedAt(exchange.request_url, "landing page", "too_large", detail)
    return None


def _declared(harvest: HarvestResult) -> list[Candidate]:
    """Documents the harvest recognised, signposting items, then content files of the merged record."""
    found = [
        Candidate(doc.url, "harvested document", media_type="application/json")
        for doc in harvest.community_documents
        if doc.url
    ]
    landing = {u for u in (harvest.landing_url, harvest.identifier.resolvable_url) if u}
    found += [
        Candidate(link.href, "signposting item", media_type=link.type)
        for link in about_landing(harvest.signposting.links, landing)
        if link.rel == "item"
    ]
    for item in harvest.metadata.content_files:
        file = item.value
        found.append(Candidate(file.url, "content URL in metadata", file.name, file.media_type, file.size))
    return found


def zenodo_api_url(landing_url: str | None) -> str | None:
    """The files API of a Zenodo(-like) record page: ``.../records/N`` -> ``.../api/records/N``. Any host
    is accepted (Zenodo's software runs elsewhere too); a page without that path has none, and so has a
    file of a record (``.../records/N/files/x.json``): who names one file wants that file."""
    if not landing_url:
        return None
    parts = urlsplit(landing_url)
    match = _ZENODO_RECORD.match(parts.path)
    if parts.scheme not in ("http", "https") or match is None:
        return None
    path = f"{match.group('prefix')}/api/records/{match.group('id')}"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


async def _zenodo_files(fetcher: Fetcher, harvest: HarvestResult) -> list[Candidate]:
    """The files of a Zenodo record from its API (the landing page lists them only for people)."""
    api = zenodo_api_url(harvest.landing_url)
    if api is None:
        return []
    fetched = await fetcher.fetch(api, purpose="catalog:zenodo_files", accept="application/json")
    if not fetched.ok:
        return []
    try:
        record = json.loads(fetched.body)
    except ValueError:
        return []
    return list(zenodo_record_files(record, api))


def zenodo_record_files(record: Any, api_url: str) -> Iterable[Candidate]:
    """Files of a Zenodo API record, in both shapes Zenodo has served: ``files: [...]`` (legacy and
    InvenioRDM records) and ``files: {"entries": [...]}`` (InvenioRDM files endpoint); each file's link is
    ``links.self``, ``links.content`` or ``links.download``, else ``{api}/files/{key}/content``."""
    if not isinstance(record, dict):
        return
    files = record.get("files")
    if isinstance(files, dict):
        files = files.get("entries")
    if isinstance(files, dict):  # InvenioRDM: entries keyed by file name
        files = list(files.values())
    if not isinstance(files, list):
        return
    for entry in files:
        if not isinstance(entry, dict):
            continue
        key = entry.get("key") or entry.get("filename")
        links = entry.get("links") if isinstance(entry.get("links"), dict) else {}
        assert isinstance(links, dict)
        url = next((links[k] for k in ("content", "self", "download") if isinstance(links.get(k), str)), None)
        if url is None and isinstance(key, str):
            url = f"{api_url}/files/{key}/content"
        if not isinstance(url, str):
            continue
        size = entry.get("size") if isinstance(entry.get("size"), int) else entry.get("filesize")
        media = entry.get("mimetype") if isinstance(entry.get("mimetype"), str) else None
        yield Candidate(
            url,
            "Zenodo files API",
            key if isinstance(key, str) else None,
            media,
            size if isinstance(size, int) else None,
        )


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per URL: the first pointer wins, later ones fill in what it did not declare."""
    by_url: dict[str, Candidate] = {}
    for c in candidates:
        if not c.url.lower().startswith(("http://", "https://")):
            continue
        old = by_url.get(c.url)
        if old is None:
            by_url[c.url] = c
        else:
            by_url[c.url] = replace(
                old, name=old.name or c.name, media_type=old.media_type or c.media_type, size=old.size or c.size
            )
    return list(by_url.values())


def looks_like_json(candidate: Candidate) -> bool:
    """By the declared media type (``application/json``, ``+json``), else by the file name or URL path."""
    if candidate.via == "harvested document":
        return True
    media = (candidate.media_type or "").split(";", 1)[0].strip().lower()
    if media:
        return media in ("application/json", "text/json") or media.endswith("+json")
    name = (candidate.name or unquote(urlsplit(candidate.url).path)).lower()
    return name.endswith(".json")


def _choose(candidates: list[Candidate], cap: int) -> tuple[list[Candidate], list[LookedAt]]:
    """The JSON candidates to fetch (within the cap and the count limit) and what was left, with why."""
    chosen: list[Candidate] = []
    skipped: list[LookedAt] = []
    for c in candidates:
        if not looks_like_json(c):
            what = c.media_type or "no JSON name or type"
            skipped.append(LookedAt(c.url, c.via, "skipped", f"not fetched: not JSON ({what})"))
        elif c.size is not None and c.size > cap:
            detail = f"too big: declared {c.size} bytes, over the {cap} byte limit (max_response_bytes)"
            skipped.append(LookedAt(c.url, c.via, "too_large", detail))
        elif len(chosen) >= MAX_CANDIDATES:
            skipped.append(LookedAt(c.url, c.via, "skipped", f"not fetched: more than {MAX_CANDIDATES} JSON files"))
        else:
            chosen.append(c)
    return chosen, skipped


async def _read(
    fetcher: Fetcher, candidate: Candidate, reader: CommunityReader, parse: JsonParser
) -> tuple[FoundDocument | None, LookedAt]:
    fetched = await fetcher.fetch(candidate.url, purpose="catalog:document", accept=_ACCEPT_JSON)
    failed = _failure(fetched)
    if failed is not None:
        return None, LookedAt(candidate.url, candidate.via, *failed)
    try:
        document = parse(fetched.body)
    except ValueError as exc:
        served = fetched.exchange.content_type or "no type"
        return None, LookedAt(candidate.url, candidate.via, "not_json", f"not JSON ({served}): {exc}")
    reading = reader(document)
    if reading is None:
        return None, LookedAt(candidate.url, candidate.via, "not_recognised", "JSON, but not a FAIRtracks document")
    detail = f"found: {reading.standard} {reading.version or '(version unknown)'} {reading.kind}"
    return FoundDocument(fetched.url, fetched.body, reading), LookedAt(candidate.url, candidate.via, "found", detail)


def _failure(fetched: Fetched) -> tuple[Verdict, str] | None:
    exchange = fetched.exchange
    if exchange.error_kind == "too_large":
        return "too_large", f"too big: {exchange.error} (max_response_bytes)"
    if exchange.error is not None:
        return "unreachable", f"unreachable: {exchange.error}"
    if exchange.status is None or not 200 <= exchange.status < 300:
        return "unreachable", f"unreachable: HTTP {exchange.status}"
    return None
