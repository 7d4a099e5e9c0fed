"""The typed records the reference data hands to metric checks.

Frozen, slotted dataclasses rather than pydantic models: tens of thousands of them are built when the
data loads, and validation already happened when the vendored files were written and tested. Being
frozen they can be shared by every assessment in a process without copying.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AccessCondition = Literal["public", "embargoed", "restricted", "closed", "metadataonly"]
LicenseMatchKind = Literal["id", "url", "name", "expression", "fuzzy"]
StandardScope = Literal["generic", "community"]
VocabularySource = Literal["curated", "bioregistry"]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Provenance of one dataset, as ``fairgauge refdata`` prints it."""

    name: str
    title: str
    version: str
    retrieved: str
    source_url: str
    licence: str
    entries: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class License:
    """One SPDX licence list entry."""

    spdx_id: str
    name: str
    osi_approved: bool
    fsf_libre: bool
    deprecated: bool
    is_open: bool
    see_also: tuple[str, ...] = ()

    @property
    def reference_url(self) -> str:
        """The SPDX page of the licence: stable, and what F-UJI reports as ``details_url``."""
        return f"https://spdx.org/licenses/{self.spdx_id}.html"


@dataclass(frozen=True, slots=True)
class LicenseMatch:
    """A licence value recognised in metadata. ``spdx_id`` is an expression when matched_by='expression'."""

    spdx_id: str
    name: str
    osi_approved: bool
    fsf_libre: bool
    is_open: bool
    deprecated: bool
    matched_by: LicenseMatchKind
    score: float
    licenses: tuple[License, ...] = ()


@dataclass(frozen=True, slots=True)
class AccessTerm:
    """One term of an access-rights vocabulary."""

    vocabulary: str
    code: str
    uri: str | None
    label: str
    condition: AccessCondition


@dataclass(frozen=True, slots=True)
class AccessMatch:
    """An access-rights value recognised in metadata.

    ``machine_readable`` is True only when the value was the vocabulary URI (what FsF-A1-01M v0.5 test 2
    rewards); a matching label is a standard term but not a machine-readable one (test 3).
    """

    condition: AccessCondition
    vocabulary: str
    uri: str | None
    label: str
    machine_readable: bool


@dataclass(frozen=True, slots=True)
class PidScheme:
    """A persistent (or merely unique) identifier scheme and how it resolves."""

    name: str
    title: str
    persistent: bool
    resolver: str | None
    resolver_hosts: tuple[str, ...]
    redirects: bool
    idutils_schemes: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True, slots=True)
class Protocol:
    """A standard communication protocol (URI scheme) and the authentication it supports."""

    scheme: str
    name: str
    auth: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class MetadataStandard:
    """A metadata standard recognisable by namespace, schema URL or name."""

    id: str
    acronym: str
    title: str
    scope: StandardScope
    subject_areas: tuple[str, ...]
    namespaces: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    fairsharing: str | None = None
    rda_msc: str | None = None

    @property
    def generic(self) -> bool:
        """Multidisciplinary (RDA MSC 'general research data'): counts for FsF-R1.3-01M test 3, not 1."""
        return self.scope == "generic"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A semantic resource (ontology, vocabulary, identifier space) known by its URI namespace."""

    prefix: str
    title: str
    namespace: str
    source: VocabularySource


@dataclass(frozen=True, slots=True)
class ResourceType:
    """A resource type value valid for FsF-R1-01M (object_type)."""

    name: str
    vocabulary: str
    uri: str | None = None
    parents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FormatEntry:
    """A file format and why it is a preferred format for FsF-R1.3-02D."""

    id: str
    name: str
    media_types: tuple[str, ...]
    extensions: tuple[str, ...]
    open: bool
    long_term: bool
    scientific: bool
    domains: tuple[str, ...] = ()
    edam: str | None = None
    text_based: bool = False

    @property
    def preferred(self) -> bool:
        """In F-UJI's sense: the format is in the open, long-term or scientific list."""
        return self.open or self.long_term or self.scientific

    @property
    def reasons(self) -> tuple[str, ...]:
        """F-UJI's ``preference_reason`` strings, so reports stay comparable."""
        flags = (
            (self.open, "open format"),
            (self.long_term, "long term format"),
            (self.scientific, "scientific format"),
        )
        return tuple(reason for flag, reason in flags if flag)
