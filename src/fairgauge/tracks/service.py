"""Building the FAIRtracks services once, from settings, for the CLI, the web app and metric checks.

Nothing here touches the network: an online term source or CURIE resolver (from
``fairgauge.harvest``) is built by the caller and passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fairgauge.errors import InputError
from fairgauge.model.terms import ONTOLOGY_SOURCES
from fairgauge.settings import Settings
from fairgauge.tracks.augment import Augmenter, AugmentReport
from fairgauge.tracks.curies import CurieRegistry, CurieResolver
from fairgauge.tracks.jsonload import LoadedDocument
from fairgauge.tracks.keywords import KeywordCheck, load_checks
from fairgauge.tracks.keywords.declarations import check_declarations
from fairgauge.tracks.keywords.known import KnownKeys
from fairgauge.tracks.ontology.index import OntologyIndex, Progress
from fairgauge.tracks.ontology.local import LocalFilePack
from fairgauge.tracks.ontology.model import PackProvider
from fairgauge.tracks.ontology.packaged import cellxgene_packs, edam_pack
from fairgauge.tracks.ontology.source import BudgetedSource, ChainedSource, TermSource
from fairgauge.tracks.report import ValidationReport
from fairgauge.tracks.schemagraph import SchemaGraph
from fairgauge.tracks.schemaset import Catalogue, build_catalogue
from fairgauge.tracks.sink import DEFAULT_PER_DOCUMENT, DEFAULT_TOTAL
from fairgauge.tracks.species import SpeciesNames, load_table
from fairgauge.tracks.validator import TracksValidator

INDEX_FILE = "ontology-index.sqlite"


def tracks_cache(settings: Settings) -> Path:
    return settings.cache_dir / "tracks"


def fetched_ontologies(settings: Settings) -> Path:
    """Where ``fairgauge tracks ontologies fetch`` keeps downloaded releases (one file per ontology)."""
    return tracks_cache(settings) / "ontologies"


def offline_providers(settings: Settings, extra_files: Sequence[Path] = ()) -> list[PackProvider]:
    """Local files (settings, fetched releases, then the call's) and, unless switched off, packaged data."""
    folder = fetched_ontologies(settings)
    fetched = sorted(p for p in folder.glob("*.obo") if p.is_file()) if folder.is_dir() else []
    files = list(dict.fromkeys(p.resolve() for p in (*settings.tracks_ontology_files, *fetched, *extra_files)))
    providers: list[PackProvider] = [LocalFilePack(p) for p in files]
    if settings.tracks_packaged_ontologies:
        providers.extend(cellxgene_packs())
        edam = edam_pack()
        if edam is not None:
            providers.append(edam)
    return providers


def open_offline_index(
    settings: Settings, extra_files: Sequence[Path] = (), *, progress: Progress | None = None
) -> OntologyIndex:
    """The compiled offline index (built on first use, then opened in milliseconds)."""
    return OntologyIndex(tracks_cache(settings) / INDEX_FILE, offline_providers(settings, extra_files), progress)


@dataclass
class TracksService:
    """Schemas, term sources, CURIE registry and keyword checks, built once; validators and augmenters per
    call. The checks are stateless (a run's state is its CheckContext); loading them reads every installed
    distribution's entry points for plug-ins, ~12 ms of CPU, which a validator per call (each web
    validation, each CLI document set) paid again: more than half of validating a small document."""

    catalogue: Catalogue
    curies: CurieRegistry
    terms: TermSource | None
    resolver: CurieResolver | None = None
    species_table: dict[str, str] = field(default_factory=load_table)
    ontology_sources: list[str] = field(default_factory=list)
    online: TermSource | None = None
    online_limit: int = 500
    max_per_document: int = DEFAULT_PER_DOCUMENT
    max_problems: int = DEFAULT_TOTAL
    checks: tuple[KeywordCheck, ...] = field(default_factory=load_checks)

    def run_terms(self) -> TermSource | None:
        """The term source of one run: the online source (if any) on a fresh per-run budget, then the index."""
        if self.online is None or self.terms is None:
            return self.terms
        return ChainedSource([BudgetedSource(self.online, self.online_limit), self.terms])

    def validator(self) -> TracksValidator:
        sources: dict[str, Any] = {
            "ontology": self.ontology_sources if self.terms is not None else ["off"],
            "curie": self.curies.source + (f" + {self.resolver.name}" if self.resolver else ""),
            "schemas": [b.name for b in self.catalogue.all_bundles()],
        }
        return TracksValidator(
            self.catalogue,
            self.curies,
            self.run_terms(),
            self.resolver,
            checks=self.checks,
            sources=sources,
            max_per_document=self.max_per_document,
            max_problems=self.max_problems,
        )

    def validate(
        self,
        documents: Sequence[LoadedDocument],
        schema_version: str | None = None,
        known_keys: KnownKeys | None = None,
    ) -> ValidationReport:
        return self.validator().validate(documents, schema_version=schema_version, known_keys=known_keys)

    def augment(self, document: LoadedDocument, schema_version: str | None = None) -> tuple[Any, AugmentReport]:
        validator = self.validator()
        augmenter = Augmenter(validator, SpeciesNames(self.species_table, validator.terms))
        return augmenter.augment(document, schema_version=schema_version)


def build_service(
    settings: Settings,
    *,
    schema_paths: Sequence[Path] = (),
    ontology_files: Sequence[Path] = (),
    ontology_source: str | None = None,
    online_terms: TermSource | None = None,
    resolver: CurieResolver | None = None,
    progress: Progress | None = None,
) -> TracksService:
    """Compose the services: ``offline`` = the index; ``ols`` = the online source, then the index."""
    mode = ontology_source or settings.tracks_ontology_source
    if mode not in ONTOLOGY_SOURCES:
        raise InputError(f"unknown ontology source {mode!r} (choose from {', '.join(ONTOLOGY_SOURCES)})")
    if mode == "ols" and online_terms is None:
        raise InputError("ontology source 'ols' needs an online term source")
    catalogue = build_catalogue(schema_paths)
    if catalogue.user is not None:
        check_declarations(SchemaGraph(catalogue.user))
    curies = CurieRegistry.load(tracks_cache(settings))
    terms: TermSource | None = None
    described: list[str] = []
    online = online_terms if mode == "ols" else None
    if mode != "off":
        terms = open_offline_index(settings, ontology_files, progress=progress)
        described = terms.describe()
        if online is not None:
            described = [online.name, *described]
    return TracksService(
        catalogue,
        curies,
        terms,
        resolver,
        ontology_sources=described,
        online=online,
        online_limit=settings.tracks_max_online_lookups,
        max_per_document=settings.tracks_max_problems_per_document,
        max_problems=settings.tracks_max_problems,
    )
