"""Server-rendered SVG geometry for the run pages (like :mod:`fairgauge.web.charts`: no script, no chart
library in the browser; the numbers are written next to the marks and in each chart's ``<title>``).

- one small histogram per principle: objects per 10-point score bin, one bar per run in each bin (the
  F-UJI paper's per-principle distribution, before vs after when a second run is picked);
- the pass rate of every metric: one horizontal bar per run per metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fairgauge.batch.stats import BINS, PassRate, RunStats
from fairgauge.batch.wording import counted

COLORS = ("#0550ae", "#bc4c00")  # the (first) run, the run compared with it: distinct also in greyscale


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str  # what the bar says (for the title/aria text)
    value: str  # the number written next to the bar


@dataclass(frozen=True)
class Tick:
    x: float  # the label's centre (text-anchor middle), on a bin edge
    label: str


@dataclass(frozen=True)
class Histogram:
    principle: str
    bars: list[Rect]
    width: float
    height: float
    summary: str
    axis: tuple[float, float]  # x where the score axis starts and ends
    ticks: list[Tick]


# Room right of the last bin for half of the "100 %" label centred on its edge (about 34 px wide at the
# page's font size): with 6 px, the label ran past the chart's right edge and was clipped.
RIGHT_MARGIN = 24.0


def histogram(
    principle: str, runs: Sequence[tuple[str, RunStats]], width: float = 300, height: float = 150
) -> Histogram:
    """Objects per score bin for one principle; bar heights share one scale across the runs."""
    counts = [stats.histograms[principle] for _, stats in runs]
    top = max((max(c) for c in counts), default=0) or 1
    left, bottom, plot_h = 30.0, height - 22, height - 40
    slot = (width - left - RIGHT_MARGIN) / BINS
    bar_w = (slot - 2) / len(runs)
    bars = []
    for n, (name, _) in enumerate(runs):
        for b, count in enumerate(counts[n]):
            h = plot_h * count / top
            label = f"{name}: {counted(count, 'object')} scored {b * 100 // BINS}-{(b + 1) * 100 // BINS} %"
            x = left + b * slot + 1 + n * bar_w
            bars.append(Rect(x, bottom - h, bar_w, h, COLORS[n % len(COLORS)], label, str(count) if count else ""))
    summary = "; ".join(
        f"{name}: " + ", ".join(f"{b * 100 // BINS}-{(b + 1) * 100 // BINS} %: {c}" for b, c in enumerate(cnt) if c)
        for (name, _), cnt in zip(runs, counts, strict=True)
    )
    right = left + BINS * slot
    ticks = [Tick(left, "0"), Tick((left + right) / 2, "50"), Tick(right, "100 %")]
    return Histogram(principle, bars, width, height, summary or "no scored objects", (left, right), ticks)


@dataclass(frozen=True)
class RateRow:
    name: str
    y: float
    bars: list[Rect]


@dataclass(frozen=True)
class RateChart:
    rows: list[RateRow]
    width: float
    height: float
    label_width: float


def pass_rates(runs: Sequence[tuple[str, RunStats]], width: float = 640, label_width: float = 150) -> RateChart:
    """One row per metric (in profile order as first seen), one bar per run: percent of scored objects
    passing."""
    names: dict[str, None] = {}
    for _, stats in runs:
        names.update(dict.fromkeys(stats.metrics))
    bar_h = 12.0
    row_h = bar_h * len(runs) + 8
    plot_w = width - label_width - 50
    rows = []
    for index, metric in enumerate(names):
        y = 6 + index * row_h
        bars = []
        for n, (run_name, stats) in enumerate(runs):
            rate = stats.metrics.get(metric) or PassRate(metric, "")
            label = f"{run_name}: {rate.passed} of {counted(rate.seen, 'object')} pass {metric}"
            length = max(plot_w * rate.percent / 100, 0.0)
            color = COLORS[n % len(COLORS)]
            bars.append(Rect(label_width, y + n * bar_h, length, bar_h - 2, color, label, f"{rate.percent:g} %"))
        rows.append(RateRow(metric, y, bars))
    return RateChart(rows, width, 12 + len(rows) * row_h, label_width)
