"""The badge rendering: a shields.io-style flat SVG "FAIR | 88%" for READMEs and landing pages.

The width follows the text (Verdana 11 px advance widths, as shields.io measures), so the badge never
clips or leaves a gap. Band colours are darker than shields.io's so white text keeps a WCAG AA contrast
of at least 4.5:1 without relying on the shadow. The percentage is rounded, except that nothing short
of full marks is shown as 100%. The ``<title>`` and ``aria-label`` say the same for screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fairgauge.model.report import Report
from fairgauge.render.report_templates import environment

# Lower bound of each band (percent) and its colour; first match wins.
BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "#1a7f37"),
    (75.0, "#4d7a0b"),
    (60.0, "#6a6a00"),
    (45.0, "#9a6700"),
    (30.0, "#bc4c00"),
    (0.0, "#cf222e"),
)
NO_SCORE_COLOR = "#57606a"
_LABEL = "FAIR"
_PADDING = 6.0  # px of space left and right of each text
# Advance widths of Verdana at 11 px; anything else is measured as an average character.
_WIDTHS: dict[str, float] = {
    **dict.fromkeys("0123456789", 7.0),
    "%": 11.9,
    ".": 3.5,
    "/": 4.9,
    " ": 3.9,
    "-": 4.6,
    "F": 6.3,
    "A": 7.5,
    "I": 4.6,
    "R": 7.6,
    "n": 7.0,
    "a": 6.7,
    "o": 6.9,
    "t": 4.3,
    "s": 5.9,
    "e": 6.8,
    "d": 7.0,
}


@dataclass(frozen=True)
class BadgeText:
    value: str
    color: str
    title: str


def text_width(text: str) -> float:
    return sum(_WIDTHS.get(char, 7.0 if char.isupper() or char.isdigit() else 6.3) for char in text)


def band_color(percent: float) -> str:
    return next(color for lower, color in BANDS if percent >= lower)


def shown_percent(percent: float) -> int:
    """Rounded half up, but capped at 99 below full marks: '100%' must mean every point earned."""
    shown = math.floor(percent + 0.5)
    return min(shown, 99) if percent < 100 else 100


def badge_text(report: Report) -> BadgeText:
    summary = report.summary
    total = summary.score_total.get("FAIR", 0.0)
    percent = summary.score_percent.get("FAIR")
    if not report.assessed or percent is None:
        reason = report.not_assessed_reason or "the object was not assessed"
        return BadgeText("not assessed", NO_SCORE_COLOR, f"FAIR: not assessed ({reason})")
    if not total:
        return BadgeText("n/a", NO_SCORE_COLOR, f"FAIR: not scored ({report.profile})")
    shown = shown_percent(percent)
    earned = summary.score_earned.get("FAIR", 0.0)
    title = (
        f"FAIR: {shown}% ({earned:g} of {total:g} points, FsF metrics v{report.metric_version}, "
        f"{report.request.object_identifier})"
    )
    return BadgeText(f"{shown}%", band_color(percent), title)


def render_badge(report: Report) -> str:
    return badge_svg(badge_text(report))


def badge_svg(text: BadgeText) -> str:
    """The SVG of a badge text (also for states without a report: queued, failed, never assessed)."""
    label_width = round(text_width(_LABEL) + 2 * _PADDING)
    value_width = round(text_width(text.value) + 2 * _PADDING)
    return (
        environment()
        .get_template("badge.svg.j2")
        .render(
            label=_LABEL,
            value=text.value,
            color=text.color,
            title=text.title,
            width=label_width + value_width,
            label_width=label_width,
            value_width=value_width,
            # Plain 11 px text without shields.io's scale(.1) and geometricPrecision tricks: cairo garbles those.
            label_x=label_width / 2,
            value_x=label_width + value_width / 2,
            label_length=f"{text_width(_LABEL):.1f}",
            value_length=f"{text_width(text.value):.1f}",
        )
    )
