"""Dublin Core in XML: OAI-DC (``oai_dc:dc``) and OGC CSW records (csw:Record/SummaryRecord/BriefRecord)."""

from __future__ import annotations

from fairgauge.extract.dublincore import DC_NS, DCTERMS_NS, map_dc
from fairgauge.extract.normalize import clean
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.extract.xml.safe import Element, local, namespace, namespaces, own_text, text
from fairgauge.model.metadata import MetadataRecord

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
CSW_NS = "http://www.opengis.net/cat/csw/2.0.2"
_DC_NAMESPACES = (DC_NS, DCTERMS_NS)


def _dc_pairs(root: Element) -> list[tuple[str, str]]:
    """(element, text) for every DC/DCTERMS child; dc:rights' xlink or rdf:resource URL counts too."""
    pairs: list[tuple[str, str]] = []
    for child in root:
        if not isinstance(child.tag, str) or namespace(child) not in _DC_NAMESPACES:
            continue
        value = own_text(child) or clean(child.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}resource"))
        if value:
            pairs.append((local(child), value))
    return pairs


def map_oai_dc(root: Element, source: Source) -> MetadataRecord:
    fields = FieldsBuilder()
    map_dc(_dc_pairs(root), fields)
    return make_record(source, "oai_dc", fields, schema=OAI_DC_NS, namespaces=namespaces(root), fmt="xml")


def map_csw_record(root: Element, source: Source) -> MetadataRecord:
    """A CSW Dublin Core record; its ows:BoundingBox becomes spatial coverage."""
    fields = FieldsBuilder()
    map_dc(_dc_pairs(root), fields, vocabulary="dcterms")
    for box in root.iterfind("{*}BoundingBox"):
        corners = [text(box, "{*}LowerCorner"), text(box, "{*}UpperCorner")]
        fields.add("spatial_coverage", clean(" ".join(c for c in corners if c)))
    return make_record(source, "dublin-core", fields, schema=CSW_NS, namespaces=namespaces(root), fmt="xml")


def is_csw_record(root: Element) -> bool:
    return local(root) in ("Record", "SummaryRecord", "BriefRecord") and (namespace(root) or "").startswith(
        "http://www.opengis.net/cat/csw"
    )
