"""FAIR Signposting links as found, and the warnings the profile's rules raised."""

from __future__ import annotations

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


class Signposting(FrozenModel):
    """Every link found on the landing page, its headers and its linksets, plus rule breaches."""

    links: list[Link] = Field(default_factory=list)
    warnings: list[Finding] = Field(default_factory=list)
    cite_as: str | None = None

    def by_rel(self, rel: str) -> list[Link]:
        return [link for link in self.links if link.rel == rel]
