"""The evidence behind a report as the renderings show it.

The assessed object, the signposting links, the exchanges behind each test, conflicting values.

The model does not (yet) tie a test to the HTTP exchanges it read, so ``exchanges_for`` matches them
by the URLs the test's output and findings mention: a good guide for a reader, not a proof.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from fairgauge.model.http import Exchange
from fairgauge.model.report import Report, TestResult
from fairgauge.model.signposting import Link

# FAIR Signposting relations (signposting.org/FAIR); other typed links (stylesheet, icon ...) are context.
SIGNPOSTING_RELS = frozenset(
    {"author", "cite-as", "describedby", "describes", "item", "collection", "license", "type", "linkset"}
)
_URL = re.compile(r"https?://[^\s,;<>\"')\]]+")


def assessed_object(report: Report) -> str:
    """The IRI of what was assessed: the PID's resolver URL, else the landing page, else the input."""
    ident = report.harvest.identifier
    if ident.is_persistent and ident.resolvable_url:
        return ident.resolvable_url
    if report.harvest.landing_url:
        return report.harvest.landing_url
    return ident.resolvable_url or ident.given


@dataclass(frozen=True)
class Sighting:
    """Where a link was read: how (``header``, ``html``, ``linkset``...), in which response, and the
    context it names when that is not the response itself (an explicit ``anchor``)."""

    source: str
    context_url: str | None
    about: str | None = None


@dataclass
class LinkRow:
    """One distinct typed link and every place that carried it."""

    rel: str
    href: str
    type: str | None
    profile: str | None
    sightings: list[Sighting] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        """The kinds of places (header, html, linkset), each once."""
        return list(dict.fromkeys(s.source for s in self.sightings))


def distinct_links(links: Iterable[Link]) -> list[LinkRow]:
    """One row per distinct link (relation, target, type, profile), in first-seen order, with all the
    places that carried it: PANGAEA repeats its Link header on every metadata response, stating the same
    7 links 5 times; 35 rows would hide that there are 7."""
    rows: dict[tuple[str, str, str | None, str | None], LinkRow] = {}
    for link in links:
        row = rows.setdefault(
            (link.rel, link.href, link.type, link.profile), LinkRow(link.rel, link.href, link.type, link.profile)
        )
        about = link.anchor if link.anchor and link.anchor != link.context_url else None
        sighting = Sighting(link.source, link.context_url, about)
        if sighting not in row.sightings:
            row.sightings.append(sighting)
    return list(rows.values())


def split_links(report: Report) -> tuple[list[LinkRow], list[LinkRow]]:
    """FAIR Signposting links first, every other typed link apart (a page lists many stylesheets)."""
    rows = distinct_links(report.harvest.signposting.links)
    return [x for x in rows if x.rel in SIGNPOSTING_RELS], [x for x in rows if x.rel not in SIGNPOSTING_RELS]


def value_text(value: Any) -> str:
    """A conflicting value (a title, a year, an Agent, a License ...) in one line."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    if isinstance(value, dict):
        main = next((value[k] for k in ("name", "identifier", "url", "value") if value.get(k)), None)
        return str(main) if main is not None else ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def mentioned_urls(test: TestResult) -> set[str]:
    """URLs a test's output and findings mention; the model does not (yet) tie tests to exchanges."""
    texts = [*_strings(test.output), *(f.message for f in test.findings)]
    texts += [f.location.url for f in test.findings if f.location and f.location.url]
    return {match.rstrip(".:") for text in texts for match in _URL.findall(text)}


def named_exchange_ids(value: Any) -> set[int]:
    """Exchange ids a test's output names outright (``exchange_ids``, e.g. a PID resolution it reports)."""
    found: set[int] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "exchange_ids" and isinstance(item, list):
                found.update(i for i in item if isinstance(i, int))
            else:
                found |= named_exchange_ids(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= named_exchange_ids(item)
    return found


def exchanges_for(report: Report, test: TestResult) -> list[Exchange]:
    """The HTTP exchanges behind a test: those its output names by id, and those matched by the URLs the
    test mentions."""
    urls = mentioned_urls(test)
    ids = named_exchange_ids(test.output)
    if not urls and not ids:
        return []

    def touches(exchange: Exchange) -> bool:
        seen = {exchange.request_url, exchange.final_url, *(hop.url for hop in exchange.redirects)}
        return exchange.id in ids or bool(urls & seen)

    return [exchange for exchange in report.harvest.exchanges if touches(exchange)]
