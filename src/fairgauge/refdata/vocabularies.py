"""Semantic-resource namespaces for FsF-I2-01M, looked up by longest URI prefix.

An assessment looks up every namespace and term URI of every harvested record, so the lookup has to
cost microseconds. Instead of scanning prefixes, a URI is cut at each delimiter (/ # : ? = _ - . ~ &)
from the end and each cut is one dict probe: the first hit is the longest registered prefix. Keys drop
the http(s) scheme and lower-case the host, since both vary in the wild without changing the meaning.
"""

from __future__ import annotations

from typing import Any

from fairgauge.refdata._vendored import read_text, read_tsv, read_yaml, uri_key
from fairgauge.refdata.models import Vocabulary

_DELIMITERS = frozenset("/#:?=&_-.~")
_DEFAULT = Vocabulary(prefix="", title="default namespace", namespace="", source="curated")


def namespace_key(uri: str) -> str:
    key = uri_key(uri)
    slash = key.find("/")
    return key.lower() if slash < 0 else key[:slash].lower() + key[slash:]


def _candidates(key: str) -> list[str]:
    """The key itself, then every prefix ending just after or just before a delimiter, longest first."""
    out = [key]
    for i in range(len(key) - 1, 0, -1):
        if key[i] in _DELIMITERS:
            out.append(key[: i + 1])
            out.append(key[:i])
    return out


class VocabularyIndex:
    """Prefix index over bioregistry and the curated vocabularies, with default namespaces as stops."""

    def __init__(self) -> None:
        self.defaults: tuple[str, ...] = tuple(
            line.strip()
            for line in read_text("vocabularies", "default_namespaces.txt").splitlines()
            if line.strip() and not line.startswith("#")
        )
        self._index: dict[str, Vocabulary] = {}
        for namespace in self.defaults:
            self._index[namespace_key(namespace)] = _DEFAULT
        curated: dict[str, Any] = read_yaml("vocabularies", "curated.yaml")
        for prefix, title, namespace in curated["vocabularies"]:
            self._add(Vocabulary(prefix=prefix, title=title, namespace=namespace, source="curated"))
        for row in read_tsv("vocabularies", "bioregistry.tsv"):
            prefix, title, *namespaces = row
            for namespace in namespaces:
                self._add(Vocabulary(prefix=prefix, title=title, namespace=namespace, source="bioregistry"))
        self.vocabularies = [v for v in self._index.values() if v is not _DEFAULT]

    def _add(self, vocabulary: Vocabulary) -> None:
        self._index.setdefault(namespace_key(vocabulary.namespace), vocabulary)

    def _longest(self, uri: str) -> Vocabulary | None:
        index = self._index
        for candidate in _candidates(namespace_key(uri)):
            found = index.get(candidate)
            if found is not None:
                return found
        return None

    def lookup(self, uri: str) -> Vocabulary | None:
        """The registered vocabulary a namespace or term URI belongs to; None for defaults and unknowns."""
        found = self._longest(uri)
        return None if found is _DEFAULT else found

    def is_default(self, uri: str) -> bool:
        """True for URIs in namespaces that never count as semantic resources (rdf, dcterms, schema.org)."""
        return self._longest(uri) is _DEFAULT
