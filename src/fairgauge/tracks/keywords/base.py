"""What a keyword check receives (the sites of a whole document set) and what it must declare.

Checks receive evidence and never fetch it: the term checker and CURIE checker they use were built by
the caller with whatever sources it chose (offline index, OLS, nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol
from urllib.parse import urldefrag

from fairgauge.model.findings import Severity
from fairgauge.tracks.curies import CurieChecker
from fairgauge.tracks.keywords.known import KnownKeys
from fairgauge.tracks.ontology.checker import TermChecker
from fairgauge.tracks.problems import Issue, Problem
from fairgauge.tracks.schemagraph import Node, SchemaGraph
from fairgauge.tracks.schemaset import SchemaBundle, join_reference
from fairgauge.tracks.walker import Site


@dataclass(frozen=True)
class DocumentState:
    """A parsed document with the schema chosen for it."""

    name: str
    data: Any
    bundle: SchemaBundle
    root: Node


@dataclass
class CheckContext:
    """Everything the keyword checks may read, for the whole document set."""

    documents: Sequence[DocumentState]
    sites: dict[str, list[Site]]
    terms: TermChecker | None
    curies: CurieChecker
    graphs: dict[str, SchemaGraph]
    known_keys: KnownKeys = field(default_factory=KnownKeys)
    _pointer_index: dict[str, dict[tuple[int, str], Site]] = field(default_factory=dict)
    _resolved: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Site]:
        return self.sites.get(kind, [])

    def name(self, site: Site) -> str:
        return self.documents[site.document].name

    def at(self, kind: str, document: int, pointer: str) -> Site | None:
        """The site of ``kind`` at one place, if any (built lazily)."""
        if kind not in self._pointer_index:
            self._pointer_index[kind] = {(s.document, s.pointer): s for s in self.of(kind)}
        return self._pointer_index[kind].get((document, pointer))

    def resource(self, site: Site, reference: str) -> tuple[str, str]:
        """Resolve a schema reference (joined onto the declaring schema's absolute ``$id``) to ($id, fragment)."""
        bundle = self.documents[site.document].bundle
        key = (bundle.name, site.node.resource, reference)
        if key not in self._resolved:
            uri, fragment = urldefrag(join_reference(site.node.resource, reference))
            self._resolved[key] = (bundle.canonical(uri) or uri, fragment)
        return self._resolved[key]

    def place(self, issue: Issue, site: Site, keyword: str | None = None) -> Problem:
        return issue.at(self.name(site), site.pointer, keyword or site.keyword, site.node.location)


class KeywordCheck(Protocol):
    """One check per keyword (or family): metadata as class attributes, one ``evaluate``."""

    id: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]]
    codes: ClassVar[tuple[str, ...]]
    title: ClassVar[str]

    def evaluate(self, context: CheckContext) -> Iterable[Problem]: ...


def issue(code: str, severity: Severity, message: str, **params: Any) -> Issue:
    return Issue(code=code, severity=severity, message=message, params=params)
