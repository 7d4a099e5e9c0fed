"""Step 4: the DataCite REST API record of a DOI and the re3data record of its repository."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fairgauge.extract import parse_datacite_api, parse_re3data
from fairgauge.harvest.context import (
    HarvestContext,
    StepFailure,
    StepResult,
    exchange_failure,
    http_failure,
    outcome_for,
    parse_failure,
)
from fairgauge.harvest.lookups import KeptRepository
from fairgauge.model.harvest import RepositoryInfo

_R3D_ID = re.compile(r"(r3d1\d{8})", re.I)


@dataclass
class DataciteResult:
    step: StepResult = field(default_factory=StepResult)
    repository: RepositoryInfo | None = None


async def harvest_datacite(ctx: HarvestContext) -> DataciteResult:
    """For DOIs only: the registry's own record (PID metadata outlives landing pages) and the
    repository context (re3data) behind the DataCite client."""
    result = DataciteResult()
    if ctx.identifier.scheme != "doi":
        result.step.outcomes.append(outcome_for("datacite_api", [], records=0, skipped="not a DOI"))
        return result
    if not ctx.settings.use_datacite:
        result.step.outcomes.append(outcome_for("datacite_api", [], records=0, skipped="disabled in settings"))
        return result
    url = f"{ctx.settings.datacite_api}/dois/{ctx.identifier.normalized}?include=media,client"
    fetched = await ctx.fetcher.fetch(url, purpose="datacite_api", accept="application/vnd.api+json, application/json")
    ids = [fetched.exchange.id]
    if not fetched.ok:
        if fetched.exchange.status == 404:
            message = "DOI not registered with DataCite (404)"
            result.step.outcomes.append(outcome_for("datacite_api", ids, records=0, message=message))
        else:
            result.step.outcomes.append(
                outcome_for("datacite_api", ids, records=0, failure=http_failure(fetched.exchange))
            )
        return result
    parsed = parse_datacite_api(fetched.body, fetched.url)
    result.step.records.extend(parsed.records)
    result.step.findings.extend(parsed.findings)
    failure = parse_failure(parsed.findings, len(parsed.records))
    result.step.outcomes.append(outcome_for("datacite_api", ids, records=len(parsed.records), failure=failure))
    if parsed.repository is not None:
        result.repository = await _repository(ctx, parsed.repository, result.step)
    return result


async def _repository(ctx: HarvestContext, client: RepositoryInfo, step: StepResult) -> RepositoryInfo:
    """Follow the client's re3data DOI to its r3d id, then read the re3data API record."""
    if not client.re3data_doi and not client.re3data_id:
        step.outcomes.append(
            outcome_for("re3data", [], records=0, skipped="the DataCite client names no re3data record")
        )
        return client
    reference = client.re3data_id or client.re3data_doi or ""
    asked: list[RepositoryInfo] = []

    async def ask() -> KeptRepository | None:
        kept, repository = await _read_re3data(ctx, client, step)
        asked.append(repository)
        return kept

    kept, from_earlier = await ctx.lookups.once("re3data", reference, ask)
    if kept is not None and (from_earlier or not asked):
        message = f"re3data record {kept.r3d_id}, kept from an earlier object of this process (same repository)"
        step.outcomes.append(outcome_for("re3data", [], records=1, message=message))
        return _combine(client, kept.repository, kept.r3d_id)
    return asked[0] if asked else client


async def _read_re3data(
    ctx: HarvestContext, client: RepositoryInfo, step: StepResult
) -> tuple[KeptRepository | None, RepositoryInfo]:
    """Resolve the client's re3data DOI to its r3d id and read the record; the record is worth keeping
    (for the next object of the repository) only when it was read."""
    r3d_id: str | None = client.re3data_id
    ids: list[int] = []
    if r3d_id is None and client.re3data_doi:
        r3d_id, ids = await _resolve_re3data_doi(ctx, client.re3data_doi)
    if r3d_id is None:
        asked = [e for e in ctx.fetcher.exchanges if e.id in ids]
        unanswered = exchange_failure(asked)
        failure = StepFailure(
            unanswered.status if unanswered else "network_error",
            f"the re3data DOI did not resolve to an r3d id{f' ({unanswered.message})' if unanswered else ''}",
        )
        step.outcomes.append(outcome_for("re3data", ids, records=0, failure=failure))
        return None, client
    fetched = await ctx.fetcher.fetch(
        f"{ctx.settings.re3data_api}/repository/{r3d_id}", purpose="re3data", accept="application/xml, text/xml"
    )
    ids.append(fetched.exchange.id)
    if not fetched.ok:
        step.outcomes.append(outcome_for("re3data", ids, records=0, failure=http_failure(fetched.exchange)))
        return None, client.model_copy(update={"re3data_id": r3d_id})
    parsed = parse_re3data(fetched.body, fetched.url)
    step.findings.extend(parsed.findings)
    found = 1 if parsed.repository else 0
    step.outcomes.append(outcome_for("re3data", ids, records=found, failure=parse_failure(parsed.findings, found)))
    if parsed.repository is None:
        return None, client.model_copy(update={"re3data_id": r3d_id})
    return KeptRepository(r3d_id, parsed.repository), _combine(client, parsed.repository, r3d_id)


async def _resolve_re3data_doi(ctx: HarvestContext, doi_url: str) -> tuple[str | None, list[int]]:
    match = _R3D_ID.search(doi_url)
    if match:
        return match.group(1).lower(), []
    doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi_url.strip(), flags=re.I)
    fetched = await ctx.fetcher.fetch(f"{ctx.settings.doi_resolver}{doi}", purpose="re3data:resolve_doi", method="HEAD")
    chain = [r.location for r in fetched.exchange.redirects] + [fetched.exchange.final_url or ""]
    found = next((m.group(1).lower() for url in chain if (m := _R3D_ID.search(url))), None)
    return found, [fetched.exchange.id]


def _combine(client: RepositoryInfo, repository: RepositoryInfo, r3d_id: str) -> RepositoryInfo:
    return repository.model_copy(
        update={
            "datacite_client_id": client.datacite_client_id,
            "re3data_doi": client.re3data_doi,
            "re3data_id": repository.re3data_id or r3d_id,
            "name": repository.name or client.name,
            "url": repository.url or client.url,
        }
    )
