"""Augmentation from the document itself: file names, species, summaries, references.

Summary rules reproduce the published FAIRtracks augmented examples:

- ``sample_type/summary``: the label chosen by ``biospecimen_class`` (cell type, abnormal cell type,
  cell line or organism part), then in parentheses the organism part (for cells) and ``details``:
  ``B cell (mesoderm, CD20+)``; a cell line is not followed by the tissue it came from (``H1-hESC``).
- ``target/summary``: the first of sequence feature, gene id, gene product type, macromolecular
  structure, phenotype, then ``details`` in parentheses: ``H3K4_trimethylation``.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from fairgauge.tracks.augment.base import NOT_APPLICABLE, AugmentContext, Missing, Outcome, Value, name_of
from fairgauge.tracks.keywords.foreign import values_at
from fairgauge.tracks.ontology.model import OBO_PURL
from fairgauge.tracks.pointers import get, parent_pointer
from fairgauge.tracks.walker import Site

BIOSPECIMEN = {
    f"{OBO_PURL}NCIT_C12508": ("cell_type", True),
    f"{OBO_PURL}NCIT_C12913": ("abnormal_cell_type", True),
    f"{OBO_PURL}NCIT_C16403": ("cell_line", False),
    f"{OBO_PURL}NCIT_C103199": ("organism_part", False),
}
TARGET_ORDER = ("sequence_feature", "gene_id", "gene_product_type", "macromolecular_structure", "phenotype")


def _label(value: Any) -> str | None:
    if isinstance(value, dict):
        label = value.get("term_label")
        return label if isinstance(label, str) and label else None
    return value if isinstance(value, str) and value else None


def _summary(main: str, extras: list[Any]) -> str:
    parts = [e for e in extras if isinstance(e, str) and e]
    return f"{main} ({', '.join(parts)})" if parts else main


class FileNameRule:
    """``file_name``: the last path segment of ``file_url``, percent-decoded."""

    id: ClassVar[str] = "file-name"
    title: ClassVar[str] = "File names from file URLs"

    def applies(self, site: Site) -> bool:
        return name_of(site) == "file_name"

    def compute(self, site: Site, context: AugmentContext) -> Outcome:
        url = context.sibling(site, "file_url")
        if not isinstance(url, str):
            return Missing("no file_url to take the file name from")
        name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
        return Value(name, "file_url") if name else Missing(f"file_url {url!r} has no file name")


class SpeciesNameRule:
    """``species_name``: the NCBI scientific name of ``species_id``."""

    id: ClassVar[str] = "species-name"
    title: ClassVar[str] = "Species names from taxonomy ids"

    def applies(self, site: Site) -> bool:
        return name_of(site) == "species_name"

    def compute(self, site: Site, context: AugmentContext) -> Outcome:
        species_id = context.sibling(site, "species_id")
        if not isinstance(species_id, str):
            return Missing("no species_id")
        answer = context.species.name(species_id)
        return Value(answer.name, answer.source) if answer.name else Missing(answer.reason)


class SampleTypeSummaryRule:
    id: ClassVar[str] = "sample-type-summary"
    title: ClassVar[str] = "Sample type summaries"

    def applies(self, site: Site) -> bool:
        return site.pointer.endswith("/sample_type/summary") or site.pointer == "/sample_type/summary"

    def compute(self, site: Site, context: AugmentContext) -> Outcome:
        sample_type = context.parent(site)
        sample = get(context.data, parent_pointer(parent_pointer(site.pointer)))
        term_id = (sample.get("biospecimen_class") or {}).get("term_id") if isinstance(sample, dict) else None
        if not isinstance(sample_type, dict) or term_id not in BIOSPECIMEN:
            return Missing(f"biospecimen_class {term_id!r} does not say which sample type to summarise")
        member, with_tissue = BIOSPECIMEN[str(term_id)]
        main = _label(sample_type.get(member))
        if main is None:
            return Missing(f"sample_type/{member} has no term_label to summarise")
        extras = [_label(sample_type.get("organism_part"))] if with_tissue else []
        return Value(_summary(main, [*extras, sample_type.get("details")]))


class TargetSummaryRule:
    id: ClassVar[str] = "target-summary"
    title: ClassVar[str] = "Experiment target summaries"

    def applies(self, site: Site) -> bool:
        return site.pointer.endswith("/target/summary")

    def compute(self, site: Site, context: AugmentContext) -> Outcome:
        target = context.parent(site)
        if not isinstance(target, dict):
            return NOT_APPLICABLE
        main = next((_label(target.get(k)) for k in TARGET_ORDER if _label(target.get(k))), None)
        if main is None:
            return Missing("target has no labelled sub-property to summarise")
        return Value(_summary(main, [target.get("details")]))


class ForeignValueRule:
    """An augmented ``foreignProperty`` (``collection_ref``, ``doc_ref``): the one candidate value."""

    id: ClassVar[str] = "foreign-value"
    title: ClassVar[str] = "References with exactly one possible target in the document"

    def applies(self, site: Site) -> bool:
        return isinstance(site.schema.get("foreignProperty"), str)

    def compute(self, site: Site, context: AugmentContext) -> Outcome:
        resource, fragment = context.checks.resource(site, site.schema["foreignProperty"])
        path = [p for p in fragment.split("/") if p]
        roots = [r for r in context.checks.of("$root") if r.node.resource == resource and r.document == site.document]
        candidates = list(dict.fromkeys(v for r in roots for v in values_at(r.instance, path) if isinstance(v, str)))
        if len(candidates) == 1:
            return Value(candidates[0], f"{resource.rsplit('/', 1)[-1]}#{fragment}")
        found = "no" if not candidates else f"{len(candidates)}"
        return Missing(f"{found} candidate value(s) for {fragment} in this document")
