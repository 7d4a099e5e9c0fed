"""Small helpers every extractor shares: text cleaning, identifier schemes, sizes, record building.

Extractors are pure (bytes in, records out); these helpers keep the mapping code short and make the
same value come out the same way whichever format stated it, which is what the merge relies on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from fairgauge.identifiers.forms import bare_doi, bare_orcid
from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding
from fairgauge.model.harvest import CommunityDocument, MetadataStandardRef, RepositoryInfo
from fairgauge.model.metadata import FieldName, IdentifierRef, MetadataFields, MetadataRecord, OfferingMethod

_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)")
_SLASH_DATE = re.compile(r"^(\d{4})/(\d{1,2})(?:/(\d{1,2}))?$")
_SIZE = re.compile(r"^\s*(\d+)\s*(?:b|bytes?)?\s*$", re.IGNORECASE)
_SCHEMES = {
    "doi": "doi",
    "url": "url",
    "uri": "url",
    "handle": "handle",
    "hdl": "handle",
    "orcid": "orcid",
    "ror": "ror",
    "isni": "isni",
    "ark": "ark",
    "urn": "urn",
    "purl": "purl",
    "arxiv": "arxiv",
    "pmid": "pmid",
    "issn": "issn",
    "isbn": "isbn",
    "grid": "grid",
    "w3id": "w3id",
}


MAX_VALUE_IRIS = 200


def is_iri(value: Any) -> bool:
    """An absolute http(s) IRI without spaces (the form vocabulary terms are written in)."""
    return isinstance(value, str) and value.startswith(("http://", "https://")) and not _SPACE.search(value)


def clean(value: Any) -> str | None:
    """Whitespace-collapsed text, or None for empty/non-text values (so callers can drop them)."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = _SPACE.sub(" ", str(value)).strip()
    return text or None


def year_of(value: str | None) -> int | None:
    """The first plausible year in a date string ('2014-09-25', '2018/03/14', '2016')."""
    match = _YEAR.search(value or "")
    return int(match.group(1)) if match else None


def iso_date(value: str) -> str | None:
    """'2019/02/07' -> '2019-02-07', '2019/2' -> '2019-02' (Highwire's documented year-first spelling);
    None when the value is not such a date (ISO dates and free text stay as they are)."""
    match = _SLASH_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return None
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def detect_scheme(value: str) -> str | None:
    """Guess an identifier's scheme from its form; None when nothing is recognisable."""
    text = value.strip()
    lower = text.lower()
    if bare_doi(text):
        return "doi"
    if bare_orcid(text):
        return "orcid"
    prefixes = (
        ("https://ror.org/", "ror"),
        ("http://ror.org/", "ror"),
        ("hdl:", "handle"),
        ("https://hdl.handle.net/", "handle"),
        ("http://hdl.handle.net/", "handle"),
        ("ark:", "ark"),
        ("urn:", "urn"),
        ("https://isni.org/", "isni"),
        ("http://www.isni.org/", "isni"),
    )
    for prefix, scheme in prefixes:
        if lower.startswith(prefix):
            return scheme
    if lower.startswith(("http://", "https://", "ftp://")):
        return "url"
    return None


def scheme_name(declared: str | None, value: str) -> str | None:
    """A declared scheme ('DOI', 'ORCID', 'URL', ...) in lower case, else the detected one."""
    if declared and clean(declared):
        key = str(clean(declared)).lower().rstrip("/")
        if key.startswith(("http://", "https://")):  # e.g. identifiers.org or SPAR DataCite scheme IRIs
            key = key[max(key.rfind("/"), key.rfind("#")) + 1 :]
        return _SCHEMES.get(key, key)
    return detect_scheme(value)


def identifier_ref(value: Any, declared: str | None = None) -> IdentifierRef | None:
    """An IdentifierRef for a non-empty value."""
    text = clean(value)
    return IdentifierRef(value=text, scheme=scheme_name(declared, text)) if text else None


def size_bytes(value: Any) -> int | None:
    """A size in bytes when the value is a plain number ('1234', 1234, '1234 bytes')."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    match = _SIZE.match(str(value)) if value is not None else None
    return int(match.group(1)) if match else None


def as_list(value: Any) -> list[Any]:
    """JSON values are often a thing or a list of things; always iterate a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


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
