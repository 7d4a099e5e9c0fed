"""Remote listings of a repository's objects for batch runs: OAI-PMH (ListIdentifiers with resumption
tokens, DOI/URL from the header or the oai_dc record), the DataCite REST API (cursor pagination) and
sitemaps (nested sitemap indexes). The network part of batch inputs lives here, in harvest, and goes
through the guarded fetcher (private addresses refused unless allowed, capped size, time, redirects).

Listings are polite: 429 and 503 answers are retried by the guarded fetcher (exponential backoff with
jitter, never sooner than the server's ``Retry-After``), with more attempts than an assessment's requests
get, and every request carries the identifying User-Agent of the settings (with the operator's contact when one is set).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from fairgauge.errors import InputError
from fairgauge.extract.xml.safe import parse_xml
from fairgauge.harvest.client import SharedHttp
from fairgauge.harvest.fetch import retry_after_seconds

__all__ = ["ListingOptions", "fetch_listing", "is_remote_source", "remote_identifiers", "retry_after_seconds"]

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
MAX_PAGES = 1_000_000
SOURCE_PREFIXES = ("oai:", "datacite:", "sitemap:")


@dataclass
class ListingOptions:
    oai_set: str | None = None
    attempts: int = 6  # a listing is worth more patience than one object's request (listing_retry_attempts)
    max_retry_after: float = 300.0  # listing_retry_max_wait
    page_size: int = 1000
    skipped: list[str] = field(default_factory=list)  # records with no DOI or URL (said to the user)


async def fetch_listing(http: SharedHttp, url: str, options: ListingOptions, accept: str | None = None) -> bytes:
    """One listing page through the guarded fetcher, whose retries of 429/503 (backoff with jitter,
    ``Retry-After`` honoured) are given the listing's larger patience; other failures are a one-line
    InputError."""
    patience = {"retry_attempts": max(0, options.attempts - 1), "retry_max_wait": options.max_retry_after}
    async with http.fetcher(settings=http.settings.model_copy(update=patience)) as fetcher:
        got = await fetcher.fetch(url, purpose="batch_listing", accept=accept)
    if got.exchange.error_kind == "unavailable":
        raise InputError(f"cannot list {url}: {got.exchange.error}; try the run later")
    if not got.ok:
        why = got.exchange.error or f"HTTP {got.exchange.status}"
        raise InputError(f"cannot list {url}: {why}")
    return got.body


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
