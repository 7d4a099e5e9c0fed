"""Resource types valid for FsF-R1-01M: schema.org, DataCite resourceTypeGeneral, DCMI Type, Bioschemas."""

from __future__ import annotations

from typing import Any

from fairgauge.refdata._vendored import read_tsv, read_yaml, uri_key
from fairgauge.refdata.models import ResourceType

SCHEMAORG = "https://schema.org/"


def type_key(value: str) -> str:
    """'http://schema.org/Dataset', 'schema:Dataset', 'dataset' -> 'dataset'.

    The last path segment, fragment or CURIE local part is the type name; case never distinguishes
    resource types in practice (DataCite writes 'Dataset', F-UJI compares lower-cased).
    """
    text = value.strip().rstrip("/")
    for separator in ("#", "/"):
        if separator in text:
            text = text.rsplit(separator, 1)[1]
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    return text.replace(" ", "").lower()


def _namespace_of(uri: str) -> str:
    local = type_key(uri)
    stem = uri.strip().rstrip("/")
    return uri_key(stem[: len(stem) - len(local)]).lower().rstrip("/#")


class ResourceTypeIndex:
    """All known types, keyed by lower-cased local name; the first vocabulary listing a name wins.

    A URI counts only in a namespace of one of the vocabularies (http://example.org/Dataset does not).
    """

    def __init__(self) -> None:
        self.types: list[ResourceType] = []
        self._by_key: dict[str, ResourceType] = {}
        self._namespaces = {"schema.org"}
        for label, parents, *_pending in read_tsv("resource_types", "schemaorg_types.tsv"):
            self._add(ResourceType(label, "schema.org", SCHEMAORG + label, tuple(parents.split())))
        others: dict[str, Any] = read_yaml("resource_types", "vocabularies.yaml")
        for vocabulary, block in others.items():
            namespace = block["namespace"]
            if namespace:
                self._namespaces.add(uri_key(namespace).lower().rstrip("/#"))
            for term in block["terms"]:
                self._add(ResourceType(term, vocabulary, namespace + term if namespace else None))

    def _add(self, resource_type: ResourceType) -> None:
        self.types.append(resource_type)
        self._by_key.setdefault(type_key(resource_type.name), resource_type)

    def get(self, value: str) -> ResourceType | None:
        """The type a value names: a bare name, a CURIE or a URI in a known namespace; case-insensitive."""
        key = type_key(value)
        if not key or ("://" in value and _namespace_of(value) not in self._namespaces):
            return None
        return self._by_key.get(key)
