"""FAIR Signposting links as found, and the warnings the profile's rules raised."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field

from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding

LinkSource = Literal["header", "html", "linkset"]


class Link(FrozenModel):
    """One typed link (one per relation token: ``rel="a b"`` gives two links)."""

    rel: str
    href: str
    type: str | None = None
    profile: str | None = None
    source: LinkSource
    anchor: str | None = Field(None, description="The link context (explicit anchor, else the page URL).")
    context_url: str | None = Field(None, description="URL of the response or document that carried the link.")
    attributes: dict[str, str] = Field(default_factory=dict, description="Other target attributes.")


def same_url(url: str, candidates: set[str]) -> bool:
    """Whether ``url`` names one of ``candidates`` (a trailing slash does not matter)."""
    return url.rstrip("/") in {c.rstrip("/") for c in candidates}


def about_landing(links: Iterable[Link], landing_urls: set[str]) -> list[Link]:
    """Links whose context is the landing page (no anchor, or an anchor naming it)."""
    return [link for link in links if link.anchor is None or same_url(link.anchor, landing_urls)]


class Signposting(FrozenModel):
    """Every link found on the landing page, its headers and its linksets, plus rule breaches."""

    links: list[Link] = Field(default_factory=list)
    warnings: list[Finding] = Field(default_factory=list)
    cite_as: str | None = None

    def by_rel(self, rel: str) -> list[Link]:
        return [link for link in self.links if link.rel == rel]
