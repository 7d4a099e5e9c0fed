"""Step 1: resolve the identifier and read the landing page (status, redirects, embedded metadata)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from fairgauge.extract import EmbeddedResult, extract_embedded, parse_document
from fairgauge.harvest.context import HarvestContext, StepResult, exchange_failure, outcome_for
from fairgauge.harvest.fetch import Fetched
from fairgauge.identifiers import parse_identifier
from fairgauge.model.community import CommunityReader
from fairgauge.model.findings import finding
from fairgauge.model.harvest import HarvestStep, LandingPage, PidResolution, StrategyOutcome
from fairgauge.model.http import Exchange
from fairgauge.model.identifiers import Identifier
from fairgauge.model.signposting import Link

HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_AUTH_STATUSES = frozenset({401, 402, 403})
_AGENT_SCHEMES = frozenset({"orcid", "ror", "isni"})  # PIDs of people and organisations, not of the object
_MAX_METADATA_PIDS = 3


@dataclass
class LandingResult:
    fetched: Fetched | None = None
    pid: PidResolution = field(default_factory=PidResolution)
    page: LandingPage | None = None
    html_links: list[Link] = field(default_factory=list)
    step: StepResult = field(default_factory=StepResult)

    @property
    def url(self) -> str | None:
        """The page's URL when it answered; a server that kept saying "come back later" (429/503 after
        the retries) did not answer: an object behind it is not assessed, not scored on an error page."""
        if self.fetched is None or self.fetched.exchange.status is None:
            return None
        return None if self.fetched.exchange.error_kind == "unavailable" else self.fetched.url


async def fetch_landing(ctx: HarvestContext) -> LandingResult:
    """GET the resolvable URL as a browser-less machine would, and parse what comes back."""
    result = LandingResult()
    url = ctx.identifier.resolvable_url
    if url is None:
        reason = f"a {ctx.identifier.scheme} identifier has no resolvable URL"
        result.step.outcomes.append(outcome_for("landing_page", [], records=0, skipped=reason))
        return result
    fetched = await ctx.fetcher.fetch(url, purpose="landing_page", accept=HTML_ACCEPT)
    result.fetched = fetched
    result.pid = _pid_resolution(ctx, fetched)
    exchange = fetched.exchange
    if exchange.error:
        result.step.outcomes.append(
            outcome_for("landing_page", [exchange.id], records=0, failure=exchange_failure([exchange]))
        )
        return result
    _status_findings(result, fetched)
    _read_page(result, fetched, ctx.reader)
    result.step.outcomes.append(outcome_for("landing_page", [exchange.id], records=len(result.step.records)))
    return result


async def resolve_cite_as(ctx: HarvestContext, cite_as: str | None) -> PidResolution | None:
    """When a URL was assessed but the page names a PID (cite-as), ask that PID's resolver too: FsF-F1-02
    credits PIDs the resolver maintains, whichever form the user typed."""
    if ctx.identifier.is_persistent or not cite_as:
        return None
    return await _resolve_pid(ctx, cite_as, "cite-as", purpose="cite_as_resolution")


async def resolve_metadata_pids(ctx: HarvestContext, pids: Sequence[str], done: Sequence[str]) -> list[PidResolution]:
    """When a URL was assessed, ask the resolver of each PID the metadata names (at most
    ``_MAX_METADATA_PIDS``, each once, in any spelling; ``done`` holds PIDs already asked, e.g. cite-as):
    the report then shows resolutions that happened instead of assuming them."""
    if ctx.identifier.is_persistent:
        return []
    seen = {_key(parse_identifier(value, ctx.resolvers)) for value in done}
    chosen: list[str] = []
    for value in pids:
        pid = parse_identifier(value, ctx.resolvers)
        if pid.is_persistent and pid.scheme not in _AGENT_SCHEMES and pid.resolvable_url and _key(pid) not in seen:
            seen.add(_key(pid))
            chosen.append(value)
    resolved = await asyncio.gather(
        *(
            _resolve_pid(ctx, value, "metadata", purpose="metadata_pid_resolution")
            for value in chosen[:_MAX_METADATA_PIDS]
        )
    )
    return [r for r in resolved if r is not None]


def resolution_outcome(
    step: HarvestStep, resolutions: Sequence[PidResolution], exchanges: Sequence[Exchange], skipped: str
) -> StrategyOutcome:
    """How PID resolutions went: skipped when there was nothing to resolve, failed when no resolver
    answered, else ok (each resolver's answer is evidence, a 404 included)."""
    if not resolutions:
        return outcome_for(step, [], records=0, skipped=skipped)
    ids = [i for r in resolutions for i in r.exchange_ids]
    asked = [e for e in exchanges if e.id in ids]
    answers = ", ".join(f"{r.pid or r.resolver_url}: {r.first_status or r.error}" for r in resolutions)
    return outcome_for(step, ids, records=len(resolutions), failure=exchange_failure(asked), message=answers)


def _key(pid: Identifier) -> str:
    return f"{pid.scheme}:{pid.normalized.lower()}"


async def _resolve_pid(
    ctx: HarvestContext, value: str, found_in: Literal["cite-as", "metadata"], *, purpose: str
) -> PidResolution | None:
    pid = parse_identifier(value, ctx.resolvers)
    if not pid.is_persistent or not pid.resolvable_url:
        return None
    fetched = await ctx.fetcher.fetch(pid.resolvable_url, purpose=purpose, method="HEAD")
    return _resolution(fetched, is_pid=True).model_copy(update={"pid": value, "found_in": found_in})


def _pid_resolution(ctx: HarvestContext, fetched: Fetched) -> PidResolution:
    resolution = _resolution(fetched, is_pid=ctx.identifier.is_persistent)
    if not ctx.identifier.is_persistent:
        return resolution
    return resolution.model_copy(update={"pid": ctx.identifier.given, "found_in": "identifier"})


def _resolution(fetched: Fetched, *, is_pid: bool) -> PidResolution:
    exchange = fetched.exchange
    first_status = exchange.redirects[0].status if exchange.redirects else exchange.status
    return PidResolution(
        exchange_ids=[exchange.id],
        resolver_url=exchange.request_url if is_pid else None,
        first_status=first_status,
        redirected=bool(exchange.redirects),
        final_url=exchange.final_url,
        final_status=exchange.status,
        tombstone=exchange.status == 410,
        error=exchange.error,
    )


def _status_findings(result: LandingResult, fetched: Fetched) -> None:
    status = fetched.exchange.status or 0
    url = fetched.url
    if status == 410:
        result.step.findings.append(
            finding("landing.tombstone", "info", "the landing page answers 410 Gone (tombstone)", url=url)
        )
    elif status in _AUTH_STATUSES:
        result.step.findings.append(
            finding(
                "landing.access_denied", "warning", f"the landing page answers {status}: access is restricted", url=url
            )
        )
    elif status >= 400:
        result.step.findings.append(
            finding("landing.http_error", "warning", f"the landing page answers HTTP {status}", url=url)
        )


def _read_page(result: LandingResult, fetched: Fetched, reader: CommunityReader | None) -> None:
    exchange = fetched.exchange
    content_type = exchange.content_type
    page = LandingPage(url=fetched.url, status=exchange.status, content_type=content_type, size=exchange.size)
    if not fetched.body:
        result.page = page
        return
    if content_type in HTML_TYPES or (content_type is None and b"<html" in fetched.body[:2048].lower()):
        embedded = extract_embedded(fetched.body, fetched.url, content_type=content_type)
        _take_embedded(result, embedded)
        page = page.model_copy(
            update={
                "javascript_generated": embedded.javascript_generated,
                "embedded_formats": list(embedded.formats_found),
            }
        )
        if embedded.javascript_generated:
            result.step.findings.append(
                finding(
                    "landing.javascript_generated",
                    "warning",
                    "the landing page seems to be generated by JavaScript: machines see little of it",
                    url=fetched.url,
                )
            )
    else:
        parsed = parse_document(
            fetched.body, media_type=content_type, url=fetched.url, method="content_negotiation", reader=reader
        )
        result.step.take(parsed)
    result.page = page


def _take_embedded(result: LandingResult, embedded: EmbeddedResult) -> None:
    result.step.records.extend(embedded.records)
    result.step.findings.extend(embedded.findings)
    result.html_links = list(embedded.links)
