"""Building records: the field builder every extractor fills, where a document came from, the record
itself, and what one parsed document gave (``ParsedDocument``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from fairgauge.extract.normalize import is_iri, year_of
from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding
from fairgauge.model.harvest import CommunityDocument, MetadataStandardRef, RepositoryInfo
from fairgauge.model.metadata import FieldName, MetadataFields, MetadataRecord, OfferingMethod

MAX_VALUE_IRIS = 200


@dataclass
class FieldsBuilder:
    """Collects field values (dropping empties and duplicates) and builds a frozen MetadataFields.

    Field names are a :data:`FieldName`, so mypy rejects a misspelt one (it used to surface only as an
    ``extract.internal_error`` finding when a document reached that line).
    """

    values: dict[FieldName, list[Any]] = field(default_factory=dict)
    publication_year: int | None = None

    def add(self, name: FieldName, *items: Any) -> None:
        bucket = self.values.setdefault(name, [])
        for item in items:
            if item is not None and item != "" and item not in bucket:
                bucket.append(item)

    def extend(self, name: FieldName, items: Iterable[Any]) -> None:
        self.add(name, *items)

    def year(self, value: int | str | None) -> None:
        """Keep the first publication year stated."""
        if self.publication_year is None:
            self.publication_year = value if isinstance(value, int) else year_of(value)

    def build(self) -> MetadataFields:
        return MetadataFields(publication_year=self.publication_year, **self.values)


@dataclass(frozen=True)
class Source:
    """How and where a document was obtained; every record of it carries this."""

    method: OfferingMethod
    url: str | None = None
    format: str = "xml"


def make_record(
    source: Source,
    standard: str,
    fields: FieldsBuilder | MetadataFields,
    *,
    schema: str | None = None,
    namespaces: Iterable[str] = (),
    findings: Iterable[Finding] = (),
    raw_types: Iterable[str] = (),
    fmt: str | None = None,
    value_iris: Iterable[str] = (),
) -> MetadataRecord:
    """Assemble one record; namespaces, value IRIs and types are kept in first-seen order without duplicates
    (value IRIs capped at ``MAX_VALUE_IRIS``: a few show the vocabularies used, thousands add nothing)."""
    built = fields.build() if isinstance(fields, FieldsBuilder) else fields
    return MetadataRecord(
        method=source.method,
        url=source.url,
        format=fmt or source.format,
        standard=standard,
        schema_uri=schema,
        namespaces=list(dict.fromkeys(namespaces)),
        value_iris=list(dict.fromkeys(v for v in value_iris if is_iri(v)))[:MAX_VALUE_IRIS],
        fields=built,
        findings=list(findings),
        raw_types=list(dict.fromkeys(raw_types)),
    )


class ParsedDocument(FrozenModel):
    """What one document gave: its records, document-level findings, and what it was recognised as.

    ``kind`` names the recognised format (``datacite-xml``, ``json-ld``, ``rdf-turtle``, ``oai-pmh``, ...)
    or ``unknown``; record-level problems sit in each record's own findings. Service documents fill
    ``repository`` (re3data, DataCite API client) or ``standards`` (OAI-PMH, CSW) instead of records.
    """

    records: list[MetadataRecord] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    kind: str = "unknown"
    repository: RepositoryInfo | None = Field(None, description="re3data record or DataCite API client.")
    standards: list[MetadataStandardRef] = Field(
        default_factory=list,
        description="Formats a service offers (OAI-PMH ListMetadataFormats, CSW capabilities).",
    )
    community_documents: list[CommunityDocument] = Field(
        default_factory=list, description="Community-standard documents kept whole for their own checks."
    )
