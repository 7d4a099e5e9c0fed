"""The composition root: the one place that builds fairgauge's long-lived services.

The CLI commands, ``create_app`` (the web app), batch runs and tests all build through these
functions; nothing else constructs an assessor, an HTTP stack, a store or FAIRtracks services. A
long-lived process (``fairgauge serve``) builds once and shares: settings, reference data, profiles,
the check registry, the FAIRtracks services, and one HTTP client (connection pool + SSL context).

::

    build_settings -> Settings
    build_refdata -> ReferenceData          build_registry -> CheckRegistry
    build_assessor(settings, ref, registry) -> Assessor (profiles loaded once, kept)
    build_http(settings, replay) -> SharedHttp  (live guarded pool, or WARC replay)
    build_lookups() -> SharedLookups         (RA per DOI prefix, re3data records; held by the assessor)
    build_store(settings | url) -> Store     build_tracks(settings) -> TracksServices
    build_services(settings, ...) -> Services (all of the above, for a server)
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fairgauge.settings import Settings, load_settings

if TYPE_CHECKING:
    from fairgauge.assessment import Assessor
    from fairgauge.harvest.client import SharedHttp
    from fairgauge.harvest.harvester import HarvestOptions
    from fairgauge.harvest.lookups import SharedLookups
    from fairgauge.harvest.strategies.services import ServiceOption
    from fairgauge.metrics.registry import CheckRegistry
    from fairgauge.model.harvest import HarvestResult
    from fairgauge.model.report import Report
    from fairgauge.refdata.reference import ReferenceData
    from fairgauge.store import Store
    from fairgauge.tracks.ontology.index import Progress
    from fairgauge.tracks.service import TracksService


def build_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Defaults < config file < FAIRGAUGE_* environment < ``overrides``."""
    return load_settings(config_file, **overrides)


def build_refdata() -> ReferenceData:
    from fairgauge.refdata.reference import load_reference_data

    return load_reference_data()


def build_registry() -> CheckRegistry:
    from fairgauge.metrics.registry import CheckRegistry

    return CheckRegistry.default()


def build_assessor(
    settings: Settings,
    *,
    ref: ReferenceData | None = None,
    registry: CheckRegistry | None = None,
    profiles: Sequence[str] = (),
) -> Assessor:
    """The assessor; ``profiles`` are loaded now (an unknown one fails here, before any request). It holds
    the process's shared lookups (RA per DOI prefix, re3data records): one per assessor, so one per
    server and one per batch worker process."""
    from fairgauge.assessment import Assessor

    assessor = Assessor(
        settings, ref=ref or build_refdata(), registry=registry or build_registry(), lookups=build_lookups()
    )
    for reference in profiles:
        assessor.profile(reference)
    return assessor


def build_lookups() -> SharedLookups:
    """Answers shared by the assessments of a process (see :mod:`fairgauge.harvest.lookups`)."""
    from fairgauge.harvest.lookups import SharedLookups

    return SharedLookups()


def build_http(settings: Settings, *, replay: Sequence[Path] = ()) -> SharedHttp:
    """The process's HTTP stack: the guarded live pool, or the given WARC archives (fully offline)."""
    from fairgauge.harvest.client import SharedHttp

    return SharedHttp(settings, replay=replay)


def build_store(settings: Settings, database_url: str | None = None) -> Store:
    """The store at ``database_url``, else ``settings.database_url``, else SQLite in the data directory;
    the schema is upgraded on open."""
    from fairgauge.store import default_database_url, open_store

    return open_store(database_url or settings.database_url or default_database_url(settings.data_dir))


def service_option(
    endpoint: str | None,
    kind: str | None,
    names: tuple[str, str] = ("metadata_service_endpoint", "metadata_service_type"),
) -> ServiceOption | None:
    """A metadata service endpoint with its type; both or neither (one-line InputError otherwise).
    ``names`` are how the caller's interface spells the two options (for the message)."""
    from fairgauge.errors import InputError
    from fairgauge.harvest.strategies.services import ServiceOption
    from fairgauge.model.harvest import SERVICE_TYPES

    if not endpoint and not kind:
        return None
    if not endpoint or not kind:
        raise InputError(f"{names[0]} and {names[1]} must be given together")
    if not endpoint.lower().startswith(("http://", "https://")):
        raise InputError(f"{names[0]} must be an http(s) URL, got {endpoint!r}")
    for known in SERVICE_TYPES:
        if kind == known:
            return ServiceOption(endpoint=endpoint, type=known)
    raise InputError(f"unknown {names[1]} {kind!r} (choose from {', '.join(SERVICE_TYPES)})")


class TracksServices:
    """FAIRtracks services per ontology source, built on first use and kept (one per app or process)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._built: dict[str, TracksService] = {}
        self._lock = threading.Lock()

    def get(self, mode: str | None = None) -> TracksService:
        from fairgauge.errors import InputError
        from fairgauge.model.terms import ONTOLOGY_SOURCES

        mode = self.settings.tracks_ontology_source if mode is None else mode
        if mode not in ONTOLOGY_SOURCES:
            raise InputError(f"unknown ontology_source {mode!r} (choose from {', '.join(ONTOLOGY_SOURCES)})")
        with self._lock:
            if mode not in self._built:
                self._built[mode] = build_tracks_service(self.settings, ontology_source=mode)
            return self._built[mode]


def build_tracks_service(
    settings: Settings,
    *,
    ontology_source: str | None = None,
    schema_paths: Sequence[Path] = (),
    ontology_files: Sequence[Path] = (),
    resolve_curies: bool = False,
    progress: Progress | None = None,
) -> TracksService:
    """FAIRtracks services; online term sources and CURIE resolvers come from harvest (the network)."""
    from fairgauge.tracks.service import build_service

    mode = ontology_source or settings.tracks_ontology_source
    online = resolver = None
    if mode == "ols" or resolve_curies:
        from fairgauge.harvest.ols import IdentifiersOrgResolver, OlsTermSource

        online = OlsTermSource(settings) if mode == "ols" else None
        resolver = IdentifiersOrgResolver(settings) if resolve_curies else None
    return build_service(
        settings,
        schema_paths=schema_paths,
        ontology_files=ontology_files,
        ontology_source=mode,
        online_terms=online,
        resolver=resolver,
        progress=progress,
    )


def build_tracks(settings: Settings) -> TracksServices:
    return TracksServices(settings)


@dataclass
class Services:
    """Everything a long-lived process shares; built once by :func:`build_services`."""

    settings: Settings
    assessor: Assessor
    http: SharedHttp
    tracks: TracksServices
    store: Store | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def replayed(self) -> list[str]:
        return self.http.replayed

    async def assess(
        self,
        identifier: str,
        *,
        profile: str = "fsf-0.8",
        service: ServiceOption | None = None,
        record: Path | None = None,
        settings: Settings | None = None,
    ) -> Report:
        """One assessment over the shared HTTP client (its own fetcher keeps its exchanges apart);
        ``settings`` overrides harvesting choices for this assessment only."""
        async with self.http.fetcher(record=record, settings=settings) as fetcher:
            return await self.assessor.assess_with(
                identifier, fetcher, profile=profile, service=service, replayed=self.replayed, settings=settings
            )

    def harvest_options(self, service: ServiceOption | None = None) -> HarvestOptions:
        return self.assessor.harvest_options(service)

    async def harvest(
        self, identifier: str, *, service: ServiceOption | None = None, record: Path | None = None
    ) -> HarvestResult:
        from fairgauge.harvest.harvester import harvest_with

        async with self.http.fetcher(record=record) as fetcher:
            return await harvest_with(identifier, self.settings, fetcher, self.harvest_options(service))

    def settle(self, profile: str | None = None) -> None:
        """Start-up is over: load the reference data and ``profile`` (None: the default one) now, then
        freeze everything built so far out of the garbage collector's walks.

        Why: a server keeps ~120,000 long-lived objects (reference data, profiles, modules, routes) and
        makes hundreds of thousands of short-lived ones per second under load; every older-generation
        collection walked the long-lived heap again. Frozen objects are never scanned (they are still
        freed by reference counting), which cut the server's CPU per assessment by ~2 ms on
        bench/service.py, and no request pays for a first lookup. Batch workers do the same (garbage
        collection was ~15% of a worker's CPU; frozen, ~1 ms per object less). The thresholds stay the
        default: larger young generations saved another millisecond but left cyclic garbage for rare full
        collections, and a worker's memory grew over a 10,000-object run. Only for a process fairgauge
        owns (``fairgauge serve``, a batch worker): a frozen heap in a process that builds many apps
        (tests) would keep their cyclic garbage."""
        self.assessor.ref.preload()
        if profile is None:
            self.assessor.profile()
        else:
            self.assessor.profile(profile)
        gc.collect()
        gc.freeze()

    async def aclose(self) -> None:
        await self.http.aclose()

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def build_services(
    settings: Settings,
    *,
    replay: Sequence[Path] | None = None,
    database_url: str | None = None,
    with_store: bool = True,
    assessor: Assessor | None = None,
    profiles: Sequence[str] = ("fsf-0.8",),
) -> Services:
    """All long-lived services of a process; ``replay`` defaults to ``settings.replay``."""
    archives = list(settings.replay if replay is None else replay)
    return Services(
        settings=settings,
        assessor=assessor or build_assessor(settings, profiles=profiles),
        http=build_http(settings, replay=archives),
        tracks=build_tracks(settings),
        store=build_store(settings, database_url) if with_store else None,
    )
