"""HTML ``<meta>`` metadata: Dublin Core (DC.* / DCTERMS.*), Highwire (citation_*), OpenGraph (og:*).

Each family becomes its own record (method ``meta_tag`` or ``opengraph``) so that checks can tell which
one a page offers; the merge then combines them with the structured records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fairgauge.extract.dublincore import DC_NS, DCTERMS_NS, map_dc
from fairgauge.extract.normalize import clean, identifier_ref, iso_date, scheme_from_form
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.model.metadata import Agent, ContentFile, DateInfo, FieldName, MetadataRecord, ResourceType

OGP_NS = "http://ogp.me/ns#"
HIGHWIRE_SCHEMA = "http://scholar.google.com/intl/en/scholar/inclusion.html#indexing"
_HIGHWIRE_TEXT: dict[str, FieldName] = {
    "citation_title": "titles",
    "citation_keywords": "keywords",
    "citation_language": "languages",
    "citation_abstract": "descriptions",
    "citation_abstract_html_url": "landing_pages",
    "citation_public_url": "landing_pages",
}
_HIGHWIRE_DATES = {
    "citation_publication_date": "issued",
    "citation_date": "issued",
    "citation_online_date": "available",
    "citation_cover_date": "other",
}
_OG_TEXT: dict[str, FieldName] = {
    "og:title": "titles",
    "og:description": "descriptions",
    "og:locale": "languages",
}
# Schemes whose URLs name the object itself rather than a page about it (og:url, rel=canonical).
PID_SCHEMES = frozenset({"doi", "handle", "ark", "urn"})


@dataclass
class MetaTags:
    """The page's meta tags by family, in document order: (name, content, scheme)."""

    dc: list[tuple[str, str]] = field(default_factory=list)
    highwire: list[tuple[str, str]] = field(default_factory=list)
    opengraph: list[tuple[str, str]] = field(default_factory=list)
    dc_namespaces: dict[str, str] = field(default_factory=dict)
    canonical: list[str] = field(default_factory=list)

    def add(self, name: str | None, prop: str | None, content: str | None) -> None:
        if content is None:
            return
        key = (name or prop or "").strip()
        lower = key.lower()
        if lower.startswith(("dc.", "dcterms.", "dct.")):
            prefix, _, element = key.partition(".")
            self.dc.append((f"{prefix.upper()}.{element}", content))
        elif lower.startswith("citation_"):
            self.highwire.append((lower, content))
        elif (prop or "").lower().startswith("og:") or lower.startswith("og:"):
            self.opengraph.append((lower, content))


def dc_record(tags: MetaTags, source: Source) -> MetadataRecord | None:
    if not tags.dc:
        return None
    fields = FieldsBuilder()
    map_dc([(name.partition(".")[2], value) for name, value in tags.dc], fields)
    uses_terms = any(name.startswith(("DCTERMS.", "DCT.")) for name, _ in tags.dc)
    namespaces = [DC_NS, *([DCTERMS_NS] if uses_terms else []), *tags.dc_namespaces.values()]
    return make_record(source, "dublin-core", fields, schema=DC_NS, namespaces=namespaces, fmt="html-meta")


def highwire_record(tags: MetaTags, source: Source) -> MetadataRecord | None:
    if not tags.highwire:
        return None
    f = FieldsBuilder()
    authors: list[Agent] = []
    for name, raw in tags.highwire:
        value = clean(raw)
        if not value:
            continue
        if name == "citation_keywords":  # one tag per keyword, or several separated by ';'
            f.extend("keywords", [k for k in (clean(p) for p in value.split(";")) if k])
        elif name in _HIGHWIRE_TEXT:
            f.add(_HIGHWIRE_TEXT[name], value)
        elif name == "citation_author":
            authors.append(Agent(name=value))
        elif name in ("citation_author_orcid", "citation_author_institution") and authors:
            authors[-1] = _amend(authors[-1], name, value)
        elif name in _HIGHWIRE_DATES:
            f.add("dates", _date(_HIGHWIRE_DATES[name], value))
            f.year(value)
        elif name == "citation_doi":
            f.add("identifiers", identifier_ref(value, "doi"))
        elif name == "citation_publisher":
            f.add("publishers", Agent(name=value))
        elif name == "citation_pdf_url":
            f.add("content_files", ContentFile(url=value, media_type="application/pdf"))
    f.extend("creators", authors)
    return make_record(source, "highwire", f, schema=HIGHWIRE_SCHEMA, fmt="html-meta")


def _date(kind: str, value: str) -> DateInfo:
    """Highwire writes dates year first with slashes: the ISO 8601 value, and the original as found."""
    normalised = iso_date(value)
    if normalised is None:
        return DateInfo(type=kind, value=value)
    return DateInfo(type=kind, value=normalised, as_found=value)


def _amend(author: Agent, name: str, value: str) -> Agent:
    if name == "citation_author_orcid":
        ref = identifier_ref(value, "orcid")
        return author.model_copy(update={"identifiers": [*author.identifiers, *([ref] if ref else [])]})
    return author.model_copy(update={"affiliations": [*author.affiliations, value]})


def opengraph_record(tags: MetaTags, source: Source) -> MetadataRecord | None:
    """OpenGraph: og:url is the object's PID when it is one (blog platforms such as Rogue Scholar put the
    DOI there), else a landing page; og:site_name names the site, which F-UJI reads as the publisher (the
    merge ranks it below every other publisher source)."""
    if not tags.opengraph:
        return None
    f = FieldsBuilder()
    for name, raw in tags.opengraph:
        value = clean(raw)
        if not value:
            continue
        if name in _OG_TEXT:
            f.add(_OG_TEXT[name], value)
        elif name == "og:url":
            _url_or_pid(value, f)
        elif name == "og:site_name":
            f.add("publishers", Agent(name=value))
        elif name == "og:type":
            f.add("resource_types", ResourceType(value=value, vocabulary="opengraph"))
    return make_record(source, "opengraph", f, schema=OGP_NS, namespaces=[OGP_NS], fmt="html-meta")


def canonical_record(tags: MetaTags, source: Source) -> MetadataRecord | None:
    """``<link rel="canonical">`` naming a PID (a DOI URL): the page says that PID is the object's identifier.
    A canonical URL that is just the page's own address says nothing more and gives no record."""
    pids = [url for url in tags.canonical if scheme_from_form(url) in PID_SCHEMES]
    if not pids:
        return None
    f = FieldsBuilder()
    for url in pids:
        f.add("identifiers", identifier_ref(url))
    return make_record(source, "html-link", f, fmt="html-link")


def _url_or_pid(value: str, f: FieldsBuilder) -> None:
    if scheme_from_form(value) in PID_SCHEMES:
        f.add("identifiers", identifier_ref(value))
    else:
        f.add("landing_pages", value)
