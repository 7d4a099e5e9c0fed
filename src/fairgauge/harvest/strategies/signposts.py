"""Step 2: FAIR Signposting and typed links: collect them all, read linksets, follow metadata links."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from fairgauge.extract import parse_document
from fairgauge.harvest import typed_links as sp
from fairgauge.harvest.context import HarvestContext, StepResult, exchange_failure, outcome_for
from fairgauge.harvest.fetch import Fetched
from fairgauge.identifiers import parse_identifier
from fairgauge.model.community import CommunityReader
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import OfferingMethod
from fairgauge.model.signposting import Link, Signposting, about_landing, same_url

LINKSET_ACCEPT = "application/linkset+json, application/linkset;q=0.9, application/json;q=0.5, text/plain;q=0.3"
METADATA_ACCEPT = (
    "application/ld+json, text/turtle;q=0.9, application/rdf+xml;q=0.9, application/xml;q=0.8, "
    "application/json;q=0.7, */*;q=0.1"
)
_METADATA_RELS = frozenset({"describedby", "meta"})
_SKIP_ALTERNATE_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml"})
_METADATA_TYPE_HINTS = ("json", "xml", "turtle", "n-triples", "n3", "rdf", "trig", "n-quads")
_T = TypeVar("_T")
_METHOD_BY_SOURCE: dict[str, OfferingMethod] = {"header": "signposting", "linkset": "linkset", "html": "typed_link"}


@dataclass
class SignpostResult:
    links: list[Link] = field(default_factory=list)
    step: StepResult = field(default_factory=StepResult)
    followed: dict[str, Fetched] = field(default_factory=dict)


async def follow_signposting(
    ctx: HarvestContext, landing: Fetched, html_links: Sequence[Link], landing_urls: set[str]
) -> SignpostResult:
    """Gather links from headers, HTML and linksets and follow the metadata links."""
    result = SignpostResult()
    header_links, findings = sp.links_from_headers(landing.exchange.header_values("link"), landing.url)
    links = [*header_links, *html_links]
    result.step.findings.extend(findings)
    linkset_links = await _read_linksets(ctx, links, landing_urls, result)
    links.extend(linkset_links)
    await _follow_metadata_links(ctx, links, landing_urls, result)
    links.extend(_links_on_followed(result.followed))
    result.links = links
    if not result.step.outcomes:
        message = f"{len(links)} link(s); no linkset or metadata link to follow"
        result.step.outcomes.append(outcome_for("signposting", [], records=len(links), message=message))
    return result


def build_signposting(
    links: Sequence[Link],
    landing_urls: set[str],
    served_types: dict[str, str | None],
    step_findings: Sequence[Finding],
    type_by_name: Callable[[str], str | None] | None = None,
) -> Signposting:
    """Check the profile once every followed target's served type is known."""
    persistent = {link.href: parse_identifier(link.href).is_persistent for link in links if link.rel == "cite-as"}
    signposting_findings = [f for f in step_findings if f.code.startswith("signposting.")]
    checked = sp.check_profile(links, landing_urls, served_types, persistent, type_by_name)
    warnings = [*checked, *signposting_findings]
    return Signposting(links=list(links), warnings=_unique(warnings), cite_as=sp.cite_as(links, landing_urls))


async def _read_linksets(
    ctx: HarvestContext, links: list[Link], landing_urls: set[str], result: SignpostResult
) -> list[Link]:
    listed = list(dict.fromkeys(link.href for link in about_landing(links, landing_urls) if link.rel == "linkset"))
    targets = _capped(listed, ctx.settings.max_linksets, "signposting.linksets_capped", "linkset", result)
    if not targets:
        return []
    fetched = await asyncio.gather(
        *(ctx.fetcher.fetch(url, purpose="signposting:linkset", accept=LINKSET_ACCEPT) for url in targets)
    )
    found: list[Link] = []
    for item in fetched:
        result.followed[item.exchange.request_url] = item
        found.extend(_parse_linkset(item, landing_urls, result))
    ids = [item.exchange.id for item in fetched]
    failure = exchange_failure([item.exchange for item in fetched])
    result.step.outcomes.append(
        outcome_for(
            "signposting", ids, records=len(found), detail="linkset", failure=failure, message=f"{len(found)} link(s)"
        )
    )
    return found


def _parse_linkset(item: Fetched, landing_urls: set[str], result: SignpostResult) -> list[Link]:
    url = item.exchange.request_url
    if not item.ok:
        reason = item.exchange.error or f"HTTP {item.exchange.status}"
        result.step.findings.append(
            finding("signposting.linkset_unavailable", "warning", f"linkset {url} could not be read: {reason}", url=url)
        )
        return []
    content_type = item.exchange.content_type
    if content_type not in sp.LINKSET_TYPES:
        result.step.findings.append(
            finding(
                "signposting.linkset_content_type",
                "warning",
                f"linkset {url} is served as {content_type}, not a linkset type",
                url=url,
                served=content_type,
            )
        )
    links, findings = sp.links_from_linkset(item.body, content_type, item.url)
    result.step.findings.extend(findings)
    result.step.findings.extend(sp.check_linkset_anchors(links, url, landing_urls))
    return links


def _is_metadata_type(media_type: str | None) -> bool:
    """Media types a metadata parser can read (alternate links also point at HTML, feeds and files)."""
    if not media_type:
        return False
    lowered = media_type.split(";", 1)[0].strip().lower()
    return lowered not in _SKIP_ALTERNATE_TYPES and any(k in lowered for k in _METADATA_TYPE_HINTS)


def _capped(targets: list[_T], cap: int, code: str, what: str, result: SignpostResult) -> list[_T]:
    """The first ``cap`` targets; a page listing more (2,000 linksets: 2,000 requests) gets a finding."""
    if len(targets) <= cap:
        return targets
    result.step.findings.append(
        finding(
            code,
            "warning",
            f"{len(targets)} {what} links about the landing page; only the first {cap} were followed",
            listed=len(targets),
            followed=cap,
            setting="max_linksets" if what == "linkset" else "max_followed_metadata_links",
        )
    )
    return targets[:cap]


def _metadata_targets(links: Sequence[Link], landing_urls: set[str]) -> list[Link]:
    """describedby/meta links, and alternates in a metadata type; one request per (URL, type).

    Repositories often list one URL under many types (content negotiation by type), so the type is part
    of the key; typed links come first, untyped ones last.
    """
    chosen: dict[tuple[str, str | None], Link] = {}
    for link in about_landing(links, landing_urls):
        wanted = link.rel in _METADATA_RELS or (link.rel == "alternate" and _is_metadata_type(link.type))
        key = (link.href, (link.type or "").lower() or None)
        if wanted and key not in chosen and not same_url(link.href, landing_urls):
            chosen[key] = link
    return sorted(chosen.values(), key=lambda link: (not _is_metadata_type(link.type), link.type is None))


async def _follow_metadata_links(
    ctx: HarvestContext, links: Sequence[Link], landing_urls: set[str], result: SignpostResult
) -> None:
    listed = _metadata_targets(links, landing_urls)
    cap = ctx.settings.max_followed_metadata_links
    targets = _capped(listed, cap, "signposting.metadata_links_capped", "metadata", result)
    if not targets:
        return
    fetched = await asyncio.gather(
        *(
            ctx.fetcher.fetch(link.href, purpose=f"signposting:{link.rel}", accept=link.type or METADATA_ACCEPT)
            for link in targets
        )
    )
    records_before = len(result.step.records)
    for link, item in zip(targets, fetched, strict=True):
        result.followed.setdefault(link.href, item)
        _parse_followed(link, item, result, ctx.reader)
    ids = [item.exchange.id for item in fetched]
    count = len(result.step.records) - records_before
    failure = exchange_failure([item.exchange for item in fetched]) if count == 0 else None
    result.step.outcomes.append(outcome_for("signposting", ids, records=count, detail="metadata", failure=failure))


def _parse_followed(link: Link, item: Fetched, result: SignpostResult, reader: CommunityReader | None) -> None:
    if not item.ok:
        reason = item.exchange.error or f"HTTP {item.exchange.status}"
        result.step.findings.append(
            finding(
                "signposting.target_unavailable",
                "warning",
                f"{link.rel} {link.href} could not be read: {reason}",
                url=link.href,
                rel=link.rel,
            )
        )
        return
    parsed = parse_document(
        item.body,
        media_type=item.exchange.content_type,
        url=item.url,
        method=_METHOD_BY_SOURCE[link.source],
        reader=reader,
    )
    result.step.take(parsed)


def _links_on_followed(followed: dict[str, Fetched]) -> list[Link]:
    """Link headers on the documents we followed (profile, collection back-links)."""
    found: list[Link] = []
    for fetched in followed.values():
        values = fetched.exchange.header_values("link")
        if values and fetched.exchange.status is not None:
            links, _ = sp.links_from_headers(values, fetched.url)
            found.extend(links)
    return found


def _unique(findings: Sequence[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for item in findings:
        seen.setdefault(item.model_dump_json(), item)
    return list(seen.values())
