"""Findings: problems and observations found in what we examine.

A finding is data, never a log line. Its ``code`` is stable (scripts and tests rely on it); the message
is for people and may change. ``location`` says where the evidence is (URL plus JSON pointer, XPath or
line/column).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from fairgauge.model.base import FrozenModel

Severity = Literal["info", "warning", "error"]


class Location(FrozenModel):
    """Where a finding's evidence sits."""

    url: str | None = None
    document: str | None = None
    pointer: str | None = Field(None, description="JSON pointer (RFC 6901) inside the document.")
    xpath: str | None = None
    line: int | None = None
    column: int | None = None


class Finding(FrozenModel):
    """One problem or observation with a stable code."""

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    params: dict[str, Any] = Field(default_factory=dict)


def finding(
    code: str,
    severity: Severity,
    message: str,
    *,
    url: str | None = None,
    pointer: str | None = None,
    xpath: str | None = None,
    **params: Any,
) -> Finding:
    """Build a finding; a location is attached only when something locates it."""
    location = Location(url=url, pointer=pointer, xpath=xpath) if (url or pointer or xpath) else None
    return Finding(code=code, severity=severity, message=message, location=location, params=params)
