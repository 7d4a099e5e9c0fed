"""The harvest bundle: everything a FAIR assessment may look at, harvested once, then read-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import Field

from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding
from fairgauge.model.http import Exchange
from fairgauge.model.identifiers import Identifier
from fairgauge.model.metadata import Conflict, MergedMetadata, MetadataRecord
from fairgauge.model.rendering import Rendering
from fairgauge.model.signposting import Signposting

HarvestStep = Literal[
    "landing_page",
    "rendering",
    "cite_as_resolution",
    "metadata_pid_resolution",
    "signposting",
    "content_negotiation",
    "doi_ra",
    "datacite_api",
    "crossref_api",
    "registry_conneg",
    "re3data",
    "metadata_service",
    "content_sampling",
]
"""The harvesting steps, by one name each. Checks declare which of them their evidence comes from
(``Check.evidence_steps``); the harvest records how each went (``StrategyOutcome``)."""
HARVEST_STEPS: tuple[HarvestStep, ...] = get_args(HarvestStep)

ServiceType = Literal["oai_pmh", "ogc_csw", "sparql"]
"""The kinds of metadata service endpoint a harvest can query (``--metadata-service-type``, the API's
``metadata_service.type``): declared here once, read by the CLI, the API schemas and the harvester."""
SERVICE_TYPES: tuple[ServiceType, ...] = get_args(ServiceType)
ProbeSource = Literal["option", "re3data", "html", "signposting"]
"""Where a probed service endpoint came from: the caller's option, re3data, the page, signposting."""
DetectedBy = Literal["magic", "extension", "served"]
"""How a content sample's media type was found: its bytes, its file name, or what the server said."""

StepStatus = Literal["ok", "empty", "network_error", "parse_error", "not_in_archive", "skipped"]
"""How a step ended: ``ok`` found evidence; ``empty`` ran and found nothing (a valid answer);
``network_error`` got no usable answer (connection, timeout, size cap, server error); ``parse_error`` got
an answer it could not read; ``not_in_archive`` was replayed from archives that lack the request;
``skipped`` did not run (it did not apply, or settings turned it off)."""
FAILED_STATUSES: frozenset[StepStatus] = frozenset({"network_error", "parse_error", "not_in_archive"})
# Kept for readers of the old name.
OutcomeStatus = StepStatus


class StrategyOutcome(FrozenModel):
    """How one harvesting step (or one part of it, named by ``detail``) went. A failed step means its
    evidence could not be obtained: checks that depend on it report ``error``, never ``fail``."""

    step: HarvestStep
    detail: str | None = Field(None, description="Which part of the step, e.g. 'schemaorg@pid', 'oai_pmh'.")
    ran: bool = Field(True, description="False when the step did not run: it did not apply, or a step it needs failed.")
    status: StepStatus
    message: str | None = None
    exchange_ids: list[int] = Field(default_factory=list)

    @property
    def name(self) -> str:
        """``step`` or ``step:detail``, for people."""
        return f"{self.step}:{self.detail}" if self.detail else self.step

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


AssessmentStatus = Literal["assessed", "not_assessed"]


class Reachability(FrozenModel):
    """Whether the object was reached at all: a landing page answered or some source gave metadata.
    An object that was not reached is not assessed (never scored); ``reason`` says why."""

    status: AssessmentStatus = "assessed"
    reason: str | None = None


def reachability(outcomes: list[StrategyOutcome], landing_answered: bool, records: int) -> Reachability:
    """Not reached: no landing page answered, no source gave metadata, and that is because steps failed
    (not because nothing applied, as for a bare UUID, whose identifier is all there is to judge)."""
    failed = [o for o in outcomes if o.failed]
    if landing_answered or records or not failed:
        return Reachability()
    causes: dict[str, str] = {}  # the first cause per step; steps that did not run repeat their input's
    for outcome in failed:
        message = outcome.message or outcome.status
        if not message.startswith("not run:"):
            causes.setdefault(outcome.step, message)
    listed = "; ".join(f"{step}: {message}" for step, message in list(causes.items())[:3])
    more = f" (and {len(causes) - 3} more)" if len(causes) > 3 else ""
    return Reachability(
        status="not_assessed",
        reason=f"the object could not be reached: no landing page and no metadata from any source ({listed}{more})",
    )


class PidResolution(FrozenModel):
    """What the PID resolver did with the identifier (one exchange that really happened)."""

    pid: str | None = Field(None, description="The PID asked about, as written where it was found.")
    found_in: Literal["identifier", "cite-as", "metadata"] | None = Field(
        None, description="Where the PID came from: the assessed identifier, a cite-as link, the metadata."
    )
    exchange_ids: list[int] = Field(default_factory=list, description="The exchange(s) of the resolution.")
    resolver_url: str | None = None
    first_status: int | None = Field(None, description="Status of the resolver's own answer.")
    redirected: bool = Field(False, description="The resolver answered 3xx: the PID is registered.")
    final_url: str | None = None
    final_status: int | None = None
    tombstone: bool = Field(False, description="The landing page answered 410 Gone (or a tombstone page).")
    error: str | None = None


class LandingPage(FrozenModel):
    """Facts about the landing page as fetched."""

    url: str
    status: int | None = None
    content_type: str | None = None
    size: int | None = None
    javascript_generated: bool = Field(False, description="Mostly script, little visible text.")
    embedded_formats: list[str] = Field(default_factory=list, description="json-ld, microdata, rdfa, ...")


class ContentSample(FrozenModel):
    """A data file examined for the D tests: declared vs observed type and size."""

    url: str
    declared_type: str | None = None
    declared_size: int | None = None
    status: int | None = None
    served_type: str | None = None
    detected_type: str | None = Field(None, description="Media type from the bytes (libmagic) or extension.")
    detected_by: DetectedBy | None = None
    actual_size: int | None = Field(None, description="Full size as the server reports it.")
    sampled_bytes: int = 0
    header_columns: list[str] = Field(default_factory=list, description="First row of CSV/TSV content.")
    exchange_ids: list[int] = Field(default_factory=list)
    error: str | None = None


class MetadataStandardRef(FrozenModel):
    """A metadata standard a repository declares (re3data) or a service offers (OAI-PMH)."""

    name: str
    url: str | None = None
    namespace: str | None = None
    prefix: str | None = None


class ApiEndpoint(FrozenModel):
    type: str
    url: str


class RepositoryInfo(FrozenModel):
    """The hosting repository as described by DataCite (client) and re3data."""

    datacite_client_id: str | None = None
    name: str | None = None
    url: str | None = None
    re3data_id: str | None = None
    re3data_doi: str | None = None
    metadata_standards: list[MetadataStandardRef] = Field(default_factory=list)
    api_endpoints: list[ApiEndpoint] = Field(default_factory=list)
    subjects: list[str] = Field(default_factory=list)
    pid_systems: list[str] = Field(default_factory=list)
    data_licenses: list[str] = Field(default_factory=list)
    certificates: list[str] = Field(default_factory=list)


class ServiceProbe(FrozenModel):
    """A metadata service endpoint (given or discovered) and what it offers."""

    type: ServiceType
    endpoint: str
    source: ProbeSource = "option"
    reachable: bool = False
    metadata_standards: list[MetadataStandardRef] = Field(default_factory=list)
    record_found: bool = False
    error: str | None = None


class CommunityDocument(FrozenModel):
    """A metadata document in a community standard that community checks examine in full (e.g. FAIRtracks).

    ``content`` is the parsed document; it is kept in memory for the checks but left out of serialised
    reports (the exchange that fetched it is the evidence, and documents can be large).
    """

    url: str | None = None
    standard: str
    version: str | None = None
    schema_id: str | None = None
    kind: str | None = None
    supported: bool = True
    content: Any = Field(None, exclude=True)


class HarvestResult(FrozenModel):
    """All evidence about one data object. Checks receive this; they never fetch anything."""

    identifier: Identifier
    landing_url: str | None = None
    landing_page: LandingPage | None = None
    pid_resolution: PidResolution = Field(default_factory=PidResolution)
    cite_as_resolution: PidResolution | None = Field(
        None, description="How the cite-as PID resolved, when the assessed identifier was not itself a PID."
    )
    metadata_pid_resolutions: list[PidResolution] = Field(
        default_factory=list,
        description="How the PIDs the metadata names resolved, when the assessed identifier was not a PID.",
    )
    exchanges: list[Exchange] = Field(default_factory=list)
    signposting: Signposting = Field(default_factory=Signposting)
    records: list[MetadataRecord] = Field(default_factory=list)
    metadata: MergedMetadata = Field(default_factory=MergedMetadata)
    conflicts: list[Conflict] = Field(default_factory=list)
    content_samples: list[ContentSample] = Field(default_factory=list)
    community_documents: list[CommunityDocument] = Field(default_factory=list)
    repository: RepositoryInfo | None = None
    services: list[ServiceProbe] = Field(default_factory=list)
    outcomes: list[StrategyOutcome] = Field(default_factory=list)
    reachability: Reachability = Field(default_factory=Reachability)
    findings: list[Finding] = Field(default_factory=list)
    rendering: Rendering | None = Field(None, description="The landing page as a browser rendered it (or why not).")
    started_at: datetime | None = None
    finished_at: datetime | None = None

    def outcome(self, step: HarvestStep, detail: str | None = None) -> StrategyOutcome | None:
        """The first outcome of ``step`` (of its ``detail`` part when given)."""
        return next((o for o in self.outcomes if o.step == step and (detail is None or o.detail == detail)), None)

    def step_outcomes(self, steps: frozenset[HarvestStep] | tuple[HarvestStep, ...]) -> list[StrategyOutcome]:
        return [o for o in self.outcomes if o.step in steps]

    def exchange(self, exchange_id: int) -> Exchange | None:
        return next((e for e in self.exchanges if e.id == exchange_id), None)
