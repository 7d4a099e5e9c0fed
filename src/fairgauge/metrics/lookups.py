"""The reference-data lookups checks use, in one place (so the checks stay about FAIR, not about indexes)."""

from __future__ import annotations

from collections.abc import Sequence

from fairgauge.metrics.base import Evidence
from fairgauge.refdata.models import AccessMatch, FormatEntry, LicenseMatch, MetadataStandard, Protocol, Vocabulary


def match_license(evidence: Evidence, text: str) -> LicenseMatch | None:
    return evidence.ref.match_license(text) if text.strip() else None


def match_access(evidence: Evidence, value: str) -> AccessMatch | None:
    return evidence.ref.match_access_rights(value) if value.strip() else None


def protocol_of(evidence: Evidence, url: str) -> Protocol | None:
    return evidence.ref.protocol(url) if url.strip() else None


def standard_by_namespace(evidence: Evidence, uri: str) -> MetadataStandard | None:
    return evidence.ref.standard_by_namespace(uri) if uri.strip() else None


def standard_by_name(evidence: Evidence, name: str) -> MetadataStandard | None:
    return evidence.ref.standard_by_name(name) if name.strip() else None


def lookup_namespace(evidence: Evidence, uri: str) -> Vocabulary | None:
    return evidence.ref.lookup_namespace(uri)


def is_default_namespace(evidence: Evidence, uri: str) -> bool:
    return evidence.ref.is_default_namespace(uri)


def is_known_resource_type(evidence: Evidence, value: str) -> bool:
    return evidence.ref.is_known_resource_type(value) if value.strip() else False


def format_of(evidence: Evidence, media_types: Sequence[str], file_name: str | None) -> FormatEntry | None:
    """The first format recognised by media type, else by file name (extension table)."""
    for media_type in media_types:
        found = evidence.ref.format_by_media_type(media_type)
        if found:
            return found
    return evidence.ref.format_by_filename(file_name) if file_name else None
