"""Renderings of one assessment report: the single entry point the CLI and the REST API call.

Every format is a view of the same :class:`~fairgauge.model.report.Report`; none computes a score of
its own. ``REPORT_FORMATS`` holds one record per format (name, what it is, media type, file extension,
renderer, whether it is RDF and whether the API offers it as a download); the API's ``Content-Type``, its
download formats and file names, the F-UJI route's RDF media types and the CLI's ``--format`` help are read
from it. The names are the ``Format`` type, which the records are typed by and the CLI's choices are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from fairgauge.model.report import Report

Format = Literal["text", "json", "html", "badge", "ttl", "jsonld"]
Renderer = Callable[["Report", int], str]


def _lazy(module: str, function: str, *, width: bool = False) -> Renderer:
    """A renderer imported when first used: one report format need not load the others' libraries
    (Jinja2 for HTML and badges, rdflib for RDF), and the CLI can list the formats without loading any."""

    def renderer(report: Report, columns: int) -> str:
        render_one = getattr(import_module(f"fairgauge.render.{module}"), function)
        return str(render_one(report, width=columns) if width else render_one(report))

    return renderer


@dataclass(frozen=True)
class ReportFormat:
    """One report format: its ``--format`` / ``?format=`` name, what it is (for help texts and API docs),
    the ``Content-Type`` to send, the file extension of a download, and the function that renders it
    (``width`` is the terminal's columns; only text uses it). ``rdf`` marks the W3C DQV renderings an
    ``Accept`` header can ask for; ``download`` is False for the badge, which has URLs of its own."""

    name: Format
    description: str
    media_type: str
    extension: str
    render: Renderer
    rdf: bool = False
    download: bool = True


REPORT_FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat(
        "text",
        "A plain-text report for terminals: summary, metrics, tests, what to do, FAIRport level",
        "text/plain",
        "txt",
        _lazy("report_text", "render_text", width=True),
    ),
    ReportFormat(
        "json",
        "The full report with F-UJI's field names, harvest evidence included",
        "application/json",
        "json",
        _lazy("report_json", "render_json"),
    ),
    ReportFormat(
        "html",
        "A standalone, accessible HTML page with the evidence behind every test",
        "text/html",
        "html",
        _lazy("report_html", "render_html"),
    ),
    ReportFormat(
        "badge",
        "An SVG badge 'FAIR | 88%'",
        "image/svg+xml",
        "svg",
        _lazy("report_badge", "render_badge"),
        download=False,
    ),
    ReportFormat(
        "ttl",
        "RDF (W3C DQV + EARL + PROV) in Turtle",
        "text/turtle",
        "ttl",
        _lazy("report_rdf", "render_turtle"),
        rdf=True,
    ),
    ReportFormat(
        "jsonld",
        "RDF (W3C DQV + EARL + PROV) in JSON-LD with an inline context",
        "application/ld+json",
        "jsonld",
        _lazy("report_rdf", "render_jsonld"),
        rdf=True,
    ),
)
FORMAT_BY_NAME: dict[str, ReportFormat] = {fmt.name: fmt for fmt in REPORT_FORMATS}
DOWNLOAD_FORMATS: tuple[Format, ...] = tuple(fmt.name for fmt in REPORT_FORMATS if fmt.download)
RDF_MEDIA_TYPES: dict[str, Format] = {fmt.media_type: fmt.name for fmt in REPORT_FORMATS if fmt.rdf}


def report_format(name: str) -> ReportFormat:
    """The format called ``name``; a name no record has is a ``ValueError`` listing the known ones."""
    try:
        return FORMAT_BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown report format {name!r}; choose one of {', '.join(FORMAT_BY_NAME)}") from None


def render(report: Report, fmt: Format, *, width: int = 120) -> str:
    """Render ``report`` as ``fmt``; ``width`` applies to text only (columns of the terminal)."""
    return report_format(fmt).render(report, width)
