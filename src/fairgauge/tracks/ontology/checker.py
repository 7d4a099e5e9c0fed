"""Term checks with their meaning: exists in an allowed ontology, not obsolete, under a required
ancestor, label matches. Each distinct question is asked once per run (memoised), so 10,000 tracks
with three file formats cost three lookups.

``ancestors`` is reflexive (a term listed as an ancestor is itself allowed; FAIRtracks lists
``Normal`` among the phenotype ancestors) and any-of. A required ancestor that the ontology has since
made obsolete is replaced by its ``replaced_by`` term, with a warning, instead of failing every
document (CL made ``native cell``, the FAIRtracks cell-type root, obsolete in favour of ``cell``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fairgauge.tracks.ontology.source import Lookup, TermRecord, TermSource, iri_prefix, ontology_id
from fairgauge.tracks.problems import Issue

MATCH_TYPES = ("exact", "suffix", "label")


def as_tuple(value: Any) -> tuple[str, ...]:
    """Schema keywords accept a string or a list of strings."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return ()


@dataclass(frozen=True)
class TermVerdict:
    """The outcome for one term value: the resolved record (if any) and the issues found."""

    record: TermRecord | None
    issues: tuple[Issue, ...] = ()


def _name(record: TermRecord) -> str:
    return f"{record.iri} ({record.label})" if record.label else record.iri


def _error(code: str, message: str, **params: Any) -> Issue:
    return Issue(code=code, severity="error", message=message, params=params)


def _obsolete_ancestor(record: TermRecord, ancestor: str, replacement: str) -> Issue:
    message = (
        f"required ancestor {ancestor} is obsolete in {record.source or 'the ontology'}; "
        f"checked against its replacement {replacement}"
    )
    params = {"ancestor": ancestor, "replacement": replacement}
    return Issue(code="term.ancestor_obsolete", severity="warning", message=message, params=params)


def _unavailable(message: str, **params: Any) -> Issue:
    return Issue(
        code="term.ontology_unavailable",
        severity="error",
        message=f"ontology unavailable: {message}",
        indeterminate=True,
        params=params,
    )


def _ontology_of(iri: str) -> str:
    """The ontology an IRI's namespace suggests (``.../obo/NCIT_C1`` -> ``ncit``)."""
    prefix = iri_prefix(iri).rstrip("_/#")
    return prefix.rsplit("/", 1)[-1].lower() or "unknown"


@dataclass
class TermChecker:
    """Evaluates term constraints against one term source; memoises every question."""

    source: TermSource
    _verdicts: dict[tuple[Any, ...], TermVerdict] = field(default_factory=dict)
    _lookups: dict[tuple[str, str | None], Lookup] = field(default_factory=dict)

    def lookup(self, iri: str, ontology: str | None) -> Lookup:
        key = (iri, ontology)
        if key not in self._lookups:
            self._lookups[key] = self.source.term(iri, ontology)
        return self._lookups[key]

    def check(self, value: str, ontologies: Sequence[str], ancestors: Sequence[str], match: str) -> TermVerdict:
        key = (value, tuple(ontologies), tuple(ancestors), match)
        if key not in self._verdicts:
            self._verdicts[key] = self._evaluate(value, tuple(ontology_id(o) for o in ontologies), ancestors, match)
        return self._verdicts[key]

    def _evaluate(self, value: str, ontologies: tuple[str, ...], ancestors: Sequence[str], match: str) -> TermVerdict:
        record, issues = self._resolve(value, ontologies, match)
        if record is None:
            return TermVerdict(None, issues)
        found: list[Issue] = []
        if record.obsolete:
            hint = f"; replaced by {record.replaced_by}" if record.replaced_by else ""
            message = f"term {_name(record)} is obsolete{hint}"
            found.append(_error("term.obsolete", message, term=record.iri, replaced_by=record.replaced_by))
        if ancestors:
            found.extend(self._ancestry(record, ancestors))
        return TermVerdict(record, tuple(found))

    def _ask(self, value: str, ontology: str | None, match: str) -> Lookup:
        if match == "label" and ontology:
            return self.source.by_label(value, ontology)
        if match == "suffix" and ontology:
            return self.source.by_suffix(value, ontology)
        return self.lookup(value, ontology)

    def _resolve(
        self, value: str, ontologies: tuple[str, ...], match: str
    ) -> tuple[TermRecord | None, tuple[Issue, ...]]:
        answers = [self._ask(value, o, match) for o in (ontologies or (None,))]
        for answer in answers:
            if answer.status == "found" and answer.ambiguous:
                iris = ", ".join(_name(r) for r in answer.matches)
                return None, (_error("term.ambiguous", f"{value!r} ({match} match) matches several terms: {iris}"),)
            if answer.status == "found" and answer.record is not None:
                return answer.record, ()
        return None, (self._missing(value, ontologies, answers, match),)

    def _missing(self, value: str, ontologies: tuple[str, ...], answers: list[Lookup], match: str) -> Issue:
        """Why a value names no term: nobody could say, it is in another ontology, or it does not exist."""
        where = ", ".join(ontologies) or "any ontology"
        unknown = [a.reason for a in answers if a.status == "unknown"]
        if unknown:
            needs = [o for o, a in zip(ontologies, answers, strict=False) if o and a.status == "unknown"]
            message = f"cannot look up {value!r} in {where}: {'; '.join(unknown)}"
            return _unavailable(message, term=value, needs=needs or [_ontology_of(value)])
        if match == "exact" and ontologies:
            other = self.lookup(value, None).record
            if other is not None:
                message = f"term {_name(other)} is in {other.ontology}, not in {where}"
                return _error("term.wrong_ontology", message, term=value, ontology=other.ontology)
        return _error("term.not_found", f"no term {value!r} in {where}", term=value)

    def _ancestry(self, record: TermRecord, ancestors: Sequence[str]) -> list[Issue]:
        statuses: list[str] = []
        for ancestor in ancestors:
            status = record.ancestry(ancestor)
            if status == "found":
                return []
            replacement = self._replacement(ancestor)
            if replacement and record.ancestry(replacement) == "found":
                return [_obsolete_ancestor(record, ancestor, replacement)]
            statuses.append(record.ancestry(replacement) if replacement else status)
        wanted = " or ".join(ancestors)
        if "unknown" in statuses:
            message = (
                f"cannot decide whether {_name(record)} descends from {wanted}: "
                f"{record.source} does not hold the whole ancestor graph"
            )
            return [_unavailable(message, term=record.iri, needs=[record.ontology])]
        message = f"term {_name(record)} does not descend from {wanted}"
        return [_error("term.ancestor", message, term=record.iri, ancestors=list(ancestors))]

    def _replacement(self, ancestor: str) -> str | None:
        found = self.lookup(ancestor, None)
        if found.record is not None and found.record.obsolete:
            return found.record.replaced_by
        return None

    def label_issue(self, iri: str, label: Any, ontologies: Sequence[str]) -> Issue | None:
        """Compare ``term_label`` with the label of the term (existence is reported by the term check)."""
        record = self.check(iri, ontologies, (), "exact").record
        if record is None or record.label is None or label == record.label:
            return None
        return Issue(
            code="term.label_mismatch",
            severity="error",
            message=f"term_label {label!r} is not the label of {record.iri} ({record.label!r})",
            params={"term": record.iri, "expected": record.label, "found": label},
        )
