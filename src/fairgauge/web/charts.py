"""Server-rendered SVG charts for the web UI (no JavaScript, no chart library in the browser).

Each chart is a small, accessible SVG (``role="img"``, a ``<title>``, the numbers as text next to the
marks) built by a template from plain numbers computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from fairgauge.render.report_badge import band_color


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float
    y: float
    width: float
    color: str


def principle_bars(percents: dict[str, float | None], width: float = 260) -> list[Bar]:
    """One bar per principle (F, A, I, R) and the total, in that order; missing ones are left out."""
    bars = []
    for row, key in enumerate(k for k in ("F", "A", "I", "R", "FAIR") if percents.get(k) is not None):
        value = float(percents[key] or 0.0)
        bars.append(Bar(key, value, 8 + row * 30, max(width * value / 100, 0.0), band_color(value)))
    return bars


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    percent: float | None
    when: datetime
    id: str


def history_points(
    series: list[tuple[str, datetime, float | None]], width: float = 560, height: float = 180
) -> list[Point]:
    """Assessments evenly spaced left to right (oldest first); a not-assessed one sits on the axis
    with no percentage (drawn apart, never as a 0 %)."""
    if not series:
        return []
    step = (width - 80) / max(len(series) - 1, 1)
    points = []
    for index, (identifier, when, percent) in enumerate(series):
        y = height - 30 - (height - 50) * (percent or 0.0) / 100
        points.append(Point(50 + index * step, y if percent is not None else height - 30, percent, when, identifier))
    return points


def polyline(points: list[Point]) -> Markup:
    """The line through the scored points only (not-assessed ones break nothing, they are not scores)."""
    return Markup(" ".join(f"{p.x:.1f},{p.y:.1f}" for p in points if p.percent is not None))
