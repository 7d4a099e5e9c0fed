"""Access-rights vocabularies, for FsF-A1-01M (access level and whether it is machine readable)."""

from __future__ import annotations

import re
from typing import Any

from fairgauge.refdata._vendored import read_yaml, uri_key
from fairgauge.refdata.models import AccessMatch, AccessTerm

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS = re.compile(r"[\s_\-]+")


def label_key(text: str) -> str:
    """'openAccess', 'Open-Access' and 'open access' are one label."""
    return _SEPARATORS.sub(" ", _CAMEL.sub(" ", text.strip())).lower().strip()


def access_uri_key(uri: str) -> str:
    return uri_key(uri).rstrip("/").lower()


def _looks_like_uri(text: str) -> bool:
    return "://" in text or text.lower().startswith(("info:", "urn:"))


class AccessRightsIndex:
    """URI and label indexes over all access-rights vocabularies."""

    def __init__(self) -> None:
        data: dict[str, Any] = read_yaml("access_rights", "access_rights.yaml")
        self.vocabularies: dict[str, str] = {}
        self.terms: list[AccessTerm] = []
        self._by_uri: dict[str, AccessTerm] = {}
        self._by_label: dict[str, AccessTerm] = {}
        for vocabulary, block in data["vocabularies"].items():
            self.vocabularies[vocabulary] = block["title"]
            for raw in block["terms"]:
                self._add(vocabulary, raw)

    def _add(self, vocabulary: str, raw: dict[str, Any]) -> None:
        labels: list[str] = raw.get("labels") or []
        term = AccessTerm(
            vocabulary=vocabulary,
            code=raw["code"],
            uri=raw.get("uri"),
            label=labels[0] if labels else label_key(raw["code"]),
            condition=raw["condition"],
        )
        self.terms.append(term)
        if term.uri:
            self._by_uri.setdefault(access_uri_key(term.uri), term)
        for label in labels:
            self._by_label.setdefault(label_key(label), term)

    def match(self, value: str) -> AccessMatch | None:
        """The access condition a value states, or None when it is no known term."""
        text = value.strip()
        if not text:
            return None
        if _looks_like_uri(text):
            term = self._by_uri.get(access_uri_key(text))
            return _result(term, machine_readable=True) if term else None
        term = self._by_label.get(label_key(text))
        return _result(term, machine_readable=False) if term else None


def _result(term: AccessTerm, machine_readable: bool) -> AccessMatch:
    return AccessMatch(
        condition=term.condition,
        vocabulary=term.vocabulary,
        uri=term.uri,
        label=term.label,
        machine_readable=machine_readable,
    )
