"""``format: term`` (with ``ontology``, ``ancestors``, ``matchType``) and ``ontologyTermPair``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from fairgauge.tracks.keywords.base import CheckContext, issue
from fairgauge.tracks.ontology.checker import MATCH_TYPES, as_tuple
from fairgauge.tracks.pointers import parent_pointer, resolve_relative
from fairgauge.tracks.problems import Problem
from fairgauge.tracks.walker import Site

_KEYWORD_OF = {
    "term.not_found": "ontology",
    "term.wrong_ontology": "ontology",
    "term.ontology_unavailable": "ontology",
    "term.ancestor": "ancestors",
    "term.ancestor_obsolete": "ancestors",
    "term.ambiguous": "matchType",
}


class TermFormatCheck:
    """An ontology term: exists in an allowed ontology, not obsolete, under a required ancestor."""

    id: ClassVar[str] = "term"
    kinds: ClassVar[tuple[str, ...]] = ("format:term",)
    title: ClassVar[str] = "Ontology terms (format: term)"
    codes: ClassVar[tuple[str, ...]] = (
        "term.not_found",
        "term.wrong_ontology",
        "term.obsolete",
        "term.ancestor",
        "term.ancestor_obsolete",
        "term.ambiguous",
        "term.ontology_unavailable",
        "term.checks_disabled",
    )

    def evaluate(self, context: CheckContext) -> Iterable[Problem]:
        sites = [s for s in context.of("format:term") if isinstance(s.instance, str)]
        if context.terms is None:
            yield from _disabled(context, sites)
            return
        for site in sites:
            schema = site.schema
            match = schema.get("matchType", "exact")
            match = match if match in MATCH_TYPES else "exact"
            ontologies = as_tuple(schema.get("ontology"))
            verdict = context.terms.check(site.instance, ontologies, as_tuple(schema.get("ancestors")), match)
            for found in verdict.issues:
                yield context.place(found, site, _KEYWORD_OF.get(found.code, "format"))


def _disabled(context: CheckContext, sites: list[Site]) -> Iterator[Problem]:
    seen: set[int] = set()
    for site in sites:
        if site.document not in seen:
            seen.add(site.document)
            note = issue(
                "term.checks_disabled",
                "info",
                "ontology term checks are switched off (--ontology-source off)",
            )
            yield context.place(note, site, "format")


class TermPairCheck:
    """``term_label`` must be the label of ``term_id`` (declared by ``ontologyTermPair``).

    FAIRtracks term objects are pairs by convention; where a schema has a ``format: term`` member
    next to a ``term_label`` without declaring the pair (the root of the phenotype schema), the pair is
    checked all the same.
    """

    id: ClassVar[str] = "term-pair"
    kinds: ClassVar[tuple[str, ...]] = ("ontologyTermPair",)
    title: ClassVar[str] = "Term id / label pairs (ontologyTermPair)"
    codes: ClassVar[tuple[str, ...]] = ("term.label_mismatch",)

    def evaluate(self, context: CheckContext) -> Iterable[Problem]:
        if context.terms is None:
            return
        declared = set()
        for site in context.of("ontologyTermPair"):
            declared.add((site.document, site.pointer))
            yield from self._pair(context, site, _pointers(site.value))
        for site in context.of("format:term"):
            parent = parent_pointer(site.pointer)
            if (site.document, parent) not in declared and site.pointer.endswith("/term_id"):
                yield from self._pair(context, site, ("0", "1/term_label"))

    def _pair(self, context: CheckContext, site: Site, pointers: tuple[str, str]) -> Iterator[Problem]:
        assert context.terms is not None
        data = context.documents[site.document].data
        id_ptr, id_value = resolve_relative(data, site.pointer, pointers[0])
        label_ptr, label = resolve_relative(data, site.pointer, pointers[1])
        if not isinstance(id_value, str) or label_ptr is None or label is None:
            return
        term_site = context.at("format:term", site.document, id_ptr or "")
        ontologies = as_tuple(term_site.schema.get("ontology")) if term_site else ()
        found = context.terms.label_issue(id_value, label, ontologies)
        if found is not None:
            yield found.at(context.name(site), label_ptr, "ontologyTermPair", site.node.location)


def _pointers(value: Any) -> tuple[str, str]:
    if isinstance(value, dict):
        return str(value.get("id", "0/term_id")), str(value.get("label", "0/term_label"))
    return "0/term_id", "0/term_label"
