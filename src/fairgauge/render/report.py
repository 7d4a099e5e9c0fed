"""Renderings of one assessment report: the single entry point the CLI and the REST API call.

Every format is a view of the same :class:`~fairgauge.model.report.Report`; none computes a score of
its own. ``FORMATS`` says what each format is (for ``--help`` and API docs) and ``MEDIA_TYPES`` what
to send as ``Content-Type``; both have exactly the keys :func:`render` accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Literal

from fairgauge.model.report import Report

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


def _lazy(module: str, function: str, *, width: bool = False) -> Callable[[Report, int], str]:
    """A renderer imported when first used: one report format need not load the others' libraries
    (Jinja2 for HTML and badges, rdflib for RDF)."""

    def renderer(report: Report, columns: int) -> str:
        render_one = getattr(import_module(f"fairgauge.render.{module}"), function)
        return str(render_one(report, width=columns) if width else render_one(report))

    return renderer


_RENDERERS: dict[str, Callable[[Report, int], str]] = {
    "json": _lazy("report_json", "render_json"),
    "text": _lazy("report_text", "render_text", width=True),
    "html": _lazy("report_html", "render_html"),
    "badge": _lazy("report_badge", "render_badge"),
    "ttl": _lazy("report_rdf", "render_turtle"),
    "jsonld": _lazy("report_rdf", "render_jsonld"),
}


def render(report: Report, fmt: Format, *, width: int = 120) -> str:
    """Render ``report`` as ``fmt``; ``width`` applies to text only (columns of the terminal)."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(report, width)
