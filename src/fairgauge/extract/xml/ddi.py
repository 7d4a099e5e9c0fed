"""DDI Codebook (2.x, ``ddi:codebook:2_5``) study descriptions to a record.

DDI is the one common format that lists its variables (``dataDscr/var``): those become measured
variables, which FsF-R1-01MD looks for.
"""

from __future__ import annotations

from collections.abc import Callable

from fairgauge.extract.dublincore import is_access_statement, related_from_text
from fairgauge.extract.normalize import clean, identifier_ref
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

_STUDY = "{*}stdyDscr"
_CIT = f"{_STUDY}/{{*}}citation"
_INFO = f"{_STUDY}/{{*}}stdyInfo"


def map_ddi(root: Element, source: Source) -> MetadataRecord:
    fields = FieldsBuilder()
    for mapper in _MAPPERS:
        mapper(root, fields)
    return make_record(source, "ddi", fields, schema=namespace(root), namespaces=namespaces(root), fmt="xml")


def _citation(root: Element, f: FieldsBuilder) -> None:
    f.extend("titles", texts(root, f"{_CIT}/{{*}}titlStmt/{{*}}titl"))
    for ident in root.iterfind(f"{_CIT}/{{*}}titlStmt/{{*}}IDNo"):
        f.add("identifiers", identifier_ref(own_text(ident), ident.get("agency")))
    for author in root.iterfind(f"{_CIT}/{{*}}rspStmt/{{*}}AuthEnty"):
        name = own_text(author)
        if name:
            affiliation = clean(author.get("affiliation"))
            f.add("creators", Agent(name=name, affiliations=[affiliation] if affiliation else []))
            f.add("provenance", ProvenanceElement(element="AuthEnty", value=name, vocabulary="ddi"))
    for other in root.iterfind(f"{_CIT}/{{*}}rspStmt/{{*}}othId"):
        f.add(
            "contributors",
            Agent(name=own_text(other) or "", role=clean(other.get("role"))) if own_text(other) else None,
        )
    for producer in texts(root, f"{_CIT}/{{*}}prodStmt/{{*}}producer"):
        f.add("provenance", ProvenanceElement(element="producer", value=producer, vocabulary="ddi"))
    for distributor in texts(root, f"{_CIT}/{{*}}distStmt/{{*}}distrbtr"):
        f.add("publishers", Agent(name=distributor, kind="organization"))
    f.extend(
        "funding",
        texts(root, f"{_CIT}/{{*}}prodStmt/{{*}}fundAg") + texts(root, f"{_CIT}/{{*}}prodStmt/{{*}}grantNo"),
    )
    f.extend("versions", texts(root, f"{_CIT}/{{*}}verStmt/{{*}}version"))
    f.extend("landing_pages", [h.get("URI") for h in root.iterfind(f"{_CIT}/{{*}}holdings") if h.get("URI")])


def _dates(root: Element, f: FieldsBuilder) -> None:
    for path, kind in (
        (f"{_CIT}/{{*}}prodStmt/{{*}}prodDate", "created"),
        (f"{_CIT}/{{*}}distStmt/{{*}}distDate", "issued"),
        (f"{_CIT}/{{*}}verStmt/{{*}}version", "modified"),
    ):
        for el in root.iterfind(path):
            value = clean(el.get("date")) or own_text(el)
            if value and (kind != "modified" or el.get("date")):
                f.add("dates", DateInfo(type=kind, value=value))
                if kind == "issued":
                    f.year(value)
    if f.publication_year is None:
        f.year(clean(next((el.get("date") for el in root.iterfind(f"{_CIT}/{{*}}prodStmt/{{*}}prodDate")), None)))
    for event in root.iterfind(f"{_INFO}/{{*}}sumDscr/{{*}}timePrd"):
        f.add(
            "temporal_coverage",
            clean(f"{event.get('event') or ''} {event.get('date') or own_text(event) or ''}"),
        )


def _study(root: Element, f: FieldsBuilder) -> None:
    f.extend("descriptions", texts(root, f"{_INFO}/{{*}}abstract"))
    f.extend(
        "keywords",
        texts(root, f"{_INFO}/{{*}}subject/{{*}}keyword") + texts(root, f"{_INFO}/{{*}}subject/{{*}}topcClas"),
    )
    f.extend(
        "spatial_coverage",
        texts(root, f"{_INFO}/{{*}}sumDscr/{{*}}nation") + texts(root, f"{_INFO}/{{*}}sumDscr/{{*}}geogCover"),
    )
    for kind in texts(root, f"{_INFO}/{{*}}sumDscr/{{*}}dataKind"):
        f.add("resource_types", ResourceType(value=kind, vocabulary="ddi"))
    f.extend("languages", [lang for lang in (root.get("{http://www.w3.org/XML/1998/namespace}lang"),) if lang])


def _access(root: Element, f: FieldsBuilder) -> None:
    use = f"{_STUDY}/{{*}}dataAccs/{{*}}useStmt"
    for value in texts(root, f"{use}/{{*}}restrctn") + texts(
        root, f"{_STUDY}/{{*}}dataAccs/{{*}}setAvail/{{*}}avlStatus"
    ):
        f.add("access_rights", AccessRights(value=value))
    for value in texts(root, f"{use}/{{*}}conditions") + texts(root, f"{_CIT}/{{*}}prodStmt/{{*}}copyright"):
        f.add(
            "access_rights" if is_access_statement(value) else "licenses",
            AccessRights(value=value) if is_access_statement(value) else License(name=value),
        )
    for path, relation in (
        ("relMat", "IsDocumentedBy"),
        ("relStdy", "IsRelatedTo"),
        ("relPubl", "IsCitedBy"),
    ):
        for value in texts(root, f"{_STUDY}/{{*}}othrStdyMat/{{*}}{path}"):
            f.add("related", related_from_text(value, f"ddi:{relation}"))


def _files_variables(root: Element, f: FieldsBuilder) -> None:
    for desc in root.iterfind("{*}fileDscr"):
        uri = clean(desc.get("URI"))
        name = text(desc, "{*}fileTxt/{*}fileName")
        if uri:
            f.add(
                "content_files",
                ContentFile(url=uri, name=name, media_type=text(desc, "{*}fileTxt/{*}fileType")),
            )
    for var in root.iterfind("{*}dataDscr/{*}var"):
        label, name = text(var, "{*}labl"), clean(var.get("name"))
        f.add("measured_variables", name or label)  # the name matches data file headers; the label may not


_MAPPERS: tuple[Callable[[Element, FieldsBuilder], None], ...] = (
    _citation,
    _dates,
    _study,
    _access,
    _files_variables,
)
