"""Pure metadata parsers: bytes in, metadata records out. Nothing here touches the network.

Public API::

    parse_document(body, *, media_type, url, method) -> ParsedDocument   # any document, sniffed
    extract_embedded(html, url, *, content_type=None) -> EmbeddedResult  # landing pages
    parse_datacite_api(body, url) -> ParsedDocument                      # + repository (DataCite client)
    parse_crossref_api(body, url) -> ParsedDocument                      # Crossref works/{doi}
    parse_re3data(body, url) -> ParsedDocument                           # repository (re3data)
    parse_oai_pmh(body, url) -> ParsedDocument                           # standards or records
    parse_csw(body, url) -> ParsedDocument                               # standards or records
    parse_sparql(body, media_type, url) -> ParsedDocument                # records

Merging lives in :mod:`fairgauge.merge` (``merge_records``); the formats this package reads and how
each is recognised are listed in :mod:`fairgauge.extract.formats`.

None of them raises on bad input: problems are findings with stable codes::

    extract.empty                       empty body
    extract.encoding.invalid            not UTF-8 (JSON read as Windows-1252, warning)
    extract.format.unknown              body of no recognised family
    extract.media_type.mismatch         declared type names another family than the body (info)
    extract.internal_error              a parser bug caught at the public boundary
    extract.wrong_document              a focused entry point got another kind of document
    extract.xml.malformed / .entities_refused / .unknown_root
    extract.json.malformed / .unknown_shape
    extract.jsonld.context_unavailable / .invalid / .not_object
    extract.jsonld.context_invalid      a @context string that is not a URL (ignored)
    extract.jsonld.id_invalid           an @id that is not one string (ignored; params: count)
    extract.nesting_too_deep            nested deeper than limits.MAX_NESTING_DEPTH: not read (params: limit)
    extract.schemaorg.no_entity         JSON-LD without a creative-work node
    extract.rdf.malformed / .empty_graph
    extract.html.malformed / .jsonld_invalid / .rdfa_failed
    extract.html.link_invalid / .base_invalid      a <link> href/anchor or <base> that is not a URL
    extract.html.microdata_value_invalid           a microdata URL or itemref that breaks extruct
    extract.datacite.missing_creator / .missing_title
    extract.datacite.filled_from_xml    API JSON fields read from its embedded XML (info; params: fields)
    extract.datacite.xml_unreadable     the API's embedded XML could not be read (warning; JSON still used)
    extract.crossref.missing_title      Crossref work or CSL JSON item without a title
    extract.oai.error / .deleted        (params: oai_code)
    extract.csw.exception / .no_record
    extract.sparql.empty / .not_triples
"""

from fairgauge.extract.dispatch import parse_document
from fairgauge.extract.html.embedded import EmbeddedResult, extract_embedded
from fairgauge.extract.records import ParsedDocument
from fairgauge.extract.service_answers import (
    parse_crossref_api,
    parse_csw,
    parse_datacite_api,
    parse_oai_pmh,
    parse_re3data,
    parse_sparql,
)

__all__ = [
    "EmbeddedResult",
    "ParsedDocument",
    "extract_embedded",
    "parse_crossref_api",
    "parse_csw",
    "parse_datacite_api",
    "parse_document",
    "parse_oai_pmh",
    "parse_re3data",
    "parse_sparql",
]
