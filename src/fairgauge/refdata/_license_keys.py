"""Normalisation of licence names and URLs into lookup keys.

Licences are written in metadata in countless spellings ("CC BY 4.0", "Creative Commons
Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/legalcode.de"). Rather
than listing every spelling, both the reference tables and the value looked up go through the same
normalisation, so one table entry covers all of them; only genuinely different names need aliases.
"""

from __future__ import annotations

import re

from fairgauge.refdata._vendored import name_key

# Word-level rewrites, applied in order to a name_key()ed string (space separated, lower case). Each
# comes with a literal every match contains: the pattern runs only when that literal is present, which
# gives the same result and skips most of the ~1700 regex passes of building the licence index.
_PHRASES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (literal, re.compile(pattern), repl)
    for literal, pattern, repl in (
        ("licen", r"\blicen[cs]es?\b", " "),
        ("creative commons", r"\bcreative commons\b", "cc"),
        ("attribution", r"\battribution\b", "by"),
        ("commercial", r"\bnon ?commercial\b", "nc"),
        ("alike", r"\bshare ?alike\b", "sa"),
        ("deriv", r"\bno ?deriv(?:ative)?s?\b", "nd"),
        ("the", r"\bthe\b", " "),
        ("v", r"\b(?:version|ver|v)\.? ?(?=\d)", " "),
        ("v", r"\bv(?=\d)", " "),
        (".0", r"(?<=\d)\.0(?![.\d])", ""),
        (".0", r"(?<=\d)\.0(?![.\d])", ""),
    )
)
_CC_TAIL = re.compile(r" (?:international|unported|generic|universal|public domain dedication)$")
_NUMBERS = re.compile(r"\d+(?:\.\d+)*")

# Words whose presence or absence changes which licence is meant: a fuzzy match must agree on them.
DISTINGUISHING = frozenset(
    {
        "nc",
        "nd",
        "sa",
        "lesser",
        "library",
        "affero",
        "only",
        "later",
        "or",
        "with",
        "exception",
        "zero",
        "no",
    }
)


def license_name_key(text: str) -> str:
    """'Creative Commons Attribution-ShareAlike 4.0 International' -> 'cc by sa 4'."""
    key = name_key(text)
    for literal, pattern, repl in _PHRASES:
        if literal in key:
            key = pattern.sub(repl, key)
    key = " ".join(key.split())
    if key.startswith("cc "):
        key = _CC_TAIL.sub("", key)
    return key


def numbers_of(key: str) -> tuple[str, ...]:
    """Version numbers in a normalised name; a fuzzy match may never change them."""
    return tuple(_NUMBERS.findall(key))


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_TAIL_SEGMENT = re.compile(r"/(?:legalcode|deed|index|summary)(?:\.[a-z]{2,3}(?:[-_][a-z]{2,4})?)?(?:\.html?)?$")
_SUFFIX = re.compile(r"(?:\.[a-z]{2}(?:-[a-z]{2})?)?\.(?:html?|php|txt|pdf|md)$")


def license_url_key(url: str) -> str:
    """A licence URL reduced to what identifies the licence.

    Scheme, 'www.', query, fragment, trailing slashes, CC 'legalcode'/'deed.xx' pages, language variants
    and file suffixes are dropped: they name the same licence.
    """
    key = url.strip().strip("<>").lower()
    key = _SCHEME.sub("", key)
    key = key.removeprefix("www.")
    key = key.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    previous = None
    while previous != key:
        previous = key
        key = _TAIL_SEGMENT.sub("", key).rstrip("/")
        key = _SUFFIX.sub("", key).rstrip("/")
    return key


def looks_like_url(text: str) -> bool:
    lowered = text[:40].lower()
    return "://" in lowered or lowered.startswith(("www.", "creativecommons.org/", "opensource.org/"))


_CC_ID = re.compile(r"^CC-(BY(?:-NC)?(?:-ND|-SA)?|SA|ND|NC(?:-SA)?)-(\d\.\d)(?:-([A-Z]{2,3}))?$")
_CC_URL = re.compile(r"^creativecommons\.org/licenses/([a-z-]+)/(\d\.\d)(?:/([a-z]{2,3}))?$")


def cc_url_key(spdx_id: str) -> str | None:
    """The normalised creativecommons.org URL of a CC licence id (ports included), or None."""
    match = _CC_ID.match(spdx_id)
    if not match:
        return None
    family, version, port = match.groups()
    path = f"creativecommons.org/licenses/{family.lower()}/{version}"
    return f"{path}/{port.lower()}" if port else path


def cc_unported_id(url_key: str) -> str | None:
    """For a CC URL not in the tables (usually a national port SPDX does not list), the unported id."""
    match = _CC_URL.match(url_key)
    if not match:
        return None
    family, version, _port = match.groups()
    return f"CC-{family.upper()}-{version}"
