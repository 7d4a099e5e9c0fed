"""The dispatcher: one entry point, the formats it promises, and what each one starts with."""

from __future__ import annotations

from typing import get_args

import pytest

from fairgauge.model.report import Report
from fairgauge.render.report import FORMATS, MEDIA_TYPES, Format, render


def test_formats_and_media_types_cover_exactly_the_accepted_formats() -> None:
    assert set(FORMATS) == set(MEDIA_TYPES) == set(get_args(Format))
    assert MEDIA_TYPES == {
        "json": "application/json",
        "text": "text/plain",
        "html": "text/html",
        "badge": "image/svg+xml",
        "ttl": "text/turtle",
        "jsonld": "application/ld+json",
    }


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("json", '{\n  "test_id": '),
        ("text", "FAIR assessment of 10.5281/zenodo.1196821\n"),
        ("html", "<!DOCTYPE html>"),
        ("badge", '<svg xmlns="http://www.w3.org/2000/svg"'),
        ("ttl", "@prefix "),
        ("jsonld", '{\n  "@context": {'),
    ],
)
def test_each_format_renders_the_report(zenodo: Report, fmt: Format, start: str) -> None:
    output = render(zenodo, fmt)
    assert output.startswith(start)
    assert render(zenodo, fmt) == output, "rendering one report twice gives the same bytes"


def test_width_applies_to_text(zenodo: Report) -> None:
    narrow = render(zenodo, "text", width=80)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert max(len(line) for line in render(zenodo, "text", width=160).splitlines()) > 80


def test_unknown_format_is_refused(zenodo: Report) -> None:
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render(zenodo, "pdf")  # type: ignore[arg-type]
