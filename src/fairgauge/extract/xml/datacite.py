"""DataCite Metadata Schema XML (kernel-2.x, kernel-3, kernel-4 up to 4.6) to a metadata record.

The element names have stayed stable across kernels; look-ups ignore the namespace version so one
mapping serves all of them. A record that breaks the schema's mandatory parts (no creator, no title)
still gives its other facts, plus a finding.
"""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.extract.datacite_vocabularies import (
    add_date,
    add_related,
    add_rights,
    agent_provenance,
    geo_text,
)
from fairgauge.extract.normalize import clean, identifier_ref
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.xml.safe import Element, namespace, namespaces, own_text, text, texts
from fairgauge.model.findings import Finding, finding
from fairgauge.model.metadata import Agent, AgentKind, FieldName, MetadataRecord, ResourceType

_MANDATORY: tuple[tuple[str, FieldName], ...] = (("creator", "creators"), ("title", "titles"))


_NAME_TYPES: dict[str, AgentKind] = {"Personal": "person", "Organizational": "organization"}


def map_datacite_xml(root: Element, source: Source) -> MetadataRecord:
    """The record of a DataCite ``<resource>`` element."""
    fields = FieldsBuilder()
    for mapper in _MAPPERS:
        mapper(root, fields)
    return make_record(
        source,
        "datacite",
        fields,
        schema=namespace(root),
        namespaces=namespaces(root),
        findings=_mandatory(fields, source.url),
        fmt="xml",
        value_iris=[
            str(v)
            for el in root.iterfind("{*}subjects/{*}subject")
            for v in (el.get("valueURI"), el.get("schemeURI"))
            if v
        ],
    )


def _mandatory(fields: FieldsBuilder, url: str | None) -> list[Finding]:
    """Mandatory DataCite properties that are missing (the record is still used)."""
    return [
        finding(
            f"extract.datacite.missing_{name}",
            "error",
            f"The DataCite record has no {name} (mandatory).",
            url=url,
            xpath=f"/resource/{name}s",
        )
        for name, field in _MANDATORY
        if not fields.values.get(field)
    ]


def _agent(element: Element, name_tag: str, role: str | None = None) -> Agent | None:
    name = text(element, f"{{*}}{name_tag}")
    if not name:
        return None
    name_el = element.find(f"{{*}}{name_tag}")
    kind = _NAME_TYPES.get(name_el.get("nameType", "") if name_el is not None else "")
    ids = [identifier_ref(own_text(n), n.get("nameIdentifierScheme")) for n in element.iterfind("{*}nameIdentifier")]
    return Agent(
        name=name,
        given_name=text(element, "{*}givenName"),
        family_name=text(element, "{*}familyName"),
        kind=kind,
        identifiers=[i for i in ids if i],
        affiliations=texts(element, "{*}affiliation"),
        role=role,
    )


def _identity(root: Element, f: FieldsBuilder) -> None:
    for el in root.iterfind("{*}identifier"):
        f.add("identifiers", identifier_ref(own_text(el), el.get("identifierType")))
    for el in root.iterfind("{*}alternateIdentifiers/{*}alternateIdentifier"):
        f.add("identifiers", identifier_ref(own_text(el), el.get("alternateIdentifierType")))
    titles = root.findall("{*}titles/{*}title")
    f.extend("titles", [own_text(t) for t in sorted(titles, key=lambda t: t.get("titleType") is not None)])
    f.extend("descriptions", texts(root, "{*}descriptions/{*}description"))
    f.extend("keywords", texts(root, "{*}subjects/{*}subject"))
    f.extend("languages", texts(root, "{*}language"))
    f.extend("sizes", texts(root, "{*}sizes/{*}size"))
    f.extend("formats", texts(root, "{*}formats/{*}format"))
    f.extend("versions", texts(root, "{*}version"))


def _agents(root: Element, f: FieldsBuilder) -> None:
    for el in root.iterfind("{*}creators/{*}creator"):
        creator = _agent(el, "creatorName")
        f.add("creators", creator)
        if creator:
            agent_provenance(f, "creator", creator.name)
    for el in root.iterfind("{*}contributors/{*}contributor"):
        role = el.get("contributorType")
        contributor = _agent(el, "contributorName", role)
        f.add("rights_holders" if role == "RightsHolder" else "contributors", contributor)
        if contributor:
            agent_provenance(f, f"contributor:{role}" if role else "contributor", contributor.name)
    publisher = root.find("{*}publisher")
    name = own_text(publisher)
    if publisher is not None and name:
        ids = [identifier_ref(publisher.get("publisherIdentifier"), publisher.get("publisherIdentifierScheme"))]
        f.add("publishers", Agent(name=name, kind="organization", identifiers=[i for i in ids if i]))
        agent_provenance(f, "publisher", name)


def _dates_types(root: Element, f: FieldsBuilder) -> None:
    year = text(root, "{*}publicationYear")
    f.year(year)
    if year:
        agent_provenance(f, "publicationYear", year)
    for el in root.iterfind("{*}dates/{*}date"):
        add_date(f, own_text(el), el.get("dateType"))
    for el in root.iterfind("{*}resourceType"):
        general = clean(el.get("resourceTypeGeneral"))
        value = own_text(el) or general
        if value:
            f.add("resource_types", ResourceType(value=value, vocabulary="datacite", general=general))


def _rights_relations(root: Element, f: FieldsBuilder) -> None:
    for el in root.iterfind("{*}rightsList/{*}rights"):
        add_rights(f, own_text(el), el.get("rightsURI"), el.get("rightsIdentifier"))
    for el in root.iterfind("{*}relatedIdentifiers/{*}relatedIdentifier"):
        add_related(
            f,
            own_text(el),
            el.get("relatedIdentifierType"),
            el.get("relationType"),
            el.get("resourceTypeGeneral"),
        )
    for el in root.iterfind("{*}relatedItems/{*}relatedItem"):
        ident = el.find("{*}relatedItemIdentifier")
        value = own_text(ident) or text(el, "{*}titles/{*}title")
        add_related(
            f,
            value,
            ident.get("relatedItemIdentifierType") if ident is not None else None,
            el.get("relationType"),
            el.get("relatedItemType"),
        )


def _coverage_funding(root: Element, f: FieldsBuilder) -> None:
    for geo in root.iterfind("{*}geoLocations/{*}geoLocation"):
        point = geo.find("{*}geoLocationPoint")
        box = geo.find("{*}geoLocationBox")
        box_parts = tuple(
            text(box, f"{{*}}{k}")
            for k in ("westBoundLongitude", "southBoundLatitude", "eastBoundLongitude", "northBoundLatitude")
        )
        if box is not None and not any(box_parts):
            box_parts = (own_text(box),)
        point_parts = (text(point, "{*}pointLatitude"), text(point, "{*}pointLongitude"))
        if point is not None and not any(point_parts):
            point_parts = (own_text(point), None)
        f.add("spatial_coverage", geo_text(text(geo, "{*}geoLocationPlace"), point_parts, box_parts))
    for ref in root.iterfind("{*}fundingReferences/{*}fundingReference"):
        parts = [text(ref, "{*}funderName"), text(ref, "{*}awardNumber"), text(ref, "{*}awardTitle")]
        f.add("funding", clean(" ".join(p for p in parts if p)))
    for el in root.iterfind("{*}descriptions/{*}description[@descriptionType='Methods']"):
        agent_provenance(f, "description:Methods", own_text(el) or "")


_MAPPERS: tuple[Callable[[Element, FieldsBuilder], None], ...] = (
    _identity,
    _agents,
    _dates_types,
    _rights_relations,
    _coverage_funding,
)
