"""DataCite JSON: the content-negotiation form (``application/vnd.datacite.datacite+json``) and the
REST API's JSON:API form (``{"data": {"attributes": ...}, "included": [...]}``).

Both spell the metadata the same way (the API's ``attributes`` are the conneg document), so one mapping
serves both. The API also names the DataCite client (repository) and its re3data DOI, which is how the
harvester finds the repository's re3data record.
"""

from __future__ import annotations

from typing import Any

from fairgauge.harvest.extractors.common import (
    FieldsBuilder,
    Source,
    as_list,
    clean,
    make_record,
)
from fairgauge.harvest.extractors.datacite_json_fields import DATACITE_JSON_MAPPERS
from fairgauge.model.findings import finding
from fairgauge.model.harvest import RepositoryInfo
from fairgauge.model.metadata import MetadataRecord

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
    """One record from a DataCite JSON document (either shape)."""
    attributes = api_attributes(document) or document
    fields = FieldsBuilder()
    for mapper in DATACITE_JSON_MAPPERS:
        mapper(attributes, fields)
    findings = (
        []
        if fields.values.get("creators")
        else [
            finding(
                "extract.datacite.missing_creator",
                "error",
                "The DataCite record has no creator (mandatory).",
                url=source.url,
                pointer="/creators",
            )
        ]
    )
    return make_record(
        source,
        "datacite",
        fields,
        schema=DATACITE_JSON_SCHEMA,
        namespaces=[DATACITE_JSON_SCHEMA],
        findings=findings,
        fmt="json",
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
