"""Species names from taxonomy ids: the bundled table of model organisms, then the term sources.

The table (``data/species.json``) answers the common case instantly and offline; anything else is asked
of the term sources as the NCBITaxon term ``NCBITaxon_<id>`` (offline: cellxgene's NCBITaxon, which
covers animals and is compiled into the index the first time it is needed; online: OLS4).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from fairgauge.tracks.ontology.model import OBO_PURL
from fairgauge.tracks.ontology.source import TermSource

_TAXON = re.compile(r"^(?:(?:taxonomy|ncbitaxon|taxon|taxid|ncbi_taxid):)?\s*(\d+)$", re.IGNORECASE)


def taxon_id(species_id: str) -> str | None:
    """``taxonomy:9606``, ``NCBITaxon:9606`` or ``9606`` -> ``9606``."""
    match = _TAXON.match(species_id.strip())
    return match.group(1) if match else None


def load_table() -> dict[str, str]:
    text = resources.files("fairgauge.tracks").joinpath("data/species.json").read_text("utf-8")
    table: dict[str, str] = json.loads(text)["species"]
    return table


@dataclass(frozen=True)
class SpeciesAnswer:
    name: str | None
    source: str
    reason: str = ""


@dataclass
class SpeciesNames:
    """Looks species names up: table first, then the term source (if any)."""

    table: dict[str, str]
    terms: TermSource | None = None

    def name(self, species_id: str) -> SpeciesAnswer:
        taxon = taxon_id(species_id)
        if taxon is None:
            return SpeciesAnswer(None, "", f"{species_id!r} is not an NCBI taxonomy id")
        if taxon in self.table:
            return SpeciesAnswer(self.table[taxon], "bundled model-organism table")
        if self.terms is None:
            return SpeciesAnswer(None, "", f"taxonomy id {taxon} is not in the bundled table and term sources are off")
        answer = self.terms.term(f"{OBO_PURL}NCBITaxon_{taxon}", "ncbitaxon")
        if answer.record is not None and answer.record.label:
            return SpeciesAnswer(answer.record.label, answer.record.source or self.terms.name)
        reason = answer.reason or f"taxonomy id {taxon} not found"
        return SpeciesAnswer(None, "", reason)
