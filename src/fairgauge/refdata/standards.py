"""Metadata standards, recognised by namespace/schema URI or by name (FsF-R1.3-01M, FsF-F4-01M)."""

from __future__ import annotations

import re
from typing import Any

from fairgauge.refdata._vendored import name_key, read_yaml, uri_key
from fairgauge.refdata.models import MetadataStandard

_SEGMENT_END = re.compile(r"[/#:-]")
_TRAILING_VERSION = re.compile(r"(?:\s+v?\d+(?:\.\d+)*)+$")


def standard_uri_key(uri: str) -> str:
    """Scheme, case and trailing separators do not distinguish namespaces as written in the wild."""
    return uri_key(uri).lower().rstrip("/#:")


def _prefixes(key: str) -> list[str]:
    """'a/b/c#d' -> ['a/b/c#d', 'a/b/c', 'a/b', 'a']: candidate namespaces, longest first."""
    cuts = [m.start() for m in _SEGMENT_END.finditer(key)]
    return [key] + [key[:cut] for cut in reversed(cuts) if cut > 0]


class StandardIndex:
    """Standards by id, by namespace or schema prefix (longest wins) and by normalised name."""

    def __init__(self) -> None:
        data: dict[str, Any] = read_yaml("standards", "metadata_standards.yaml")
        self.standards: dict[str, MetadataStandard] = {}
        self._by_uri: dict[str, MetadataStandard] = {}
        self._by_name: dict[str, MetadataStandard] = {}
        for raw in data["standards"]:
            standard = _standard(raw)
            self.standards[standard.id] = standard
            for uri in (*standard.namespaces, *standard.schemas):
                self._by_uri.setdefault(standard_uri_key(uri), standard)
            for name in (standard.id, standard.acronym, standard.title, *standard.aliases):
                self._by_name.setdefault(name_key(name), standard)

    def by_namespace(self, uri: str) -> MetadataStandard | None:
        """The standard whose namespace or schema location is the longest prefix of ``uri``."""
        for candidate in _prefixes(standard_uri_key(uri)):
            found = self._by_uri.get(candidate)
            if found:
                return found
        return None

    def by_name(self, name: str) -> MetadataStandard | None:
        """By id, acronym, title or alias; a trailing version ('DataCite 4.4') is ignored if needed."""
        key = name_key(name)
        found = self._by_name.get(key)
        if found is None:
            stripped = _TRAILING_VERSION.sub("", key)
            found = self._by_name.get(stripped) if stripped != key else None
        return found


def _standard(raw: dict[str, Any]) -> MetadataStandard:
    return MetadataStandard(
        id=raw["id"],
        acronym=raw["acronym"],
        title=raw["title"],
        scope=raw["scope"],
        subject_areas=tuple(raw.get("subjects") or ()),
        namespaces=tuple(raw.get("namespaces") or ()),
        schemas=tuple(raw.get("schemas") or ()),
        urls=tuple(raw.get("urls") or ()),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        fairsharing=raw.get("fairsharing"),
        rda_msc=raw.get("rda_msc"),
    )
