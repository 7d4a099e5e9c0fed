"""The five identifier checks the parser needs, with idutils' own patterns and checksum.

idutils (1.7) compiles the whole RFC 3987 IRI grammar when it is imported, about 0.3 s of CPU: a third
of a command-line assessment, for checks that are each one line of idutils. They are kept here, written
as idutils writes them; ``tests/identifiers/test_checks.py`` compares them with idutils on every
identifier of the test corpus so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

_DOI = re.compile(r"(doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?(10\.\d+(\.\d+)*/.+)$", flags=re.I)
_ROR = re.compile(r"(?:https?://)?(?:ror\.org/)?(0\w{6}\d{2})$", flags=re.I)
_ORCID_URLS = ("http://orcid.org/", "https://orcid.org/")
_ISNI_URLS = ("http://isni.org/isni/", "https://isni.org/isni/")
# ORCID iDs are ISNIs from these blocks (idutils' orcid_isni_ranges).
_ORCID_RANGES = ((15_000_000, 35_000_000), (900_000_000_000, 900_100_000_000))


def is_doi(value: str) -> bool:
    return _DOI.match(value) is not None


def normalize_doi(value: str) -> str:
    """The bare DOI (``10.x/y``) of a DOI, doi: or doi.org form; the value itself if it is none."""
    match = _DOI.match(value)
    return match.group(2) if match else value


def is_urn(value: str) -> bool:
    parts = urlparse(value)
    return parts.scheme == "urn" and parts.netloc == "" and parts.path != ""


def is_ror(value: str) -> bool:
    return _ROR.match(value) is not None


def is_orcid(value: str) -> bool:
    """An ORCID iD (bare or orcid.org URL) with a valid ISO 7064 MOD 11-2 check digit in ORCID's blocks."""
    if value.startswith(_ISNI_URLS):
        return False
    for prefix in _ORCID_URLS:
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    digits = value.replace("-", "").replace(" ", "").upper()
    if len(digits) != 16 or not digits[:-1].isdecimal() or not (digits[-1].isdecimal() or digits[-1] == "X"):
        return False
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    if (10 if digits[-1] == "X" else int(digits[-1])) != check:
        return False
    number = int(digits[:-1])
    return any(low <= number <= high for low, high in _ORCID_RANGES)
