"""Renderings of one assessment report: the single entry point the CLI and the REST API call.

Every format is a view of the same :class:`~fairgauge.model.report.Report`; none computes a score of
its own. ``FORMATS`` says what each format is (for ``--help`` and API docs) and ``MEDIA_TYPES`` what
to send as ``Content-Type``; both have exactly the keys :func:`render` accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from fairgauge.model.report import Report
from fairgauge.render.report_badge import render_badge
from fairgauge.render.report_html import render_html
from fairgauge.render.report_json import render_json
from fairgauge.render.report_rdf import render_jsonld, render_turtle
from fairgauge.render.report_text import render_text

Format = Literal["json", "text", "html", "badge", "ttl", "jsonld"]

FORMATS: dict[str, str] = {
    "json": "The full report with F-UJI's field names, harvest evidence included",
    "text": "A plain-text report for terminals: summary, metrics, tests, what to do, FAIRport level",
    "html": "A standalone, accessible HTML page with the evidence behind every test",
    "badge": "An SVG badge 'FAIR | 88%'",
    "ttl": "RDF (W3C DQV + EARL + PROV) in Turtle",
    "jsonld": "RDF (W3C DQV + EARL + PROV) in JSON-LD with an inline context",
}
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "text": "text/plain",
    "html": "text/html",
    "badge": "image/svg+xml",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
}
_RENDERERS: dict[str, Callable[[Report, int], str]] = {
    "json": lambda report, _width: render_json(report),
    "text": lambda report, width: render_text(report, width=width),
    "html": lambda report, _width: render_html(report),
    "badge": lambda report, _width: render_badge(report),
    "ttl": lambda report, _width: render_turtle(report),
    "jsonld": lambda report, _width: render_jsonld(report),
}


def render(report: Report, fmt: Format, *, width: int = 120) -> str:
    """Render ``report`` as ``fmt``; ``width`` applies to text only (columns of the terminal)."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(report, width)
