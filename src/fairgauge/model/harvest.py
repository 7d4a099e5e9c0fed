"""The harvest bundle: everything a FAIR assessment may look at, harvested once, then read-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding
from fairgauge.model.http import Exchange
from fairgauge.model.identifiers import Identifier
from fairgauge.model.metadata import Conflict, MergedMetadata, MetadataRecord
from fairgauge.model.rendering import Rendering
from fairgauge.model.signposting import Signposting

OutcomeStatus = Literal["ok", "empty", "error", "skipped"]


class StrategyOutcome(FrozenModel):
    """How one harvesting step went. ``error`` means it could not be done (network, parse, service down):
    checks that depend on it must report ``error``, never ``fail``. ``empty`` means it ran and found
    nothing; ``skipped`` means it did not apply (e.g. DataCite for a non-DOI)."""

    name: str
    status: OutcomeStatus
    message: str | None = None
    exchange_ids: list[int] = Field(default_factory=list)


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
    detected_by: Literal["magic", "extension", "served"] | None = None
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

    type: Literal["oai_pmh", "ogc_csw", "sparql"]
    endpoint: str
    source: Literal["option", "re3data", "html", "signposting"] = "option"
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
    findings: list[Finding] = Field(default_factory=list)
    rendering: Rendering | None = Field(None, description="The landing page as a browser rendered it (or why not).")
    started_at: datetime | None = None
    finished_at: datetime | None = None

    def outcome(self, name: str) -> StrategyOutcome | None:
        return next((o for o in self.outcomes if o.name == name), None)

    def exchange(self, exchange_id: int) -> Exchange | None:
        return next((e for e in self.exchanges if e.id == exchange_id), None)
