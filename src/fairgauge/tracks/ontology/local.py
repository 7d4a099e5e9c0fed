"""Local ontology files (OBO, OWL RDF/XML, OBO Graphs JSON) as packs of the offline index.

A local file is taken as *the* ontology it declares: it is authoritative for its own id space (a term
of that space missing from the file is absent) and its is_a graph is taken as complete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fairgauge.errors import TracksError
from fairgauge.tracks.ontology.model import PackData, PackInfo, ParsedOntology, own_prefixes
from fairgauge.tracks.ontology.obo import parse_obo
from fairgauge.tracks.ontology.obographs import parse_obographs
from fairgauge.tracks.ontology.owl import parse_owl

Parser = Callable[[Path], ParsedOntology]


def parser_for(path: Path) -> Parser:
    """Choose the reader from the file name, then from the first bytes."""
    name = path.name.lower()
    if name.endswith(".obo"):
        return parse_obo
    if name.endswith((".owl", ".rdf", ".xml")):
        return parse_owl
    if name.endswith(".json"):
        return parse_obographs
    head = path.read_bytes()[:512].lstrip()
    if head.startswith(b"<"):
        return parse_owl
    if head.startswith(b"{"):
        return parse_obographs
    return parse_obo


@dataclass
class LocalFilePack:
    """One user-given ontology file."""

    path: Path
    lazy: bool = False
    serves: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.path = self.path.resolve()
        if not self.path.is_file():
            raise TracksError(f"ontology file not found: {self.path}")

    @property
    def pack_id(self) -> str:
        return f"file:{self.path}"

    def fingerprint(self) -> str:
        stat = self.path.stat()
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    def load(self) -> PackData:
        try:
            parsed = parser_for(self.path)(self.path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise TracksError(f"cannot read ontology file {self.path}: {exc}") from exc
        if not parsed.ontology:
            raise TracksError(f"ontology file {self.path} does not say which ontology it is")
        info = PackInfo(
            pack_id=self.pack_id,
            ontology=parsed.ontology,
            version=parsed.version,
            version_iri=parsed.version_iri,
            complete_prefixes=own_prefixes(parsed.ontology, parsed.ontology_iri),
            closure_prefixes=None,
            priority=10,
            description=f"{self.path.name} ({' '.join(filter(None, (parsed.ontology, parsed.version)))})",
        )
        return PackData(info, parsed.terms, parsed.edges)
