"""Reading, validating and flattening one catalog source (a file or a folder of FAIRtracks JSON).

A source is what the user named on the command line (its resolved path, or a URL/DOI in canonical form,
whose documents are named by the URLs they were served from); re-importing it replaces its previous
version in one transaction (the store does that). Every document is validated
with the FAIRtracks validator: an invalid one is reported with its errors and left out, unless
``force`` is set, in which case its tracks are imported and flagged ``invalid``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fairgauge.catalog.flatten import FlatTrack, flatten_document
from fairgauge.tracks.jsonload import LoadedDocument, read_documents
from fairgauge.tracks.report import Status
from fairgauge.tracks.service import TracksService

MAX_PROBLEMS_KEPT = 20

# what a source is: a local file or folder (keyed by its resolved path), or an identifier that was
# harvested (keyed by its canonical form: a URL, ``doi:10...``, or ``scheme:value`` for other PIDs)
SourceKind = Literal["file", "folder", "url", "doi", "pid"]


@dataclass(frozen=True)
class ImportedDocument:
    """One document of a source: its validation verdict, its tracks and whether they are imported."""

    name: str
    status: Status
    schema_version: str | None
    errors: tuple[str, ...]
    tracks: tuple[FlatTrack, ...]
    imported: bool

    @property
    def flagged(self) -> bool:
        return self.imported and self.status == "invalid"


@dataclass(frozen=True)
class ImportBatch:
    """Everything the store needs to replace a source: documents, tracks and term ancestors."""

    source: str
    kind: SourceKind
    documents: tuple[ImportedDocument, ...]
    ancestors: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def imported_tracks(self) -> int:
        return sum(len(d.tracks) for d in self.documents if d.imported)

    @property
    def skipped(self) -> tuple[ImportedDocument, ...]:
        return tuple(d for d in self.documents if not d.imported)


class TermFacts:
    """Labels and ancestors from the FAIRtracks term source, asked once per term."""

    def __init__(self, service: TracksService) -> None:
        self._terms = service.terms
        self._cache: dict[str, tuple[str | None, frozenset[str]]] = {}

    def _facts(self, iri: str) -> tuple[str | None, frozenset[str]]:
        if iri not in self._cache:
            record = self._terms.term(iri, None).record if self._terms is not None else None
            self._cache[iri] = (record.label, record.ancestors) if record is not None else (None, frozenset())
        return self._cache[iri]

    def label(self, iri: str) -> str | None:
        return self._facts(iri)[0]

    def ancestors(self, iri: str) -> frozenset[str]:
        return self._facts(iri)[1]


def problem_lines(report: Any, name: str) -> tuple[str, ...]:
    """The document's errors (what made it invalid), else what could not be decided (indeterminate)."""
    mine = [p for p in report.problems if p.document == name and p.severity == "error"]
    chosen = [p for p in mine if not p.indeterminate] or mine
    return tuple(f"{p.pointer or '/'}: {p.message}" for p in chosen[:MAX_PROBLEMS_KEPT])


def build_batch(
    source: str,
    kind: SourceKind,
    documents: Sequence[LoadedDocument],
    service: TracksService,
    *,
    force: bool = False,
    terms: TermFacts | None = None,
) -> ImportBatch:
    """Validate each document on its own (a FAIRtracks collection is self-contained, and a folder often
    holds the same records in part documents too), flatten each one."""
    facts = terms or TermFacts(service)
    validator = service.validator()
    imported: list[ImportedDocument] = []
    term_ids: set[str] = set()
    for document in documents:
        report = validator.validate([document])
        verdict = next((d for d in report.documents if d.document == document.name), None)
        status: Status = verdict.status if verdict is not None else ("invalid" if not document.usable else "valid")
        tracks = tuple(flatten_document(document.data, facts.label)) if document.usable else ()
        keep = document.usable and (status != "invalid" or force)
        if keep:
            for track in tracks:
                term_ids |= track.term_ids()
        imported.append(
            ImportedDocument(
                name=document.name,
                status=status,
                schema_version=verdict.schema_version if verdict is not None else None,
                errors=problem_lines(report, document.name) or tuple(p.message for p in document.problems[:5]),
                tracks=tracks,
                imported=keep,
            )
        )
    return ImportBatch(source, kind, tuple(imported), {t: facts.ancestors(t) for t in sorted(term_ids)})


def read_source(path: Path, *, lenient: bool = False) -> list[LoadedDocument]:
    return read_documents([path], lenient=lenient)


ProgressCallback = Callable[[str], None]
