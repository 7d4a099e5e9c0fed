"""DataCite JSON: the content-negotiation form (``application/vnd.datacite.datacite+json``) and the
REST API's JSON:API form (``{"data": {"attributes": ...}, "included": [...]}``).

Both spell the metadata the same way (the API's ``attributes`` are the conneg document), so one mapping
serves both. The API also names the DataCite client (repository) and its re3data DOI, which is how the
harvester finds the repository's re3data record.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fairgauge.extract.datacite_json.fields import DATACITE_JSON_MAPPERS
from fairgauge.extract.normalize import as_list, clean
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.xml.datacite import map_datacite_xml
from fairgauge.extract.xml.safe import local, parse_xml
from fairgauge.identifiers.forms import identifier_key
from fairgauge.model.findings import Finding, finding
from fairgauge.model.harvest import RepositoryInfo
from fairgauge.model.metadata import ContentFile, MetadataFields, MetadataRecord, is_field_name

DATACITE_JSON_SCHEMA = "https://schema.datacite.org/meta/kernel-4/"
Json = dict[str, Any]


def is_datacite_json(document: Any) -> bool:
    """Whether decoded JSON looks like DataCite JSON (conneg form or API ``data.attributes``)."""
    attributes = api_attributes(document)
    candidate = attributes if attributes is not None else document
    return isinstance(candidate, dict) and "doi" in candidate and ("creators" in candidate or "types" in candidate)


def api_attributes(document: Any) -> Json | None:
    data = document.get("data") if isinstance(document, dict) else None
    attributes = data.get("attributes") if isinstance(data, dict) else None
    return attributes if isinstance(attributes, dict) else None


def map_datacite_json(document: Json, source: Source) -> MetadataRecord:
    """One record from a DataCite JSON document (either shape).

    The API's JSON leaves out some of what its base64 ``xml`` attribute (the record as deposited) holds
    (Zenodo 1196821: ``version: null`` beside ``<version>1.0.2</version>``): fields the JSON leaves empty
    are read from the XML. Media records (``include=media``) are the object's content files."""
    attributes = api_attributes(document) or document
    fields = FieldsBuilder()
    for mapper in DATACITE_JSON_MAPPERS:
        mapper(attributes, fields)
    fields.extend("content_files", media_files(document))
    findings = _fill_from_xml(attributes.get("xml"), fields, source)
    if not fields.values.get("creators"):
        findings.append(
            finding(
                "extract.datacite.missing_creator",
                "error",
                "The DataCite record has no creator (mandatory).",
                url=source.url,
                pointer="/creators",
            )
        )
    return make_record(
        source,
        "datacite",
        fields,
        schema=DATACITE_JSON_SCHEMA,
        namespaces=[DATACITE_JSON_SCHEMA],
        findings=findings,
        fmt="json",
        value_iris=subject_iris(attributes),
    )


def subject_iris(attributes: Json) -> list[str]:
    """Subjects given as vocabulary terms (valueUri) and their schemes (schemeUri)."""
    subjects = [s for s in as_list(attributes.get("subjects")) if isinstance(s, dict)]
    return [str(v) for s in subjects for v in (s.get("valueUri"), s.get("schemeUri")) if isinstance(v, str)]


def media_files(document: Any) -> list[ContentFile]:
    """The API's media records (``included`` items of type ``media``: url and mediaType of a content file)."""
    included = as_list(document.get("included")) if isinstance(document, dict) else []
    files: list[ContentFile] = []
    for item in included:
        attrs = item.get("attributes") if isinstance(item, dict) and item.get("type") == "media" else None
        url = clean(attrs.get("url")) if isinstance(attrs, dict) else None
        if attrs and url:
            files.append(ContentFile(url=url, media_type=clean(attrs.get("mediaType"))))
    return files


def _fill_from_xml(encoded: Any, fields: FieldsBuilder, source: Source) -> list[Finding]:
    """Fill the fields the JSON left empty from the embedded DataCite XML; say which ones were filled."""
    if not isinstance(encoded, str) or not encoded.strip():
        return []
    try:
        body = base64.b64decode(encoded, validate=False)
    except (binascii.Error, ValueError):
        return [_xml_problem(source, "is not valid base64")]
    root, problems = parse_xml(body, source.url)
    if root is None or local(root) != "resource":
        reason = problems[0].message if problems else "is not a DataCite <resource>"
        return [_xml_problem(source, reason)]
    xml_fields = map_datacite_xml(root, source).fields
    filled = _fill_empty(fields, xml_fields)
    if not filled:
        return []
    return [
        finding(
            "extract.datacite.filled_from_xml",
            "info",
            f"Read from the record's embedded XML, empty in its JSON: {', '.join(filled)}.",
            url=source.url,
            pointer="/data/attributes/xml",
            fields=filled,
        )
    ]


def _fill_empty(fields: FieldsBuilder, xml_fields: MetadataFields) -> list[str]:
    """Empty JSON fields take the XML's values; identifiers (the DOI is always in the JSON, alternate
    identifiers sometimes only in the XML) take the XML identifiers the JSON does not name."""
    filled: list[str] = []
    known = {identifier_key(i.value) for i in fields.values.get("identifiers", [])}
    extra = [i for i in xml_fields.identifiers if identifier_key(i.value) not in known]
    if extra and known:
        fields.extend("identifiers", extra)
        filled.append("identifiers")
    for name in MetadataFields.model_fields:
        value = getattr(xml_fields, name)
        if name == "publication_year":
            if fields.publication_year is None and value is not None:
                fields.year(value)
                filled.append(name)
        elif is_field_name(name) and value and not fields.values.get(name):
            fields.extend(name, value)
            filled.append(name)
    return filled


def _xml_problem(source: Source, reason: str) -> Finding:
    return finding(
        "extract.datacite.xml_unreadable",
        "warning",
        f"The record's embedded XML {reason}; only its JSON was read.",
        url=source.url,
        pointer="/data/attributes/xml",
    )


def repository_from_api(document: Any) -> RepositoryInfo | None:
    """The DataCite client (id, name, URL, re3data DOI) from the API's ``included`` list."""
    data = document.get("data") if isinstance(document, dict) else None
    client = (((data or {}).get("relationships") or {}).get("client") or {}).get("data") or {}
    client_id = client.get("id") if isinstance(client, dict) else None
    included = [i for i in as_list(document.get("included")) if isinstance(i, dict) and i.get("type") == "clients"]
    match = next((i for i in included if i.get("id") == client_id), included[0] if included else None)
    if match is None and not client_id:
        return None
    attrs = (match or {}).get("attributes") or {}
    re3data = clean(attrs.get("re3data"))
    return RepositoryInfo(
        datacite_client_id=client_id or (match or {}).get("id"),
        name=clean(attrs.get("name")),
        url=clean(attrs.get("url")),
        re3data_doi=re3data,
    )
