"""PANGAEA's own metadata XML (``http://www.pangaea.de/MetaData``, 'panmd') to a record."""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.extract.normalize import clean, identifier_ref, scheme_from_form
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.xml.safe import Element, namespaces, own_text, text, texts
from fairgauge.model.metadata import (
    AccessRights,
    Agent,
    DateInfo,
    License,
    MetadataRecord,
    ProvenanceElement,
    RelatedResource,
    ResourceType,
)

PANMD_NS = "http://www.pangaea.de/MetaData"


def map_pangaea(root: Element, source: Source) -> MetadataRecord:
    fields = FieldsBuilder()
    for mapper in _MAPPERS:
        mapper(root, fields)
    return make_record(source, "pangaea", fields, schema=PANMD_NS, namespaces=namespaces(root), fmt="xml")


def _author(element: Element) -> Agent | None:
    last, first = text(element, "{*}lastName"), text(element, "{*}firstName")
    name = ", ".join(p for p in (last, first) if p)
    if not name:
        return None
    ids = [identifier_ref(text(element, "{*}orcid"), "orcid"), identifier_ref(text(element, "{*}URI"))]
    return Agent(name=name, given_name=first, family_name=last, kind="person", identifiers=[i for i in ids if i])


def _citation(root: Element, f: FieldsBuilder) -> None:
    citation = root.find("{*}citation")
    for author in citation.iterfind("{*}author") if citation is not None else []:
        agent = _author(author)
        f.add("creators", agent)
        if agent:
            f.add("provenance", ProvenanceElement(element="author", value=agent.name, vocabulary="pangaea"))
    f.extend("titles", texts(citation, "{*}title"))
    f.year(text(citation, "{*}year"))
    uri = text(citation, "{*}URI")
    f.add("identifiers", identifier_ref(uri))
    published = text(citation, "{*}dateTime")
    if published:
        f.add("dates", DateInfo(type="issued", value=published))
        f.add("provenance", ProvenanceElement(element="dateTime", value=published, vocabulary="pangaea"))
    f.add("publishers", Agent(name="PANGAEA", kind="organization") if uri and "PANGAEA" in uri.upper() else None)
    f.extend("descriptions", texts(root, "{*}abstract"))
    f.extend("keywords", texts(root, "{*}keywords/{*}keyword"))


def _references(root: Element, f: FieldsBuilder) -> None:
    for ref in root.iterfind("{*}reference"):
        ident = text(ref, "{*}URI") or text(ref, "{*}title")
        relation = clean(ref.get("dataciteRelType")) or clean(ref.get("relationType")) or "related"
        if ident:
            f.add(
                "related",
                RelatedResource(
                    identifier=ident,
                    identifier_type=scheme_from_form(ident),
                    relation_type=relation,
                    resource_type=clean(ref.get("typeName")),
                ),
            )


def _extent_project(root: Element, f: FieldsBuilder) -> None:
    geo = root.find("{*}extent/{*}geographic")
    if geo is not None:
        parts = [
            text(geo, f"{{*}}{k}")
            for k in ("westBoundLongitude", "southBoundLatitude", "eastBoundLongitude", "northBoundLatitude")
        ]
        f.add("spatial_coverage", clean(" ".join(p for p in parts if p)))
    temporal = root.find("{*}extent/{*}temporal")
    if temporal is not None:
        span = [text(temporal, "{*}minDateTime"), text(temporal, "{*}maxDateTime")]
        f.add("temporal_coverage", "/".join(p for p in span if p) or None)
    for award in root.iterfind("{*}award"):
        parts = [text(award, "{*}funder/{*}name"), text(award, "{*}awardNumber"), text(award, "{*}name")]
        f.add("funding", clean(" ".join(p for p in parts if p)))
    for size in root.iterfind("{*}size"):
        f.add("sizes", clean(f"{own_text(size) or ''} {size.get('unit') or ''}"))


def _license_technical(root: Element, f: FieldsBuilder) -> None:
    for lic in root.iterfind("{*}license"):
        f.add(
            "licenses",
            License(url=text(lic, "{*}URI"), name=text(lic, "{*}name"), identifier=text(lic, "{*}label")),
        )
    info = {e.get("key"): e.get("value") for e in root.iterfind("{*}technicalInfo/{*}entry")}
    f.add("formats", clean(info.get("mimeType")))
    if clean(info.get("loginOption")):
        f.add("access_rights", AccessRights(value=str(clean(info.get("loginOption")))))
    if clean(info.get("lastModified")):
        f.add("dates", DateInfo(type="modified", value=str(clean(info.get("lastModified")))))
    kind = clean(info.get("collectionType")) or "Dataset"
    f.add("resource_types", ResourceType(value=kind, vocabulary="pangaea"))


_MAPPERS: tuple[Callable[[Element, FieldsBuilder], None], ...] = (
    _citation,
    _references,
    _extent_project,
    _license_technical,
)
