"""The harvest use case: from an identifier to a complete, read-only bundle of evidence.

Order matters only where one step needs another's output: the landing page first (its headers and
HTML carry the signposts), then signposting, content negotiation, DataCite/re3data and metadata
services side by side, then the merge, then data file sampling (it needs the merged file list).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from fairgauge.harvest.context import HarvestContext, StepResult, not_run
from fairgauge.harvest.fetch import Fetcher
from fairgauge.harvest.lookups import SharedLookups
from fairgauge.harvest.strategies.content import SampleTarget, TypeByName, sample_content
from fairgauge.harvest.strategies.datacite import DataciteResult
from fairgauge.harvest.strategies.landing import (
    fetch_landing,
    resolution_outcome,
    resolve_cite_as,
    resolve_metadata_pids,
)
from fairgauge.harvest.strategies.negotiation import negotiate
from fairgauge.harvest.strategies.registry import (
    AgencyAnswer,
    harvest_registry,
    registration_agency,
)
from fairgauge.harvest.strategies.rendering import render_landing
from fairgauge.harvest.strategies.services import ServiceOption, harvest_services
from fairgauge.harvest.strategies.signposts import SignpostResult, build_signposting, follow_signposting
from fairgauge.harvest.typed_links import cite_as as signposting_cite_as
from fairgauge.harvest.typed_links import links_from_headers, signposting_records
from fairgauge.harvest.warc import ReplayTransport, WarcArchive, WarcRecorder
from fairgauge.identifiers import Resolvers, read_identifier
from fairgauge.merge.keys import LicenseKey
from fairgauge.merge.records import merge_records
from fairgauge.model.community import CommunityReader
from fairgauge.model.findings import Finding, finding
from fairgauge.model.harvest import ContentSample, HarvestResult, reachability
from fairgauge.model.identifiers import Identifier
from fairgauge.model.metadata import MergedMetadata
from fairgauge.model.signposting import Link, about_landing
from fairgauge.settings import Settings


@dataclass(frozen=True)
class HarvestOptions:
    """Per-run choices beyond settings."""

    service: ServiceOption | None = None
    license_key: LicenseKey | None = None
    type_by_name: TypeByName | None = None
    lookups: SharedLookups | None = None  # answers shared by the harvests of a process (RA, re3data)
    community_reader: CommunityReader | None = None  # recognises FAIRtracks JSON; None: it is plain JSON


def resolvers_from(settings: Settings) -> Resolvers:
    return Resolvers(
        doi=settings.doi_resolver,
        handle=settings.handle_resolver,
        identifiers_org=settings.identifiers_org_resolver,
        n2t=settings.n2t_resolver,
        urn_nbn=settings.urn_nbn_resolver,
        orcid=settings.orcid_base,
    )


def open_fetcher(
    settings: Settings,
    *,
    replay: Sequence[Path] = (),
    record: Path | None = None,
    archive: WarcArchive | None = None,
) -> Fetcher:
    """A fetcher on the live network, or on archives when replaying (then nothing leaves the machine)."""
    if archive is None and replay:
        archive = WarcArchive.load(list(replay))
    transport: httpx.AsyncBaseTransport
    if archive:
        transport = ReplayTransport(archive, max_bytes=settings.max_response_bytes)
    else:
        from fairgauge.harvest.network import live_transport  # lazily: aiohttp etc. are live-only

        transport = live_transport(settings)
    recorder = WarcRecorder(record) if record else None
    fetcher = Fetcher(settings, transport, replayed=archive is not None, recorder=recorder)
    if archive is not None:
        fetcher.findings += [finding(warning.code, "warning", warning.message) for warning in archive.warnings]
    return fetcher


async def harvest_with(
    identifier: str, settings: Settings, fetcher: Fetcher, options: HarvestOptions | None = None
) -> HarvestResult:
    """Harvest one identifier with a fetcher the caller owns (batch runs share settings, not fetchers)."""
    options = options or HarvestOptions()
    started = datetime.now(UTC)
    resolvers = resolvers_from(settings)
    ident = read_identifier(identifier, resolvers)
    ctx = HarvestContext(
        settings=settings,
        fetcher=fetcher,
        identifier=ident,
        resolvers=resolvers,
        reader=options.community_reader,
        lookups=options.lookups or SharedLookups(),
    )
    landing = await fetch_landing(ctx)
    landing_urls = {u for u in (ident.resolvable_url, landing.url, landing.pid.final_url) if u}
    signs = SignpostResult()
    if landing.fetched is not None and landing.fetched.exchange.status is not None:
        signs = await follow_signposting(ctx, landing.fetched, landing.html_links, landing_urls)
    else:
        signs.step.outcomes.append(not_run("signposting", landing.step.outcomes, "the landing page was not read"))
    cite_as = signposting_cite_as(signs.links, landing_urls)
    agency = asyncio.ensure_future(registration_agency(ctx))
    conneg, datacite, cite_as_resolution, rendered = await asyncio.gather(
        negotiate(ctx, landing.fetched, agency),
        _registry(ctx, agency),
        resolve_cite_as(ctx, cite_as),
        render_landing(ctx, landing),
    )
    services = await harvest_services(ctx, options.service, datacite.repository, landing.url)
    steps = [landing.step, rendered.step, signs.step, (await agency).step, conneg, datacite.step, services.step]
    records = [record for step in steps for record in step.records]
    records += signposting_records(signs.links, landing_urls)
    merged, conflicts = merge_records(records, license_key=options.license_key)
    (samples, content_step), metadata_pids = await asyncio.gather(
        sample_content(ctx, _sample_targets(merged, signs.links, landing_urls), options.type_by_name),
        resolve_metadata_pids(ctx, [i.value.value for i in merged.identifiers], [cite_as] if cite_as else []),
    )
    steps.append(content_step)
    landing.step.outcomes += [
        resolution_outcome(
            "cite_as_resolution",
            [cite_as_resolution] if cite_as_resolution else [],
            fetcher.exchanges,
            "no cite-as PID to resolve",
        ),
        resolution_outcome(
            "metadata_pid_resolution", metadata_pids, fetcher.exchanges, "no other PID in the metadata to resolve"
        ),
    ]
    served = {url: f.exchange.content_type for url, f in signs.followed.items()}
    served.update({s.url: s.served_type for s in samples if s.served_type})
    links = [*signs.links, *_links_on_samples(samples, fetcher)]
    signposting = build_signposting(links, landing_urls, served, signs.step.findings, options.type_by_name)
    outcomes = [outcome for step in steps for outcome in step.outcomes]
    return HarvestResult(
        identifier=ident,
        landing_url=landing.url,
        landing_page=landing.page,
        pid_resolution=landing.pid,
        cite_as_resolution=cite_as_resolution,
        metadata_pid_resolutions=metadata_pids,
        exchanges=list(fetcher.exchanges),
        signposting=signposting,
        records=records,
        metadata=merged,
        conflicts=conflicts,
        content_samples=samples,
        community_documents=[doc for step in steps for doc in step.documents],
        repository=datacite.repository,
        services=services.probes,
        outcomes=outcomes,
        reachability=reachability(outcomes, landing.url is not None, len(records)),
        findings=[*_identifier_findings(ident), *fetcher.findings, *_non_signposting(steps)],
        rendering=rendered.rendering,
        started_at=started,
        finished_at=datetime.now(UTC),
    )


async def _registry(ctx: HarvestContext, agency: Awaitable[AgencyAnswer]) -> DataciteResult:
    return await harvest_registry(ctx, await agency)


def _sample_targets(merged: MergedMetadata, links: Sequence[Link], landing_urls: set[str]) -> list[SampleTarget]:
    """Files from merged metadata first, then signposting items, each URL once."""
    targets: dict[str, SampleTarget] = {}
    for item in merged.content_files:
        file = item.value
        targets.setdefault(file.url, SampleTarget(file.url, file.media_type, file.size))
    for link in about_landing(links, landing_urls):
        if link.rel == "item":
            targets.setdefault(link.href, SampleTarget(link.href, link.type, None))
    return list(targets.values())


def _links_on_samples(samples: Sequence[ContentSample], fetcher: Fetcher) -> list[Link]:
    """Link headers served with data files (e.g. rel=collection back to the landing page, profile)."""
    by_id = {exchange.id: exchange for exchange in fetcher.exchanges}
    found: list[Link] = []
    for sample in samples:
        exchanges = [by_id[i] for i in sample.exchange_ids if i in by_id and by_id[i].status is not None]
        if exchanges:
            final = exchanges[-1]
            found += links_from_headers(final.header_values("link"), final.final_url or sample.url)[0]
    return found


def _identifier_findings(ident: Identifier) -> list[Finding]:
    if not ident.https_assumed:
        return []
    message = f"{ident.given.strip()!r} has no scheme: it was read as {ident.resolvable_url}"
    return [finding("identifier.https_assumed", "info", message, url=ident.resolvable_url)]


def _non_signposting(steps: Sequence[StepResult]) -> list[Finding]:
    return [f for step in steps for f in step.findings if not f.code.startswith("signposting.")]


def harvest(
    identifier: str,
    settings: Settings,
    *,
    replay: Sequence[Path] = (),
    record: Path | None = None,
    options: HarvestOptions | None = None,
) -> HarvestResult:
    """Synchronous convenience: open a fetcher (live, replayed or recording), harvest, close. An identifier
    that cannot be assessed raises ``IdentifierError`` before anything is opened."""
    read_identifier(identifier, resolvers_from(settings))

    async def run() -> HarvestResult:
        async with open_fetcher(settings, replay=replay, record=record) as fetcher:
            return await harvest_with(identifier, settings, fetcher, options)

    return asyncio.run(run())
