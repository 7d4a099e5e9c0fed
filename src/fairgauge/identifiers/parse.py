"""Interpret identifiers: detect the scheme, normalise, and find the URL a machine would resolve.

idutils' checks (kept in :mod:`fairgauge.identifiers.checks`) recognise DOIs, URNs, ORCID and ROR iDs;
what they lack (ARK to n2t URLs, w3id, urn:nbn, CURIEs through identifiers.org, UUIDs and hashes,
resolver URLs of every PID) is added here. Persistent and unique are told apart: every recognised
identifier is unique, only those managed by a PID system are persistent. Resolver base URLs come from
settings so mirrors and tests can point elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from fairgauge.errors import IdentifierError
from fairgauge.identifiers import checks
from fairgauge.model.identifiers import Identifier

PERSISTENT_SCHEMES: frozenset[str] = frozenset(
    {"doi", "handle", "ark", "purl", "w3id", "urn:nbn", "curie", "orcid", "ror", "isni", "urn"}
)
_UUID = re.compile(r"^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_HASH_LENGTHS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
_PREFIXED_HASH = re.compile(r"^(md5|sha1|sha-1|sha256|sha-256|sha512|sha-512)[:=]([0-9a-f]+)$", re.I)
_HEX = re.compile(r"^[0-9a-f]+$", re.I)
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
_HANDLE_HOSTS = frozenset({"hdl.handle.net"})
_PURL_HOSTS = frozenset({"purl.org", "purl.oclc.org", "purl.obolibrary.org", "purl.archive.org", "purl.pt"})
_ORCID_HOSTS = frozenset({"orcid.org", "www.orcid.org"})
_ROR_HOSTS = frozenset({"ror.org"})
_IDENTIFIERS_ORG_HOSTS = frozenset({"identifiers.org", "www.identifiers.org"})
_ARK_IN_PATH = re.compile(r"/(ark:/?\d{5,}/.+)$", re.I)
_CURIE = re.compile(r"^([A-Za-z][\w.-]*):([^\s/][^\s]*)$")


@dataclass(frozen=True)
class Resolvers:
    """Base URLs (ending with '/') that turn PIDs into resolvable URLs."""

    doi: str = "https://doi.org/"
    handle: str = "https://hdl.handle.net/"
    identifiers_org: str = "https://identifiers.org/"
    n2t: str = "https://n2t.net/"
    urn_nbn: str = "https://nbn-resolving.org/"
    orcid: str = "https://orcid.org/"
    ror: str = "https://ror.org/"


def parse_identifier(text: str, resolvers: Resolvers | None = None) -> Identifier:
    """Interpret ``text``. Only an empty identifier is an error: anything else yields an Identifier,
    possibly of scheme ``unknown`` (not unique, not resolvable) so the assessment can say why."""
    given = text
    value = text.strip()
    if not value:
        raise IdentifierError("the identifier is empty")
    resolvers = resolvers or Resolvers()
    if not _splits(value):  # "http://[x]/": URL-shaped but no URL, so nothing can resolve it
        return Identifier(given=given, normalized=value, scheme="unknown", is_persistent=False, is_unique=False)
    for detector in _DETECTORS:
        found = detector(value, given, resolvers)
        if found is not None:
            return found
    return Identifier(given=given, normalized=value, scheme="unknown", is_persistent=False, is_unique=False)


def _splits(value: str) -> bool:
    try:
        urlsplit(value)
    except ValueError:
        return False
    return True


def detect_scheme(value: str) -> str | None:
    """The scheme of an identifier found in metadata (None when not an identifier at all)."""
    if not value or not value.strip():
        return None
    scheme = parse_identifier(value).scheme
    return None if scheme == "unknown" else scheme


def is_persistent_scheme(scheme: str | None) -> bool:
    return scheme in PERSISTENT_SCHEMES


def _ident(
    given: str,
    normalized: str,
    scheme: str,
    url: str | None,
    *,
    is_url: bool = False,
    persistent: bool | None = None,
    curie_prefix: str | None = None,
) -> Identifier:
    return Identifier(
        given=given,
        normalized=normalized,
        scheme=scheme,
        is_persistent=is_persistent_scheme(scheme) if persistent is None else persistent,
        resolvable_url=url,
        is_url=is_url,
        curie_prefix=curie_prefix,
    )


def _doi(value: str, given: str, r: Resolvers) -> Identifier | None:
    is_url = value.lower().startswith(("http://", "https://"))
    if is_url and (urlsplit(value).hostname or "").lower() not in _DOI_HOSTS:
        return None
    lowered = value.lower()
    if not (is_url or lowered.startswith(("doi:", "info:doi/")) or lowered.startswith("10.")):
        return None
    candidate = unquote(value)
    if lowered.startswith("info:doi/"):
        candidate = candidate[len("info:doi/") :]
    if not checks.is_doi(candidate):
        return None
    bare = checks.normalize_doi(candidate)
    return _ident(given, bare.lower(), "doi", r.doi + bare, is_url=is_url)


def _handle(value: str, given: str, r: Resolvers) -> Identifier | None:
    is_url = value.lower().startswith(("http://", "https://"))
    if is_url:
        parts = urlsplit(value)
        if (parts.hostname or "").lower() not in _HANDLE_HOSTS:
            return None
        bare = parts.path.lstrip("/")
    elif value.lower().startswith("hdl:"):
        bare = value[4:].lstrip("/")
    elif re.match(r"^\d[\d.]*/\S+$", value) and not value.startswith("10."):
        bare = value
    else:
        return None
    if not bare or "/" not in bare:
        return None
    return _ident(given, bare, "handle", r.handle + bare, is_url=is_url)


def _ark(value: str, given: str, r: Resolvers) -> Identifier | None:
    if value.lower().startswith("ark:"):
        bare = "ark:/" + value[4:].lstrip("/")
        return _ident(given, bare, "ark", r.n2t + bare)
    if value.lower().startswith(("http://", "https://")):
        match = _ARK_IN_PATH.search(urlsplit(value).path)
        if match:
            bare = "ark:/" + match.group(1)[4:].lstrip("/")
            return _ident(given, bare, "ark", value, is_url=True)
    return None


def _urn(value: str, given: str, r: Resolvers) -> Identifier | None:
    lowered = value.lower()
    if not lowered.startswith("urn:"):
        return None
    if _UUID.match(value):
        return _ident(given, lowered.removeprefix("urn:uuid:"), "uuid", None, persistent=False)
    if lowered.startswith("urn:nbn:"):
        return _ident(given, value, "urn:nbn", r.urn_nbn + value)
    return _ident(given, value, "urn", None) if checks.is_urn(value) else None


def _orcid(value: str, given: str, r: Resolvers) -> Identifier | None:
    is_url = value.lower().startswith(("http://", "https://"))
    if is_url and (urlsplit(value).hostname or "").lower() not in _ORCID_HOSTS:
        return None
    bare = urlsplit(value).path.strip("/") if is_url else value.removeprefix("orcid:")
    if not checks.is_orcid(bare):
        return None
    return _ident(given, bare.upper(), "orcid", r.orcid + bare.upper(), is_url=is_url)


def _ror(value: str, given: str, r: Resolvers) -> Identifier | None:
    if not value.lower().startswith(("http://", "https://")):
        return None
    parts = urlsplit(value)
    if (parts.hostname or "").lower() not in _ROR_HOSTS or not checks.is_ror(value):
        return None
    bare = parts.path.strip("/")
    return _ident(given, bare, "ror", r.ror + bare, is_url=True)


def _url_pid(value: str, given: str, r: Resolvers) -> Identifier | None:
    """PURL, w3id and identifiers.org URLs: persistent URLs by their resolver host."""
    if not value.lower().startswith(("http://", "https://")):
        return None
    host = (urlsplit(value).hostname or "").lower()
    if host in _PURL_HOSTS:
        return _ident(given, value, "purl", value, is_url=True)
    if host == "w3id.org":
        return _ident(given, value, "w3id", value, is_url=True)
    if host in _IDENTIFIERS_ORG_HOSTS:
        curie = urlsplit(value).path.strip("/")
        return _ident(given, curie, "curie", value, is_url=True, curie_prefix=curie.split(":", 1)[0].lower())
    return None


def _plain_url(value: str, given: str, r: Resolvers) -> Identifier | None:
    if not re.match(r"^(https?|ftp|ftps|sftp)://[^\s/]+", value, re.I):
        return None
    return _ident(
        given, value, "url", value if value.lower().startswith("http") else None, is_url=True, persistent=False
    )


def _uuid_or_hash(value: str, given: str, r: Resolvers) -> Identifier | None:
    if _UUID.match(value):
        return _ident(given, value.lower().removeprefix("urn:uuid:"), "uuid", None, persistent=False)
    prefixed = _PREFIXED_HASH.match(value)
    if prefixed:
        return _ident(given, value.lower(), "hash", None, persistent=False)
    if _HEX.match(value) and len(value) in _HASH_LENGTHS:
        return _ident(given, value.lower(), "hash", None, persistent=False)
    return None


def _curie(value: str, given: str, r: Resolvers) -> Identifier | None:
    """A compact identifier whose prefix bioregistry knows: resolvable through identifiers.org."""
    match = _CURIE.match(value)
    if not match:
        return None
    import bioregistry  # heavy import: only when a CURIE-shaped value is met

    parsed = bioregistry.parse_curie(value)
    if parsed is None or parsed[0] is None:
        return None
    prefix, local_id = parsed
    return _ident(
        given, f"{prefix}:{local_id}", "curie", f"{r.identifiers_org}{prefix}:{local_id}", curie_prefix=prefix
    )


_DETECTORS = (_doi, _handle, _ark, _urn, _orcid, _ror, _url_pid, _plain_url, _uuid_or_hash, _curie)
