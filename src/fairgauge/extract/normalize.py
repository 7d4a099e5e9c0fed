"""How extractors normalise the values they read: text, years and dates, identifier schemes, sizes.

Extractors are pure (bytes in, records out); these helpers keep the mapping code short and make the
same value come out the same way whichever format stated it, which is what the merge relies on.
Building the records themselves is :mod:`fairgauge.extract.records`.
"""

from __future__ import annotations

import re
from typing import Any

from fairgauge.identifiers.forms import bare_doi, bare_orcid
from fairgauge.model.metadata import IdentifierRef

_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)")
_SLASH_DATE = re.compile(r"^(\d{4})/(\d{1,2})(?:/(\d{1,2}))?$")
_SIZE = re.compile(r"^\s*(\d+)\s*(?:b|bytes?)?\s*$", re.IGNORECASE)
_SCHEMES = {
    "doi": "doi",
    "url": "url",
    "uri": "url",
    "handle": "handle",
    "hdl": "handle",
    "orcid": "orcid",
    "ror": "ror",
    "isni": "isni",
    "ark": "ark",
    "urn": "urn",
    "purl": "purl",
    "arxiv": "arxiv",
    "pmid": "pmid",
    "issn": "issn",
    "isbn": "isbn",
    "grid": "grid",
    "w3id": "w3id",
}


def is_iri(value: Any) -> bool:
    """An absolute http(s) IRI without spaces (the form vocabulary terms are written in)."""
    return isinstance(value, str) and value.startswith(("http://", "https://")) and not _SPACE.search(value)


def clean(value: Any) -> str | None:
    """Whitespace-collapsed text, or None for empty/non-text values (so callers can drop them)."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = _SPACE.sub(" ", str(value)).strip()
    return text or None


def year_of(value: str | None) -> int | None:
    """The first plausible year in a date string ('2014-09-25', '2018/03/14', '2016')."""
    match = _YEAR.search(value or "")
    return int(match.group(1)) if match else None


def iso_date(value: str) -> str | None:
    """'2019/02/07' -> '2019-02-07', '2019/2' -> '2019-02' (Highwire's documented year-first spelling);
    None when the value is not such a date (ISO dates and free text stay as they are)."""
    match = _SLASH_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return None
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def scheme_from_form(value: str) -> str | None:
    """Guess an identifier's scheme from how it is written (prefixes, URL forms; no parsing, unlike
    :func:`fairgauge.identifiers.detect_scheme`); None when nothing is recognisable."""
    text = value.strip()
    lower = text.lower()
    if bare_doi(text):
        return "doi"
    if bare_orcid(text):
        return "orcid"
    prefixes = (
        ("https://ror.org/", "ror"),
        ("http://ror.org/", "ror"),
        ("hdl:", "handle"),
        ("https://hdl.handle.net/", "handle"),
        ("http://hdl.handle.net/", "handle"),
        ("ark:", "ark"),
        ("urn:", "urn"),
        ("https://isni.org/", "isni"),
        ("http://www.isni.org/", "isni"),
    )
    for prefix, scheme in prefixes:
        if lower.startswith(prefix):
            return scheme
    if lower.startswith(("http://", "https://", "ftp://")):
        return "url"
    return None


def scheme_name(declared: str | None, value: str) -> str | None:
    """A declared scheme ('DOI', 'ORCID', 'URL', ...) in lower case, else the detected one."""
    if declared and clean(declared):
        key = str(clean(declared)).lower().rstrip("/")
        if key.startswith(("http://", "https://")):  # e.g. identifiers.org or SPAR DataCite scheme IRIs
            key = key[max(key.rfind("/"), key.rfind("#")) + 1 :]
        return _SCHEMES.get(key, key)
    return scheme_from_form(value)


def identifier_ref(value: Any, declared: str | None = None) -> IdentifierRef | None:
    """An IdentifierRef for a non-empty value."""
    text = clean(value)
    return IdentifierRef(value=text, scheme=scheme_name(declared, text)) if text else None


def size_bytes(value: Any) -> int | None:
    """A size in bytes when the value is a plain number ('1234', 1234, '1234 bytes')."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    match = _SIZE.match(str(value)) if value is not None else None
    return int(match.group(1)) if match else None


def as_list(value: Any) -> list[Any]:
    """JSON values are often a thing or a list of things; always iterate a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
