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
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

Status = Literal["found", "absent", "unknown"]

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


def covered(iri: str, prefixes: Sequence[str] | None) -> bool:
    """True if ``prefixes`` (None = everything) covers ``iri``."""
    return prefixes is None or any(iri.startswith(p) for p in prefixes)


@dataclass(frozen=True)
class TermRecord:
    """What a source knows about one term."""

    iri: str
    label: str | None
    ontology: str
    obsolete: bool = False
    replaced_by: str | None = None
    ancestors: frozenset[str] = frozenset()
    closure_prefixes: tuple[str, ...] | None = None
    source: str = ""

    def ancestry(self, ancestor: str) -> Status:
        """Is ``ancestor`` the term itself or one of its ancestors? ``unknown`` if the graph is partial."""
        if ancestor == self.iri or ancestor in self.ancestors:
            return "found"
        return "absent" if covered(ancestor, self.closure_prefixes) else "unknown"


@dataclass(frozen=True)
class Lookup:
    """The answer of a source: found / absent / unknown, with facts or a reason."""

    status: Status
    record: TermRecord | None = None
    reason: str = ""
    matches: tuple[TermRecord, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.matches) > 1


@dataclass(frozen=True)
class OntologyVersion:
    """The release of an ontology a source answers from (used for ``doc_ontology_versions``)."""

    ontology: str
    version: str | None
    version_iri: str | None
    source: str


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
