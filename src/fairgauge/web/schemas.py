"""Typed request and response bodies of the API (so /docs can send real requests and shows real answers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from fairgauge.model.harvest import ServiceType


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. invalid_request, not_found, body_too_large.")
    message: str
    details: Any = None


class ErrorEnvelope(BaseModel):
    ok: Literal[False] = False
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorEnvelope, "description": text}
    for code, text in {
        400: "Unusable input",
        401: "Credentials missing or wrong",
        404: "Not found",
        413: "Request body too large",
        422: "Invalid request or unknown identifier",
        429: "Rate limit reached",
        500: "Internal error",
        503: "Store unavailable, or busy (evaluate: come back after Retry-After seconds)",
    }.items()
}


# --- native API ---
class MetadataService(BaseModel):
    """A metadata service to query besides the landing page (both fields or no service at all)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    endpoint: str = Field(pattern=r"^[hH][tT][tT][pP][sS]?://\S+$", max_length=2000, description="Endpoint URL.")
    type: ServiceType


class AssessmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    identifier: str = Field(min_length=1, max_length=2000, examples=["10.5281/zenodo.1196821"])
    profile: str = Field("fsf-0.8", description="Metric profile id (GET /api/v1/profiles).", examples=["fsf-0.8"])
    metadata_service: MetadataService | None = None


class HarvestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    identifier: str = Field(min_length=1, max_length=2000, examples=["10.5281/zenodo.1196821"])
    metadata_service: MetadataService | None = None


class AssessmentSummary(BaseModel):
    """An assessment without its report. ``outcome`` is ``not_assessed`` when the object could not be
    reached: then ``fair_percent`` and ``score_percent`` are null (no score without evidence)."""

    id: str
    url: str
    identifier: str
    identifier_key: str
    profile: str
    state: Literal["queued", "running", "done", "failed"]
    outcome: Literal["scored", "not_assessed"] | None = None
    metric_version: str | None = None
    fair_percent: float | None = None
    score_percent: dict[str, float | None] | None = None
    fairport_level: int | None = None
    error: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class Assessment(AssessmentSummary):
    report: dict[str, Any] | None = Field(None, description="The full report (as `assess --format json`).")


class AssessmentEnvelope(BaseModel):
    ok: Literal[True] = True
    data: Assessment


class AssessmentCreatedEnvelope(BaseModel):
    ok: Literal[True] = True
    data: AssessmentSummary


class History(BaseModel):
    identifier: str
    identifier_key: str
    assessments: list[AssessmentSummary]


class HistoryEnvelope(BaseModel):
    ok: Literal[True] = True
    data: History


class DataEnvelope(BaseModel):
    """Success with a JSON document as data (a harvest, a validation report, ...)."""

    ok: Literal[True] = True
    data: dict[str, Any]


class ProfileInfo(BaseModel):
    id: str
    version: str
    specification: str
    total_score: float
    metrics: list[dict[str, Any]]


class ProfilesEnvelope(BaseModel):
    ok: Literal[True] = True
    data: list[ProfileInfo]


class ProfileEnvelope(BaseModel):
    ok: Literal[True] = True
    data: ProfileInfo


class Health(BaseModel):
    status: str
    version: str


class HealthEnvelope(BaseModel):
    ok: Literal[True] = True
    data: Health


# --- F-UJI compatible ---
class FujiBody(BaseModel):
    """F-UJI's ``/evaluate`` request body (its field names, defaults and meaning)."""

    model_config = ConfigDict(strict=True)

    object_identifier: str = Field(min_length=1, max_length=2000, examples=["https://doi.org/10.1594/PANGAEA.908011"])
    test_debug: bool = Field(False, description="F-UJI: include debug messages (our findings are always included).")
    metadata_service_endpoint: str | None = Field(None, examples=["http://ws.pangaea.de/oai/provider"])
    metadata_service_type: str | None = Field(None, examples=["oai_pmh"])
    use_datacite: bool = Field(True, description="Use DataCite content negotiation and the DataCite API.")
    use_github: bool = Field(False, description="F-UJI: GitHub API for software metrics (no software profile here).")
    metric_version: str = Field("metrics_v0.8", examples=["metrics_v0.8", "metrics_v0.5"])
    auth_token: str | None = Field(None, description="Dataset-level credentials (not supported: rejected).")
    auth_token_type: str | None = Field(None, examples=["Basic", "Bearer"])
    oaipmh_endpoint: str | None = Field(None, description="Deprecated F-UJI alias of metadata_service_endpoint.")


class FujiHarvestBody(BaseModel):
    model_config = ConfigDict(strict=True)

    object_identifier: str = Field(min_length=1, max_length=2000)
    auth_token: str | None = None
    auth_token_type: str | None = None


class FujiMetrics(BaseModel):
    total: int
    metrics: list[dict[str, Any]]
