"""MODS (Library of Congress, v3) to a record, and the METS wrapper's files and agents.

METS carries descriptive metadata (MODS, DC, DataCite ...) inside ``dmdSec``; the caller parses that
inner XML with the parser of its namespace, and :func:`map_mets` adds the file inventory.
"""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.extract.dublincore import is_access_statement
from fairgauge.extract.normalize import clean, identifier_ref, scheme_from_form, size_bytes
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.xml.safe import Element, namespace, namespaces, own_text, text, texts
from fairgauge.model.metadata import (
    AccessRights,
    Agent,
    AgentKind,
    ContentFile,
    DateInfo,
    License,
    MetadataRecord,
    ProvenanceElement,
    RelatedResource,
    ResourceType,
)

_XLINK = "{http://www.w3.org/1999/xlink}href"
_CREATOR_ROLES = {"creator", "author", "cre", "aut"}
_DATES = {
    "dateIssued": "issued",
    "dateCreated": "created",
    "dateModified": "modified",
    "copyrightDate": "copyrighted",
    "dateCaptured": "collected",
    "dateValid": "valid",
}


_NAME_TYPES: dict[str, AgentKind] = {"personal": "person", "corporate": "organization"}


def map_mods(root: Element, source: Source) -> MetadataRecord:
    fields = FieldsBuilder()
    for mapper in _MAPPERS:
        mapper(root, fields)
    return make_record(source, "mods", fields, schema=namespace(root), namespaces=namespaces(root), fmt="xml")


def _name(element: Element) -> Agent | None:
    given = text(element, "{*}namePart[@type='given']")
    family = text(element, "{*}namePart[@type='family']")
    untyped = [own_text(p) for p in element.iterfind("{*}namePart") if p.get("type") is None]
    plain = " ".join(t for t in untyped if t) or None
    name = plain or ", ".join(p for p in (family, given) if p) or text(element, "{*}displayForm")
    if not name:
        return None
    ids = [identifier_ref(own_text(i), i.get("type")) for i in element.iterfind("{*}nameIdentifier")]
    roles = [r.lower() for r in texts(element, "{*}role/{*}roleTerm")]
    kind = _NAME_TYPES.get(element.get("type") or "")
    return Agent(
        name=name,
        given_name=given,
        family_name=family,
        kind=kind,
        identifiers=[i for i in ids if i],
        affiliations=texts(element, "{*}affiliation"),
        role=roles[0] if roles else None,
    )


def _core(root: Element, f: FieldsBuilder) -> None:
    for info in root.iterfind("{*}titleInfo"):
        title = " : ".join(p for p in (text(info, "{*}title"), text(info, "{*}subTitle")) if p)
        f.add("titles", title or None)
    for ident in root.iterfind("{*}identifier"):
        f.add("identifiers", identifier_ref(own_text(ident), ident.get("type")))
    f.extend("descriptions", texts(root, "{*}abstract"))
    f.extend("keywords", texts(root, "{*}subject/{*}topic") + texts(root, "{*}subject/{*}geographic"))
    f.extend("languages", texts(root, "{*}language/{*}languageTerm"))
    f.extend("formats", texts(root, "{*}physicalDescription/{*}internetMediaType"))
    f.extend("sizes", texts(root, "{*}physicalDescription/{*}extent"))
    for kind in texts(root, "{*}typeOfResource"):
        f.add("resource_types", ResourceType(value=kind, vocabulary="mods"))
    for genre in texts(root, "{*}genre"):
        f.add("resource_types", ResourceType(value=genre, vocabulary="free"))


def _agents_dates(root: Element, f: FieldsBuilder) -> None:
    for element in root.iterfind("{*}name"):
        agent = _name(element)
        if agent is None:
            continue
        is_creator = agent.role in _CREATOR_ROLES or (agent.role is None and element.get("usage") == "primary")
        f.add(
            "creators" if is_creator else "contributors",
            agent.model_copy(update={"role": None}) if is_creator else agent,
        )
        f.add(
            "provenance",
            ProvenanceElement(element=f"name:{agent.role or 'creator'}", value=agent.name, vocabulary="mods"),
        )
    for origin in root.iterfind("{*}originInfo"):
        f.extend("publishers", [Agent(name=p, kind="organization") for p in texts(origin, "{*}publisher")])
        f.extend("versions", texts(origin, "{*}edition"))
        for tag, kind in _DATES.items():
            for value in texts(origin, f"{{*}}{tag}"):
                f.add("dates", DateInfo(type=kind, value=value))
                if kind == "issued":
                    f.year(value)


def _access(root: Element, f: FieldsBuilder) -> None:
    """accessCondition: 'restriction on access' is access, 'use and reproduction' a licence."""
    for cond in root.iterfind("{*}accessCondition"):
        value, href, kind = own_text(cond), clean(cond.get(_XLINK)), (cond.get("type") or "").lower()
        label = value or href
        if not label:
            continue
        if "restriction" in kind or is_access_statement(label):
            f.add("access_rights", AccessRights(value=label, uri=href))
        elif label.startswith("http"):
            f.add("licenses", License(url=href or value, name=None if value == (href or value) else value))
        else:
            f.add("licenses", License(url=href, name=value))


def _locations_relations(root: Element, f: FieldsBuilder) -> None:
    for location in root.iterfind("{*}location/{*}url"):
        url = own_text(location)
        if url and location.get("access") == "raw object":
            f.add("content_files", ContentFile(url=url))
        elif url:
            f.add("landing_pages", url)
    for item in root.iterfind("{*}relatedItem"):
        ident = text(item, "{*}identifier") or text(item, "{*}location/{*}url") or text(item, "{*}titleInfo/{*}title")
        if not ident:
            continue
        relation = f"mods:{item.get('type') or 'related'}"
        f.add(
            "related",
            RelatedResource(identifier=ident, identifier_type=scheme_from_form(ident), relation_type=relation),
        )
        if item.get("type") in ("original", "preceding", "otherVersion"):
            f.add("provenance", ProvenanceElement(element=relation, value=ident, vocabulary="mods"))


_MAPPERS: tuple[Callable[[Element, FieldsBuilder], None], ...] = (_core, _agents_dates, _access, _locations_relations)


def mets_inner_metadata(root: Element) -> list[Element]:
    """The descriptive metadata elements wrapped in a METS document's dmdSec/mdWrap/xmlData."""
    return [
        child
        for wrap in root.iterfind("{*}dmdSec/{*}mdWrap/{*}xmlData")
        for child in wrap
        if isinstance(child.tag, str)
    ]


def map_mets(root: Element, source: Source) -> MetadataRecord:
    """The METS layer itself: object id, agents, creation date and the file inventory."""
    f = FieldsBuilder()
    f.add("identifiers", identifier_ref(root.get("OBJID")))
    header = root.find("{*}metsHdr")
    if header is not None and header.get("CREATEDATE"):
        f.add("dates", DateInfo(type="created", value=str(header.get("CREATEDATE"))))
    for agent in header.iterfind("{*}agent") if header is not None else []:
        name = text(agent, "{*}name")
        if name:
            f.add("contributors", Agent(name=name, role=clean(agent.get("ROLE"))))
    for file in root.iterfind("{*}fileSec//{*}file"):
        for loc in file.iterfind("{*}FLocat"):
            href = clean(loc.get(_XLINK))
            if href:
                f.add(
                    "content_files",
                    ContentFile(
                        url=href,
                        size=size_bytes(file.get("SIZE")),
                        size_text=clean(file.get("SIZE")),
                        media_type=clean(file.get("MIMETYPE")),
                        checksum=clean(file.get("CHECKSUM")),
                    ),
                )
                f.add("formats", clean(file.get("MIMETYPE")))
    return make_record(source, "mets", f, schema=namespace(root), namespaces=namespaces(root), fmt="xml")
