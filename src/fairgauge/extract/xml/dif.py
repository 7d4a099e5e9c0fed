"""NASA GCMD Directory Interchange Format (DIF 9.x and DIF 10) to a record.

DIF 9 and 10 share the namespace but renamed parts (Data_Set_Citation -> Dataset_Citation,
Personnel/First_Name -> Personnel/Contact_Person/First_Name, ...): each look-up tries both spellings.
"""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.extract.dublincore import is_access_statement, related_from_text
from fairgauge.extract.normalize import clean, identifier_ref
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.xml.safe import Element, namespace, namespaces, text, texts
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

_CITATION = ("{*}Data_Set_Citation", "{*}Dataset_Citation")


def map_dif(root: Element, source: Source) -> MetadataRecord:
    fields = FieldsBuilder()
    for mapper in _MAPPERS:
        mapper(root, fields)
    return make_record(source, "dif", fields, schema=namespace(root), namespaces=namespaces(root), fmt="xml")


def _first(element: Element, *paths: str) -> str | None:
    return next((value for value in (text(element, p) for p in paths) if value), None)


def _all(element: Element, *paths: str) -> list[str]:
    return [value for path in paths for value in texts(element, path)]


def _plain(element: Element, path: str) -> list[str]:
    """Texts of elements without child elements (DIF 9 writes text where DIF 10 nests elements)."""
    return [value for found in element.iterfind(path) if len(found) == 0 and (value := text(found, "."))]


def _citation(root: Element, f: FieldsBuilder) -> None:
    f.add("identifiers", identifier_ref(_first(root, "{*}Entry_ID/{*}Short_Name", "{*}Entry_ID"), "local"))
    f.extend("titles", _all(root, "{*}Entry_Title"))
    for path in _CITATION:
        for citation in root.iterfind(path):
            for creator in (c.strip() for v in texts(citation, "{*}Dataset_Creator") for c in v.split(";")):
                if creator:
                    f.add("creators", Agent(name=creator))
                    f.add(
                        "provenance",
                        ProvenanceElement(element="Dataset_Creator", value=creator, vocabulary="dif"),
                    )
            f.extend("titles", texts(citation, "{*}Dataset_Title"))
            released = text(citation, "{*}Dataset_Release_Date")
            if released:
                f.add("dates", DateInfo(type="issued", value=released))
                f.year(released)
            publisher = text(citation, "{*}Dataset_Publisher")
            f.add("publishers", Agent(name=publisher, kind="organization") if publisher else None)
            f.extend("versions", texts(citation, "{*}Version"))
            f.extend("landing_pages", texts(citation, "{*}Online_Resource"))
            doi = _first(citation, "{*}Dataset_DOI", "{*}Persistent_Identifier/{*}Identifier")
            f.add("identifiers", identifier_ref(doi, "doi") if doi else None)


def _people(root: Element, f: FieldsBuilder) -> None:
    for person in root.iterfind("{*}Personnel"):
        role = text(person, "{*}Role")
        first = _first(person, "{*}First_Name", "{*}Contact_Person/{*}First_Name")
        last = _first(person, "{*}Last_Name", "{*}Contact_Person/{*}Last_Name")
        if last:
            agent = Agent(
                name=", ".join(p for p in (last, first) if p),
                given_name=first,
                family_name=last,
                kind="person",
                role=role,
            )
            f.add("contributors", agent)
    for center in root.findall("{*}Data_Center") or root.findall("{*}Organization"):
        name = _first(center, "{*}Data_Center_Name/{*}Short_Name", "{*}Organization_Name/{*}Short_Name")
        f.add("contributors", Agent(name=name, kind="organization", role="DataCenter") if name else None)


def _subjects_coverage(root: Element, f: FieldsBuilder) -> None:
    for param in root.findall("{*}Parameters") or root.findall("{*}Science_Keywords"):
        terms = [text(param, f"{{*}}{k}") for k in ("Category", "Topic", "Term", "Variable_Level_1")]
        f.add("keywords", clean(" > ".join(t for t in terms if t)))
    f.extend("keywords", _all(root, "{*}Keyword", "{*}Ancillary_Keyword", "{*}ISO_Topic_Category"))
    for span in root.iterfind(".//{*}Temporal_Coverage"):
        start = _first(span, "{*}Start_Date", ".//{*}Beginning_Date_Time")
        stop = _first(span, "{*}Stop_Date", ".//{*}Ending_Date_Time")
        f.add("temporal_coverage", "/".join(p for p in (start, stop) if p) or None)
    for box in root.iterfind(".//{*}Spatial_Coverage"):
        keys = (
            "Westernmost_Longitude",
            "Southernmost_Latitude",
            "Easternmost_Longitude",
            "Northernmost_Latitude",
        )
        parts = [_first(box, f"{{*}}{k}", f".//{{*}}{k}") for k in keys]
        f.add("spatial_coverage", clean(" ".join(p for p in parts if p)))
    f.extend("descriptions", _all(root, "{*}Summary/{*}Abstract", "{*}Summary"))
    f.extend("languages", _all(root, "{*}Data_Set_Language", "{*}Dataset_Language"))


def _rights_distribution(root: Element, f: FieldsBuilder) -> None:
    for access in _all(root, "{*}Access_Constraints/{*}Description") + _plain(root, "{*}Access_Constraints"):
        f.add("access_rights", AccessRights(value=access))
    uses = _all(root, "{*}Use_Constraints/{*}Description", "{*}Use_Constraints/{*}License_Text")
    for use in uses + _plain(root, "{*}Use_Constraints"):
        f.add(
            "access_rights" if is_access_statement(use) else "licenses",
            AccessRights(value=use) if is_access_statement(use) else License(name=use),
        )
    for url in _all(root, "{*}Use_Constraints/{*}License_URL/{*}URL"):
        f.add("licenses", License(url=url))
    f.extend("formats", _all(root, "{*}Distribution/{*}Distribution_Format"))
    f.extend("sizes", _all(root, "{*}Distribution/{*}Distribution_Size"))
    for related in root.iterfind("{*}Related_URL"):
        kind = (_first(related, "{*}URL_Content_Type/{*}Type") or "").upper()
        for url in texts(related, "{*}URL"):
            if kind == "GET DATA":
                f.add("content_files", ContentFile(url=url))
            else:
                f.add("related", related_from_text(url, f"Related_URL:{kind or 'related'}"))
    f.extend("related", [related_from_text(r, "Reference") for r in _all(root, "{*}Reference")])
    for form in _all(root, ".//{*}Data_Presentation_Form"):
        f.add("resource_types", ResourceType(value=form, vocabulary="dif"))
    for date in _all(root, "{*}DIF_Creation_Date", "{*}Metadata_Dates/{*}Metadata_Creation"):
        f.add("dates", DateInfo(type="created", value=date))


_MAPPERS: tuple[Callable[[Element, FieldsBuilder], None], ...] = (
    _citation,
    _people,
    _subjects_coverage,
    _rights_distribution,
)
