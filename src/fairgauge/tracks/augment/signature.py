"""The document signature FAIRtracks documents carry: ``doc_info.doc_version`` (1.x) and
``document.json_signature`` (2.0 draft).

Derived from the published documents and checked on every one of them (tests/tracks/test_augment.py):
the SHA-256 hex digest of ``json.dumps`` (Python defaults: key order as in the document, ``", "`` and
``": "`` separators, ASCII escapes) of the document without the signature itself and without the
date field (``doc_date`` / ``version_date``), which may change without the content changing. The
same rule with no date field signs the schemas (``"$comment": "JSON signature: ..."``).
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

# (block, signature field, date field excluded from the signature)
SIGNATURE_FIELDS = (("doc_info", "doc_version", "doc_date"), ("document", "json_signature", "version_date"))


def signature_field(document: Any) -> tuple[str, str, str] | None:
    """Which signature this document carries (by the block it has), if any."""
    if not isinstance(document, dict):
        return None
    return next((f for f in SIGNATURE_FIELDS if isinstance(document.get(f[0]), dict)), None)


def json_signature(document: dict[str, Any]) -> str | None:
    """The signature the document should carry (None if it has no signature block)."""
    found = signature_field(document)
    if found is None:
        return None
    block, key, date = found
    unsigned = copy.copy(document)
    unsigned[block] = {k: v for k, v in document[block].items() if k not in (key, date)}
    return hashlib.sha256(json.dumps(unsigned).encode()).hexdigest()


def sign(document: dict[str, Any]) -> tuple[str, str, Any] | None:
    """Set the signature in place; return (pointer, new value, previous value)."""
    found = signature_field(document)
    value = json_signature(document)
    if found is None or value is None:
        return None
    block, key, _ = found
    previous = document[block].get(key)
    document[block][key] = value
    return f"/{block}/{key}", value, previous
