"""Pure metadata parsers: bytes in, metadata records out. Nothing here touches the network.

Public API::

    parse_document(body, *, media_type, url, method) -> ParsedDocument   # any document, sniffed
    extract_embedded(html, url, *, content_type=None) -> EmbeddedResult  # landing pages
    parse_datacite_api(body, url) -> ParsedDocument                      # + repository (DataCite client)
    parse_re3data(body, url) -> ParsedDocument                           # repository (re3data)
    parse_oai_pmh(body, url) -> ParsedDocument                           # standards or records
    parse_csw(body, url) -> ParsedDocument                               # standards or records
    parse_sparql(body, media_type, url) -> ParsedDocument                # records

Merging lives in :mod:`fairgauge.harvest.merge` (``merge_records``).

None of them raises on bad input: problems are findings with stable ``extract.*`` codes.
"""

from fairgauge.harvest.extractors.common import ParsedDocument
from fairgauge.harvest.extractors.dispatch import parse_document
from fairgauge.harvest.extractors.embedded import EmbeddedResult, extract_embedded
from fairgauge.harvest.extractors.entry import (
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
    "parse_csw",
    "parse_datacite_api",
    "parse_document",
    "parse_oai_pmh",
    "parse_re3data",
    "parse_sparql",
]
