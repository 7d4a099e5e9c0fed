"""Findings about the JSON-LD contexts a document names but that were not applied.

Shared by the JSON-LD reader and the RDF reader (rdflib's JSON-LD path), which is why it sits apart
from both: neither has to import the other for it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fairgauge.model.findings import Finding, finding


def context_findings(missing: list[str], url: str | None) -> list[Finding]:
    """One finding per context left out of a document: not a URL at all, or not bundled (never fetched)."""
    return [
        finding(
            "extract.jsonld.context_unavailable",
            "warning",
            f"JSON-LD context not available offline (not fetched): {context}",
            url=url,
            context=context,
        )
        if _is_url(context)
        else finding(
            "extract.jsonld.context_invalid",
            "warning",
            f"JSON-LD context {context[:200]!r} is not a URL; it was ignored.",
            url=url,
            context=context[:300],
        )
        for context in missing
    ]


def _is_url(text: str) -> bool:
    try:
        urlsplit(text)
    except ValueError:
        return False
    return True
