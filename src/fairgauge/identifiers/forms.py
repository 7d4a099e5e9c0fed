"""The forms identifiers are written in: bare DOIs and ORCID iDs (from ``doi:``, doi.org and orcid.org
spellings) and the comparison keys under which two spellings are one identifier or URL.

Both the extractors (to name an identifier's scheme, to see which identifiers a second source adds) and
the merge (to put equal values together) need exactly the same reading, so it lives here, below both.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_ORCID = re.compile(r"^(?:https?://(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$", re.IGNORECASE)
_CC_TAIL = re.compile(r"/(legalcode|deed)(\.[a-z-]+)?$")


def bare_doi(value: str) -> str | None:
    """The DOI in a value written as '10.x/y', 'doi:10.x/y' or a doi.org URL (case kept)."""
    match = _DOI.match(value.strip())
    return match.group(1) if match else None


def bare_orcid(value: str) -> str | None:
    """The 16-digit ORCID iD in a bare or URL form."""
    match = _ORCID.match(value.strip())
    return match.group(1).upper() if match else None


def text_key(value: str) -> str:
    """Case, whitespace and a trailing full stop do not make a different text."""
    return " ".join(value.casefold().split()).rstrip(".")


def url_key(value: str) -> str:
    """http/https, host case, 'www.', trailing slash and CC's /legalcode or /deed.xx do not matter."""
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # "http://[x]/" is text, not a URL
        return text_key(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return text_key(text)
    host = parts.netloc.lower().removeprefix("www.")
    path = _CC_TAIL.sub("", parts.path).rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def identifier_key(value: str) -> str:
    """DOIs by bare lower-case DOI, ORCIDs by 16 digits, URLs by :func:`url_key`."""
    doi = bare_doi(value)
    if doi:
        return f"doi:{doi.lower()}"
    orcid = bare_orcid(value)
    if orcid:
        return f"orcid:{orcid}"
    return url_key(value)
