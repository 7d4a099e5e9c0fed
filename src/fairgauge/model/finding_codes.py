"""The catalogue of harvest finding codes: every code the harvester emits, with its severity and meaning.

Codes are a contract (scripts filter on them); the catalogue is where each is declared once. Tests check
that every code the harvester emits (found in its sources and collected from harvesting the corpus) has
an entry and is never emitted more severely than catalogued, and ``docs/finding-codes.md`` is generated
from it (``python -m fairgauge.model.finding_codes > docs/finding-codes.md``; a test keeps it current).

``parse_failure`` marks codes that mean "the document answered but could not be read": a harvesting step
whose documents only gave such findings ended in ``parse_error`` (so checks report ``error``, not ``fail``).
Check verdict codes (``<check id>/<reason>``) are declared on the checks themselves; FAIRtracks problem
codes (``tracks.*``) in the FAIRtracks problem table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fairgauge.model.findings import Severity

Family = Literal["identifier", "landing", "render", "signposting", "extract", "content"]
FAMILY_TITLES: dict[Family, str] = {
    "identifier": "Identifier (how the input was read)",
    "landing": "Landing page",
    "render": "JavaScript rendering of the landing page",
    "signposting": "FAIR Signposting and typed links",
    "extract": "Metadata extraction (every parser)",
    "content": "Data content sampling",
}


@dataclass(frozen=True)
class CodeInfo:
    """One finding code: its highest severity, what it means, and whether it means 'unreadable'."""

    code: str
    severity: Severity
    meaning: str
    parse_failure: bool = False

    @property
    def family(self) -> str:
        return self.code.split(".", 1)[0]


_ENTRIES: tuple[CodeInfo, ...] = (
    # identifier
    CodeInfo(
        "identifier.https_assumed",
        "info",
        "The identifier was given without a scheme (e.g. zenodo.org/records/1); it was read as an https URL.",
    ),
    # landing
    CodeInfo("landing.tombstone", "info", "The landing page answers 410 Gone: a tombstone of withdrawn data."),
    CodeInfo("landing.access_denied", "warning", "The landing page answers 401, 402 or 403: access is restricted."),
    CodeInfo("landing.http_error", "warning", "The landing page answers another HTTP error status (4xx, 5xx)."),
    CodeInfo(
        "landing.javascript_generated",
        "warning",
        "The landing page is mostly script with little text: machines that do not run JavaScript see little.",
    ),
    # render
    CodeInfo("render.failed", "error", "The landing page could not be rendered or the rendered page read.", True),
    CodeInfo(
        "render.unavailable",
        "error",
        "The page looks script-generated but no browser could render it (an error only when rendering was asked).",
    ),
    CodeInfo(
        "render.metadata_rendered_only",
        "warning",
        "Some metadata is written by JavaScript: only crawlers that run a browser see it.",
    ),
    CodeInfo("render.request_cap", "warning", "The rendered page asked for more resources than the cap allows."),
    CodeInfo("render.time_budget", "warning", "The rendered page had not finished loading within its time budget."),
    CodeInfo("render.request_refused", "warning", "The network guard refused a sub-request of the rendered page."),
    CodeInfo("render.request_failed", "info", "A sub-request of the rendered page failed."),
    CodeInfo("render.request_not_made", "info", "A sub-request of the rendered page was not made (only GET/HEAD are)."),
    # signposting
    CodeInfo("signposting.absent", "info", "No FAIR Signposting links were found (headers, HTML or linksets)."),
    CodeInfo(
        "signposting.linksets_capped",
        "warning",
        "More rel=linkset documents are listed than max_linksets allows; only the first ones were read.",
    ),
    CodeInfo(
        "signposting.metadata_links_capped",
        "warning",
        "More metadata links are listed than max_followed_metadata_links allows; only the first were followed.",
    ),
    CodeInfo("signposting.cite_as_missing", "warning", "Signposting is used but gives no cite-as link."),
    CodeInfo("signposting.cite_as_conflict", "warning", "Several different cite-as links are given."),
    CodeInfo("signposting.cite_as_not_persistent", "info", "The cite-as link is not a persistent identifier."),
    CodeInfo("signposting.describedby_missing", "warning", "No describedby link points to a metadata record."),
    CodeInfo("signposting.describedby_without_type", "warning", "A describedby link declares no media type."),
    CodeInfo("signposting.item_without_type", "warning", "An item link declares no media type."),
    CodeInfo("signposting.link_header_invalid", "warning", "A Link header cannot be parsed (RFC 8288)."),
    CodeInfo("signposting.link_invalid", "warning", "A link's target or anchor is not a URL; the link is ignored."),
    CodeInfo(
        "signposting.linkset_anchor_mismatch", "warning", "No link context (anchor) of a linkset is the landing page."
    ),
    CodeInfo(
        "signposting.linkset_content_type",
        "warning",
        "A linkset is served with a media type other than application/linkset(+json).",
    ),
    CodeInfo("signposting.linkset_invalid", "warning", "A linkset document is not valid (RFC 9264)."),
    CodeInfo("signposting.linkset_unavailable", "warning", "A linkset could not be fetched."),
    CodeInfo("signposting.target_unavailable", "warning", "A describedby, meta or alternate target could not be read."),
    CodeInfo("signposting.type_malformed", "warning", "A link's type is not a type/subtype media type."),
    CodeInfo("signposting.type_mismatch", "warning", "A link declares one media type but the target serves another."),
    CodeInfo(
        "signposting.type_only_about_page",
        "warning",
        "The rel=type links name only AboutPage, not the type of the object.",
    ),
    # extract
    CodeInfo("extract.empty", "error", "The document is empty.", parse_failure=True),
    CodeInfo("extract.internal_error", "error", "A parser failed on the document (a bug: please report it).", True),
    CodeInfo("extract.encoding.invalid", "error", "The text is not in its declared or expected encoding.", True),
    CodeInfo(
        "extract.nesting_too_deep",
        "error",
        "A document (or a part of it) nests deeper than the nesting limit; that part was not read.",
    ),
    CodeInfo(
        "extract.html.link_invalid", "warning", "A <link> href or anchor in the page is not a URL; it is ignored."
    ),
    CodeInfo("extract.html.base_invalid", "warning", "The page's <base> href is not a URL; it is ignored."),
    CodeInfo(
        "extract.html.microdata_value_invalid",
        "warning",
        "A microdata URL or itemref would break the microdata reader; the microdata is ignored.",
    ),
    CodeInfo("extract.jsonld.context_invalid", "warning", "A JSON-LD @context string is not a URL; it is ignored."),
    CodeInfo("extract.jsonld.id_invalid", "warning", "A JSON-LD @id is not one string; it is ignored."),
    CodeInfo("extract.format.unknown", "warning", "The document's format was not recognised."),
    CodeInfo("extract.media_type.mismatch", "info", "The declared media type names another family than the body."),
    CodeInfo("extract.wrong_document", "error", "The document is of another kind than the one asked for.", True),
    CodeInfo("extract.json.malformed", "error", "The JSON cannot be read.", parse_failure=True),
    CodeInfo("extract.json.unknown_shape", "warning", "The JSON is not a known metadata format."),
    CodeInfo("extract.jsonld.invalid", "error", "The JSON-LD cannot be expanded.", parse_failure=True),
    CodeInfo("extract.jsonld.not_object", "error", "The JSON-LD is neither an object nor an array.", True),
    CodeInfo(
        "extract.jsonld.context_unavailable",
        "warning",
        "A JSON-LD context is neither bundled nor inline; it is not fetched (so terms may be lost).",
    ),
    CodeInfo("extract.schemaorg.no_entity", "warning", "The JSON-LD has no node that describes a creative work."),
    CodeInfo("extract.html.malformed", "error", "The HTML cannot be parsed.", parse_failure=True),
    CodeInfo("extract.html.jsonld_invalid", "warning", "A JSON-LD block in the page is not valid JSON; it is ignored."),
    CodeInfo("extract.html.rdfa_failed", "warning", "RDFa could not be extracted from the page."),
    CodeInfo("extract.xml.malformed", "error", "The XML is not well-formed.", parse_failure=True),
    CodeInfo(
        "extract.xml.entities_refused",
        "error",
        "The XML declares entities (possible entity expansion or external entity attack); it is not parsed.",
        parse_failure=True,
    ),
    CodeInfo("extract.xml.unknown_root", "warning", "No parser knows the XML root element."),
    CodeInfo("extract.rdf.malformed", "error", "The RDF is not valid in its syntax.", parse_failure=True),
    CodeInfo("extract.rdf.empty_graph", "warning", "The RDF graph has no statements."),
    CodeInfo("extract.datacite.missing_creator", "error", "The DataCite record has no creator (mandatory)."),
    CodeInfo("extract.datacite.missing_title", "error", "The DataCite record has no title (mandatory)."),
    CodeInfo(
        "extract.datacite.filled_from_xml",
        "info",
        "Fields empty in a DataCite JSON record were read from its embedded (base64) DataCite XML.",
    ),
    CodeInfo(
        "extract.datacite.xml_unreadable",
        "warning",
        "The DataCite record's embedded XML cannot be decoded or parsed; only its JSON was read.",
    ),
    CodeInfo(
        "extract.oai.error",
        "error",
        "The OAI-PMH endpoint answered with a protocol error (noRecordsMatch is only info).",
    ),
    CodeInfo("extract.crossref.missing_title", "warning", "A Crossref (or CSL JSON) record of the work has no title."),
    CodeInfo("extract.re3data.empty", "warning", "The re3data document describes no repository."),
    CodeInfo("extract.oai.deleted", "warning", "The OAI-PMH record is marked deleted."),
    CodeInfo("extract.csw.exception", "error", "The CSW endpoint answered with an exception report."),
    CodeInfo("extract.csw.no_record", "warning", "The CSW response holds no record."),
    CodeInfo("extract.sparql.empty", "warning", "The SPARQL result has no rows."),
    CodeInfo("extract.sparql.not_triples", "warning", "The SPARQL result does not bind subject, predicate, object."),
    # content
    CodeInfo(
        "content.libmagic_missing",
        "warning",
        "The libmagic library is not installed: data files are typed by extension and served type only.",
    ),
)

CATALOGUE: dict[str, CodeInfo] = {}
for _entry in _ENTRIES:
    if _entry.code in CATALOGUE:
        raise ValueError(f"finding code {_entry.code} is catalogued twice")
    CATALOGUE[_entry.code] = _entry

_PARSE_FAILURES = frozenset(entry.code for entry in _ENTRIES if entry.parse_failure)


def is_parse_failure(code: str) -> bool:
    """Whether a finding says a document answered but could not be read."""
    return code in _PARSE_FAILURES


def markdown() -> str:
    """The catalogue as the Markdown page ``docs/finding-codes.md``."""
    lines = [
        "# Harvest finding codes",
        "",
        "<!-- Generated from src/fairgauge/model/finding_codes.py: "
        "python -m fairgauge.model.finding_codes > docs/finding-codes.md -->",
        "",
        "Every finding the harvester reports has a stable code (scripts may rely on it), a severity and a "
        "message for people. This page lists every harvest code with its highest severity and meaning. "
        "Codes marked *unreadable* mean a document answered but could not be read: a harvesting step that "
        "got only such documents ends in `parse_error`, and the tests depending on it report `error` "
        "(could not evaluate), never `fail`.",
        "",
        "Check verdicts have codes of their own (`<check id>/<reason>`, declared on each check; "
        "`fairgauge metrics show` names each test's check and the harvesting steps its evidence comes "
        "from); every check may also report `<check id>/evidence_unavailable` (the "
        "harvesting steps its evidence comes from failed) and `<check id>/not_assessed` (the object was not "
        "reached). FAIRtracks problems (`tracks.*`) are listed in the FAIRtracks documentation.",
    ]
    for family, title in FAMILY_TITLES.items():
        lines += ["", f"## {title}", "", "| Code | Severity | Meaning |", "| --- | --- | --- |"]
        for entry in _ENTRIES:
            if entry.family == family:
                note = " *(unreadable)*" if entry.parse_failure else ""
                lines.append(f"| `{entry.code}` | {entry.severity} | {entry.meaning}{note} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - the docs generator
    import sys

    sys.stdout.write(markdown())
