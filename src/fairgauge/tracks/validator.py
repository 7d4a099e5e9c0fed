"""The validation use case: documents in, report out; all given documents form one set.

Per document: choose the schema, run JSON Schema (jsonschema 4, explicit registry, format checking),
walk the schema graph for extended-keyword sites. Then every keyword check runs once over the sites of
the whole set, which is what makes cross-document keys and references work.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from jsonschema.exceptions import ValidationError

from fairgauge.errors import InputError
from fairgauge.tracks.curies import CurieChecker, CurieRegistry, CurieResolver
from fairgauge.tracks.jsonload import LoadedDocument
from fairgauge.tracks.keywords import CheckContext, DocumentState, KeywordCheck, load_checks
from fairgauge.tracks.keywords.declarations import check_declarations
from fairgauge.tracks.keywords.known import KnownKeys
from fairgauge.tracks.ontology.checker import TermChecker
from fairgauge.tracks.ontology.source import TermSource
from fairgauge.tracks.pointers import escape
from fairgauge.tracks.problems import Problem
from fairgauge.tracks.report import DocumentReport, Status, ValidationReport, sort_problems
from fairgauge.tracks.schemagraph import SchemaGraph
from fairgauge.tracks.schemaset import Catalogue, SchemaBundle
from fairgauge.tracks.selection import Selection, is_legacy, release_fallback, select_schema
from fairgauge.tracks.sink import DEFAULT_PER_DOCUMENT, DEFAULT_TOTAL, DocumentCounts, ProblemSink, omitted_message
from fairgauge.tracks.walker import Site, Walker

MAX_MESSAGE = 300


FULL_MESSAGE_KEYWORDS = frozenset({"enum", "const"})
MAX_STRUCTURED = 2000


def _structured(value: Any) -> Any:
    """A value for ``expected`` / ``found``: scalars and small structures as they are, big ones summarised."""
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
        if len(text) > MAX_STRUCTURED:
            return {"json_type": "object" if isinstance(value, dict) else "array", "size": len(value)}
    return value


def schema_problem(document: str, error: ValidationError) -> Problem:
    """A jsonschema error as a problem (code ``schema.<keyword>``) with structured ``expected`` / ``found``.

    Messages are cut at ``MAX_MESSAGE`` characters except for ``enum`` and ``const``, whose message is the
    list of allowed values a curator needs in full.
    """
    pointer = "".join(f"/{escape(str(part))}" for part in error.absolute_path)
    keyword = str(error.validator)
    full = keyword in FULL_MESSAGE_KEYWORDS or len(error.message) <= MAX_MESSAGE
    message = error.message if full else error.message[: MAX_MESSAGE - 1] + "…"
    params = {"expected": _structured(error.validator_value), "found": _structured(error.instance)}
    return Problem(
        document=document,
        pointer=pointer,
        keyword=keyword,
        message=message,
        severity="error",
        code=f"schema.{keyword}",
        schema_location="#/" + "/".join(escape(str(p)) for p in error.absolute_schema_path),
        params=params,
    )


def count_tracks(data: Any, schema_id: str) -> int:
    if isinstance(data, dict) and isinstance(data.get("tracks"), list):
        return len(data["tracks"])
    return 1 if schema_id.endswith("_track.schema.json") else 0


@dataclass
class _Run:
    """Working state of one validation run."""

    states: list[DocumentState] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    problems: ProblemSink = field(default_factory=ProblemSink)
    selections: dict[str, Selection] = field(default_factory=dict)


def _omitted(document: str, omitted: Counter[str]) -> Problem:
    return Problem(
        document=document,
        keyword="report",
        code="report.truncated",
        severity="info",
        message=omitted_message(omitted),
        params={"omitted": sum(omitted.values()), "by_code": dict(omitted.most_common())},
    )


class TracksValidator:
    """Validates document sets against a catalogue with the given term and CURIE services."""

    def __init__(
        self,
        catalogue: Catalogue,
        curies: CurieRegistry,
        terms: TermSource | None = None,
        resolver: CurieResolver | None = None,
        checks: Sequence[KeywordCheck] | None = None,
        sources: dict[str, Any] | None = None,
        max_per_document: int = DEFAULT_PER_DOCUMENT,
        max_problems: int = DEFAULT_TOTAL,
    ) -> None:
        self.max_per_document = max_per_document
        self.max_problems = max_problems
        self.catalogue = catalogue
        self.curies = curies
        self.terms = terms
        self.resolver = resolver
        self.checks = tuple(checks) if checks is not None else load_checks()
        self.sources = sources or {}
        self._graphs: dict[str, SchemaGraph] = {}

    def graph(self, bundle: SchemaBundle) -> SchemaGraph:
        """The compiled graph of a bundle; user schema sets have their key declarations checked first."""
        if bundle.name not in self._graphs:
            graph = SchemaGraph(bundle)
            if bundle is self.catalogue.user:
                check_declarations(graph)
            self._graphs[bundle.name] = graph
        return self._graphs[bundle.name]

    def validate(
        self,
        documents: Sequence[LoadedDocument],
        *,
        schema_version: str | None = None,
        absent: bool = False,
        known_keys: KnownKeys | None = None,
    ) -> ValidationReport:
        """Validate ``documents`` as one set (``known_keys``: keys of documents validated earlier)."""
        report, _ = self.run(documents, schema_version=schema_version, absent=absent, known_keys=known_keys)
        return report

    def run(
        self,
        documents: Sequence[LoadedDocument],
        *,
        schema_version: str | None = None,
        absent: bool = False,
        known_keys: KnownKeys | None = None,
    ) -> tuple[ValidationReport, CheckContext]:
        """Validate and also return the check context (the augmenter reuses the sites)."""
        if schema_version is not None:
            self.catalogue.version(schema_version)
        run = _Run(problems=ProblemSink(self.max_per_document, self.max_problems))
        for document in documents:
            self._one(run, document, schema_version, absent)
        context = self._context(run)
        if known_keys:
            context.known_keys = known_keys.canonicalised(self._canonical)
        for check in self.checks:
            run.problems.extend(check.evaluate(context))
        return self._report(documents, run), context

    def _one(self, run: _Run, document: LoadedDocument, version: str | None, absent: bool) -> None:
        run.problems.extend(document.problems)
        if not isinstance(document.data, dict):
            legacy = select_schema(self.catalogue, document.name, document.data, None)
            if is_legacy(document.data) and isinstance(legacy, Problem):
                run.problems.add(legacy)
            return
        selection = select_schema(self.catalogue, document.name, document.data, version)
        if isinstance(selection, Problem):
            run.problems.add(selection)
            return
        try:
            errors = iter(selection.bundle.validator(selection.schema_id).iter_errors(document.data))
            first = next(errors, None)  # errors stream into the capped sink: never all held at once
            if first is not None and version is None:
                fallback = release_fallback(self.catalogue, document.name, selection, document.data)
                if fallback is not None:
                    selection, first, errors = fallback, None, iter(())
            run.selections[document.name] = selection
            run.problems.extend(selection.notes)
            found = chain([first], errors) if first is not None else errors
            run.problems.extend(schema_problem(document.name, e) for e in found)
            bundle = selection.bundle
            root = self.graph(bundle).root(selection.schema_id)
            index = len(run.states)
            run.states.append(DocumentState(document.name, document.data, bundle, root))
            walker = Walker(lambda node, value: bundle.location_validator(node.location).is_valid(value), absent=absent)
            run.sites.extend(walker.walk(root, document.data, index))
        except RecursionError as exc:
            raise InputError(
                f"{document.name}: nests too deeply to validate against {selection.schema_id}, or a $ref chain "
                "of the schema loops or is too long"
            ) from exc

    def _canonical(self, uri: str) -> str | None:
        return next((c for b in self.catalogue.all_bundles() if (c := b.canonical(uri))), None)

    def _context(self, run: _Run) -> CheckContext:
        grouped: dict[str, list[Site]] = defaultdict(list)
        for site in run.sites:
            grouped[site.kind].append(site)
        terms = TermChecker(self.terms) if self.terms is not None else None
        curies = CurieChecker(self.curies, self.resolver)
        return CheckContext(run.states, dict(grouped), terms, curies, self._graphs)

    def _report(self, documents: Sequence[LoadedDocument], run: _Run) -> ValidationReport:
        order = {d.name: i for i, d in reversed(list(enumerate(documents)))}
        problems = sort_problems(run.problems.kept, order)
        for name, counts in run.problems.counts.items():
            if counts.omitted:
                problems.append(_omitted(name, counts.omitted))
        reports = [self._document_report(d, run.selections.get(d.name), run.problems.counts) for d in documents]
        return ValidationReport(documents=tuple(reports), problems=tuple(problems), sources=self.sources)

    @staticmethod
    def _document_report(
        document: LoadedDocument, selection: Selection | None, all_counts: dict[str, DocumentCounts]
    ) -> DocumentReport:
        counts = all_counts.get(document.name) or DocumentCounts()
        status: Status = "invalid" if counts.determinate_errors else "indeterminate" if counts.errors else "valid"
        return DocumentReport(
            document=document.name,
            schema_id=selection.schema_id if selection else None,
            schema_version=selection.bundle.name if selection and selection.bundle.name != "user" else None,
            status=status,
            errors=counts.errors,
            warnings=counts.warnings,
            infos=counts.infos,
            tracks=count_tracks(document.data, selection.schema_id) if selection else 0,
            omitted=sum(counts.omitted.values()),
        )
