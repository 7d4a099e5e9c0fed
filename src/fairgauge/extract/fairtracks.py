"""FAIRtracks documents (genomic track metadata): recognised by ``@schema``, mapped to one record, and kept
whole as a community document so the FAIRtracks checks can validate it (schemas, terms, keys).

The recognition itself is the caller's :class:`~fairgauge.model.community.CommunityReader` (the
composition root hands in ``fairgauge.tracks.read_fairtracks``): the harvest does not import the
FAIRtracks machinery, and without a reader a FAIRtracks document is plain JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fairgauge.extract.normalize import clean
from fairgauge.extract.records import FieldsBuilder, ParsedDocument, Source, make_record
from fairgauge.model.community import CommunityReader, CommunityReading
from fairgauge.model.harvest import CommunityDocument
from fairgauge.model.metadata import Agent, ContentFile, IdentifierRef

_TERM_NAMESPACES = ("http://purl.obolibrary.org/obo/", "http://edamontology.org/", "http://www.ebi.ac.uk/efo/")


def fairtracks_document(document: Any, source: Source, reader: CommunityReader | None) -> ParsedDocument | None:
    """None unless a reader is given and the JSON declares a FAIRtracks schema (or is a pre-1.0 draft)."""
    if reader is None or not _may_be_fairtracks(document):
        return None
    reading = reader(document)
    if reading is None or not isinstance(document, Mapping):
        return None
    fields = FieldsBuilder()
    _describe(document, reading, fields)
    namespaces = [ns for ns in _TERM_NAMESPACES if any(t.startswith(ns) for t in reading.term_ids)]
    record = make_record(source, "fairtracks", fields, schema=reading.schema_id, namespaces=namespaces, fmt="json")
    kept = CommunityDocument(
        url=source.url,
        standard=reading.standard,
        version=reading.version,
        schema_id=reading.schema_id,
        kind=reading.kind,
        supported=reading.supported,
        content=document,
    )
    return ParsedDocument(records=[record], kind="fairtracks", community_documents=[kept])


def _may_be_fairtracks(document: Any) -> bool:
    """A cheap first look (a superset of what the FAIRtracks reader accepts), so the JSON of every other
    kind never loads the FAIRtracks schemas and validator."""
    first = document[0] if isinstance(document, list) and document else document
    if not isinstance(first, Mapping):
        return False
    if "fair_tracks" in first or "_schema" in first:
        return True
    declared = first.get("@schema")
    return isinstance(declared, str) and "fairtracks" in declared.lower()


def _describe(document: Mapping[str, Any], reading: CommunityReading, fields: FieldsBuilder) -> None:
    found = document.get("collection_info")
    info: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    fields.add("titles", clean(info.get("long_name")), clean(info.get("short_name")))
    fields.add("descriptions", clean(info.get("description")))
    global_id = clean(info.get("global_id"))
    if global_id:
        fields.add("identifiers", IdentifierRef(value=global_id, scheme="curie"))
    for study in _objects(document.get("studies")):
        fields.add("titles", clean(study.get("study_name")))
        contact = study.get("contact")
        if isinstance(contact, Mapping) and clean(contact.get("name")):
            fields.add("contributors", Agent(name=str(clean(contact.get("name"))), role="ContactPerson"))
    for track in reading.track_files:
        if track.url:
            fields.add("content_files", ContentFile(url=track.url, name=track.name))
        fields.add("formats", track.format_label)


def _objects(value: Any) -> Iterator[Mapping[str, Any]]:
    for item in value if isinstance(value, list) else []:
        if isinstance(item, Mapping):
            yield item
