"""The dispatcher: one entry point, one record per format, and what each format starts with."""

from __future__ import annotations

from typing import get_args

import pytest

from fairgauge.model.report import Report
from fairgauge.render.report import Format, render, report_format
from tests.render.conftest import rendered

START = {
    "json": '{\n  "test_id": ',
    "text": "FAIR assessment of 10.5281/zenodo.1196821\n",
    "html": "<!DOCTYPE html>",
    "badge": '<svg xmlns="http://www.w3.org/2000/svg"',
    "ttl": "@prefix ",
    "jsonld": '{\n  "@context": {',
}
# What a client is told it receives, and what a download is called.
MEDIA = {
    "json": ("application/json", "json"),
    "text": ("text/plain", "txt"),
    "html": ("text/html", "html"),
    "badge": ("image/svg+xml", "svg"),
    "ttl": ("text/turtle", "ttl"),
    "jsonld": ("application/ld+json", "jsonld"),
}


@pytest.mark.parametrize("fmt", get_args(Format))  # every name the type allows (the CLI's --format choices)
def test_each_format_renders_the_report(zenodo: Report, fmt: Format) -> None:
    output = rendered(zenodo, fmt)  # the rendering other tests read, compared with a fresh one below
    assert output.startswith(START[fmt])
    assert render(zenodo, fmt) == output, "rendering one report twice gives the same bytes"
    record = report_format(fmt)
    assert (record.media_type, record.extension) == MEDIA[fmt]
    assert record.description


def test_width_applies_to_text(zenodo: Report) -> None:
    narrow = render(zenodo, "text", width=80)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert max(len(line) for line in render(zenodo, "text", width=160).splitlines()) > 80


def test_unknown_format_is_refused(zenodo: Report) -> None:
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render(zenodo, "pdf")  # type: ignore[arg-type]
