"""ISO 19115/19139 (gmd) geographic metadata to a record.

Roles decide who is a creator: ISO has no "creator" element, only responsible parties with a role
code (author, originator, principalInvestigator count as creators; publisher as publisher).
"""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.extract.dublincore import is_access_statement, related_from_text
from fairgauge.extract.normalize import clean, identifier_ref
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.xml.safe import Element, namespaces, own_text, text, texts
from fairgauge.model.metadata import (
    AccessRights,
    Agent,
    ContentFile,
    DateInfo,
    FieldName,
    License,
    MetadataRecord,
    ProvenanceElement,
    ResourceType,
    ServiceEndpoint,
)

GMD_NS = "http://www.isotc211.org/2005/gmd"
_XLINK = "{http://www.w3.org/1999/xlink}href"
_CREATOR_ROLES = {"author", "originator", "principalInvestigator", "coAuthor"}
_DATE_TYPES = {"publication": "issued", "creation": "created", "revision": "modified"}
_IDENT = "{*}identificationInfo/*"
_CITATION = f"{_IDENT}/{{*}}citation/{{*}}CI_Citation"
_FILE_FUNCTIONS = {"download", "offlineAccess", "order"}


def map_iso19139(root: Element, source: Source) -> MetadataRecord:
    fields = FieldsBuilder()
    for mapper in _MAPPERS:
        mapper(root, fields)
    return make_record(
        source, "iso19139", fields, schema=GMD_NS, namespaces=namespaces(root), fmt="xml", value_iris=code_iris(root)
    )


def code_iris(root: Element) -> list[str]:
    """Code list IRIs (``codeList="...gmxCodelists.xml#CI_RoleCode"``) and gmx:Anchor targets (keywords
    and constraints written as vocabulary IRIs): the registered vocabularies the record uses as values."""
    found: dict[str, None] = {}
    for element in root.iter():
        code_list = element.get("codeList")
        if code_list:
            found.setdefault(code_list.strip(), None)
        elif isinstance(element.tag, str) and element.tag.endswith("}Anchor") and element.get(_XLINK):
            found.setdefault(str(element.get(_XLINK)).strip(), None)
    return list(found)


def _code(element: Element | None, path: str) -> str | None:
    """A code list value: the codeListValue attribute, else the element text."""
    found = element.find(path) if element is not None else None
    return clean(found.get("codeListValue") or own_text(found)) if found is not None else None


def _identity(root: Element, f: FieldsBuilder) -> None:
    f.add("identifiers", identifier_ref(text(root, "{*}fileIdentifier/*")))
    f.extend("identifiers", [identifier_ref(v) for v in texts(root, f"{_CITATION}/{{*}}identifier/*/{{*}}code/*")])
    f.add("landing_pages", text(root, "{*}dataSetURI/*"))
    f.extend("titles", texts(root, f"{_CITATION}/{{*}}title/*"))
    f.extend("versions", texts(root, f"{_CITATION}/{{*}}edition/*"))
    f.extend("descriptions", texts(root, f"{_IDENT}/{{*}}abstract/*"))
    f.extend("keywords", texts(root, f"{_IDENT}/{{*}}descriptiveKeywords/*/{{*}}keyword/*"))
    f.extend("keywords", texts(root, f"{_IDENT}/{{*}}topicCategory/*"))
    languages = [_code(el, ".") for el in root.iterfind(f"{_IDENT}/{{*}}language/*")]
    f.extend("languages", languages or [_code(root, "{*}language/*")])
    for level in root.iterfind("{*}hierarchyLevel/*"):
        f.add("resource_types", ResourceType(value=_code(level, ".") or "dataset", vocabulary="iso19139"))


def _party(party: Element) -> tuple[Agent | None, str | None]:
    person, org = text(party, "{*}individualName/*"), text(party, "{*}organisationName/*")
    name = person or org
    role = _code(party, "{*}role/*")
    if not name:
        return None, role
    links = texts(party, "{*}contactInfo/*/{*}onlineResource/*/{*}linkage/*")
    ids = [identifier_ref(link) for link in links if "orcid.org" in link or "ror.org" in link]
    return Agent(
        name=name,
        kind="person" if person else "organization",
        identifiers=[i for i in ids if i],
        affiliations=[org] if person and org else [],
        role=role,
    ), role


def _agents(root: Element, f: FieldsBuilder) -> None:
    for party in root.iterfind(f"{_CITATION}/{{*}}citedResponsibleParty/*"):
        agent, role = _party(party)
        if agent is None:
            continue
        target: FieldName = (
            "creators" if role in _CREATOR_ROLES else "publishers" if role == "publisher" else "contributors"
        )
        f.add(target, agent if target == "contributors" else agent.model_copy(update={"role": None}))
        f.add(
            "provenance",
            ProvenanceElement(element=f"citedResponsibleParty:{role}", value=agent.name, vocabulary="iso19139"),
        )
    for party in root.iterfind(f"{_IDENT}/{{*}}pointOfContact/*"):
        f.add("contributors", _party(party)[0])


def _dates(root: Element, f: FieldsBuilder) -> None:
    for date in root.iterfind(f"{_CITATION}/{{*}}date/{{*}}CI_Date"):
        value, kind = text(date, "{*}date/*"), _code(date, "{*}dateType/*")
        if value:
            f.add("dates", DateInfo(type=_DATE_TYPES.get(kind or "", kind or "other"), value=value))
            f.add("provenance", ProvenanceElement(element=f"date:{kind}", value=value, vocabulary="iso19139"))
            if kind == "publication":
                f.year(value)
    stamp = text(root, "{*}dateStamp/*")
    if stamp:  # the metadata record's own date
        f.add("dates", DateInfo(type="updated", value=stamp))


def _constraints(root: Element, f: FieldsBuilder) -> None:
    for legal in root.iterfind(f"{_IDENT}/{{*}}resourceConstraints/*"):
        for other in legal.iterfind("{*}otherConstraints/*"):
            _constraint(own_text(other), other.get(_XLINK), f)
        for limitation in legal.iterfind("{*}useLimitation/*"):
            _constraint(own_text(limitation), limitation.get(_XLINK), f)
        for code in legal.iterfind("{*}accessConstraints/*"):
            value = _code(code, ".")
            if value and value not in ("copyright", "license", "intellectualPropertyRights"):
                f.add("access_rights", AccessRights(value=value))


def _constraint(value: str | None, href: str | None, f: FieldsBuilder) -> None:
    label = value or href
    if not label:
        return
    if is_access_statement(label) or (href and is_access_statement(href)):
        f.add("access_rights", AccessRights(value=label, uri=href))
    else:
        f.add(
            "licenses",
            License(
                url=href or (label if label.startswith("http") else None),
                name=value if value != href else None,
            ),
        )


def _extent_distribution(root: Element, f: FieldsBuilder) -> None:
    for box in root.iterfind(f"{_IDENT}/{{*}}extent/*/{{*}}geographicElement/{{*}}EX_GeographicBoundingBox"):
        parts = [
            text(box, f"{{*}}{k}/*")
            for k in ("westBoundLongitude", "southBoundLatitude", "eastBoundLongitude", "northBoundLatitude")
        ]
        f.add("spatial_coverage", clean(" ".join(p for p in parts if p)))
    for period in root.iterfind(f"{_IDENT}/{{*}}extent/*/{{*}}temporalElement/*/{{*}}extent/*"):
        begin, end = text(period, "{*}beginPosition"), text(period, "{*}endPosition")
        f.add("temporal_coverage", "/".join(p for p in (begin, end) if p) or None)
    f.extend("formats", texts(root, "{*}distributionInfo/*/{*}distributionFormat/*/{*}name/*"))
    for online in root.iterfind("{*}distributionInfo/*/{*}transferOptions/*/{*}onLine/{*}CI_OnlineResource"):
        url, protocol = text(online, "{*}linkage/*"), text(online, "{*}protocol/*")
        function = _code(online, "{*}function/*")
        if url and (function in _FILE_FUNCTIONS or (not protocol and not function)):
            f.add("content_files", ContentFile(url=url, name=text(online, "{*}name/*")))
        elif url:
            f.add("services", ServiceEndpoint(url=url, protocol=protocol or function))


def _lineage_relations(root: Element, f: FieldsBuilder) -> None:
    lineage = "{*}dataQualityInfo/*/{*}lineage/{*}LI_Lineage"
    for statement in texts(root, f"{lineage}/{{*}}statement/*"):
        f.add("provenance", ProvenanceElement(element="lineage", value=statement, vocabulary="iso19139"))
    for source in root.iterfind(f"{lineage}/{{*}}source/*"):
        ident = text(source, ".//{*}identifier/*/{*}code/*") or text(source, ".//{*}title/*")
        if ident:
            f.add("related", related_from_text(ident, "lineage:source"))
            f.add("provenance", ProvenanceElement(element="lineage:source", value=ident, vocabulary="iso19139"))
    for agg in root.iterfind(f"{_IDENT}/{{*}}aggregationInfo/*"):
        ident = text(agg, ".//{*}code/*") or text(agg, ".//{*}title/*")
        if ident:
            f.add(
                "related",
                related_from_text(ident, f"aggregation:{_code(agg, '{*}associationType/*') or 'related'}"),
            )


_MAPPERS: tuple[Callable[[Element, FieldsBuilder], None], ...] = (
    _identity,
    _agents,
    _dates,
    _constraints,
    _extent_distribution,
    _lineage_relations,
)
