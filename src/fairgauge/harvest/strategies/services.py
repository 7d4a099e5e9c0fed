"""Step 5: metadata services (OAI-PMH, OGC CSW, SPARQL), given by the user or named by re3data.

A service tells us which metadata standards a repository offers (FsF-R1.3-01M) and may hold the
object's own record. OAI and CSW record identifiers are repository-specific, so a few likely forms
are tried; not finding the record is reported, not treated as a failure of the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from fairgauge.extract import parse_csw, parse_oai_pmh, parse_sparql
from fairgauge.extract.records import ParsedDocument
from fairgauge.harvest.context import HarvestContext, StepResult, http_failure, outcome_for
from fairgauge.harvest.fetch import Fetched
from fairgauge.model.harvest import MetadataStandardRef, ProbeSource, RepositoryInfo, ServiceProbe, ServiceType

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


def _plan(option: ServiceOption | None, repository: RepositoryInfo | None) -> list[tuple[ServiceOption, ProbeSource]]:
    planned: list[tuple[ServiceOption, ProbeSource]] = []
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


@dataclass(frozen=True)
class _Catalogue:
    """How to ask one kind of catalogue service what it offers, and for one record."""

    kind: ServiceType
    capabilities: dict[str, str]
    record_query: Callable[[str, list[MetadataStandardRef]], dict[str, str]]
    parse: Callable[[bytes, str | None], ParsedDocument]
    capabilities_verb: str
    record_verb: str


def _oai_record(candidate: str, offered: list[MetadataStandardRef]) -> dict[str, str]:
    prefix = "oai_dc" if any(s.prefix == "oai_dc" for s in offered) or not offered else offered[0].prefix or "oai_dc"
    return {"verb": "GetRecord", "metadataPrefix": prefix, "identifier": candidate}


def _csw_record(candidate: str, offered: list[MetadataStandardRef]) -> dict[str, str]:
    return {
        "service": "CSW",
        "version": "2.0.2",
        "request": "GetRecordById",
        "id": candidate,
        "outputSchema": "http://www.isotc211.org/2005/gmd",
        "elementSetName": "full",
    }


_OAI_PMH = _Catalogue(
    "oai_pmh", {"verb": "ListMetadataFormats"}, _oai_record, parse_oai_pmh, "ListMetadataFormats", "GetRecord"
)
_CSW = _Catalogue(
    "ogc_csw",
    {"service": "CSW", "request": "GetCapabilities"},
    _csw_record,
    parse_csw,
    "GetCapabilities",
    "GetRecordById",
)


async def _probe_catalogue(
    ctx: HarvestContext, service: ServiceOption, source: ProbeSource, landing_url: str | None, catalogue: _Catalogue
) -> tuple[StepResult, ServiceProbe]:
    """Ask what the service offers, then try the likely record identifiers until one answers."""
    step = StepResult()
    offer = await ctx.fetcher.fetch(
        _with_query(service.endpoint, catalogue.capabilities),
        purpose=f"{catalogue.kind}:{catalogue.capabilities_verb}",
        accept=XML_ACCEPT,
    )
    ids = [offer.exchange.id]
    error = _failed(offer)
    probe = ServiceProbe(
        type=catalogue.kind,
        endpoint=service.endpoint,
        source=source,
        reachable=offer.exchange.status is not None,
        error=error,
    )
    if error is None:
        parsed = catalogue.parse(offer.body, offer.url)
        step.findings.extend(parsed.findings)
        probe = probe.model_copy(update={"metadata_standards": parsed.standards})
        for candidate in _record_candidates(ctx, landing_url):
            got = await ctx.fetcher.fetch(
                _with_query(service.endpoint, catalogue.record_query(candidate, parsed.standards)),
                purpose=f"{catalogue.kind}:{catalogue.record_verb}",
                accept=XML_ACCEPT,
            )
            ids.append(got.exchange.id)
            record = catalogue.parse(got.body, got.url) if got.ok else None
            if record is not None and record.records:
                step.take(record)
                probe = probe.model_copy(update={"record_found": True})
                break
    failure = http_failure(offer.exchange) if error else None
    step.outcomes.append(
        outcome_for("metadata_service", ids, records=len(step.records), detail=catalogue.kind, failure=failure)
    )
    return step, probe


async def _probe_oai(
    ctx: HarvestContext, service: ServiceOption, source: ProbeSource, landing_url: str | None
) -> tuple[StepResult, ServiceProbe]:
    return await _probe_catalogue(ctx, service, source, landing_url, _OAI_PMH)


async def _probe_csw(
    ctx: HarvestContext, service: ServiceOption, source: ProbeSource, landing_url: str | None
) -> tuple[StepResult, ServiceProbe]:
    return await _probe_catalogue(ctx, service, source, landing_url, _CSW)


async def _probe_sparql(
    ctx: HarvestContext, service: ServiceOption, source: ProbeSource, landing_url: str | None
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
    failure = http_failure(got.exchange) if error else None
    step.outcomes.append(
        outcome_for("metadata_service", [got.exchange.id], records=len(step.records), detail="sparql", failure=failure)
    )
    return step, probe


_PROBES = {"oai_pmh": _probe_oai, "ogc_csw": _probe_csw, "sparql": _probe_sparql}
