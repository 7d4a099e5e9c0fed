"""Accessibility rules checked on the markup and the style sheets themselves (no browser): WCAG AA
contrast (4.5:1 for text) of every colour pair the CSS sets, the page language, the viewport, a skip
link, labelled tables and regions. tests/web/test_accessibility.py runs axe-core on the pages too."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from lxml import html as lxml_html

from fairgauge.model.report import Report
from fairgauge.render.report_templates import read_template
from tests.render.conftest import rendered

STYLE_SHEETS = {
    "report.css": read_template("report.css"),
    "report_parts.css": read_template("report_parts.css"),
    "ui.css": (files("fairgauge.web") / "static" / "ui.css").read_text(encoding="utf-8"),
    "catalog.css": (files("fairgauge.web") / "static" / "catalog.css").read_text(encoding="utf-8"),
}
WHITE = "#ffffff"
# Backgrounds text sits on besides its own rule's: table headers and the soft panels.
SHARED_BACKGROUNDS = ["#f6f8fa"]
_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_HEX = r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b"


def _luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB hex colour."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _variables(css: str) -> dict[str, str]:
    return dict(re.findall(rf"(--[\w-]+):\s*({_HEX})", css))


def _resolve(value: str, variables: dict[str, str]) -> str | None:
    value = value.strip()
    found = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if found:
        return variables.get(found.group(1))
    return value if re.fullmatch(_HEX, value) else None


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    rules = []
    for selector, body in _RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        pairs = (d.partition(":") for d in body.split(";"))
        rules.append(
            (selector.strip().split("\n")[-1].strip(), {k.strip(): v.strip() for k, _, v in pairs if v.strip()})
        )
    return rules


def colour_pairs() -> list[tuple[str, str, str, str]]:
    """(sheet, selector, text colour, background) for every rule that sets a text colour: against its own
    background, else an ancestor rule's (``header.site a`` inside ``header.site``), else against white
    and the shared tinted backgrounds."""
    pairs = []
    for sheet, css in STYLE_SHEETS.items():
        variables = _variables(css)
        rules = _rules(css)
        backgrounds = {
            selector: colour
            for selector, declarations in rules
            if (colour := _resolve(declarations.get("background", declarations.get("background-color", "")), variables))
        }
        for selector, declarations in rules:
            text = _resolve(declarations.get("color", ""), variables)
            if text is None:
                continue
            own = backgrounds.get(selector) or next(
                (bg for outer, bg in backgrounds.items() if selector.startswith(outer + " ")), None
            )
            for background in [own] if own else [WHITE, *SHARED_BACKGROUNDS]:
                pairs.append((sheet, selector, text, background))
    return pairs


def test_the_contrast_formula_matches_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_every_text_colour_pair_meets_wcag_aa() -> None:
    pairs = colour_pairs()
    assert len(pairs) > 20, "the CSS parser found the colour rules"
    weak = [(s, sel, fg, bg, round(contrast(fg, bg), 2)) for s, sel, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert weak == []


def test_page_language_viewport_skip_link_and_labelled_regions(zenodo: Report) -> None:
    page = lxml_html.document_fromstring(rendered(zenodo, "html"))
    assert page.get("lang") == "en"
    assert page.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]
    skip = page.xpath("//body/*[1]")[0]
    assert skip.tag == "a" and skip.get("href") == "#main" and page.xpath("//main[@id='main']")
    for region in page.xpath("//*[@role='region']"):
        assert region.get("aria-label") and region.get("tabindex") == "0", "scrollable regions are reachable"
    for table in page.xpath("//table"):
        assert table.xpath("caption"), "every table says what it holds"
        assert all(th.get("scope") in ("col", "row") for th in table.xpath(".//th"))
    assert "summary:focus" in STYLE_SHEETS["report.css"] and "[tabindex]:focus" in STYLE_SHEETS["report.css"]
