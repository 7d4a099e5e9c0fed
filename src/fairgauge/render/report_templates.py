"""The jinja2 environment for report renderings, reading templates from the package.

Templates are package data read with importlib.resources, so they work from a wheel or a zip as well
as from a source tree. Autoescape is on for every template: reports carry text from remote pages
(titles, URLs, error messages) that must never become markup. The environment is built once and
cached; it only holds compiled templates from the package, so sharing it carries no state between
reports.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FunctionLoader, StrictUndefined

from fairgauge.render import report_evidence as evidence
from fairgauge.render import report_view as view

_PACKAGE = "fairgauge.render"


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


FILTERS: dict[str, Callable[..., str]] = {
    "status_text": view.status_text,
    "points": view.points,
    "points_phrase": view.points_phrase,
    "score": view.score_text,
    "maturity_text": view.maturity_text,
    "value_text": evidence.value_text,
    "pretty": _pretty,
}


REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
"""Content-Security-Policy of the HTML report: no script, no fetch, no form, nothing from outside.

Inline styles only (the page is standalone); a harvested value that slipped into markup still could not
run or load anything. The web UI sends the same policy as a header."""


def is_web_url(value: object) -> bool:
    """Only http(s) URLs become links: a harvested ``javascript:`` or ``data:`` cite-as stays text.

    Values with surrounding blanks or control characters stay text too: browsers strip or skip those
    while parsing the scheme, so they could disguise one."""
    if not isinstance(value, str) or not value or value != value.strip() or any(ord(c) < 0x20 for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def read_template(name: str) -> str:
    return files(_PACKAGE).joinpath("templates", name).read_text(encoding="utf-8")


def load(name: str) -> str | None:
    """A template of this package by name, or ``None`` (jinja2 loader protocol)."""
    try:
        return read_template(name)
    except FileNotFoundError:
        return None


@cache
def environment() -> Environment:
    """Autoescaping, strict (a typo in a template is an error, not an empty string)."""
    env = Environment(
        loader=FunctionLoader(load),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    install(env)
    env.globals["csp"] = REPORT_CSP
    return env


def install(env: Environment) -> None:
    """What the shared parts (``report_parts.html.j2``) need: our filters, tests and status labels.
    The web UI's environment installs them too."""
    env.filters.update(FILTERS)
    env.tests["web_url"] = is_web_url
    env.globals["test_label"] = view.test_label
    env.globals["test_label_text"] = view.test_label_text
