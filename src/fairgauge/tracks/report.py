"""The validation report: one model, a stable JSON form and a plain-text form.

JSON form (``format_version`` 1; every key always present)::

    {
      "format_version": 1,
      "valid": true | false,
      "status": "valid" | "invalid" | "indeterminate",
      "documents": [{"document", "schema", "schema_version", "status", "valid",
                     "errors", "warnings", "infos", "tracks", "omitted"}],
      "problems": [{"document", "pointer", "keyword", "message", "severity", "code", "indeterminate",
                    "line", "column", "schema_location", "related": [{"document", "pointer"}], "params"}],
      "summary": {"documents", "valid", "invalid", "indeterminate", "tracks",
                  "errors", "warnings", "infos"},
      "sources": {"ontology": [...], "curie": "...", "schemas": [...]}
    }

Problems beyond the per-document and per-run caps are counted (``errors``, ``warnings``, ``omitted``) but
not listed; a ``report.truncated`` problem per document says how many of which codes were left out.
Schema errors carry ``params.expected`` and ``params.found``.

A document is *invalid* if it has an error that is not indeterminate, *indeterminate* if its only errors
are indeterminate (e.g. ``ontology unavailable``), *valid* otherwise. Problems are sorted by document
(input order), then JSON pointer, then code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from fairgauge.model.base import FrozenModel
from fairgauge.terminal import terminal_safe, terminal_safe_model
from fairgauge.tracks.problems import Problem

Status = Literal["valid", "invalid", "indeterminate"]
FORMAT_VERSION = 1


class DocumentReport(FrozenModel):
    document: str
    schema_id: str | None
    schema_version: str | None
    status: Status
    errors: int
    warnings: int
    infos: int
    tracks: int
    omitted: int = 0

    @property
    def valid(self) -> bool:
        return self.status == "valid"


class ValidationReport(FrozenModel):
    documents: tuple[DocumentReport, ...]
    problems: tuple[Problem, ...]
    sources: dict[str, Any]

    @property
    def status(self) -> Status:
        return combine(d.status for d in self.documents) if self.documents else "valid"

    @property
    def valid(self) -> bool:
        return self.status == "valid"

    def to_json(self) -> dict[str, Any]:
        counts = Counter(
            {
                "error": sum(d.errors for d in self.documents),
                "warning": sum(d.warnings for d in self.documents),
                "info": sum(d.infos for d in self.documents),
            }
        )
        statuses = Counter(d.status for d in self.documents)
        return {
            "format_version": FORMAT_VERSION,
            "valid": self.valid,
            "status": self.status,
            "documents": [_document_json(d) for d in self.documents],
            "problems": [p.model_dump(mode="json") for p in self.problems],
            "summary": {
                "documents": len(self.documents),
                "valid": statuses["valid"],
                "invalid": statuses["invalid"],
                "indeterminate": statuses["indeterminate"],
                "tracks": sum(d.tracks for d in self.documents),
                "errors": counts["error"],
                "warnings": counts["warning"],
                "infos": counts["info"],
            },
            "sources": self.sources,
        }


def merge_reports(reports: Sequence[ValidationReport]) -> ValidationReport:
    """Reports of separately validated sets as one report (``--separately``)."""
    return ValidationReport(
        documents=tuple(d for r in reports for d in r.documents),
        problems=tuple(p for r in reports for p in r.problems),
        sources=reports[0].sources if reports else {},
    )


def _document_json(d: DocumentReport) -> dict[str, Any]:
    data = d.model_dump(mode="json")
    data["schema"] = data.pop("schema_id")
    data["valid"] = d.valid
    return data


def combine(statuses: Any) -> Status:
    found = set(statuses)
    if "invalid" in found:
        return "invalid"
    return "indeterminate" if "indeterminate" in found else "valid"


def document_status(problems: Sequence[Problem]) -> Status:
    errors = [p for p in problems if p.severity == "error"]
    if any(not p.indeterminate for p in errors):
        return "invalid"
    return "indeterminate" if errors else "valid"


def sort_problems(problems: Sequence[Problem], order: dict[str, int]) -> list[Problem]:
    return sorted(problems, key=lambda p: (order.get(p.document, len(order)), p.pointer, p.code, p.message))


_COLORS = {"error": "31", "warning": "33", "info": "36", "valid": "32", "invalid": "31", "indeterminate": "33"}


def _paint(text: str, key: str, color: bool) -> str:
    return f"\033[{_COLORS[key]}m{text}\033[0m" if color and key in _COLORS else text


def _problem_lines(p: Problem, color: bool = False) -> list[str]:
    where = p.pointer or "/"
    if p.line is not None:
        where += f" (line {p.line}, column {p.column})"
    severity = _paint(f"{p.severity:<7}", p.severity, color)
    return [f"  {severity} {where}  [{p.code}] {p.message}"] + [
        f"          also: {r.document} {r.pointer}" for r in p.related
    ]


def undecided_by_ontology(problems: Sequence[Problem]) -> dict[str, int]:
    """Distinct undecided terms per ontology whose data would decide them (from ``params.needs``)."""
    terms: dict[str, set[str]] = {}
    for p in problems:
        if p.indeterminate and p.code.startswith("term."):
            for ontology in p.params.get("needs") or ["unknown"]:
                terms.setdefault(str(ontology), set()).add(str(p.params.get("term", p.pointer)))
    return {o: len(t) for o, t in sorted(terms.items(), key=lambda kv: (-len(kv[1]), kv[0]))}


def undecided_hint(problems: Sequence[Problem]) -> str | None:
    """One line saying exactly what decides the undecided term checks."""
    counts = undecided_by_ontology(problems)
    if not counts:
        return None
    parts = [
        f"{n} {o.upper()} term{'s' if n > 1 else ''}" if i == 0 else f"{n} {o.upper()}"
        for i, (o, n) in enumerate(counts.items())
    ]
    names = " ".join(counts)
    return (
        f"undecided: {', '.join(parts)} not in the local index: run `fairgauge tracks ontologies fetch {names}` "
        "once online, or use --ontology-source ols"
    )


def render_validation_text(
    report: ValidationReport, *, show_info: bool = False, quiet: bool = False, color: bool = False
) -> str:
    """Human-readable report: one block per document (real problems first, then the checks nobody could
    decide, grouped), then what would decide them, then a summary line. ``quiet``: only documents that
    are not valid, and only their errors; ``show_info``: also the informational notes."""
    report = terminal_safe_model(report)  # documents are anyone's: their text cannot drive the terminal
    lines: list[str] = []
    by_document: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_document.setdefault(problem.document, []).append(problem)
    for doc in report.documents:
        if quiet and doc.status == "valid":
            continue
        counts = f"{doc.errors} error(s), {doc.warnings} warning(s)"
        version = f" [FAIRtracks {doc.schema_version}]" if doc.schema_version else ""
        lines.append(f"{doc.document}: {_paint(doc.status, doc.status, color)} ({counts}){version}")
        shown = [
            p
            for p in by_document.get(doc.document, [])
            if (p.severity != "info" or show_info or p.code.startswith(("schema.", "report.")))
            and (not quiet or p.severity == "error")
        ]
        for p in (p for p in shown if not p.indeterminate):
            lines.extend(_problem_lines(p, color))
        undecided = [p for p in shown if p.indeterminate]
        if undecided:
            lines.append(f"  undecided ({len(undecided)}; not a failure, nobody could answer):")
            for p in undecided:
                lines.extend(_problem_lines(p, color))
    hint = undecided_hint(report.problems)
    if hint:
        lines.append(hint)
    summary = report.to_json()["summary"]
    lines.append(
        f"{summary['documents']} document(s), {summary['tracks']} track(s): {summary['valid']} valid, "
        f"{summary['invalid']} invalid, {summary['indeterminate']} indeterminate"
    )
    text = "\n".join(lines)
    return text if color else terminal_safe(text)
