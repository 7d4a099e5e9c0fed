"""Two runs of one repository compared object by object: per-object and per-principle deltas, the
objects that improved or regressed and by which tests, and the tests that changed most.

Only objects scored in both runs have a delta; an object not assessed (or errored) in either run, or
present in one run only, is listed apart and never counted as a change."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fairgauge.batch.wording import counted
from fairgauge.model.runs import ResultRecord

PRINCIPLES = ("F", "A", "I", "R", "FAIR")


@dataclass
class ObjectChange:
    identifier: str
    before: float
    after: float
    principle_deltas: dict[str, float]
    gained: list[str] = field(default_factory=list)  # tests that now pass
    lost: list[str] = field(default_factory=list)  # tests that passed and no longer do

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 2)


@dataclass
class Comparison:
    run_a: str
    run_b: str
    compared: int = 0
    changes: list[ObjectChange] = field(default_factory=list)
    unchanged: int = 0
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    unscored: list[tuple[str, str, str]] = field(default_factory=list)  # identifier, status A, status B
    mean_a: dict[str, float | None] = field(default_factory=dict)
    mean_b: dict[str, float | None] = field(default_factory=dict)
    tests_gained: Counter[str] = field(default_factory=Counter)
    tests_lost: Counter[str] = field(default_factory=Counter)

    @property
    def improved(self) -> list[ObjectChange]:
        return sorted((c for c in self.changes if c.delta > 0), key=lambda c: -c.delta)

    @property
    def regressed(self) -> list[ObjectChange]:
        return sorted((c for c in self.changes if c.delta < 0), key=lambda c: c.delta)

    def tests_changed_most(self, limit: int = 10) -> list[tuple[str, int, int]]:
        """(test, objects that gained it, objects that lost it), by objects affected."""
        names = set(self.tests_gained) | set(self.tests_lost)
        ranked = sorted(names, key=lambda n: (-(self.tests_gained[n] + self.tests_lost[n]), n))
        return [(n, self.tests_gained[n], self.tests_lost[n]) for n in ranked[:limit]]

    def as_json(self) -> dict[str, Any]:
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "compared": self.compared,
            "unchanged": self.unchanged,
            "mean_score_percent": {"a": self.mean_a, "b": self.mean_b},
            "improved": [_change_json(c) for c in self.improved],
            "regressed": [_change_json(c) for c in self.regressed],
            "only_in_a": self.only_a,
            "only_in_b": self.only_b,
            "not_scored_in_both": [{"identifier": i, "status_a": a, "status_b": b} for i, a, b in self.unscored],
            "tests_changed_most": [
                {"test": n, "objects_gained": g, "objects_lost": lost} for n, g, lost in self.tests_changed_most()
            ],
        }


def _change_json(change: ObjectChange) -> dict[str, Any]:
    return {
        "identifier": change.identifier,
        "fair_before": change.before,
        "fair_after": change.after,
        "delta": change.delta,
        "principle_deltas": change.principle_deltas,
        "tests_gained": change.gained,
        "tests_lost": change.lost,
    }


def passed_tests(result: ResultRecord) -> set[str]:
    return {
        name
        for metric in (result.metrics or {}).values()
        for name, test in metric.get("tests", {}).items()
        if test.get("status") == "pass"
    }


def _means(results: Iterable[ResultRecord]) -> dict[str, float | None]:
    sums: dict[str, list[float]] = {p: [] for p in PRINCIPLES}
    for result in results:
        if result.status == "scored":
            for principle in PRINCIPLES:
                value = (result.score_percent or {}).get(principle)
                if isinstance(value, int | float):
                    sums[principle].append(float(value))
    return {p: round(sum(v) / len(v), 2) if v else None for p, v in sums.items()}


def compare(
    name_a: str, results_a: Iterable[ResultRecord], name_b: str, results_b: Iterable[ResultRecord]
) -> Comparison:
    a = {r.key: r for r in results_a}
    b = {r.key: r for r in results_b}
    comparison = Comparison(name_a, name_b, mean_a=_means(a.values()), mean_b=_means(b.values()))
    comparison.only_a = [a[k].identifier for k in a if k not in b]
    comparison.only_b = [b[k].identifier for k in b if k not in a]
    for key, before in a.items():
        after = b.get(key)
        if after is None:
            continue
        if before.status != "scored" or after.status != "scored":
            comparison.unscored.append((before.identifier, before.status, after.status))
            continue
        comparison.compared += 1
        deltas = {
            p: round(
                float((after.score_percent or {}).get(p) or 0) - float((before.score_percent or {}).get(p) or 0), 2
            )
            for p in PRINCIPLES
        }
        passed_a, passed_b = passed_tests(before), passed_tests(after)
        gained, lost = sorted(passed_b - passed_a), sorted(passed_a - passed_b)
        comparison.tests_gained.update(gained)
        comparison.tests_lost.update(lost)
        change = ObjectChange(
            identifier=after.identifier,
            before=float(before.fair_percent or 0),
            after=float(after.fair_percent or 0),
            principle_deltas=deltas,
            gained=gained,
            lost=lost,
        )
        if change.delta == 0 and not gained and not lost:
            comparison.unchanged += 1
        else:
            comparison.changes.append(change)
    return comparison


def render_text(comparison: Comparison, limit: int = 20) -> str:
    lines = [f"{comparison.run_a} -> {comparison.run_b}: {counted(comparison.compared, 'object')} scored in both"]
    lines.append(
        "  mean score %: "
        + ", ".join(f"{p} {_fmt(comparison.mean_a.get(p))} -> {_fmt(comparison.mean_b.get(p))}" for p in PRINCIPLES)
    )
    lines.append(
        f"  improved {len(comparison.improved)}, regressed {len(comparison.regressed)}, "
        f"unchanged {comparison.unchanged}"
    )
    for title, items in (("improved", comparison.improved), ("regressed", comparison.regressed)):
        if items:
            lines.append(f"{title}:")
            for change in items[:limit]:
                tests = ", ".join([*(f"+{t}" for t in change.gained), *(f"-{t}" for t in change.lost)])
                lines.append(
                    f"  {change.identifier}: FAIR {change.before:g} -> {change.after:g} ({change.delta:+g}) {tests}"
                )
    most = comparison.tests_changed_most()
    if most:
        lines.append("tests that changed most (objects gained / lost):")
        lines.extend(f"  {name}: +{gained} / -{lost}" for name, gained, lost in most)
    if comparison.unscored:
        lines.append(f"not scored in both runs (no delta): {len(comparison.unscored)}")
        lines.extend(f"  {i}: {a} -> {b}" for i, a, b in comparison.unscored[:limit])
    if comparison.only_a or comparison.only_b:
        lines.append(
            f"only in {comparison.run_a}: {len(comparison.only_a)}; "
            f"only in {comparison.run_b}: {len(comparison.only_b)}"
        )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
