"""Safe XML parsing and namespace-agnostic look-ups for the XML extractors.

Metadata XML comes from servers we do not trust: a DTD that declares entities (billion laughs,
external entities pointing at local files or URLs) is refused with a finding before parsing, and lxml
is told never to load DTDs, resolve entities or touch the network. Look-ups use ``{*}`` wildcards so a
record parses the same whatever prefix or (kernel) namespace version it uses.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from lxml import etree

from fairgauge.extract.normalize import clean
from fairgauge.model.findings import Finding, finding

Element: TypeAlias = etree._Element
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def parse_xml(body: bytes, url: str | None) -> tuple[Element | None, list[Finding]]:
    """The root element, or None and a finding (empty, entity declarations, not well-formed)."""
    if not body.strip():
        return None, [finding("extract.empty", "error", "The document is empty.", url=url)]
    if _ENTITY.search(body[:65536]) or (b"<!DOCTYPE" in body and _ENTITY.search(body)):
        return None, [
            finding(
                "extract.xml.entities_refused",
                "error",
                "The XML declares entities (possible entity expansion or external entity attack); it was not parsed.",
                url=url,
            )
        ]
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        return None, [
            finding(
                "extract.xml.malformed",
                "error",
                f"The XML is not well-formed: {error}",
                url=url,
                line=getattr(error, "lineno", None),
            )
        ]
    except ValueError as error:  # e.g. an encoding declaration lxml cannot honour
        return None, [finding("extract.xml.malformed", "error", f"The XML cannot be read: {error}", url=url)]
    if root is None:
        return None, [finding("extract.xml.malformed", "error", "The XML has no root element.", url=url)]
    return root, []


def local(element: Element) -> str:
    """The local name of an element ('' for comments and processing instructions)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def namespace(element: Element) -> str | None:
    tag = element.tag
    return etree.QName(tag).namespace if isinstance(tag, str) else None


def namespaces(root: Element) -> list[str]:
    """Every namespace declared or used in the document, in document order."""
    seen: dict[str, None] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for uri in element.nsmap.values():
            if uri:
                seen.setdefault(uri, None)
        ns = namespace(element)
        if ns:
            seen.setdefault(ns, None)
    return list(seen)


def schema_location(root: Element) -> str | None:
    """The first schema URL of xsi:schemaLocation / noNamespaceSchemaLocation, when given."""
    value = root.get(f"{{{_XSI}}}schemaLocation") or root.get(f"{{{_XSI}}}noNamespaceSchemaLocation")
    parts = (value or "").split()
    return parts[-1] if parts else None


def text(element: Element | None, path: str) -> str | None:
    """Cleaned text of the first match of a path (all descendant text, so mixed content counts)."""
    if element is None:
        return None
    found = element.find(path)
    return clean("".join(found.itertext())) if found is not None else None


def texts(element: Element | None, path: str) -> list[str]:
    """Cleaned texts of every match, empties dropped."""
    if element is None:
        return []
    values = (clean("".join(found.itertext())) for found in element.iterfind(path))
    return [value for value in values if value]


def own_text(element: Element | None) -> str | None:
    return clean("".join(element.itertext())) if element is not None else None
