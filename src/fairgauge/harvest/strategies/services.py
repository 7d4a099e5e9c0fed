"""Step 5: metadata services (OAI-PMH, OGC CSW, SPARQL), given by the user or named by re3data.

A service tells us which metadata standards a repository offers (FsF-R1.3-01M) and may hold the
object's own record. OAI and CSW record identifiers are repository-specific, so a few likely forms
are tried; not finding the record is reported, not treated as a failure of the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode, urlsplit

from fairgauge.harvest.context import HarvestContext, StepResult, outcome_for
from fairgauge.harvest.extractors import parse_csw, parse_oai_pmh, parse_sparql
from fairgauge.harvest.fetch import Fetched
from fairgauge.model.harvest import RepositoryInfo, ServiceProbe

ServiceType = Literal["oai_pmh", "ogc_csw", "sparql"]
XML_ACCEPT = "application/xml, text/xml;q=0.9"
_RE3DATA_TYPES: dict[str, ServiceType] = {"oai-pmh": "oai_pmh", "sparql": "sparql", "csw": "ogc_csw"}


@dataclass(frozen=True)
class ServiceOption:
    endpoint: str
    type: ServiceType


@dataclass
class ServicesResult:
    step: StepResult = field(default_factory=StepResult)
    probes: list[ServiceProbe] = field(default_factory=list)


async def harvest_services(
    ctx: HarvestContext, option: ServiceOption | None, repository: RepositoryInfo | None, landing_url: str | None
) -> ServicesResult:
    result = ServicesResult()
    planned = _plan(option, repository)
    if not planned:
        result.step.outcomes.append(
            outcome_for("metadata_service", [], records=0, skipped="no metadata service endpoint given or discovered")
        )
        return result
    for service, source in planned:
        probe_step, probe = await _PROBES[service.type](ctx, service, source, landing_url)
        result.step.extend(probe_step)
        result.probes.append(probe)
    return result


def _plan(option: ServiceOption | None, repository: RepositoryInfo | None) -> list[tuple[ServiceOption, str]]:
    planned: list[tuple[ServiceOption, str]] = []
    if option is not None:
        planned.append((option, "option"))
    for endpoint in repository.api_endpoints if repository else []:
        kind = _RE3DATA_TYPES.get(endpoint.type.lower())
        if kind and not any(p[0].endpoint == endpoint.url for p in planned):
            planned.append((ServiceOption(endpoint.url, kind), "re3data"))
    return planned[:3]


def _record_candidates(ctx: HarvestContext, landing_url: str | None) -> list[str]:
    """Likely record identifiers: OAI's ``oai:<host>:<local id>`` from the landing URL, then the PID forms."""
    ident = ctx.identifier
    candidates: list[str] = []
    if landing_url:
        parts = urlsplit(landing_url)
        tail = parts.path.rstrip("/").rsplit("/", 1)[-1]
        host = (parts.hostname or "").removeprefix("www.")
        candidates.append(f"oai:{host}:{tail}")
    candidates += [ident.normalized, ident.given.strip()]
    if ident.scheme == "doi":
        candidates.append(f"doi:{ident.normalized}")
    return list(dict.fromkeys(c for c in candidates if c))[:3]


def _with_query(endpoint: str, params: dict[str, str]) -> str:
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def _failed(fetched: Fetched) -> str | None:
    return fetched.exchange.error or (None if fetched.ok else f"HTTP {fetched.exchange.status}")


async def _probe_oai(
    ctx: HarvestContext, service: ServiceOption, source: str, landing_url: str | None
) -> tuple[StepResult, ServiceProbe]:
    step = StepResult()
    listing = await ctx.fetcher.fetch(
        _with_query(service.endpoint, {"verb": "ListMetadataFormats"}),
        purpose="oai_pmh:ListMetadataFormats",
        accept=XML_ACCEPT,
    )
    ids = [listing.exchange.id]
    error = _failed(listing)
    probe = ServiceProbe(
        type="oai_pmh",
        endpoint=service.endpoint,
        source=source,
        reachable=listing.exchange.status is not None,
        error=error,
    )
    if error is None:
        parsed = parse_oai_pmh(listing.body, listing.url)
        step.findings.extend(parsed.findings)
        probe = probe.model_copy(update={"metadata_standards": parsed.standards})
        prefix = next((s.prefix for s in parsed.standards if s.prefix == "oai_dc"), "oai_dc")
        for candidate in _record_candidates(ctx, landing_url):
            got = await ctx.fetcher.fetch(
                _with_query(
                    service.endpoint,
                    {"verb": "GetRecord", "metadataPrefix": prefix or "oai_dc", "identifier": candidate},
                ),
                purpose="oai_pmh:GetRecord",
                accept=XML_ACCEPT,
            )
            ids.append(got.exchange.id)
            record = parse_oai_pmh(got.body, got.url) if got.ok else None
            if record is not None and record.records:
                step.records.extend(record.records)
                probe = probe.model_copy(update={"record_found": True})
                break
    step.outcomes.append(outcome_for("metadata_service:oai_pmh", ids, records=len(step.records), error=error))
    return step, probe


async def _probe_csw(
    ctx: HarvestContext, service: ServiceOption, source: str, landing_url: str | None
) -> tuple[StepResult, ServiceProbe]:
    step = StepResult()
    caps = await ctx.fetcher.fetch(
        _with_query(service.endpoint, {"service": "CSW", "request": "GetCapabilities"}),
        purpose="ogc_csw:GetCapabilities",
        accept=XML_ACCEPT,
    )
    ids = [caps.exchange.id]
    error = _failed(caps)
    probe = ServiceProbe(
        type="ogc_csw",
        endpoint=service.endpoint,
        source=source,
        reachable=caps.exchange.status is not None,
        error=error,
    )
    if error is None:
        parsed = parse_csw(caps.body, caps.url)
        step.findings.extend(parsed.findings)
        probe = probe.model_copy(update={"metadata_standards": parsed.standards})
        for candidate in _record_candidates(ctx, landing_url):
            got = await ctx.fetcher.fetch(
                _with_query(
                    service.endpoint,
                    {
                        "service": "CSW",
                        "version": "2.0.2",
                        "request": "GetRecordById",
                        "id": candidate,
                        "outputSchema": "http://www.isotc211.org/2005/gmd",
                        "elementSetName": "full",
                    },
                ),
                purpose="ogc_csw:GetRecordById",
                accept=XML_ACCEPT,
            )
            ids.append(got.exchange.id)
            record = parse_csw(got.body, got.url) if got.ok else None
            if record is not None and record.records:
                step.records.extend(record.records)
                probe = probe.model_copy(update={"record_found": True})
                break
    step.outcomes.append(outcome_for("metadata_service:ogc_csw", ids, records=len(step.records), error=error))
    return step, probe


async def _probe_sparql(
    ctx: HarvestContext, service: ServiceOption, source: str, landing_url: str | None
) -> tuple[StepResult, ServiceProbe]:
    step = StepResult()
    subjects = [u for u in (ctx.identifier.resolvable_url, landing_url, ctx.identifier.given.strip()) if u]
    query = "DESCRIBE " + " ".join(f"<{s}>" for s in dict.fromkeys(subjects) if s.startswith("http"))
    got = await ctx.fetcher.fetch(
        _with_query(service.endpoint, {"query": query}),
        purpose="sparql:DESCRIBE",
        accept="text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8",
    )
    error = _failed(got)
    probe = ServiceProbe(
        type="sparql",
        endpoint=service.endpoint,
        source=source,
        reachable=got.exchange.status is not None,
        error=error,
    )
    if error is None:
        parsed = parse_sparql(got.body, got.exchange.content_type, got.url)
        step.records.extend(parsed.records)
        step.findings.extend(parsed.findings)
        probe = probe.model_copy(update={"record_found": bool(parsed.records)})
    step.outcomes.append(
        outcome_for("metadata_service:sparql", [got.exchange.id], records=len(step.records), error=error)
    )
    return step, probe


_PROBES = {"oai_pmh": _probe_oai, "ogc_csw": _probe_csw, "sparql": _probe_sparql}
