"""Offline ontology data shipped in PyPI packages: cellxgene-ontology-guide (CL, EFO, UBERON,
NCBITaxon) and edam-ontology (EDAM).

cellxgene's files hold, per term, its label, deprecation and *all* ancestors, but only within the
ontology's own id space (EFO keeps only ``EFO:`` terms, so ``H1-hESC`` loses its ``CL`` ancestors).
The packs say so (``complete_prefixes`` / ``closure_prefixes``) and the checker answers *unknown*
rather than *no* outside that space. NCBITaxon is huge (1.2 million terms, 840 MB decompressed); it is
compiled lazily, labels only, the first time a species is looked up that the bundled table lacks.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fairgauge.tracks.ontology.model import OBO_PURL, PackData, PackInfo, TermRow

EFO_BASE = "http://www.ebi.ac.uk/efo/"
EDAM_BASE = "http://edamontology.org/"
_IRI_BASE = {"EFO": EFO_BASE + "EFO_"}
_VERSION_IRI = {
    "CL": OBO_PURL + "cl/releases/{date}/cl.owl",
    "UBERON": OBO_PURL + "uberon/releases/{date}/uberon.owl",
    "EFO": EFO_BASE + "releases/v{version}/efo.owl",
    "NCBITaxon": OBO_PURL + "ncbitaxon/{date}/ncbitaxon.owl",
}
CELLXGENE_ONTOLOGIES = ("CL", "EFO", "UBERON")


def cellxgene_iri(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return _IRI_BASE.get(prefix, f"{OBO_PURL}{prefix}_") + local


def _data_dir() -> Path | None:
    try:
        return Path(str(resources.files("cellxgene_ontology_guide").joinpath("data")))
    except ModuleNotFoundError:
        return None


def _latest_versions(data_dir: Path) -> dict[str, str]:
    info = json.loads((data_dir / "latest_ontology_info.json").read_text("utf-8"))
    return {name: entry["version"] for name, entry in info["ontologies"].items()}


@dataclass
class CellxgenePack:
    """One ontology of cellxgene-ontology-guide's data (latest release it ships)."""

    name: str
    path: Path
    version: str
    lazy: bool = False

    @property
    def pack_id(self) -> str:
        return f"cellxgene:{self.name}"

    @property
    def serves(self) -> tuple[str, ...]:
        return (self.name.lower(),)

    def fingerprint(self) -> str:
        stat = self.path.stat()
        return f"{self.path.name}:{stat.st_size}"

    def info(self) -> PackInfo:
        own = (cellxgene_iri(f"{self.name}:"),)
        date = self.version.lstrip("v")
        template = _VERSION_IRI.get(self.name)
        version_iri = template.format(date=date, version=date) if template else None
        return PackInfo(
            self.pack_id,
            self.name.lower(),
            self.version,
            version_iri,
            own,
            own,
            50,
            f"cellxgene-ontology-guide {self.name} {self.version}",
        )

    def load(self) -> PackData:
        if self.name == "NCBITaxon":
            return PackData(self.info(), _stream_taxa(self.path))
        data = _read_zst_json(self.path)
        terms = [_row(curie, entry) for curie, entry in data.items()]
        edges = [(cellxgene_iri(c), cellxgene_iri(a)) for c, e in data.items() for a in e.get("ancestors", {})]
        return PackData(self.info(), terms, edges)


def _row(curie: str, entry: dict[str, Any]) -> TermRow:
    replaced = entry.get("replaced_by")
    return TermRow(
        cellxgene_iri(curie),
        entry.get("label") or None,
        bool(entry.get("deprecated", False)),
        cellxgene_iri(replaced) if isinstance(replaced, str) and ":" in replaced else None,
    )


def _read_zst_json(path: Path) -> dict[str, Any]:
    import zstandard

    with path.open("rb") as handle:
        data: dict[str, Any] = json.load(zstandard.ZstdDecompressor().stream_reader(handle))
    return data


_TAXON = re.compile(rb'"NCBITaxon:(\d+)":\{"ancestors":\{[^}]*\},"label":"((?:[^"\\]|\\.)*)"')


def _stream_taxa(path: Path, chunk: int = 1 << 24) -> Iterator[TermRow]:
    """Labels of NCBITaxon terms without holding the 840 MB document in memory."""
    import zstandard

    with path.open("rb") as handle:
        reader = zstandard.ZstdDecompressor().stream_reader(handle)
        tail = b""
        while block := reader.read(chunk):
            buffer = tail + block
            entry = buffer.rfind(b'":{"ancestors":{')
            cut = buffer.rfind(b'"NCBITaxon:', 0, entry) if entry > 0 else -1
            cut = cut if cut > 0 else 0
            yield from _taxa(buffer, cut)
            tail = buffer[cut:]
        yield from _taxa(tail, len(tail))


def _taxa(buffer: bytes, end: int) -> Iterator[TermRow]:
    for match in _TAXON.finditer(buffer, 0, end):
        label = json.loads(b'"' + match.group(2) + b'"')
        yield TermRow(f"{OBO_PURL}NCBITaxon_{match.group(1).decode()}", label, False, None)


def cellxgene_packs(include_taxonomy: bool = True) -> list[CellxgenePack]:
    """Packs for CL, EFO, UBERON (and NCBITaxon, lazily) from the installed package, if any."""
    data_dir = _data_dir()
    if data_dir is None or not (data_dir / "latest_ontology_info.json").is_file():
        return []
    versions = _latest_versions(data_dir)
    names = [*CELLXGENE_ONTOLOGIES, *(["NCBITaxon"] if include_taxonomy else [])]
    packs = []
    for name in names:
        path = data_dir / f"{name}-ontology-{versions.get(name, '')}.json.zst"
        if name in versions and path.is_file():
            packs.append(CellxgenePack(name, path, versions[name], lazy=name == "NCBITaxon"))
    return packs


@dataclass
class EdamPack:
    """EDAM from the edam-ontology package (its TSV export; complete, parents included, no imports)."""

    path: Path
    version: str
    lazy: bool = False
    pack_id: str = "edam-ontology"
    serves: tuple[str, ...] = ("edam",)

    def fingerprint(self) -> str:
        return f"{self.version}:{self.path.stat().st_size}"

    def info(self) -> PackInfo:
        major_minor = ".".join(self.version.split(".")[:2])
        return PackInfo(
            self.pack_id,
            "edam",
            major_minor,
            f"{EDAM_BASE}EDAM_{major_minor}.owl",
            ("",),  # EDAM imports nothing: a term missing from it is absent, whatever its IRI
            None,
            50,
            f"edam-ontology {self.version}",
        )

    def load(self) -> PackData:
        terms: list[TermRow] = []
        edges: list[tuple[str, str]] = []
        with self.path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                iri = row["Class ID"]
                replaced = (row.get("http://www.geneontology.org/formats/oboInOwl#replacedBy") or "").split("|")[0]
                terms.append(TermRow(iri, row["Preferred Label"] or None, row["Obsolete"] == "TRUE", replaced or None))
                edges.extend(
                    (iri, parent) for parent in (row["Parents"] or "").split("|") if parent.startswith(EDAM_BASE)
                )
        return PackData(self.info(), terms, edges)


def edam_pack() -> EdamPack | None:
    try:
        import edam_ontology
    except ModuleNotFoundError:
        return None
    path = Path(str(resources.files("edam_ontology").joinpath("EDAM.tsv")))
    return EdamPack(path, edam_ontology.__version__) if path.is_file() else None
