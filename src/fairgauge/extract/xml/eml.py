"""Ecological Metadata Language (EML 2.1/2.2) datasets to a record.

Entities (dataTable, otherEntity, ...) give the content files (with size in bytes when the unit says
so) and their attribute names the measured variables.
"""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.extract.dublincore import is_access_statement
from fairgauge.extract.normalize import clean, identifier_ref, size_bytes
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.xml.safe import Element, namespace, namespaces, own_text, text, texts
from fairgauge.model.metadata import (
    AccessRights,
    Agent,
    ContentFile,
    DateInfo,
    License,
    MetadataRecord,
    ProvenanceElement,
    ResourceType,
)

_ENTITIES = ("dataTable", "spatialRaster", "spatialVector", "storedProcedure", "view", "otherEntity")


def map_eml(root: Element, source: Source) -> MetadataRecord:
    fields = FieldsBuilder()
    dataset = root.find("{*}dataset")
    if dataset is None:
        dataset = root
    fields.add("identifiers", identifier_ref(root.get("packageId"), root.get("system")))
    for mapper in _MAPPERS:
        mapper(dataset, fields)
    fields.add("resource_types", ResourceType(value="dataset", vocabulary="eml"))
    return make_record(source, "eml", fields, schema=namespace(root), namespaces=namespaces(root), fmt="xml")


def _party(element: Element, role: str | None = None) -> Agent | None:
    given = " ".join(texts(element, "{*}individualName/{*}givenName")) or None
    family = text(element, "{*}individualName/{*}surName")
    org = text(element, "{*}organizationName")
    name = ", ".join(p for p in (family, given) if p) or org or text(element, "{*}positionName")
    if not name:
        return None
    ids = [
        identifier_ref(own_text(u), "orcid" if "orcid" in (u.get("directory") or "") else None)
        for u in element.iterfind("{*}userId")
    ]
    return Agent(
        name=name,
        given_name=given,
        family_name=family,
        kind="person" if family else "organization",
        identifiers=[i for i in ids if i],
        affiliations=[org] if family and org else [],
        role=role or text(element, "{*}role"),
    )


def _core(ds: Element, f: FieldsBuilder) -> None:
    f.extend("identifiers", [identifier_ref(v) for v in texts(ds, "{*}alternateIdentifier")])
    f.extend("titles", texts(ds, "{*}title"))
    f.extend("descriptions", texts(ds, "{*}abstract"))
    f.extend("keywords", texts(ds, "{*}keywordSet/{*}keyword"))
    f.extend("languages", texts(ds, "{*}language"))
    published = text(ds, "{*}pubDate")
    if published:
        f.add("dates", DateInfo(type="issued", value=published))
        f.year(published)
    f.extend("funding", texts(ds, "{*}project/{*}funding") + texts(ds, "{*}project/{*}award/{*}funderName"))
    for step in texts(ds, "{*}methods/{*}methodStep/{*}description"):
        f.add("provenance", ProvenanceElement(element="methodStep", value=step, vocabulary="eml"))


def _parties(ds: Element, f: FieldsBuilder) -> None:
    for creator in (_party(el) for el in ds.iterfind("{*}creator")):
        f.add("creators", creator)
        if creator:
            f.add("provenance", ProvenanceElement(element="creator", value=creator.name, vocabulary="eml"))
    for el in ds.iterfind("{*}associatedParty"):
        f.add("contributors", _party(el))
    for el in ds.iterfind("{*}metadataProvider"):
        f.add("contributors", _party(el, "metadataProvider"))
    for el in ds.iterfind("{*}publisher"):
        f.add("publishers", _party(el))


def _rights_coverage(ds: Element, f: FieldsBuilder) -> None:
    for rights in texts(ds, "{*}intellectualRights"):
        f.add(
            "access_rights" if is_access_statement(rights) else "licenses",
            AccessRights(value=rights) if is_access_statement(rights) else License(name=rights),
        )
    for lic in ds.iterfind("{*}licensed"):
        f.add(
            "licenses",
            License(
                url=text(lic, "{*}url"),
                name=text(lic, "{*}licenseName"),
                identifier=text(lic, "{*}identifier"),
            ),
        )
    for geo in ds.iterfind("{*}coverage/{*}geographicCoverage"):
        bounds = [
            text(geo, f"{{*}}boundingCoordinates/{{*}}{k}")
            for k in (
                "westBoundingCoordinate",
                "southBoundingCoordinate",
                "eastBoundingCoordinate",
                "northBoundingCoordinate",
            )
        ]
        f.add(
            "spatial_coverage",
            clean(" ".join(p for p in [text(geo, "{*}geographicDescription"), *bounds] if p)),
        )
    for span in ds.iterfind("{*}coverage/{*}temporalCoverage"):
        dates = texts(span, ".//{*}calendarDate")
        f.add("temporal_coverage", "/".join(dates) or None)


def _entities(ds: Element, f: FieldsBuilder) -> None:
    for kind in _ENTITIES:
        for entity in ds.iterfind(f"{{*}}{kind}"):
            physical = entity.find("{*}physical")
            url = text(physical, "{*}distribution/{*}online/{*}url") if physical is not None else None
            size_el = physical.find("{*}size") if physical is not None else None
            size_text = own_text(size_el)
            unit = (size_el.get("unit") or "byte") if size_el is not None else "byte"
            if url:
                f.add(
                    "content_files",
                    ContentFile(
                        url=url,
                        name=text(entity, "{*}entityName"),
                        size=size_bytes(size_text) if unit.lower().startswith("byte") else None,
                        size_text=clean(f"{size_text} {unit}") if size_text else None,
                        media_type=text(physical, ".//{*}externallyDefinedFormat/{*}formatName"),
                    ),
                )
            f.extend("measured_variables", texts(entity, "{*}attributeList/{*}attribute/{*}attributeName"))
    for url in texts(ds, "{*}distribution/{*}online/{*}url"):
        f.add("landing_pages", url)


_MAPPERS: tuple[Callable[[Element, FieldsBuilder], None], ...] = (
    _core,
    _parties,
    _rights_coverage,
    _entities,
)
