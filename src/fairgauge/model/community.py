"""Results of community-standard validation, computed by the assessment before the checks run."""

from __future__ import annotations

from pydantic import Field

from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding


class TrackFormat(FrozenModel):
    """The file format one genomic track declares."""

    pointer: str
    term_id: str | None = None
    term_label: str | None = None
    file_url: str | None = None


class CommunityValidation(FrozenModel):
    """One community document validated against its standard (schemas, terms, identifiers, keys)."""

    url: str | None = None
    standard: str
    version: str | None = None
    kind: str | None = None
    supported: bool = True
    problems: list[Finding] = Field(default_factory=list)
    term_count: int = 0
    track_formats: list[TrackFormat] = Field(default_factory=list)
