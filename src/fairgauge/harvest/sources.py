"""Remote listings of a repository's objects for batch runs: OAI-PMH (ListIdentifiers with resumption
tokens, DOI/URL from the header or the oai_dc record), the DataCite REST API (cursor pagination) and
sitemaps (nested sitemap indexes). The network part of batch inputs lives here, in harvest, and goes
through the guarded fetcher (private addresses refused unless allowed, capped size, time, redirects).

Listings are polite: 429 and 503 answers are retried with exponential backoff and jitter, never sooner
than the server's ``Retry-After`` (tenacity does the retrying), and every request carries the
identifying User-Agent of the settings (with the operator's contact when one is set).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from fairgauge.errors import InputError
from fairgauge.extract.xml.safe import parse_xml
from fairgauge.harvest.client import SharedHttp

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
RETRY_STATUSES = {429, 503}
MAX_PAGES = 1_000_000
SOURCE_PREFIXES = ("oai:", "datacite:", "sitemap:")


class _TryAgain(Exception):
    def __init__(self, url: str, status: int, retry_after: float | None) -> None:
        super().__init__(f"{url} answered {status}")
        self.status = status
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class ListingOptions:
    oai_set: str | None = None
    attempts: int = 6
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    page_size: int = 1000
    skipped: list[str] = field(default_factory=list)  # records with no DOI or URL (said to the user)


def _wait(options: ListingOptions) -> Callable[[RetryCallState], float]:
    backoff = wait_exponential_jitter(initial=1, max=options.max_backoff)

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        floor = error.retry_after if isinstance(error, _TryAgain) and error.retry_after is not None else 0.0
        if floor > options.max_retry_after:
            raise InputError(f"the server asks to wait {floor:.0f} s (Retry-After); try the run later")
        return max(floor, backoff(state))

    return wait


async def fetch_listing(http: SharedHttp, url: str, options: ListingOptions, accept: str | None = None) -> bytes:
    """One listing page through the guarded fetcher; 429/503 retried politely; other failures are a
    one-line InputError."""

    async def attempt() -> bytes:
        async with http.fetcher() as fetcher:  # a fresh fetcher: its memory would answer a retry itself
            got = await fetcher.fetch(url, purpose="batch_listing", accept=accept)
        status = got.exchange.status
        if status in RETRY_STATUSES:
            headers = dict((k.lower(), v) for k, v in got.exchange.headers)
            raise _TryAgain(url, status, retry_after_seconds(headers.get("retry-after")))
        if not got.ok:
            why = got.exchange.error or f"HTTP {status}"
            raise InputError(f"cannot list {url}: {why}")
        return got.body

    try:
        async for trial in AsyncRetrying(
            retry=retry_if_exception_type(_TryAgain),
            stop=stop_after_attempt(options.attempts),
            wait=_wait(options),
            reraise=True,
        ):
            with trial:
                return await attempt()
    except _TryAgain as exc:
        raise InputError(f"{exc} {options.attempts} times; try the run later") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _doi_or_url(values: list[str]) -> str | None:
    for value in values:
        match = DOI.search(value)
        if match:
            return match.group(1).rstrip(".,;")
    for value in values:
        if value.strip().lower().startswith(("http://", "https://")):
            return value.strip()
    return None


async def oai_identifiers(http: SharedHttp, endpoint: str, options: ListingOptions) -> AsyncIterator[str]:
    """ListIdentifiers (oai_dc) over every resumption token; deleted records skipped; a header whose
    identifier holds no DOI or URL is looked up with GetRecord and its dc:identifier used."""
    params: dict[str, str] = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    if options.oai_set:
        params["set"] = options.oai_set
    for _ in range(MAX_PAGES):
        url = f"{endpoint}?{urlencode(params)}"
        root = _xml(await fetch_listing(http, url, options, "text/xml"), url)
        error = next((e for e in root.iter() if _local(e.tag) == "error"), None)
        if error is not None:
            if error.get("code") == "noRecordsMatch":
                return
            raise InputError(f"OAI-PMH error from {endpoint}: {error.get('code')}: {(error.text or '').strip()}")
        for header in (e for e in root.iter() if _local(e.tag) == "header"):
            if header.get("status") == "deleted":
                continue
            oai_id = next(((e.text or "").strip() for e in header if _local(e.tag) == "identifier"), "")
            found = _doi_or_url([oai_id]) or await _from_record(http, endpoint, oai_id, options)
            if found:
                yield found
            elif oai_id:
                options.skipped.append(oai_id)
        token = next((e for e in root.iter() if _local(e.tag) == "resumptionToken"), None)
        if token is None or not (token.text or "").strip():
            return
        params = {"verb": "ListIdentifiers", "resumptionToken": token.text.strip()}


async def _from_record(http: SharedHttp, endpoint: str, oai_id: str, options: ListingOptions) -> str | None:
    if not oai_id:
        return None
    url = f"{endpoint}?{urlencode({'verb': 'GetRecord', 'identifier': oai_id, 'metadataPrefix': 'oai_dc'})}"
    root = _xml(await fetch_listing(http, url, options, "text/xml"), url)
    values = [(e.text or "").strip() for e in root.iter() if _local(e.tag) == "identifier" and e.text]
    return _doi_or_url([v for v in values if v != oai_id])


def _xml(body: bytes, url: str) -> Any:
    root, findings = parse_xml(body, url)
    if root is None:
        raise InputError(f"{url}: {findings[0].message if findings else 'not XML'}")
    return root


DATACITE_FILTERS = {"client": "client-id", "prefix": "prefix", "query": "query"}


async def datacite_identifiers(http: SharedHttp, api: str, spec: str, options: ListingOptions) -> AsyncIterator[str]:
    """DOIs of a DataCite client, prefix or query, over cursor pages (``links.next``)."""
    kind, _, value = spec.partition("=")
    if kind not in DATACITE_FILTERS or not value.strip():
        raise InputError(f"datacite:{spec}: use datacite:client=ID, datacite:prefix=10.x or datacite:query=...")
    params = {DATACITE_FILTERS[kind]: value.strip(), "page[cursor]": "1", "page[size]": str(options.page_size)}
    url: str | None = f"{api.rstrip('/')}/dois?{urlencode(params)}"
    pages = 0
    while url and pages < MAX_PAGES:
        pages += 1
        body = await fetch_listing(http, url, options, "application/vnd.api+json")
        try:
            page = json.loads(body)
        except json.JSONDecodeError as exc:
            raise InputError(f"{url}: not JSON ({exc.msg})") from exc
        data = page.get("data") if isinstance(page, dict) else None
        if not isinstance(data, list):
            raise InputError(f"{url}: no 'data' list in the DataCite answer")
        for item in data:
            doi = item.get("id") if isinstance(item, dict) else None
            if isinstance(doi, str) and doi:
                yield doi
        following = (page.get("links") or {}).get("next")
        url = following if data and isinstance(following, str) and following != url else None


async def sitemap_urls(http: SharedHttp, url: str, options: ListingOptions, depth: int = 0) -> AsyncIterator[str]:
    """Page URLs of a sitemap, following nested sitemap indexes (at most 5 deep, each sitemap once)."""
    seen: set[str] = set()

    async def walk(current: str, level: int) -> AsyncIterator[str]:
        if current in seen or level > 5:
            return
        seen.add(current)
        root = _xml(await fetch_listing(http, current, options, "application/xml"), current)
        nested = _local(root.tag) == "sitemapindex"
        for element in root.iter():
            if _local(element.tag) != "loc" or not (element.text or "").strip():
                continue
            loc = element.text.strip()
            if nested:
                async for inner in walk(loc, level + 1):
                    yield inner
            else:
                yield loc

    async for found in walk(url, depth):
        yield found


def is_remote_source(source: str) -> bool:
    return source.startswith(SOURCE_PREFIXES)


async def remote_identifiers(http: SharedHttp, source: str, options: ListingOptions) -> AsyncIterator[str]:
    """Identifiers of an ``oai:URL``, ``datacite:...`` or ``sitemap:URL`` input."""
    kind, _, rest = source.partition(":")
    if kind in ("oai", "sitemap"):
        if urlsplit(rest).scheme not in ("http", "https"):
            raise InputError(f"{source}: expected {kind}:http(s)://...")
        listing = oai_identifiers(http, rest, options) if kind == "oai" else sitemap_urls(http, rest, options)
    else:
        listing = datacite_identifiers(http, http.settings.datacite_api, rest, options)
    async for identifier in listing:
        yield identifier
