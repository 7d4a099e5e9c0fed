"""Badge: a valid standalone SVG 'FAIR | n%' whose colour and width follow the score."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from fairgauge.model.report import Report
from fairgauge.render.report_badge import BANDS, NO_SCORE_COLOR, band_color, shown_percent, text_width
from tests.render.conftest import Reports, rendered

SVG = "{http://www.w3.org/2000/svg}"


def _with_fair(report: Report, earned: float, total: float) -> Report:
    percent = round(earned / total * 100, 2) if total else 0.0
    summary = report.summary.model_copy(
        update={
            "score_earned": {**report.summary.score_earned, "FAIR": earned},
            "score_total": {**report.summary.score_total, "FAIR": total},
            "score_percent": {**report.summary.score_percent, "FAIR": percent},
        }
    )
    return report.model_copy(update={"summary": summary})


def _svg(report: Report) -> ET.Element:
    return ET.fromstring(rendered(report, "badge"))


def _value_rect(svg: ET.Element) -> ET.Element:
    return svg.findall(f"{SVG}g/{SVG}rect")[1]


def test_badge_shows_the_fair_percentage(zenodo: Report) -> None:
    svg = _svg(zenodo)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    shown = shown_percent(zenodo.summary.score_percent["FAIR"])
    assert shown == 88
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text is not None and title.text.startswith("FAIR: 88% (23 of 26 points")
    assert svg.get("aria-label") == title.text
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.count("FAIR") == 2 and texts.count("88%") == 2, "text and its shadow"
    assert _value_rect(svg).get("fill") == band_color(88.46) == "#4d7a0b"


def test_width_is_the_sum_of_both_halves_and_follows_the_text(zenodo: Report) -> None:
    widths = {}
    for earned in (26.0, 23.0, 1.0):
        svg = _svg(_with_fair(zenodo, earned, 26.0))
        rects = svg.findall(f"{SVG}g/{SVG}rect")
        label, value = float(rects[0].get("width", 0)), float(rects[1].get("width", 0))
        assert float(svg.get("width", 0)) == label + value
        assert svg.get("viewBox") == f"0 0 {svg.get('width')} 20"
        widths[earned] = value
    assert widths[26.0] > widths[23.0] > widths[1.0], "100% > 88% > 4%"
    assert text_width("100%") > text_width("88%") > text_width("4%")


@pytest.mark.parametrize(("percent", "shown"), [(100.0, 100), (99.6, 99), (88.46, 88), (84.5, 85), (0.4, 0), (0.0, 0)])
def test_shown_percent_never_rounds_up_to_full_marks(percent: float, shown: int) -> None:
    assert shown_percent(percent) == shown


def test_colour_bands_from_red_to_green() -> None:
    colours = [band_color(p) for p in (100, 90, 89.99, 75, 60, 45, 30, 29.99, 0)]
    assert colours == [
        "#1a7f37",
        "#1a7f37",
        "#4d7a0b",
        "#4d7a0b",
        "#6a6a00",
        "#9a6700",
        "#bc4c00",
        "#cf222e",
        "#cf222e",
    ]
    assert len({colour for _, colour in BANDS}) == len(BANDS)


def test_low_score_and_no_score(reports: Reports, zenodo: Report) -> None:
    low = reports("a2a/29-http-500-server-error")
    svg = _svg(low)
    assert f"{shown_percent(low.summary.score_percent['FAIR'])}%" in [t.text for t in svg.iter(f"{SVG}text")]
    assert _value_rect(svg).get("fill") == "#cf222e"
    unscored = _svg(_with_fair(zenodo, 0.0, 0.0))
    assert "n/a" in [t.text for t in unscored.iter(f"{SVG}text")]
    assert _value_rect(unscored).get("fill") == NO_SCORE_COLOR


def test_identifier_in_the_title_is_escaped(zenodo: Report) -> None:
    request = zenodo.request.model_copy(update={"object_identifier": "https://x.org/?a=1&b=<2>"})
    svg = rendered(zenodo.model_copy(update={"request": request}), "badge")
    assert "a=1&amp;b=&lt;2&gt;" in svg
    title = ET.fromstring(svg).find(f"{SVG}title")
    assert title is not None and title.text is not None and title.text.endswith("https://x.org/?a=1&b=<2>)")
