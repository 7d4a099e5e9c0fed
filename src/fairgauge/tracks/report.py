"""The validation report: one model, a stable JSON form and a plain-text form.

JSON form (``format_version`` 1; every key always present)::

    {
      "format_version": 1,
      "valid": true | false,
      "status": "valid" | "invalid" | "indeterminate",
      "documents": [{"document", "schema", "schema_version", "status", "valid",
                     "errors", "warnings", "infos", "tracks"}],
      "problems": [{"document", "pointer", "keyword", "message", "severity", "code", "indeterminate",
                    "line", "column", "schema_location", "related": [{"document", "pointer"}], "params"}],
      "summary": {"documents", "valid", "invalid", "indeterminate", "tracks",
                  "errors", "warnings", "infos"},
      "sources": {"ontology": [...], "curie": "...", "schemas": [...]}
    }

A document is *invalid* if it has an error that is not indeterminate, *indeterminate* if its only errors
are indeterminate (e.g. ``ontology unavailable``), *valid* otherwise. Problems are sorted by document
(input order), then JSON pointer, then code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from fairgauge.model.base import FrozenModel
from fairgauge.terminal import terminal_safe
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
        counts = Counter(p.severity for p in self.problems)
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


def render_text(report: ValidationReport, *, show_info: bool = False) -> str:
    """Human-readable report: one block per document, then a summary line."""
    lines: list[str] = []
    by_document: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_document.setdefault(problem.document, []).append(problem)
    for doc in report.documents:
        counts = f"{doc.errors} error(s), {doc.warnings} warning(s)"
        version = f" [FAIRtracks {doc.schema_version}]" if doc.schema_version else ""
        lines.append(f"{doc.document}: {doc.status} ({counts}){version}")
        for p in by_document.get(doc.document, []):
            if p.severity == "info" and not show_info:
                continue
            where = p.pointer or "/"
            if p.line is not None:
                where += f" (line {p.line}, column {p.column})"
            lines.append(f"  {p.severity:<7} {where}  [{p.code}] {p.message}")
            lines.extend(f"          also: {r.document} {r.pointer}" for r in p.related)
    summary = report.to_json()["summary"]
    lines.append(
        f"{summary['documents']} document(s), {summary['tracks']} track(s): {summary['valid']} valid, "
        f"{summary['invalid']} invalid, {summary['indeterminate']} indeterminate"
    )
    return terminal_safe("\n".join(lines))  # documents are anyone's: no escape sequence reaches the terminal
