"""Each metric's ``output`` in F-UJI's shapes, for the F-UJI-compatible ``/evaluate`` answer.

F-UJI's clients read ``results[].output`` by the OpenAPI ``*_output`` schema of each metric (arrays where
fairgauge's native report has objects, ``osi_approved`` and a string ``object_type`` as F-UJI 3.5.1
answers them; tests/fixtures/fuji). The checks already put F-UJI's field names and value vocabularies
(``access_level``, ``core_metadata_status``, ``source``) in their native output; this module only
projects and regroups that output, per metric, so no check logic is repeated and the native report's
shape (a contract of its own) stays as it is. Metrics F-UJI does not know keep their native output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias
from urllib.parse import urlsplit

Output: TypeAlias = Mapping[str, Any]


def _rows(output: Output, key: str) -> list[Mapping[str, Any]]:
    return [row for row in output.get(key) or [] if isinstance(row, Mapping)]


def _pick(rows: Iterable[Mapping[str, Any]], *fields: str) -> list[dict[str, Any]]:
    """Each row with exactly F-UJI's fields, in F-UJI's order; a row repeated by several tests once."""
    picked: list[dict[str, Any]] = []
    for row in rows:
        item = {name: row.get(name) for name in fields}
        if item not in picked:
            picked.append(item)
    return picked


def _one_or_many(values: list[Any]) -> Any:
    """F-UJI answers a single value as itself and several as a list."""
    return values[0] if len(values) == 1 else values


def uniqueness(output: Output) -> dict[str, Any]:
    """With data identifiers beside the metadata one, F-UJI's ``guid_scheme`` lists the schemes of all."""
    rows = _pick(_rows(output, "unique_identifiers"), "guid", "guid_scheme", "target")
    scheme = output.get("guid_scheme")
    if any(row["target"] == "data" for row in rows):
        scheme = list(dict.fromkeys(row["guid_scheme"] for row in rows if row["guid_scheme"]))
    return {"unique_identifiers": rows, "guid": output.get("guid"), "guid_scheme": scheme}


def _listed(value: Any) -> list[Any]:
    """A value as a list, each item once (sources often repeat the same type or keyword)."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return [item for n, item in enumerate(items) if item not in items[:n]]


def core_metadata(output: Output) -> dict[str, Any]:
    """F-UJI always lists creators, types and keywords, even a single one."""
    found = dict(output.get("core_metadata_found") or {})
    for name in ("creator", "object_type", "keywords"):
        if name in found:
            found[name] = _listed(found[name])
    return {**output, "core_metadata_found": found}


def persistence(output: Output) -> dict[str, Any]:
    fields = ("pid", "pid_scheme", "resolvable_status", "resolved_url", "target")
    return {"persistent_identifiers": _pick(_rows(output, "persistent_identifiers"), *fields)}


def identifier_included(output: Output) -> dict[str, Any]:
    content = [
        row.get("content_identifier_included") or {} for row in _rows(output, "object_content_identifier_included")
    ]
    fields = ("url", "type", "size", "scheme")
    return {
        "object_identifier_included": output.get("object_identifier_included"),
        "object_content_identifier_included": [{"content_identifier_included": c} for c in _pick(content, *fields)],
    }


def searchable(output: Output) -> dict[str, Any]:
    return {"search_mechanisms": _pick(_rows(output, "search_mechanisms"), "mechanism", "mechanism_info")}


def _looks_like_term(value: Any) -> bool:
    return isinstance(value, str) and ":" in value and " " not in value


def access(output: Output) -> dict[str, Any]:
    """F-UJI states one access condition: the vocabulary term when the metadata gives one, else the
    first statement (the native output lists every statement found)."""
    details = output.get("access_details") or {}
    stated = details.get("access_condition")
    values = stated if isinstance(stated, list) else [stated] if stated else []
    condition = next((v for v in values if _looks_like_term(v)), values[0] if values else None)
    return {"access_level": output.get("access_level"), "access_details": {"access_condition": condition}}


def retrievable(output: Output) -> dict[str, Any]:
    fields = ("format", "method", "resolved_url", "target")
    return {"retrievable_objects": _pick(_rows(output, "retrievable_objects"), *fields)}


def protocol(output: Output) -> dict[str, Any]:
    """F-UJI names the protocol by its URL scheme (``https``) and joins the auth methods (``TLS, BASIC``)."""
    rows = []
    for row in _rows(output, "standard_protocol"):
        found_in = row.get("found_in")
        scheme = urlsplit(found_in).scheme.lower() if isinstance(found_in, str) else ""
        methods = row.get("auth_method")
        auth = ", ".join(methods) if isinstance(methods, list) else methods
        rows.append(
            {
                "protocol_type": scheme or row.get("protocol_type"),
                "auth_method": auth or None,
                "found_in": found_in,
                "target": row.get("target"),
            }
        )
    return {"standard_protocol": _pick(rows, "protocol_type", "auth_method", "found_in", "target")}


def formal_metadata(output: Output) -> list[dict[str, Any]]:
    return _pick(_rows(output, "formal_metadata"), "serialization_format", "source", "is_metadata_found")


def semantic_vocabulary(output: Output) -> list[dict[str, Any]]:
    return _pick(_rows(output, "semantic_vocabulary"), "namespace", "is_namespace_active")


def related_resources(output: Output) -> list[dict[str, Any]]:
    return _pick(_rows(output, "related_resources"), "related_resource", "relation_type")


def data_content(output: Output) -> dict[str, Any]:
    """One descriptor per (descriptor, value): ``matches_content`` is the verdict of the test that
    compared it with the served file, ``None`` when no test could (never a guessed ``false``)."""
    folded: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _rows(output, "data_content_descriptor"):
        value = row.get("descriptor_value")
        text = None if value is None else str(value)
        item = folded.setdefault(
            (str(row.get("descriptor")), str(text)),
            {"descriptor": row.get("descriptor"), "descriptor_value": text, "matches_content": None},
        )
        if row.get("matches_content") is not None:
            item["matches_content"] = row["matches_content"]
    named = [str(kind) for kind in _listed(output.get("object_type"))]
    return {"object_type": ", ".join(named) or None, "data_content_descriptor": list(folded.values())}


def license_(output: Output) -> list[dict[str, Any]]:
    rows = [
        {"license": r.get("license"), "osi_approved": r.get("OSI_approved"), "details_url": r.get("details_url")}
        for r in _rows(output, "license")
    ]
    return _pick(rows, "license", "osi_approved", "details_url")


def provenance(output: Output) -> dict[str, Any]:
    """F-UJI lists each provenance element once, with all its values (one value as itself)."""
    included = output.get("provenance_metadata_included") or {}
    grouped: dict[tuple[Any, Any], list[Any]] = {}
    for row in _rows(included, "provenance_metadata"):
        values = grouped.setdefault((row.get("prov_o_mapping"), row.get("metadata_element")), [])
        if row.get("metadata_value") not in values:
            values.append(row.get("metadata_value"))
    structured = output.get("structured_provenance_available") or {}
    return {
        "provenance_metadata_included": {
            "is_available": bool(included.get("is_available")),
            "provenance_metadata": [
                {"prov_o_mapping": mapping, "metadata_element": element, "metadata_value": _one_or_many(values)}
                for (mapping, element), values in grouped.items()
            ],
        },
        "structured_provenance_available": {
            "is_available": bool(structured.get("is_available")),
            "provenance_metadata": [{"namespace": ns} for ns in structured.get("provenance_namespaces") or []],
        },
    }


def community_standards(output: Output) -> list[dict[str, Any]]:
    """One entry per standard; ``source`` lists where it was detected (F-UJI gives a list there)."""
    merged: dict[Any, dict[str, Any]] = {}
    for row in _rows(output, "community_standards"):
        entry = merged.setdefault(
            row.get("metadata_standard"),
            {
                "metadata_standard": row.get("metadata_standard"),
                "url": row.get("url"),
                "subject_areas": list(row.get("subject_areas") or []),
                "type": row.get("type"),
                "source": [],
            },
        )
        if row.get("source") and row["source"] not in entry["source"]:
            entry["source"].append(row["source"])
    return list(merged.values())


def file_formats(output: Output) -> list[dict[str, Any]]:
    fields = ("file_uri", "mime_type", "is_preferred_format", "preference_reason", "subject_areas")
    return _pick(_rows(output, "data_file_format"), *fields)


def unchanged(output: Output) -> dict[str, Any]:
    return dict(output)


Shape: TypeAlias = Callable[[Output], Any]

# F-UJI's metric identifiers (FsF v0.5 and v0.8) -> the shape of their ``output``.
SHAPES: dict[str, Shape] = {
    "FsF-F1-01D": uniqueness,
    "FsF-F1-01MD": uniqueness,
    "FsF-F1-02D": persistence,
    "FsF-F1-02MD": persistence,
    "FsF-F2-01M": core_metadata,
    "FsF-F3-01M": identifier_included,
    "FsF-F4-01M": searchable,
    "FsF-A1-01M": access,
    "FsF-A1-02MD": retrievable,
    "FsF-A1-02M": protocol,
    "FsF-A1-03D": protocol,
    "FsF-A1.1-01MD": protocol,
    "FsF-A1.2-01MD": protocol,
    "FsF-A2-01M": unchanged,
    "FsF-I1-01M": formal_metadata,
    "FsF-I2-01M": semantic_vocabulary,
    "FsF-I3-01M": related_resources,
    "FsF-R1-01M": data_content,
    "FsF-R1-01MD": data_content,
    "FsF-R1.1-01M": license_,
    "FsF-R1.2-01M": provenance,
    "FsF-R1.3-01M": community_standards,
    "FsF-R1.3-02D": file_formats,
}


def fuji_output(metric_identifier: str, output: Output) -> Any:
    """The metric's ``output`` as F-UJI answers it; other profiles' metrics keep their own."""
    shape = SHAPES.get(metric_identifier)
    return shape(output) if shape is not None else dict(output)
