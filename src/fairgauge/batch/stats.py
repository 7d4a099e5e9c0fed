"""A run's numbers for its web page and JSON API, in one streaming pass over its results: outcome
counts, mean score per principle, the distribution of scores per principle (ten 10-point bins, the
F-UJI paper's per-principle figure), and the pass rate of every metric and metric test.

Only scored objects enter the means, distributions and pass rates: a not-assessed object was not
reached and an errored one not tried, so neither is a zero."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fairgauge.model.runs import RESULT_STATUSES, ResultRecord

PRINCIPLES = ("F", "A", "I", "R", "FAIR")
BINS = 10  # 0-10, 10-20, ..., 90-100 (100 falls in the last)


@dataclass
class PassRate:
    """How many scored objects passed a metric (or a metric test) out of those it was run on."""

    name: str
    principle: str
    passed: int = 0
    seen: int = 0

    @property
    def percent(self) -> float:
        return round(100 * self.passed / self.seen, 1) if self.seen else 0.0


@dataclass
class RunStats:
    counts: Counter[str] = field(default_factory=Counter)
    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PRINCIPLES, 0.0))
    scored_with: Counter[str] = field(default_factory=Counter)
    histograms: dict[str, list[int]] = field(default_factory=lambda: {p: [0] * BINS for p in PRINCIPLES})
    levels: Counter[int] = field(default_factory=Counter)
    metrics: dict[str, PassRate] = field(default_factory=dict)
    tests: dict[str, PassRate] = field(default_factory=dict)

    def mean(self, principle: str) -> float | None:
        seen = self.scored_with[principle]
        return round(self.sums[principle] / seen, 2) if seen else None

    def means(self) -> dict[str, float | None]:
        return {p: self.mean(p) for p in PRINCIPLES}

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": {s: self.counts.get(s, 0) for s in RESULT_STATUSES},
            "mean_score_percent": self.means(),
            "score_distribution": {
                "bins": [f"{n * 100 // BINS}-{(n + 1) * 100 // BINS}" for n in range(BINS)],
                "objects": {p: list(v) for p, v in self.histograms.items()},
            },
            "fairport_levels": {str(level): self.levels.get(level, 0) for level in range(5)},
            "metric_pass_rates": [_rate_json(r) for r in self.metrics.values()],
            "test_pass_rates": [_rate_json(r) for r in self.tests.values()],
        }


def _rate_json(rate: PassRate) -> dict[str, Any]:
    return {
        "name": rate.name,
        "principle": rate.principle,
        "passed": rate.passed,
        "objects": rate.seen,
        "percent": rate.percent,
    }


def bin_of(percent: float) -> int:
    return min(BINS - 1, max(0, int(percent * BINS // 100)))


def run_stats(results: Iterable[ResultRecord]) -> RunStats:
    stats = RunStats()
    for result in results:
        stats.counts[result.status] += 1
        if result.status != "scored":
            continue
        for principle in PRINCIPLES:
            value = (result.score_percent or {}).get(principle)
            if isinstance(value, int | float):
                stats.sums[principle] += float(value)
                stats.scored_with[principle] += 1
                stats.histograms[principle][bin_of(float(value))] += 1
        if result.fairport_level is not None:
            stats.levels[result.fairport_level] += 1
        for metric_id, metric in (result.metrics or {}).items():
            principle = str(metric.get("principle", ""))
            rate = stats.metrics.setdefault(metric_id, PassRate(metric_id, principle))
            rate.seen += 1
            rate.passed += metric.get("status") == "pass"
            for name, test in metric.get("tests", {}).items():
                test_rate = stats.tests.setdefault(name, PassRate(name, principle))
                test_rate.seen += 1
                test_rate.passed += test.get("status") == "pass"
    return stats
