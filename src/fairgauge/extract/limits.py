"""Bounds on what a hostile document can make an extractor do, and URLs that do not parse.

Every mapper here walks nested JSON, microdata items or RDF collections recursively (and so do pyld,
rdflib and extruct). A page nested a few hundred levels deep would otherwise end in ``RecursionError``
somewhere inside a library, at a depth that depends on how deep the caller's stack already was. The
depth is therefore measured *before* parsing, without recursion, and a document nested deeper than
:data:`MAX_NESTING_DEPTH` is refused with its own finding (``extract.nesting_too_deep``).

Why a constant, not a setting: the bound protects the interpreter stack. The deepest real metadata
in the corpus nests 9 levels (JSON-LD blocks in pages: 5); the libraries need ~4 stack frames a level, so a
limit much above ~200 would bring the crash back. There is nothing useful to tune in between.

HTML element depth needs no bound of ours: libxml2 (lxml's HTML parser) flattens a page beyond 255
nested elements, which pyRdfa (about 2 frames per element level) walks without trouble.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from fairgauge.model.findings import Finding, Severity, finding

MAX_NESTING_DEPTH = 64
"""Most nested JSON containers, microdata items or Turtle ``[`` / ``(`` a document may have."""

# Bytes that are neither brackets nor quotes: deleted before counting (a C-speed translate).
_NOT_JSON_SYNTAX = bytes(c for c in range(256) if c not in b'[]{}"')
# Turtle/N3/TriG: long and short strings, IRIs and comments can hold brackets that nest nothing. Escapes
# (a backslash and the next byte) are removed first, so that no pattern below needs to backtrack: each
# is linear, and a string left open fails at most once per quote kind (long) or per line (short).
_TURTLE_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_TURTLE_NOISE = re.compile(
    rb'"""(?:[^"]|"(?!""))*"""'
    rb"|'''(?:[^']|'(?!''))*'''"
    rb'|"[^"\n]*"'
    rb"|'[^'\n]*'"
    rb"|<[^<>\"{}|^`\s]*>"
    rb"|#[^\n]*"
)
_NOT_TURTLE_BRACKET = bytes(c for c in range(256) if c not in b"[]()")


def _pair_depth(brackets: bytes, limit: int) -> int:
    """Nesting depth of a ``[``/``]`` sequence: each pass removes the innermost pairs, one level a pass.

    Stops once ``limit`` is passed, so the cost is at most ``limit + 1`` C-speed passes over the text.
    """
    depth = 0
    while brackets and depth <= limit:
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):  # unbalanced remainder: the parser will refuse it anyway
            break
        brackets, depth = shorter, depth + 1
    return depth


def json_depth(text: str | bytes, limit: int = MAX_NESTING_DEPTH) -> int:
    """How deeply JSON text nests objects and arrays (brackets inside strings ignored).

    Works on the text so that it can run before ``json.loads``, whose C decoder recurses too.
    """
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else _as_utf8(text)
    # escaped backslashes and quotes first: every quote left then opens or closes a string
    syntax = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_JSON_SYNTAX)
    outside_strings = b"".join(syntax.split(b'"')[::2])
    return _pair_depth(outside_strings.translate(_SQUARE_JSON), limit)


def _as_utf8(body: bytes) -> bytes:
    """UTF-16/32 JSON (which ``json.loads`` accepts) re-encoded, so that quotes and escapes line up."""
    encoding = json.detect_encoding(body)
    return body if encoding == "utf-8" else body.decode(encoding, "replace").encode("utf-8")


def turtle_depth(body: bytes, limit: int = MAX_NESTING_DEPTH) -> int:
    """How deeply Turtle/N3/TriG nests blank-node property lists ``[...]`` and collections ``(...)``."""
    syntax = _TURTLE_NOISE.sub(b" ", _TURTLE_ESCAPE.sub(b"", body)).translate(None, _NOT_TURTLE_BRACKET)
    return _pair_depth(syntax.translate(_SQUARE_TURTLE), limit)


_SQUARE_JSON = bytes.maketrans(b"{}", b"[]")
_SQUARE_TURTLE = bytes.maketrans(b"()", b"[]")


def itemscope_depth(root: etree._Element, limit: int = MAX_NESTING_DEPTH) -> int:
    """How deeply microdata items (``itemscope`` elements) nest, walked without recursion."""
    depth = deepest = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str) or element.get("itemscope") is None:
            continue
        if event == "start":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
        else:
            depth -= 1
    return deepest


def too_deep(what: str, url: str | None, *, severity: Severity = "error", **params: Any) -> Finding:
    """The finding for a document (or part of one) refused because it nests too deeply.

    An error for a whole document (nothing was read from it), a warning for one block of a page.
    """
    return finding(
        "extract.nesting_too_deep",
        severity,
        f"{what} nests more than {MAX_NESTING_DEPTH} levels deep; it was not read.",
        url=url,
        limit=MAX_NESTING_DEPTH,
        **params,
    )


def join_url(base: str, reference: str) -> str | None:
    """``reference`` resolved against ``base``, or None when either is not a URL (``http://[x]/``)."""
    try:
        return urljoin(base, reference.strip())
    except ValueError:
        return None
