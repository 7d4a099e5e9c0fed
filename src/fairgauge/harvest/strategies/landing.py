"""Step 1: resolve the identifier and read the landing page (status, redirects, embedded metadata)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fairgauge.harvest.context import HarvestContext, StepResult, exchange_failure, outcome_for
from fairgauge.harvest.extractors import EmbeddedResult, extract_embedded, parse_document
from fairgauge.harvest.fetch import Fetched
from fairgauge.identifiers import parse_identifier
from fairgauge.model.findings import finding
from fairgauge.model.harvest import LandingPage, PidResolution, StrategyOutcome
from fairgauge.model.signposting import Link

HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_AUTH_STATUSES = frozenset({401, 402, 403})


@dataclass
class LandingResult:
    fetched: Fetched | None = None
    pid: PidResolution = field(default_factory=PidResolution)
    page: LandingPage | None = None
    html_links: list[Link] = field(default_factory=list)
    step: StepResult = field(default_factory=StepResult)

    @property
    def url(self) -> str | None:
        return self.fetched.url if self.fetched and self.fetched.exchange.status is not None else None


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
    _read_page(result, fetched)
    result.step.outcomes.append(outcome_for("landing_page", [exchange.id], records=len(result.step.records)))
    return result


async def resolve_cite_as(ctx: HarvestContext, cite_as: str | None) -> tuple[PidResolution | None, StrategyOutcome]:
    """When a URL was assessed but the page names a PID (cite-as), ask that PID's resolver too: FsF-F1-02
    credits PIDs the resolver maintains, whichever form the user typed."""
    if ctx.identifier.is_persistent or not cite_as:
        return None, outcome_for("cite_as_resolution", [], records=0, skipped="no cite-as PID to resolve")
    pid = parse_identifier(cite_as, ctx.resolvers)
    if not pid.is_persistent or not pid.resolvable_url:
        return None, outcome_for("cite_as_resolution", [], records=0, skipped="the cite-as link is not a PID")
    fetched = await ctx.fetcher.fetch(pid.resolvable_url, purpose="cite_as_resolution", method="HEAD")
    exchange = fetched.exchange
    first = exchange.redirects[0].status if exchange.redirects else exchange.status
    outcome = outcome_for(
        "cite_as_resolution",
        [exchange.id],
        records=0,
        failure=exchange_failure([exchange]),
        message=f"{pid.resolvable_url} answered {first}",
    )
    return _resolution(fetched, is_pid=True), outcome


def _pid_resolution(ctx: HarvestContext, fetched: Fetched) -> PidResolution:
    return _resolution(fetched, is_pid=ctx.identifier.is_persistent)


def _resolution(fetched: Fetched, *, is_pid: bool) -> PidResolution:
    exchange = fetched.exchange
    first_status = exchange.redirects[0].status if exchange.redirects else exchange.status
    return PidResolution(
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


def _read_page(result: LandingResult, fetched: Fetched) -> None:
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
        parsed = parse_document(fetched.body, media_type=content_type, url=fetched.url, method="content_negotiation")
        result.step.take(parsed)
    result.page = page


def _take_embedded(result: LandingResult, embedded: EmbeddedResult) -> None:
    result.step.records.extend(embedded.records)
    result.step.findings.extend(embedded.findings)
    result.html_links = list(embedded.links)
