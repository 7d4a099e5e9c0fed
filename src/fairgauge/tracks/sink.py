"""Collecting the problems of one run with bounded memory (hostile documents can hold 200,000 problems).

Every problem is *counted* (per document, severity and determinacy, which decide the statuses, and per
code, for the summary), but only the first ``per_document`` of each document and ``total`` of the run
are *kept*. What was left out is summarised per document: "and 219,900 more of 12 kinds".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from fairgauge.tracks.problems import Problem

DEFAULT_PER_DOCUMENT = 1000
DEFAULT_TOTAL = 10_000


@dataclass
class DocumentCounts:
    errors: int = 0
    determinate_errors: int = 0
    warnings: int = 0
    infos: int = 0
    kept: int = 0
    omitted: Counter[str] = field(default_factory=Counter)


@dataclass
class ProblemSink:
    """Counts every problem, keeps a bounded number."""

    per_document: int = DEFAULT_PER_DOCUMENT
    total: int = DEFAULT_TOTAL
    kept: list[Problem] = field(default_factory=list)
    counts: dict[str, DocumentCounts] = field(default_factory=lambda: defaultdict(DocumentCounts))

    def add(self, problem: Problem) -> None:
        counts = self.counts[problem.document]
        if problem.severity == "error":
            counts.errors += 1
            counts.determinate_errors += not problem.indeterminate
        elif problem.severity == "warning":
            counts.warnings += 1
        else:
            counts.infos += 1
        if counts.kept < self.per_document and len(self.kept) < self.total:
            counts.kept += 1
            self.kept.append(problem)
        else:
            counts.omitted[problem.code] += 1

    def extend(self, problems: Iterable[Problem]) -> int:
        """Add all; return how many there were."""
        added = 0
        for problem in problems:
            self.add(problem)
            added += 1
        return added

    @property
    def omitted(self) -> int:
        return sum(sum(c.omitted.values()) for c in self.counts.values())


def omitted_message(omitted: Counter[str]) -> str:
    total = sum(omitted.values())
    kinds = len(omitted)
    top = ", ".join(f"{code} {n:,}" for code, n in omitted.most_common(3)) + (", ..." if kinds > 3 else "")
    return f"and {total:,} more of {kinds} kind{'s' if kinds != 1 else ''} not listed ({top})"
