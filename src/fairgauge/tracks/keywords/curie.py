"""``format: curie`` with ``namespace`` and ``matchType`` (meaning in :mod:`fairgauge.tracks.curies`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from fairgauge.tracks.curies import MATCH_TYPES
from fairgauge.tracks.keywords.base import CheckContext
from fairgauge.tracks.ontology.checker import as_tuple
from fairgauge.tracks.problems import Problem

_KEYWORD_OF = {"curie.namespace": "namespace", "curie.not_canonical": "matchType"}


class CurieFormatCheck:
    """A compact identifier with a registered prefix, an allowed namespace and a valid local id."""

    id: ClassVar[str] = "curie"
    kinds: ClassVar[tuple[str, ...]] = ("format:curie",)
    title: ClassVar[str] = "Compact identifiers (format: curie)"
    codes: ClassVar[tuple[str, ...]] = (
        "curie.syntax",
        "curie.unknown_prefix",
        "curie.namespace",
        "curie.not_canonical",
        "curie.pattern",
        "curie.whitespace",
        "curie.unregistered_prefix",
        "curie.unresolved",
        "curie.resolution_unavailable",
    )

    def evaluate(self, context: CheckContext) -> Iterable[Problem]:
        for site in context.of("format:curie"):
            if not isinstance(site.instance, str):
                continue
            match = site.schema.get("matchType", "basic")
            match = match if match in MATCH_TYPES else "basic"
            namespaces = as_tuple(site.schema.get("namespace"))
            for found in context.curies.check(site.instance, namespaces, match):
                yield context.place(found, site, _KEYWORD_OF.get(found.code, "format"))
