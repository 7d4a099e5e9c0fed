"""Offline JSON-LD contexts: answer every ``@context`` URL from the bundle, never from the network.

rdflib and pyld fetch remote contexts by default (schema.org's context is a 200 KB download on every
parse, and a test or a batch run must not depend on a remote server). Parsers therefore either pass
:func:`document_loader` explicitly to pyld (``options={"documentLoader": document_loader}``) or inline the
bundled contexts into the document with :func:`inline_contexts` before handing it to rdflib. No global
hook is installed. Unknown context URLs raise :class:`ContextNotAvailableError` (pyld) or are reported
back to the caller (inlining), who turns them into a "context not available offline" finding.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from fairgauge.errors import FairgaugeError

SCHEMA_ORG = "schemaorg"
RO_CRATE_1_1 = "ro-crate-1.1"

_FILES = {SCHEMA_ORG: "schemaorg-context.jsonld", RO_CRATE_1_1: "ro-crate-1.1-context.jsonld"}
# Normalised (host + path, no scheme, no trailing slash) spellings of each bundled context.
_SPELLINGS = {
    "schema.org": SCHEMA_ORG,
    "schema.org/docs/jsonldcontext.jsonld": SCHEMA_ORG,
    "schema.org/docs/jsonldcontext.json": SCHEMA_ORG,
    "w3id.org/ro/crate/1.1/context": RO_CRATE_1_1,
}


class ContextNotAvailableError(FairgaugeError):
    """A JSON-LD context URL that is not bundled; it is never fetched."""


def context_key(url: str) -> str | None:
    """The bundled context a URL names (http/https, ``www.``, trailing slash, fragment ignored)."""
    text = url.strip()
    if not text:
        return None
    try:
        parts = urlsplit(text if "//" in text else "//" + text)
    except ValueError:  # "http://[x": not a URL, so no bundled context
        return None
    if parts.scheme not in ("", "http", "https"):
        return None
    host = (parts.hostname or "").removeprefix("www.")
    return _SPELLINGS.get(f"{host}{parts.path}".rstrip("/"))


@cache
def _context_text(key: str) -> str:
    """The bundled file as text; memoised because it is immutable package data (never written)."""
    return resources.files("fairgauge.refdata").joinpath("contexts", _FILES[key]).read_text("utf-8")


def bundled_context(key: str) -> dict[str, Any]:
    """A fresh copy of a bundled context document (callers such as pyld may modify it)."""
    document: dict[str, Any] = json.loads(_context_text(key))
    return document


def load_context(url: str) -> dict[str, Any] | None:
    """The context document for a URL, or None when it is not bundled."""
    key = context_key(url)
    return bundled_context(key) if key else None


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader that answers only from the bundle (pass it in pyld's ``options``)."""
    document = load_context(url)
    if document is None:
        raise ContextNotAvailableError(f"JSON-LD context not available offline: {url}")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }


def inline_contexts(document: Any) -> tuple[Any, list[str]]:
    """A copy of a JSON-LD document whose ``@context`` URLs are replaced by the bundled contexts.

    rdflib then has nothing to fetch. Unknown URLs are dropped from the context and returned, so that
    the caller can report them; the terms they defined stay undefined (as a JSON-LD processor would
    leave them without network).
    """
    missing: list[str] = []
    return _inline(copy.deepcopy(document), missing), missing


def _inline(node: Any, missing: list[str]) -> Any:
    if isinstance(node, list):
        return [_inline(item, missing) for item in node]
    if not isinstance(node, dict):
        return node
    for key, value in node.items():
        node[key] = _inline_context(value, missing) if key == "@context" else _inline(value, missing)
    return node


def _inline_context(value: Any, missing: list[str]) -> Any:
    if isinstance(value, str):
        document = load_context(value)
        if document is None:
            missing.append(value)
            return {}
        return document.get("@context", {})
    if isinstance(value, list):
        return [_inline_context(item, missing) for item in value]
    return _inline(value, missing)
