"""Step 4: the registry record of a DOI, read from the registration agency that holds it.

The DOI system says which agency registered a DOI prefix (``doi.org/ra/{prefix}``; answers are kept per
prefix in the process's :class:`~fairgauge.harvest.lookups.SharedLookups`, so a batch asks once per prefix). Then:
DataCite DOIs are read from the DataCite REST API (and its client's re3data record), Crossref DOIs from
the Crossref REST API ``works/{doi}``, and DOIs of every other agency (mEDRA, JaLC, KISTI, ...) by DOI
content negotiation for CSL JSON, which they all serve. When the agency cannot be learnt, DataCite is
asked first (most datasets) and Crossref when DataCite does not know the DOI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from fairgauge.extract import parse_crossref_api, parse_document
from fairgauge.harvest.context import HarvestContext, StepFailure, StepResult, http_failure, outcome_for
from fairgauge.harvest.fetch import Fetched
from fairgauge.harvest.strategies.datacite import DataciteResult, harvest_datacite
from fairgauge.model.harvest import StrategyOutcome

CSL_JSON = "application/vnd.citationstyles.csl+json"


@dataclass(frozen=True)
class AgencyAnswer:
    """Which agency holds the DOI (None: could not be learnt) and how the lookup went."""

    agency: str | None
    step: StepResult
    unregistered: bool = False  # the DOI system answered that no agency holds the prefix


async def registration_agency(ctx: HarvestContext) -> AgencyAnswer:
    """Ask the DOI system's RA API for the DOI's prefix (or reuse the process's answer for that prefix)."""
    step = StepResult()
    if ctx.identifier.scheme != "doi":
        step.outcomes.append(outcome_for("doi_ra", [], records=0, skipped="not a DOI"))
        return AgencyAnswer(None, step)
    prefix = ctx.identifier.normalized.split("/", 1)[0]
    asked: list[AgencyAnswer] = []

    async def ask() -> str | None:
        fetched = await ctx.fetcher.fetch(
            f"{ctx.settings.doi_ra_api}{prefix}", purpose="doi_ra", accept="application/json"
        )
        asked.append(_agency_answer(fetched, prefix))
        return asked[0].agency

    agency, kept = await ctx.lookups.once("doi_ra", prefix, ask)
    if kept or not asked:
        step.outcomes.append(_ra_outcome([], f"{agency} (answer kept for prefix {prefix})"))
        return AgencyAnswer(agency, step)
    return asked[0]


def _agency_answer(fetched: Fetched, prefix: str) -> AgencyAnswer:
    step = StepResult()
    ids = [fetched.exchange.id]
    if not fetched.ok:
        step.outcomes.append(outcome_for("doi_ra", ids, records=0, failure=http_failure(fetched.exchange)))
        return AgencyAnswer(None, step)
    agency, problem = read_ra_answer(fetched.body)
    if agency is None and "does not exist" in problem.lower():
        step.outcomes.append(outcome_for("doi_ra", ids, records=0, message=problem))
        return AgencyAnswer(None, step, unregistered=True)
    if agency is None:
        step.outcomes.append(outcome_for("doi_ra", ids, records=0, failure=StepFailure("parse_error", problem)))
        return AgencyAnswer(None, step)
    step.outcomes.append(_ra_outcome(ids, f"{agency} holds prefix {prefix}"))
    return AgencyAnswer(agency, step)


def _ra_outcome(ids: list[int], message: str) -> StrategyOutcome:
    return outcome_for("doi_ra", ids, records=1, message=message)


def read_ra_answer(body: bytes) -> tuple[str | None, str]:
    """``[{"DOI": "10.5281", "RA": "DataCite"}]`` -> ("datacite", ""); a status answer ("DOI does not
    exist", "Invalid DOI") or an unreadable body -> (None, why)."""
    try:
        answer = json.loads(body)
    except ValueError as exc:
        return None, f"the RA answer is not JSON ({exc})"
    first = answer[0] if isinstance(answer, list) and answer else answer
    if not isinstance(first, dict):
        return None, "the RA answer names no agency"
    agency = first.get("RA")
    if isinstance(agency, str) and agency.strip() and agency.strip().lower() != "unknown":
        return agency.strip().lower(), ""
    return None, f"the DOI system answered: {first.get('status') or 'no agency'}"


async def harvest_registry(ctx: HarvestContext, answer: AgencyAnswer) -> DataciteResult:
    """The agency's own record of the DOI (see the module docstring for which API is asked)."""
    result = DataciteResult()
    if ctx.identifier.scheme != "doi":
        return await harvest_datacite(ctx)  # reports "not a DOI"
    if answer.unregistered:
        message = "the DOI system knows no registration agency for this DOI's prefix"
        result.step.outcomes.append(outcome_for("datacite_api", [], records=0, message=message))
        return result
    if answer.agency in (None, "datacite"):
        result = await harvest_datacite(ctx)
        if answer.agency is None and _not_registered(result):
            result.step.extend(await _crossref(ctx))
        return result
    result.step.outcomes.append(
        outcome_for("datacite_api", [], records=0, skipped=f"the DOI is registered with {answer.agency}")
    )
    if answer.agency == "crossref":
        result.step.extend(await _crossref(ctx))
    else:
        result.step.extend(await _csl_by_negotiation(ctx, answer.agency))
    return result


def _not_registered(result: DataciteResult) -> bool:
    return any(
        o.name == "datacite_api" and o.status == "empty" and "404" in (o.message or "") for o in result.step.outcomes
    )


async def _crossref(ctx: HarvestContext) -> StepResult:
    step = StepResult()
    url = f"{ctx.settings.crossref_api}/works/{ctx.identifier.normalized}"
    fetched = await ctx.fetcher.fetch(url, purpose="crossref_api", accept="application/json")
    ids = [fetched.exchange.id]
    if fetched.exchange.status == 404:
        message = "DOI not registered with Crossref (404)"
        step.outcomes.append(outcome_for("crossref_api", ids, records=0, message=message))
    elif not fetched.ok:
        step.outcomes.append(outcome_for("crossref_api", ids, records=0, failure=http_failure(fetched.exchange)))
    else:
        parsed = parse_crossref_api(fetched.body, fetched.url)
        records = step.take(parsed)
        unreadable = not records and any(f.severity == "error" for f in parsed.findings)
        problem = StepFailure("parse_error", "the Crossref answer could not be read") if unreadable else None
        step.outcomes.append(outcome_for("crossref_api", ids, records=records, failure=problem))
    return step


async def _csl_by_negotiation(ctx: HarvestContext, agency: str) -> StepResult:
    """Agencies without an API we read: CSL JSON through the DOI resolver, as each of them serves it."""
    step = StepResult()
    url = ctx.identifier.resolvable_url or f"{ctx.settings.doi_resolver}{ctx.identifier.normalized}"
    fetched = await ctx.fetcher.fetch(url, purpose="registry_conneg", accept=CSL_JSON)
    ids = [fetched.exchange.id]
    if not fetched.ok:
        failure = http_failure(fetched.exchange)
        if fetched.exchange.error is None:
            failure = StepFailure(failure.status, f"{failure.message} ({agency})")
        step.outcomes.append(outcome_for("registry_conneg", ids, records=0, failure=failure))
        return step
    parsed = parse_document(
        fetched.body,
        media_type=fetched.exchange.content_type or CSL_JSON,
        url=fetched.url,
        method="registry_conneg",
        reader=ctx.reader,
    )
    if parsed.kind != "csl-json":
        reason = f"CSL JSON not served (HTTP {fetched.exchange.status}, {fetched.exchange.content_type or 'no type'})"
        step.outcomes.append(outcome_for("registry_conneg", ids, records=0, message=reason))
        return step
    step.outcomes.append(outcome_for("registry_conneg", ids, records=step.take(parsed)))
    return step
