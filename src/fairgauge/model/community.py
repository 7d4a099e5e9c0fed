"""Results of community-standard validation, computed by the assessment before the checks run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

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


@dataclass(frozen=True)
class TrackFile:
    """One track file a community document declares, as the harvest record lists it."""

    url: str | None
    name: str | None
    format_label: str | None


@dataclass(frozen=True)
class CommunityReading:
    """What a community standard's reader recognised in one JSON document (no validation yet)."""

    standard: str
    version: str | None
    schema_id: str | None
    kind: str
    supported: bool
    term_ids: tuple[str, ...] = ()
    track_files: tuple[TrackFile, ...] = ()


class CommunityReader(Protocol):
    """Recognises the documents of one community standard (FAIRtracks today) among harvested JSON.

    The harvest is handed a reader by the composition root (``fairgauge.assessment``), so it never
    imports the standard's machinery; without one, such documents are plain JSON.
    """

    def __call__(self, document: Any) -> CommunityReading | None: ...
