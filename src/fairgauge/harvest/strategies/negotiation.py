"""Step 3: content negotiation on the PID and the landing URL (schema.org, DataCite, RDF)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass

from fairgauge.harvest.context import HarvestContext, StepResult, outcome_for
from fairgauge.harvest.extractors import parse_document
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
    """One request to make: where, asking for what, and under which name it is reported; ``fallback``
    is asked only when this one is not honoured."""

    url: str
    accept: str
    name: str
    fallback: str | None = None


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
                Negotiation(url, SCHEMAORG, f"conneg:schemaorg@{where}"),
                Negotiation(url, RDF, f"conneg:rdf@{where}"),
            ]
    if identifier.scheme == "doi":
        if ctx.settings.use_datacite and agency in (None, "datacite"):
            base = ctx.settings.datacite_content_negotiation
            resolver = identifier.resolvable_url or f"{ctx.settings.doi_resolver}{identifier.normalized}"
            plan += [
                Negotiation(resolver, kind, name, fallback=f"{base}/{kind}/{identifier.normalized}")
                for kind, name in ((DATACITE_JSON, "conneg:datacite_json"), (DATACITE_XML, "conneg:datacite_xml"))
            ]
    elif identifier.resolvable_url:
        url = identifier.resolvable_url
        plan += [
            Negotiation(url, DATACITE_JSON, "conneg:datacite_json"),
            Negotiation(url, DATACITE_XML, "conneg:datacite_xml"),
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
    fetched = await asyncio.gather(*(ctx.fetcher.fetch(n.url, purpose=n.name, accept=n.accept) for n in plan))
    landing_body = landing.body if landing else b""
    for negotiation, item in zip(plan, fetched, strict=True):
        first = _read(negotiation, item, landing_body, ctx.reader)
        step.extend(first)
        if negotiation.fallback and not first.records:
            again = await ctx.fetcher.fetch(negotiation.fallback, purpose=negotiation.name, accept=negotiation.accept)
            step.extend(_read(negotiation, again, landing_body, ctx.reader))
    return step


def _read(negotiation: Negotiation, item: Fetched, landing_body: bytes, reader: CommunityReader | None) -> StepResult:
    step = StepResult()
    ids = [item.exchange.id]
    if item.exchange.error:
        step.outcomes.append(outcome_for(negotiation.name, ids, records=0, error=item.exchange.error))
        return step
    if not item.ok or item.exchange.content_type in HTML_TYPES or item.body == landing_body or not item.body:
        reason = f"not honoured (HTTP {item.exchange.status}, {item.exchange.content_type or 'no type'})"
        step.outcomes.append(outcome_for(negotiation.name, ids, records=0).model_copy(update={"message": reason}))
        return step
    parsed = parse_document(
        item.body, media_type=item.exchange.content_type, url=item.url, method="content_negotiation", reader=reader
    )
    step.outcomes.append(outcome_for(negotiation.name, ids, records=step.take(parsed)))
    return step
