"""DataCite JSON properties to fields (shared by the conneg form and the REST API's attributes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fairgauge.extract.datacite_vocabularies import (
    add_date,
    add_related,
    add_rights,
    agent_provenance,
    geo_text,
)
from fairgauge.extract.normalize import as_list, clean, identifier_ref
from fairgauge.extract.records import FieldsBuilder
from fairgauge.model.metadata import Agent, AgentKind, ContentFile, IdentifierRef, ResourceType

Json = dict[str, Any]


_NAME_TYPES: dict[str, AgentKind] = {
    "Personal": "person",
    "Person": "person",
    "Organizational": "organization",
    "Organization": "organization",
}


def _dict(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


def _agent(item: Any, role: str | None = None) -> Agent | None:
    if isinstance(item, str):
        return Agent(name=item, role=role) if clean(item) else None
    if not isinstance(item, dict):
        return None
    name = clean(item.get("name")) or clean(" ".join(p for p in (item.get("givenName"), item.get("familyName")) if p))
    if not name:
        return None
    ids: list[IdentifierRef | None] = [identifier_ref(item.get("id"))] if item.get("id") else []
    ids += [
        identifier_ref(n.get("nameIdentifier"), n.get("nameIdentifierScheme"))
        for n in as_list(item.get("nameIdentifiers"))
        if isinstance(n, dict)
    ]
    kind_raw = item.get("nameType") or item.get("type")
    kind = _NAME_TYPES.get(kind_raw or "")
    affiliations = [clean(a.get("name") if isinstance(a, dict) else a) for a in as_list(item.get("affiliation"))]
    return Agent(
        name=name,
        given_name=clean(item.get("givenName")),
        family_name=clean(item.get("familyName")),
        kind=kind,
        identifiers=list(dict.fromkeys(i for i in ids if i)),
        affiliations=[a for a in affiliations if a],
        role=role,
    )


def _identity(a: Json, f: FieldsBuilder) -> None:
    doi = identifier_ref(a.get("doi"), "doi")
    f.add("identifiers", doi or identifier_ref(a.get("id")))
    for item in as_list(a.get("identifiers")) + as_list(a.get("alternateIdentifiers")):
        if isinstance(item, dict):
            value = item.get("identifier") or item.get("alternateIdentifier")
            f.add(
                "identifiers",
                identifier_ref(value, item.get("identifierType") or item.get("alternateIdentifierType")),
            )
    titles = [t for t in as_list(a.get("titles")) if isinstance(t, dict)]
    f.extend("titles", [clean(t.get("title")) for t in sorted(titles, key=lambda t: "titleType" in t)])
    f.extend(
        "descriptions",
        [clean(d.get("description") if isinstance(d, dict) else d) for d in as_list(a.get("descriptions"))],
    )
    f.extend(
        "keywords",
        [clean(s.get("subject") if isinstance(s, dict) else s) for s in as_list(a.get("subjects"))],
    )
    f.extend("languages", [clean(x) for x in as_list(a.get("language"))])
    f.extend("sizes", [clean(x) for x in as_list(a.get("sizes"))])
    f.extend("formats", [clean(x) for x in as_list(a.get("formats"))])
    f.extend("versions", [clean(x) for x in as_list(a.get("version") or a.get("versionInfo"))])
    f.extend("landing_pages", [clean(a.get("url"))])


def _agents(a: Json, f: FieldsBuilder) -> None:
    for creator in (_agent(c) for c in as_list(a.get("creators"))):
        f.add("creators", creator)
        if creator:
            agent_provenance(f, "creator", creator.name)
    for item in as_list(a.get("contributors")):
        role = item.get("contributorType") if isinstance(item, dict) else None
        contributor = _agent(item, role)
        f.add("rights_holders" if role == "RightsHolder" else "contributors", contributor)
        if contributor:
            agent_provenance(f, f"contributor:{role}" if role else "contributor", contributor.name)
    publisher = a.get("publisher")
    agent = _agent(publisher)
    if agent:
        ids = (
            [identifier_ref(publisher.get("publisherIdentifier"), publisher.get("publisherIdentifierScheme"))]
            if (isinstance(publisher, dict))
            else []
        )
        f.add(
            "publishers",
            agent.model_copy(update={"kind": "organization", "identifiers": [i for i in ids if i]}),
        )
        agent_provenance(f, "publisher", agent.name)


def _dates_types(a: Json, f: FieldsBuilder) -> None:
    year = clean(a.get("publicationYear"))
    f.year(year)
    if year:
        agent_provenance(f, "publicationYear", year)
    for item in as_list(a.get("dates")):
        if isinstance(item, dict):
            add_date(f, item.get("date"), item.get("dateType"))
    types = _dict(a.get("types"))
    general = clean(types.get("resourceTypeGeneral"))
    value = clean(types.get("resourceType")) or general
    if value:
        f.add("resource_types", ResourceType(value=value, vocabulary="datacite", general=general))
    if clean(types.get("schemaOrg")):
        f.add("resource_types", ResourceType(value=str(clean(types.get("schemaOrg"))), vocabulary="schema.org"))


def _rights_relations_files(a: Json, f: FieldsBuilder) -> None:
    for item in (i for i in as_list(a.get("rightsList")) if isinstance(i, dict)):
        add_rights(
            f,
            item.get("rights"),
            item.get("rightsUri") or item.get("rightsURI"),
            item.get("rightsIdentifier"),
        )
    for item in (i for i in as_list(a.get("relatedIdentifiers")) if isinstance(i, dict)):
        add_related(
            f,
            item.get("relatedIdentifier"),
            item.get("relatedIdentifierType"),
            item.get("relationType"),
            item.get("resourceTypeGeneral"),
        )
    for item in (i for i in as_list(a.get("relatedItems")) if isinstance(i, dict)):
        ident = _dict(item.get("relatedItemIdentifier"))
        add_related(
            f,
            ident.get("relatedItemIdentifier"),
            ident.get("relatedItemIdentifierType"),
            item.get("relationType"),
            item.get("relatedItemType"),
        )
    for url in as_list(a.get("contentUrl")):
        if clean(url):
            f.add("content_files", ContentFile(url=str(clean(url))))


def _coverage_funding(a: Json, f: FieldsBuilder) -> None:
    for geo in (g for g in as_list(a.get("geoLocations")) if isinstance(g, dict)):
        point = _dict(geo.get("geoLocationPoint"))
        box = _dict(geo.get("geoLocationBox"))
        box_parts = tuple(
            clean(box.get(k))
            for k in ("westBoundLongitude", "southBoundLatitude", "eastBoundLongitude", "northBoundLatitude")
        )
        f.add(
            "spatial_coverage",
            geo_text(
                clean(geo.get("geoLocationPlace")),
                (clean(point.get("pointLatitude")), clean(point.get("pointLongitude"))),
                box_parts,
            ),
        )
    for ref in (r for r in as_list(a.get("fundingReferences")) if isinstance(r, dict)):
        award = ref.get("awardNumber")
        award = award.get("awardNumber") if isinstance(award, dict) else award
        parts = [clean(ref.get("funderName")), clean(award), clean(ref.get("awardTitle"))]
        f.add("funding", clean(" ".join(p for p in parts if p)))


DATACITE_JSON_MAPPERS: tuple[Callable[[Json, FieldsBuilder], None], ...] = (
    _identity,
    _agents,
    _dates_types,
    _rights_relations_files,
    _coverage_funding,
)
