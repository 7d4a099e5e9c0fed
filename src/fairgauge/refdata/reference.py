"""``ReferenceData``: the one read-only object metric checks receive for every lookup.

Built once (``load_reference_data()``) and injected; never a module-level global the checks reach for.
Each dataset loads on first use, so a process that only matches licences never parses the vocabulary
index; a long-running server can call ``preload()`` at start-up to pay everything once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, cached_property

from fairgauge.refdata.access import AccessRightsIndex
from fairgauge.refdata.datasets import DATASETS
from fairgauge.refdata.formats import FormatIndex, is_text_media_type
from fairgauge.refdata.licenses import LicenseIndex
from fairgauge.refdata.models import (
    AccessMatch,
    FormatEntry,
    License,
    LicenseMatch,
    MetadataStandard,
    PidScheme,
    Protocol,
    ResourceType,
    SourceInfo,
    Vocabulary,
)
from fairgauge.refdata.pids import PidSchemeIndex
from fairgauge.refdata.protocols import load_protocols, scheme_of
from fairgauge.refdata.resource_types import ResourceTypeIndex
from fairgauge.refdata.standards import StandardIndex
from fairgauge.refdata.vocabularies import VocabularyIndex


class ReferenceData:
    """Read-only lookups over all bundled reference data. Safe to share between assessments."""

    # ----------------------------------------------------------------------------- datasets (lazy)
    @cached_property
    def licenses(self) -> LicenseIndex:
        return LicenseIndex()

    @cached_property
    def access_rights(self) -> AccessRightsIndex:
        return AccessRightsIndex()

    @cached_property
    def pids(self) -> PidSchemeIndex:
        return PidSchemeIndex()

    @cached_property
    def protocols(self) -> dict[str, Protocol]:
        return load_protocols()

    @cached_property
    def standards(self) -> StandardIndex:
        return StandardIndex()

    @cached_property
    def vocabularies(self) -> VocabularyIndex:
        return VocabularyIndex()

    @cached_property
    def resource_types(self) -> ResourceTypeIndex:
        return ResourceTypeIndex()

    @cached_property
    def formats(self) -> FormatIndex:
        return FormatIndex()

    def preload(self) -> ReferenceData:
        """Load every dataset now (servers), so no request pays for a first lookup."""
        for name in DATASETS:
            getattr(self, name)
        return self

    # ------------------------------------------------------------------------------ licences (R1.1)
    def match_license(self, value: str) -> LicenseMatch | None:
        """Licence id, URL, name or SPDX expression -> the SPDX licence(s), or None."""
        return self.licenses.match(value)

    def license(self, spdx_id: str) -> License | None:
        return self.licenses.get(spdx_id)

    # ------------------------------------------------------------------------------- access (A1)
    def match_access_rights(self, value: str) -> AccessMatch | None:
        """Access-rights URI or label -> access condition (machine_readable only for URIs)."""
        return self.access_rights.match(value)

    # -------------------------------------------------------------------------- identifiers (F1)
    def pid_scheme(self, name: str) -> PidScheme | None:
        """A scheme by our name or idutils' scheme name ('doi', 'handle', 'urn', 'ark', ...)."""
        return self.pids.get(name)

    def pid_scheme_for_url(self, url: str) -> PidScheme | None:
        """The PID scheme whose resolver serves a URL (https://doi.org/... -> doi)."""
        return self.pids.for_url(url)

    def is_persistent_scheme(self, name: str) -> bool:
        return self.pids.is_persistent(name)

    # ---------------------------------------------------------------------- protocols (A1.1, A1.2)
    def protocol(self, scheme: str) -> Protocol | None:
        """A standard protocol by scheme or by a URI using it ('https', 'sftp://host/x')."""
        return self.protocols.get(scheme_of(scheme))

    # ----------------------------------------------------------------------- standards (R1.3, F4)
    def standard_by_namespace(self, uri: str) -> MetadataStandard | None:
        return self.standards.by_namespace(uri)

    def standard_by_name(self, name: str) -> MetadataStandard | None:
        return self.standards.by_name(name)

    # ----------------------------------------------------------------------------- vocabularies (I2)
    def lookup_namespace(self, uri: str) -> Vocabulary | None:
        """Registered semantic resource of a namespace or term URI; None for default namespaces."""
        return self.vocabularies.lookup(uri)

    def is_default_namespace(self, uri: str) -> bool:
        return self.vocabularies.is_default(uri)

    # ------------------------------------------------------------------------- resource types (R1)
    def resource_type(self, value: str) -> ResourceType | None:
        return self.resource_types.get(value)

    def is_known_resource_type(self, value: str) -> bool:
        """schema.org / DataCite / DCMI / Bioschemas type name, CURIE or URI, any case."""
        return self.resource_types.get(value) is not None

    # ------------------------------------------------------------------------- file formats (R1.3)
    def format_by_media_type(self, media_type: str) -> FormatEntry | None:
        return self.formats.by_media_type(media_type)

    def format_by_filename(self, filename: str) -> FormatEntry | None:
        return self.formats.by_filename(filename)

    def format_by_name(self, name: str) -> FormatEntry | None:
        return self.formats.by_name(name)

    @staticmethod
    def is_text_media_type(media_type: str) -> bool:
        return is_text_media_type(media_type)

    # ------------------------------------------------------------------------------- provenance
    def sources(self) -> list[SourceInfo]:
        """Name, version, retrieval date, origin, licence and entry count of every dataset."""
        from fairgauge.refdata.catalog import source_info

        return [source_info(self, name) for name in DATASETS]

    def entries(self, dataset: str) -> Sequence[object]:
        """Every entry of one dataset (for ``fairgauge refdata show``)."""
        from fairgauge.refdata.catalog import dataset_entries

        return dataset_entries(self, dataset)


@cache
def load_reference_data() -> ReferenceData:
    """The process's ReferenceData: immutable once loaded, so one shared instance is safe."""
    return ReferenceData()
