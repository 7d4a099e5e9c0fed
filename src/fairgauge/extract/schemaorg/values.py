"""schema.org values to model objects: agents, licences, identifiers, files, related resources.

schema.org lets nearly every property be a string, a URL, a node or an array of them; these functions
accept all of those shapes so that the field mapping can stay a flat table.
"""

from __future__ import annotations

from typing import Any

from fairgauge.extract.normalize import as_list, clean, identifier_ref, scheme_from_form, size_bytes
from fairgauge.extract.schemaorg.nodes import NodeIndex, strip_schema, types_of
from fairgauge.model.metadata import Agent, AgentKind, ContentFile, IdentifierRef, License, RelatedResource

_MAX_ROLE_NESTING = 4


def text_of(value: Any) -> str | None:
    """A label for a value: the text itself, or a node's name (else its @id / url)."""
    if isinstance(value, dict):
        for key in ("name", "value", "@id", "url"):
            label = clean(value.get(key)) if not isinstance(value.get(key), list) else None
            if label:
                return label
        return None
    return clean(value)


def texts_of(values: Any, index: NodeIndex) -> list[str]:
    labels = (text_of(index.resolve(value)) for value in as_list(values))
    return [label for label in labels if label]


def identifiers_of(node: dict[str, Any]) -> list[IdentifierRef]:
    """@id (unless a blank node) plus ``identifier`` as string, URL or PropertyValue."""
    refs: list[IdentifierRef | None] = []
    node_id = node.get("@id")
    if isinstance(node_id, str) and not node_id.startswith(("_:", "#", "./")) and scheme_from_form(node_id):
        refs.append(identifier_ref(node_id))
    for value in as_list(node.get("identifier")):
        if isinstance(value, dict):
            raw = value.get("value") or value.get("url") or value.get("@id")
            declared = value.get("propertyID")
            refs.append(identifier_ref(raw, declared if isinstance(declared, str) else None))
        else:
            refs.append(identifier_ref(value))
    return list(dict.fromkeys(ref for ref in refs if ref is not None))  # by hash: pydantic == is slow


def agent(value: Any, index: NodeIndex, role: str | None = None, *, _unwrapped: int = 0) -> Agent | None:
    """A Person/Organization node or a bare name; ORCID/ROR ids from @id, identifier and sameAs.

    A Role wraps the agent; a Role that (through @id references) wraps itself is followed only a few times.
    """
    node = index.resolve(value)
    if not isinstance(node, dict):
        name = clean(node)
        return Agent(name=name, role=role) if name else None
    if "Role" in types_of(node):
        inner = next((node[k] for k in ("creator", "author", "contributor") if k in node), None)
        if not inner or _unwrapped >= _MAX_ROLE_NESTING:
            return None
        return agent(as_list(inner)[0], index, text_of(node.get("roleName")), _unwrapped=_unwrapped + 1)
    given, family = clean(node.get("givenName")), clean(node.get("familyName"))
    name = clean(node.get("name")) or " ".join(p for p in (given, family) if p) or None
    if not name:
        return None
    kinds = set(types_of(node))
    kind: AgentKind | None = (
        "person" if "Person" in kinds else "organization" if any(_is_organization(t) for t in kinds) else None
    )
    ids = identifiers_of(node) + [r for r in (identifier_ref(s) for s in as_list(node.get("sameAs"))) if r]
    return Agent(
        name=name,
        given_name=given,
        family_name=family,
        kind=kind,
        identifiers=list(dict.fromkeys(ids)),
        affiliations=texts_of(node.get("affiliation"), index),
        role=role,
    )


def _is_organization(type_name: str) -> bool:
    """Organization and its subtypes (ResearchOrganization, EducationalOrganization, Corporation, ...)."""
    return type_name.endswith("Organization") or type_name in ("Corporation", "Consortium", "NGO", "FundingScheme")


def license_of(value: Any, index: NodeIndex) -> License | None:
    """A licence as URL, name, or CreativeWork node (url/@id, name, identifier)."""
    node = index.resolve(value)
    if isinstance(node, dict):
        url = clean(node.get("url")) or clean(node.get("@id"))
        name, ident = clean(node.get("name")), text_of(node.get("identifier"))
        return License(url=url, name=name, identifier=ident) if (url or name or ident) else None
    text = clean(node)
    if not text:
        return None
    return License(url=text) if scheme_from_form(text) == "url" else License(name=text)


def related_of(value: Any, relation: str, index: NodeIndex) -> RelatedResource | None:
    """A related resource named by @id, identifier, url or (for citations) its text."""
    node = index.resolve(value)
    if isinstance(node, dict):
        ident = (
            clean(node.get("@id"))
            or text_of(as_list(node.get("identifier") or [None])[0])
            or clean(node.get("url"))
            or clean(node.get("name"))
        )
        kind = ",".join(types_of(node)) or None
    else:
        ident, kind = clean(node), None
    if not ident:
        return None
    return RelatedResource(
        identifier=ident, identifier_type=scheme_from_form(ident), relation_type=relation, resource_type=kind
    )


def content_file(node: dict[str, Any]) -> ContentFile | None:
    """A DataDownload/MediaObject with a contentUrl (or url) as a content file."""
    url = clean(as_list(node.get("contentUrl") or node.get("url") or [None])[0]) or _url_id(node.get("@id"))
    if not url:
        return None
    size_raw = node.get("contentSize")
    media = clean(as_list(node.get("encodingFormat") or node.get("fileFormat") or [None])[0])
    return ContentFile(
        url=url,
        name=clean(node.get("name")),
        size=size_bytes(size_raw),
        size_text=clean(size_raw),
        media_type=media,
        checksum=text_of(node.get("sha256")),
    )


def _url_id(value: Any) -> str | None:
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def type_names(value: Any) -> list[str]:
    return [strip_schema(v) for v in as_list(value) if isinstance(v, str)]
