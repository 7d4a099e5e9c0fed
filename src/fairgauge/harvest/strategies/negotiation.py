"""Step 3: content negotiation on the PID and the landing URL (schema.org, DataCite, RDF)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass

from fairgauge.extract import parse_document
from fairgauge.harvest.context import HarvestContext, StepResult, exchange_failure, outcome_for, parse_failure
from fairgauge.harvest.fetch import Fetched
from fairgauge.harvest.strategies.landing import HTML_TYPES
from fairgauge.harvest.strategies.registry import AgencyAnswer
from fairgauge.model.community import CommunityReader

SCHEMAORG = "application/vnd.schemaorg.ld+json, application/ld+json;q=0.9"
RDF = "text/turtle, application/rdf+xml;q=0.9, application/n-triples;q=0.8, application/ld+json;q=0.7"
DATACITE_JSON = "application/vnd.datacite.datacite+json"
DATACITE_XML = "application/vnd.datacite.datacite+xml"


@dataclass(frozen=True)
class Negotiation:
    """One request to make: where, asking for what, and which part of the content negotiation step it is
    (``detail``); ``fallback`` is asked only when this one is not honoured."""

    url: str
    accept: str
    detail: str
    fallback: str | None = None

    @property
    def purpose(self) -> str:
        return f"content_negotiation:{self.detail}"


def plan_negotiations(ctx: HarvestContext, landing_url: str | None, agency: str | None = None) -> list[Negotiation]:
    """Everything gets schema.org and RDF on both the PID URL and the landing URL. DataCite DOIs (or DOIs
    whose agency is unknown) get DataCite formats through the DOI resolver with an Accept header, as
    DataCite documents, the crosscite service URL only as a fallback; DOIs of other agencies get none
    (their record is read by the registry step)."""
    identifier = ctx.identifier
    plan: list[Negotiation] = []
    targets = {identifier.resolvable_url: "pid", landing_url: "landing"}
    for url, where in targets.items():
        if url and not any(n.url == url for n in plan):
            plan += [
                Negotiation(url, SCHEMAORG, f"schemaorg@{where}"),
                Negotiation(url, RDF, f"rdf@{where}"),
            ]
    if identifier.scheme == "doi":
        if ctx.settings.use_datacite and agency in (None, "datacite"):
            base = ctx.settings.datacite_content_negotiation
            resolver = identifier.resolvable_url or f"{ctx.settings.doi_resolver}{identifier.normalized}"
            plan += [
                Negotiation(resolver, kind, name, fallback=f"{base}/{kind}/{identifier.normalized}")
                for kind, name in ((DATACITE_JSON, "datacite_json"), (DATACITE_XML, "datacite_xml"))
            ]
    elif identifier.resolvable_url:
        url = identifier.resolvable_url
        plan += [
            Negotiation(url, DATACITE_JSON, "datacite_json"),
            Negotiation(url, DATACITE_XML, "datacite_xml"),
        ]
    return plan


async def negotiate(
    ctx: HarvestContext, landing: Fetched | None, agency: Awaitable[AgencyAnswer] | None = None
) -> StepResult:
    """Ask for each machine-readable form; keep what is really served as such."""
    step = StepResult()
    if not ctx.settings.content_negotiation:
        step.outcomes.append(outcome_for("content_negotiation", [], records=0, skipped="disabled in settings"))
        return step
    known = (await agency).agency if agency is not None else None
    plan = plan_negotiations(ctx, landing.url if landing else None, known)
    if not plan:
        step.outcomes.append(outcome_for("content_negotiation", [], records=0, skipped="nothing to negotiate on"))
        return step
    fetched = await asyncio.gather(*(ctx.fetcher.fetch(n.url, purpose=n.purpose, accept=n.accept) for n in plan))
    landing_body = landing.body if landing else b""
    for negotiation, item in zip(plan, fetched, strict=True):
        first = _read(negotiation, item, landing_body, ctx.reader)
        step.extend(first)
        if negotiation.fallback and not first.records:
            fallback = Negotiation(negotiation.fallback, negotiation.accept, f"{negotiation.detail}@fallback")
            again = await ctx.fetcher.fetch(fallback.url, purpose=fallback.purpose, accept=fallback.accept)
            step.extend(_read(fallback, again, landing_body, ctx.reader))
    return step


def _read(negotiation: Negotiation, item: Fetched, landing_body: bytes, reader: CommunityReader | None) -> StepResult:
    step = StepResult()
    ids = [item.exchange.id]
    if item.exchange.error:
        failure = exchange_failure([item.exchange])
        step.outcomes.append(
            outcome_for("content_negotiation", ids, records=0, detail=negotiation.detail, failure=failure)
        )
        return step
    if not item.ok or item.exchange.content_type in HTML_TYPES or item.body == landing_body or not item.body:
        reason = f"not honoured (HTTP {item.exchange.status}, {item.exchange.content_type or 'no type'})"
        step.outcomes.append(
            outcome_for("content_negotiation", ids, records=0, detail=negotiation.detail, message=reason)
        )
        return step
    parsed = parse_document(
        item.body, media_type=item.exchange.content_type, url=item.url, method="content_negotiation", reader=reader
    )
    records = step.take(parsed)
    failure = parse_failure(parsed.findings, records)
    step.outcomes.append(
        outcome_for("content_negotiation", ids, records=records, detail=negotiation.detail, failure=failure)
    )
    return step
