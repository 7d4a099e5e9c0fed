"""The XML record formats: how each root element is recognised and which mapper reads it.

Part of the registry in :mod:`fairgauge.extract.formats`; it sits inside ``xml/`` so that the XML
dispatcher reads it without importing back up into the package that imports the dispatcher.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fairgauge.extract.records import Source
from fairgauge.extract.xml.datacite import map_datacite_xml
from fairgauge.extract.xml.ddi import map_ddi
from fairgauge.extract.xml.dif import map_dif
from fairgauge.extract.xml.dublincore import OAI_DC_NS, is_csw_record, map_csw_record, map_oai_dc
from fairgauge.extract.xml.eml import map_eml
from fairgauge.extract.xml.iso19139 import map_iso19139
from fairgauge.extract.xml.mods import map_mods
from fairgauge.extract.xml.pangaea import PANMD_NS, map_pangaea
from fairgauge.extract.xml.safe import Element
from fairgauge.model.metadata import MetadataRecord

Matcher = Callable[[str, str, Element], bool]


@dataclass(frozen=True)
class XmlFormat:
    """One XML record format: its kind name, how its root is recognised (namespace, local name, root), and
    its mapper. Envelopes that wrap such records (OAI-PMH, CSW, METS, ...) are unwrapped by the XML
    dispatcher and their inner roots come back to this table."""

    kind: str
    matches: Matcher
    mapper: Callable[[Element, Source], MetadataRecord]


XML_FORMATS: tuple[XmlFormat, ...] = (
    XmlFormat(
        "datacite-xml",
        lambda ns, ln, _: ln == "resource" and ns.startswith("http://datacite.org/schema/"),
        map_datacite_xml,
    ),
    XmlFormat("iso19139", lambda ns, ln, _: ln in ("MD_Metadata", "MI_Metadata"), map_iso19139),
    XmlFormat("dif", lambda ns, ln, _: ln == "DIF", map_dif),
    XmlFormat("ddi-codebook", lambda ns, ln, _: ln == "codeBook", map_ddi),
    XmlFormat("eml", lambda ns, ln, _: ln == "eml", map_eml),
    XmlFormat("mods", lambda ns, ln, _: ln == "mods", map_mods),
    XmlFormat("oai_dc", lambda ns, ln, _: ln == "dc" and ns == OAI_DC_NS, map_oai_dc),
    XmlFormat("csw-record", lambda ns, ln, root: is_csw_record(root), map_csw_record),
    XmlFormat("pangaea", lambda ns, ln, _: ln == "MetaData" and ns == PANMD_NS, map_pangaea),
)
