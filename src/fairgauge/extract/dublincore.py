"""Dublin Core elements and DCTERMS terms, as written in HTML ``<meta>``, OAI-DC and CSW records.

Unqualified DC is lossy: ``rights`` holds licences and access statements alike, ``relation`` free text
with a URL inside, ``format`` sometimes the size too. The rules below split these the way a reader would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fairgauge.extract.normalize import clean, identifier_ref, scheme_from_form
from fairgauge.extract.records import FieldsBuilder
from fairgauge.model.metadata import (
    AccessRights,
    Agent,
    DateInfo,
    FieldName,
    License,
    ProvenanceElement,
    RelatedResource,
    ResourceType,
)

DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
DCMI_TYPES = frozenset(
    {
        "collection",
        "dataset",
        "event",
        "image",
        "interactiveresource",
        "movingimage",
        "physicalobject",
        "service",
        "software",
        "sound",
        "stillimage",
        "text",
    }
)
_ACCESS = re.compile(
    r"info:eu-repo/semantics/|coar/access_right|publications\.europa\.eu/resource/authority/"
    r"access-right|\b(open|closed|restricted|embargoed)\s*access\b|metadata\s*only",
    re.IGNORECASE,
)
_LICENSE = re.compile(
    r"licen[cs]e|creativecommons|creative commons|\bcc[- ]?(by|0|zero)|public domain|spdx", re.IGNORECASE
)
_URL = re.compile(r"(https?://[^\s)<>\"']+|\b10\.\d{4,9}/[^\s)<>\"']+)")
_SIZE_UNIT = re.compile(r"\d\s*(bytes?|[kmgtp]i?b(ytes)?)\b", re.IGNORECASE)
_EXTENT = re.compile(r"^[\d.,]+\s*\w")  # '41 datasets', '5.5 MBytes', '3 files'
_DATES = {
    "issued": "issued",
    "created": "created",
    "modified": "modified",
    "available": "available",
    "dateaccepted": "accepted",
    "datesubmitted": "submitted",
    "datecopyrighted": "copyrighted",
    "valid": "valid",
    "date": "other",
}
_RELATIONS = {
    "relation",
    "source",
    "ispartof",
    "haspart",
    "isversionof",
    "hasversion",
    "references",
    "isreferencedby",
    "replaces",
    "isreplacedby",
    "requires",
    "isrequiredby",
    "isformatof",
    "hasformat",
    "conformsto",
}
_PROVENANCE = {
    "creator",
    "contributor",
    "publisher",
    "date",
    "created",
    "issued",
    "modified",
    "source",
    "isversionof",
    "replaces",
    "provenance",
    "hasversion",
}
_TEXT: dict[str, FieldName] = {
    "title": "titles",
    "alternative": "titles",
    "description": "descriptions",
    "abstract": "descriptions",
    "subject": "keywords",
    "language": "languages",
    "coverage": "spatial_coverage",
    "spatial": "spatial_coverage",
    "temporal": "temporal_coverage",
    "extent": "sizes",
}
_AGENTS: dict[str, FieldName] = {
    "creator": "creators",
    "contributor": "contributors",
    "publisher": "publishers",
    "rightsholder": "rights_holders",
}


def map_dc(elements: Iterable[tuple[str, str]], fields: FieldsBuilder, vocabulary: str = "dc") -> None:
    """Fill fields from (element local name, value) pairs; element names are case-insensitive."""
    for element, raw in elements:
        value = clean(raw)
        if not value:
            continue
        name = element.lower()
        _map_one(name, element, value, fields)
        if name in _PROVENANCE:
            fields.add("provenance", ProvenanceElement(element=element, value=value, vocabulary=vocabulary))


def _map_one(name: str, element: str, value: str, f: FieldsBuilder) -> None:
    if name in _TEXT:
        f.add(_TEXT[name], value)
    elif name in _AGENTS:
        f.add(_AGENTS[name], Agent(name=value))
    elif name == "identifier":
        f.add("identifiers", identifier_ref(value))
    elif name in _DATES:
        f.add("dates", DateInfo(type=_DATES[name], value=value))
        if name in ("date", "issued"):
            f.year(value)
    elif name == "type":
        vocabulary = "dcmitype" if value.replace(" ", "").lower() in DCMI_TYPES else "free"
        f.add("resource_types", ResourceType(value=value, vocabulary=vocabulary))
    elif name == "format":
        _format(value, f)
    elif name in ("rights", "license", "accessrights"):
        add_rights_statement(name, value, f)
    elif name in _RELATIONS:
        f.add("related", related_from_text(value, f"dc:{element}"))


def is_access_statement(value: str) -> bool:
    """True for access vocabularies (info:eu-repo, COAR, EU access-right) and phrases like 'open access'."""
    return bool(_ACCESS.search(value))


def _format(value: str, f: FieldsBuilder) -> None:
    """DC format holds "the file format, physical medium, or dimensions": PANGAEA writes
    'application/zip, 5.5 MBytes' and 'application/zip, 41 datasets'. Each comma-separated part is a
    format (a media type or a name) or an extent (a size or a count), each kept as written."""
    parts = [p for p in (clean(part) for part in value.split(",")) if p]
    if len(parts) < 2:
        f.add("formats", value)
        return
    for part in parts:
        f.add("sizes" if _EXTENT.match(part) or _SIZE_UNIT.search(part) else "formats", part)


def add_rights_statement(name: str, value: str, f: FieldsBuilder) -> None:
    """rights/license/accessRights: access vocabularies and phrases vs licence URLs and names."""
    is_url = scheme_from_form(value) == "url"
    if name == "accessrights" or (name == "rights" and _ACCESS.search(value)):
        f.add(
            "access_rights",
            AccessRights(value=value, uri=value if is_url or value.startswith("info:") else None),
        )
    elif name == "license" or _LICENSE.search(value) or is_url:
        f.add("licenses", License(url=value) if is_url else License(name=value))
    else:
        f.add("access_rights", AccessRights(value=value))


def related_from_text(value: str, relation: str) -> RelatedResource:
    """A related resource; the URL/DOI inside free text (PANGAEA: '... (URI: https://...)') is its id."""
    match = _URL.search(value)
    ident = match.group(1).rstrip(".,;") if match else value
    return RelatedResource(identifier=ident, identifier_type=scheme_from_form(ident), relation_type=relation)
