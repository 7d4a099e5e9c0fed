"""The schema.org property table: one small mapper per group of fields.

Every mapper accepts the shapes schema.org allows (text, URL, node, array of them) through the value
helpers, so a new property is usually one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fairgauge.extract.normalize import as_list, clean
from fairgauge.extract.records import FieldsBuilder
from fairgauge.extract.schemaorg.nodes import NodeIndex, types_of
from fairgauge.extract.schemaorg.values import (
    agent,
    content_file,
    identifiers_of,
    license_of,
    related_of,
    text_of,
    texts_of,
    type_names,
)
from fairgauge.model.metadata import (
    AccessRights,
    DateInfo,
    FieldName,
    ProvenanceElement,
    ResourceType,
    ServiceEndpoint,
)

RELATIONS = (
    "isBasedOn",
    "isBasedOnUrl",
    "isPartOf",
    "hasPart",
    "citation",
    "sameAs",
    "subjectOf",
    "workExample",
    "exampleOfWork",
    "includedInDataCatalog",
    "mainEntityOfPage",
    "isRelatedTo",
    "prov:wasDerivedFrom",
    "prov:wasGeneratedBy",
    "prov:hadPrimarySource",
    "prov:wasRevisionOf",
)
_DATES = {
    "datePublished": "issued",
    "dateCreated": "created",
    "dateModified": "modified",
    "uploadDate": "available",
    "sdDatePublished": "other",
}
_PROV_AGENTS = ("creator", "author", "contributor", "publisher", "sdPublisher", "provider", "producer")
_PROV_REFS = (
    "isBasedOn",
    "isBasedOnUrl",
    "prov:wasDerivedFrom",
    "prov:wasGeneratedBy",
    "prov:wasAttributedTo",
    "prov:hadPrimarySource",
    "prov:wasRevisionOf",
    "version",
    "datePublished",
    "dateCreated",
    "dateModified",
)


def schemaorg_fields(node: dict[str, Any], index: NodeIndex) -> FieldsBuilder:
    fields = FieldsBuilder()
    for mapper in _MAPPERS:
        mapper(node, index, fields)
    return fields


def _core(node: dict[str, Any], index: NodeIndex, f: FieldsBuilder) -> None:
    f.extend("identifiers", identifiers_of(node))
    f.extend("titles", texts_of(node.get("name") or node.get("headline"), index))
    f.extend("descriptions", texts_of(node.get("description"), index) + texts_of(node.get("abstract"), index))
    f.extend("keywords", _keywords(node.get("keywords"), index))
    f.extend("languages", texts_of(node.get("inLanguage") or node.get("language"), index))
    f.extend("versions", texts_of(node.get("version"), index))
    f.extend("landing_pages", [u for u in (clean(v) for v in as_list(node.get("url"))) if u])
    f.extend("measured_variables", texts_of(node.get("variableMeasured"), index))
    f.extend("sizes", [s for s in (clean(v) for v in as_list(node.get("contentSize") or node.get("size"))) if s])
    f.extend("formats", texts_of(node.get("encodingFormat") or node.get("fileFormat"), index))
    f.extend("temporal_coverage", texts_of(node.get("temporalCoverage"), index))
    f.extend("spatial_coverage", [s for s in (_place(v, index) for v in as_list(node.get("spatialCoverage"))) if s])
    f.extend("funding", _funding(node, index))


def _keywords(value: Any, index: NodeIndex) -> list[str]:
    words = texts_of(value, index)
    if len(words) == 1 and "," in words[0]:
        return [w for w in (clean(part) for part in words[0].split(",")) if w]
    return words


def _place(value: Any, index: NodeIndex) -> str | None:
    node = index.resolve(value)
    if not isinstance(node, dict):
        return clean(node)
    geo = index.resolve(as_list(node.get("geo") or [None])[0])
    if isinstance(geo, dict):
        box = clean(geo.get("box")) or clean(geo.get("polygon"))
        point = " ".join(p for p in (clean(geo.get("latitude")), clean(geo.get("longitude"))) if p)
        return clean(" ".join(p for p in (clean(node.get("name")), box or point) if p))
    return text_of(node)


def _funding(node: dict[str, Any], index: NodeIndex) -> list[str]:
    out: list[str] = []
    for grant in (index.resolve(v) for v in as_list(node.get("funding"))):
        if isinstance(grant, dict):
            funders = texts_of(grant.get("funder"), index)
            label = " ".join(p for p in (text_of(grant), text_of(grant.get("identifier"))) if p)
            out.append(clean(" ".join([*funders, label])) or "")
        elif clean(grant):
            out.append(str(clean(grant)))
    return [*[x for x in out if x], *texts_of(node.get("funder"), index)]


_AGENT_KEYS: tuple[tuple[FieldName, tuple[str, ...]], ...] = (
    ("creators", ("creator", "author")),
    ("contributors", ("contributor",)),
    ("publishers", ("publisher",)),
    ("rights_holders", ("copyrightHolder",)),
)


def _agents(node: dict[str, Any], index: NodeIndex, f: FieldsBuilder) -> None:
    for field, keys in _AGENT_KEYS:
        found = [agent(value, index) for key in keys for value in as_list(node.get(key))]
        f.extend(field, _unique_agents([a for a in found if a]))


def _unique_agents(agents: list[Any]) -> list[Any]:
    """``author`` and ``creator`` often repeat the same people: keep each name once."""
    seen: set[str] = set()
    out = []
    for item in agents:
        key = item.name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _dates_types_rights(node: dict[str, Any], index: NodeIndex, f: FieldsBuilder) -> None:
    for key, kind in _DATES.items():
        for value in texts_of(node.get(key), index):
            f.add("dates", DateInfo(type=kind, value=value))
    f.year(clean(as_list(node.get("datePublished") or [None])[0]))
    for name in types_of(node):
        f.add("resource_types", ResourceType(value=name, vocabulary="schema.org"))
    for extra in type_names(node.get("additionalType")):
        f.add("resource_types", ResourceType(value=extra, vocabulary="free"))
    f.extend("licenses", [lic for lic in (license_of(v, index) for v in as_list(node.get("license"))) if lic])
    free = node.get("isAccessibleForFree")
    if free is not None:
        flag = str(free).strip().lower() in ("true", "1", "yes")
        f.add("access_rights", AccessRights(value=f"isAccessibleForFree={str(flag).lower()}"))
    for text in texts_of(node.get("conditionsOfAccess"), index):
        f.add("access_rights", AccessRights(value=text))


def _files_relations(node: dict[str, Any], index: NodeIndex, f: FieldsBuilder) -> None:
    parts = [index.resolve(v) for k in ("distribution", "associatedMedia", "encoding") for v in as_list(node.get(k))]
    parts += [p for p in (index.resolve(v) for v in as_list(node.get("hasPart"))) if _is_file(p)]  # RO-Crate
    if node.get("contentUrl"):
        parts.append(node)
    for part in (p for p in parts if isinstance(p, dict)):
        file = content_file(part) if part.get("contentUrl") or _is_file(part) else None
        if file:
            f.add("content_files", file)
            f.add("formats", file.media_type)
        elif part.get("url"):
            f.add(
                "services",
                ServiceEndpoint(
                    url=str(clean(part["url"])),
                    protocol=text_of(part.get("encodingFormat")) or ",".join(types_of(part)) or None,
                ),
            )
    for key in RELATIONS:
        f.extend("related", [r for r in (related_of(v, key, index) for v in as_list(node.get(key))) if r])
    reverse = node.get("@reverse")
    for key, values in (reverse if isinstance(reverse, dict) else {}).items():
        f.extend("related", [r for r in (related_of(v, f"^{key}", index) for v in as_list(values)) if r])


def _is_file(node: Any) -> bool:
    return isinstance(node, dict) and bool(set(types_of(node)) & {"File", "MediaObject", "DataDownload"})


def _provenance(node: dict[str, Any], index: NodeIndex, f: FieldsBuilder) -> None:
    for key in (*_PROV_AGENTS, *_PROV_REFS):
        vocabulary = "prov" if key.startswith("prov:") else "schema.org"
        for value in texts_of(node.get(key), index):
            f.add("provenance", ProvenanceElement(element=key, value=value, vocabulary=vocabulary))


_MAPPERS: tuple[Callable[[dict[str, Any], NodeIndex, FieldsBuilder], None], ...] = (
    _core,
    _agents,
    _dates_types_rights,
    _files_relations,
    _provenance,
)
