"""Plain data shared by the ontology parsers, the packaged-data readers and the index.

A *pack* is one unit of ontology data compiled into the index: one local file, or one ontology of
the data shipped in a PyPI package. It says which ontology it serves, which release, and how complete it
is: ``complete_prefixes`` are the IRI namespaces in which it knows *every* term (so a missing term is
absent, not unknown), and ``closure_prefixes`` the namespaces in which its ancestor graph is complete
(None: everywhere).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

OBO_PURL = "http://purl.obolibrary.org/obo/"


class TermRow(NamedTuple):
    iri: str
    label: str | None
    obsolete: bool
    replaced_by: str | None


@dataclass(frozen=True)
class PackInfo:
    """What a pack serves and how far it can be trusted."""

    pack_id: str
    ontology: str
    version: str | None
    version_iri: str | None
    complete_prefixes: tuple[str, ...]
    closure_prefixes: tuple[str, ...] | None
    priority: int
    description: str


@dataclass
class PackData:
    """The contents of a pack, as read from its source."""

    info: PackInfo
    terms: Iterable[TermRow]
    edges: Iterable[tuple[str, str]] = field(default_factory=list)


@dataclass
class ParsedOntology:
    """What a parser reads from one ontology file."""

    ontology_iri: str | None = None
    ontology: str | None = None
    version: str | None = None
    version_iri: str | None = None
    terms: list[TermRow] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)


class PackProvider(Protocol):
    """A source of one pack. ``lazy`` packs are compiled only when their ontology is first asked for."""

    @property
    def pack_id(self) -> str: ...

    @property
    def lazy(self) -> bool: ...

    @property
    def serves(self) -> tuple[str, ...]: ...

    def fingerprint(self) -> str: ...

    def load(self) -> PackData: ...


def obo_curie_to_iri(curie: str, prefixes: dict[str, str] | None = None) -> str:
    """``CL:0000236`` -> ``http://purl.obolibrary.org/obo/CL_0000236``; IRIs pass through."""
    if curie.startswith(("http://", "https://")):
        return curie
    prefix, _, local = curie.partition(":")
    if prefixes and prefix in prefixes:
        return prefixes[prefix] + local
    return f"{OBO_PURL}{prefix}_{local}" if local else curie


def obo_version_iri(ontology: str, data_version: str) -> str:
    """OBO convention: data-version ``releases/2020-07-17`` -> ``.../ncit/releases/2020-07-17/ncit.owl``;
    ODK releases state the path under the PURL (``cl/releases/2024-01-04/cl.owl``), taken as it is."""
    if data_version.startswith(("http://", "https://")):
        return data_version
    if data_version.startswith(f"{ontology}/") and data_version.endswith(".owl"):
        return OBO_PURL + data_version
    return f"{OBO_PURL}{ontology}/{data_version.strip('/')}/{ontology}.owl"


def own_prefixes(ontology: str, ontology_iri: str | None) -> tuple[str, ...]:
    """Namespaces an ontology file is authoritative for: its OBO id space, or its own IRI folder."""
    found = [f"{OBO_PURL}{ontology.upper()}_"]
    if ontology_iri and not ontology_iri.startswith(OBO_PURL):
        found.append(ontology_iri.rsplit("/", 1)[0] + "/")
    return tuple(found)
