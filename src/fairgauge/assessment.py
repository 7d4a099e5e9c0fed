"""The assessment use case: harvest the evidence, run the profile's checks, build the report.

``Assessor`` holds what is built once (settings, reference data, check registry, loaded profiles) and
is shared by the CLI, the REST API and batch runs. The one-call Python API, ``fairgauge.assess()``, is in
:mod:`fairgauge.api` (it runs over the composition root's shared services).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fairgauge._version import __version__
from fairgauge.errors import FairgaugeError
from fairgauge.harvest.fetch import Fetcher
from fairgauge.harvest.harvester import HarvestOptions, harvest_with
from fairgauge.harvest.lookups import SharedLookups
from fairgauge.harvest.strategies.services import ServiceOption
from fairgauge.metrics.base import Evidence
from fairgauge.metrics.fairport import fairport_level
from fairgauge.metrics.profile import Profile, load_profile
from fairgauge.metrics.registry import CheckRegistry
from fairgauge.metrics.scoring import CheckRunner, score_profile, summarize, unscored
from fairgauge.model.community import CommunityReading, CommunityValidation, TrackFormat
from fairgauge.model.findings import Finding
from fairgauge.model.harvest import CommunityDocument, HarvestResult
from fairgauge.model.metadata import License
from fairgauge.model.report import Report, Request
from fairgauge.refdata.reference import ReferenceData, load_reference_data
from fairgauge.settings import Settings

if TYPE_CHECKING:  # FAIRtracks validation is loaded when a harvest finds a FAIRtracks document
    from fairgauge.tracks.validator import TracksValidator

DEFAULT_PROFILE = "fsf-0.8"


@dataclass
class Assessor:
    """Built once per process (or per app) and reused for every assessment."""

    settings: Settings
    ref: ReferenceData = field(default_factory=load_reference_data)
    registry: CheckRegistry = field(default_factory=CheckRegistry.default)
    _profiles: dict[str, Profile] = field(default_factory=dict)
    _tracks: TracksValidator | None = None
    lookups: SharedLookups = field(default_factory=SharedLookups)  # RA per prefix, re3data records: per process

    def profile(self, reference: str = DEFAULT_PROFILE) -> Profile:
        """Parsed once per reference; a profile file is parsed again when it changes on disk."""
        key = _profile_key(reference)
        if key not in self._profiles:
            self._profiles[key] = load_profile(reference, self.registry)
        return self._profiles[key]

    def harvest_options(self, service: ServiceOption | None = None) -> HarvestOptions:
        return HarvestOptions(
            service=service,
            license_key=self.license_key,
            type_by_name=self.type_by_name,
            lookups=self.lookups,
            community_reader=_read_fairtracks,
        )

    def license_key(self, lic: License) -> str | None:
        """Licences compare by SPDX id when recognised (so URL and name forms of one licence agree)."""
        text = lic.url or lic.identifier or lic.name or ""
        match = self.ref.match_license(text) if text.strip() else None
        return match.spdx_id if match else None

    def type_by_name(self, url: str) -> str | None:
        found = self.ref.format_by_filename(url)
        return found.media_types[0] if found and found.media_types else None

    async def assess_with(
        self,
        identifier: str,
        fetcher: Fetcher,
        *,
        profile: str = DEFAULT_PROFILE,
        service: ServiceOption | None = None,
        replayed: Sequence[str] = (),
        settings: Settings | None = None,
    ) -> Report:
        """Harvest with the caller's fetcher, then evaluate. ``settings`` overrides the assessor's for this
        one assessment (e.g. an API request with ``use_datacite: false``)."""
        chosen = self.profile(profile)
        used = settings or self.settings
        harvest = await harvest_with(identifier, used, fetcher, self.harvest_options(service))
        return self.evaluate(harvest, chosen, service=service, replayed=replayed, settings=used)

    def community_validations(self, harvest: HarvestResult) -> tuple[CommunityValidation, ...]:
        """Validate harvested community documents (FAIRtracks) with their own validator, built once."""
        documents = [d for d in harvest.community_documents if d.standard == "fairtracks" and d.content is not None]
        if not documents:
            return ()
        try:
            validator = self._tracks_validator()
        except FairgaugeError as exc:
            return tuple(_unvalidated(doc, str(exc)) for doc in documents)
        return tuple(_fairtracks_validation(doc, validator) for doc in documents)

    def _tracks_validator(self) -> TracksValidator:
        from fairgauge.tracks.service import build_service

        if self._tracks is None:
            self._tracks = build_service(self.settings).validator()
        return self._tracks

    def evaluate(
        self,
        harvest: HarvestResult,
        profile: Profile,
        *,
        service: ServiceOption | None = None,
        replayed: Sequence[str] = (),
        settings: Settings | None = None,
    ) -> Report:
        """Score harvested evidence against a profile (no network; community documents are validated with
        the FAIRtracks validator and its offline term index first)."""
        evidence = Evidence(harvest=harvest, ref=self.ref, community=self.community_validations(harvest))
        runner = CheckRunner(evidence, self.registry)
        scored = score_profile(profile, runner)
        started = harvest.started_at or datetime.now(UTC)
        assessed = harvest.reachability.status == "assessed"
        summary = summarize(scored.results)
        return Report(
            test_id=hashlib.sha1(harvest.identifier.given.encode("utf-8")).hexdigest(),
            assessment_status=harvest.reachability.status,
            not_assessed_reason=None if assessed else harvest.reachability.reason,
            request=Request(
                object_identifier=harvest.identifier.given,
                normalized_object_identifier=harvest.identifier.normalized
                if harvest.identifier.is_persistent
                else None,
                metric_version=profile.version,
                profile=profile.id,
                metadata_service_endpoint=service.endpoint if service else None,
                metadata_service_type=service.type if service else None,
                use_datacite=(settings or self.settings).use_datacite,
                replayed_archives=list(replayed),
            ),
            resolved_url=harvest.landing_url or "not defined",
            start_timestamp=started,
            end_timestamp=datetime.now(UTC),
            metric_specification=profile.specification,
            metric_version=profile.version,
            profile=profile.id,
            software_version=__version__,
            total_metrics=len(scored.results),
            summary=summary if assessed else unscored(summary),
            results=scored.results,
            informative_results=scored.informative,
            fairport_level=fairport_level(evidence, runner.outcome),
            conflicts=harvest.conflicts,
            harvest=harvest,
        )


def _read_fairtracks(document: Any) -> CommunityReading | None:
    """The FAIRtracks reader handed to the harvest, loaded only when a document looks like FAIRtracks."""
    from fairgauge.tracks import read_fairtracks

    return read_fairtracks(document)


def _profile_key(reference: str) -> str:
    path = Path(reference)
    if reference.endswith((".yaml", ".yml")) and path.is_file():
        stat = path.stat()
        return f"{path.resolve()}@{stat.st_mtime_ns}:{stat.st_size}"
    return reference


@lru_cache(maxsize=8)
def shared_assessor(settings: Settings) -> Assessor:
    """The Assessor the one-call API reuses for equal settings, so parsed profiles, reference data and
    registration-agency answers are built once per process, not once per call."""
    return Assessor(settings)


def _fairtracks_validation(document: CommunityDocument, validator: TracksValidator) -> CommunityValidation:
    from fairgauge.tracks import ontology_terms, track_file_formats, validate_document

    name = document.url or "document"
    problems = [p.to_finding() for p in validate_document(document.content, validator, name=name)]
    formats = [
        TrackFormat(pointer=f.pointer, term_id=f.term_id, term_label=f.term_label, file_url=f.file_url)
        for f in track_file_formats(document.content)
    ]
    return CommunityValidation(
        url=document.url,
        standard=document.standard,
        version=document.version,
        kind=document.kind,
        supported=document.supported,
        problems=problems,
        term_count=len(ontology_terms(document.content)),
        track_formats=formats,
    )


def _unvalidated(document: CommunityDocument, reason: str) -> CommunityValidation:
    """The validator itself could not be built: every check on the document is indeterminate."""
    problem = Finding(
        code="tracks.term.ontology_unavailable",
        severity="error",
        message=f"the FAIRtracks validator is unavailable: {reason}",
        params={"indeterminate": True},
    )
    return CommunityValidation(
        url=document.url,
        standard=document.standard,
        version=document.version,
        kind=document.kind,
        supported=document.supported,
        problems=[problem],
    )
