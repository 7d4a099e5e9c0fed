"""The term-source protocol: what the validator may ask about ontology terms, and the three answers.

A source answers *found* (with the facts), *absent* (it knows the ontology well enough to say the term
is not there) or *unknown* (it cannot say). Unknown is never turned into a pass or a fail: the
validator reports it as indeterminate (``ontology unavailable``). Ancestor sets carry the IRI prefixes
for which they are complete, because some offline data (cellxgene's EFO) keeps only part of the graph.

Implementations: the offline SQLite index (:mod:`fairgauge.tracks.ontology.index`) and the OLS4 client
(``fairgauge.harvest.ols``, the only one that touches the network). ``ChainedSource`` asks them in turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from fairgauge.model.terms import Lookup, OntologyVersion, Status, TermRecord, covered

_LOCAL = re.compile(r"^(.*[/#])(?:([A-Za-z][A-Za-z0-9.]*_)(?=[^/#]*$))?")


def ontology_id(iri: str) -> str:
    """Short ontology id from an ontology IRI (``.../obo/cl.owl`` -> ``cl``; also OLS's id)."""
    name = iri.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0].lower() if "." in name else name.lower()


def iri_prefix(iri: str) -> str:
    """Namespace of a term IRI: ``http://purl.obolibrary.org/obo/CL_``, ``http://edamontology.org/``."""
    match = _LOCAL.match(iri)
    if not match:
        return ""
    return match.group(1) + (match.group(2) or "")


__all__ = [
    "BudgetedSource",
    "ChainedSource",
    "Lookup",
    "OntologyVersion",
    "Status",
    "TermRecord",
    "TermSource",
    "covered",
    "iri_prefix",
    "ontology_id",
]


@runtime_checkable
class TermSource(Protocol):
    """Anything that can answer questions about ontology terms."""

    name: str

    def term(self, iri: str, ontology: str | None) -> Lookup:
        """The term with this IRI in ``ontology`` (an id such as ``cl``), or in any ontology if None."""
        ...

    def by_label(self, label: str, ontology: str) -> Lookup:
        """The term of ``ontology`` with this label (``matchType: label``)."""
        ...

    def by_suffix(self, suffix: str, ontology: str) -> Lookup:
        """The term of ``ontology`` whose IRI ends with ``suffix`` (``matchType: suffix``)."""
        ...

    def version(self, ontology: str) -> OntologyVersion | None:
        """The release answered from, if known."""
        ...


class ChainedSource:
    """Asks sources in order; the first definite answer (found or absent) wins."""

    def __init__(self, sources: Sequence[TermSource]) -> None:
        self.sources = tuple(sources)
        self.name = " > ".join(s.name for s in sources) or "none"

    def _first(self, ask: str, *args: str | None) -> Lookup:
        reasons = []
        for source in self.sources:
            answer: Lookup = getattr(source, ask)(*args)
            if answer.status != "unknown":
                return answer
            reasons.append(f"{source.name}: {answer.reason}" if answer.reason else source.name)
        return Lookup("unknown", reason="; ".join(reasons) or "no term source configured")

    def term(self, iri: str, ontology: str | None) -> Lookup:
        return self._first("term", iri, ontology)

    def by_label(self, label: str, ontology: str) -> Lookup:
        return self._first("by_label", label, ontology)

    def by_suffix(self, suffix: str, ontology: str) -> Lookup:
        return self._first("by_suffix", suffix, ontology)

    def version(self, ontology: str) -> OntologyVersion | None:
        for source in self.sources:
            found = source.version(ontology)
            if found is not None:
                return found
        return None


class BudgetedSource:
    """An online source seen through one validation's budget: each distinct question is asked once, and
    at most ``limit`` questions reach the network (one hostile request must not fan out into thousands
    of outbound calls). Over the budget the answer is *unknown*, so the checks become indeterminate."""

    def __init__(self, inner: TermSource, limit: int) -> None:
        self.inner = inner
        self.limit = limit
        self.name = inner.name
        self.asked = 0
        self._answers: dict[tuple[str, str | None, str | None], Lookup] = {}
        self._versions: dict[str, OntologyVersion | None] = {}

    def _over(self) -> Lookup:
        return Lookup(
            "unknown",
            reason=f"online lookup cap reached ({self.limit} per validation; setting tracks_max_online_lookups)",
        )

    def _ask(self, method: str, first: str, second: str | None) -> Lookup:
        key = (method, first, second)
        if key not in self._answers:
            if self.asked >= self.limit:
                return self._over()
            self.asked += 1
            self._answers[key] = getattr(self.inner, method)(first, second)
        return self._answers[key]

    def term(self, iri: str, ontology: str | None) -> Lookup:
        return self._ask("term", iri, ontology)

    def by_label(self, label: str, ontology: str) -> Lookup:
        return self._ask("by_label", label, ontology)

    def by_suffix(self, suffix: str, ontology: str) -> Lookup:
        return self._ask("by_suffix", suffix, ontology)

    def version(self, ontology: str) -> OntologyVersion | None:
        if ontology not in self._versions:
            if self.asked >= self.limit:
                return None
            self.asked += 1
            self._versions[ontology] = self.inner.version(ontology)
        return self._versions[ontology]
