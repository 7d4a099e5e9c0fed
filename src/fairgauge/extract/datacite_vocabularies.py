"""What DataCite XML and DataCite JSON share: vocabularies for rights, relations and provenance."""

from __future__ import annotations

from fairgauge.extract.dublincore import is_access_statement
from fairgauge.extract.normalize import clean, scheme_from_form
from fairgauge.extract.records import FieldsBuilder
from fairgauge.model.metadata import AccessRights, DateInfo, License, ProvenanceElement, RelatedResource

# DataCite relation types that state where the resource came from or what it replaces.
PROVENANCE_RELATIONS = frozenset(
    {
        "IsDerivedFrom",
        "IsSourceOf",
        "IsVersionOf",
        "HasVersion",
        "IsNewVersionOf",
        "IsPreviousVersionOf",
        "Obsoletes",
        "IsObsoletedBy",
        "IsVariantFormOf",
        "IsOriginalFormOf",
        "Replaces",
        "IsReplacedBy",
        "IsCompiledBy",
        "Compiles",
        "IsReviewedBy",
        "Reviews",
        "IsPublishedIn",
        "HasTranslation",
        "IsTranslationOf",
    }
)
PROVENANCE_DATES = frozenset(
    {
        "created",
        "issued",
        "updated",
        "submitted",
        "accepted",
        "available",
        "collected",
        "withdrawn",
        "copyrighted",
    }
)


def add_rights(f: FieldsBuilder, text: str | None, uri: str | None, identifier: str | None) -> None:
    """A DataCite rights statement: access vocabularies (info:eu-repo, COAR) vs licences."""
    value, link = clean(text), clean(uri)
    if (link and is_access_statement(link)) or (not link and value and is_access_statement(value)):
        f.add("access_rights", AccessRights(value=value or str(link), uri=link))
    elif value or link or identifier:
        f.add("licenses", License(url=link, name=value, identifier=clean(identifier)))


def add_related(
    f: FieldsBuilder, ident: str | None, kind: str | None, relation: str | None, resource_type: str | None
) -> None:
    value = clean(ident)
    if not value or not relation:
        return
    scheme = clean(kind).lower() if clean(kind) else scheme_from_form(value)  # type: ignore[union-attr]
    f.add(
        "related",
        RelatedResource(
            identifier=value,
            identifier_type=scheme,
            relation_type=relation,
            resource_type=clean(resource_type),
        ),
    )
    if relation in PROVENANCE_RELATIONS:
        f.add("provenance", ProvenanceElement(element=relation, value=value, vocabulary="datacite"))


def add_date(f: FieldsBuilder, value: str | None, kind: str | None) -> None:
    text, date_type = clean(value), (clean(kind) or "other").lower()
    if not text:
        return
    f.add("dates", DateInfo(type=date_type, value=text))
    if date_type in PROVENANCE_DATES:
        f.add("provenance", ProvenanceElement(element=f"date:{kind}", value=text, vocabulary="datacite"))


def agent_provenance(f: FieldsBuilder, element: str, name: str) -> None:
    f.add("provenance", ProvenanceElement(element=element, value=name, vocabulary="datacite"))


def geo_text(place: str | None, point: tuple[str | None, str | None], box: tuple[str | None, ...]) -> str | None:
    """A geolocation as text: place name, 'lat lon' point, 'W S E N' box."""
    parts = [place, " ".join(p for p in point if p) or None, " ".join(b for b in box if b) or None]
    return clean(" ".join(p for p in parts if p))
