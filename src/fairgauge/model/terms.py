"""Answers about ontology terms and identifiers, shared by the FAIRtracks validator and the online
sources in ``fairgauge.harvest`` (which must not import ``fairgauge.tracks``).

A term source answers *found* (with the facts), *absent* (it knows the ontology well enough to say the
term is not there) or *unknown* (it cannot say); a CURIE resolver answers resolved / unresolved / unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

Status = Literal["found", "absent", "unknown"]
Resolution = Literal["resolved", "unresolved", "unknown"]
OntologySource = Literal["offline", "ols", "off"]
"""Where FAIRtracks ontology terms are looked up: the offline index, OLS4 (then the index), or nowhere.
Declared once: settings, the CLI's --ontology-source, the API's ontology_source and the tracks service
read it."""
ONTOLOGY_SOURCES: tuple[OntologySource, ...] = get_args(OntologySource)


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
