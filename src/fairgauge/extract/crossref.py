"""Crossref REST API works (``/works/{doi}``) and CSL JSON (DOI content negotiation of every agency).

Crossref's work JSON and CSL JSON (``application/vnd.citationstyles.csl+json``, which Crossref, DataCite,
mEDRA, JaLC and KISTI serve through the DOI resolver) spell bibliographic metadata the same way:
``DOI``, ``title``, ``author`` with ``given``/``family``/``ORCID``, ``issued.date-parts``, ``publisher``,
``type``. One mapping fills the common model from both; what only Crossref has (licences, funders,
relations, full-text links, references) is read when present.
"""

from __future__ import annotations

import re
from typing import Any

from fairgauge.extract.datacite_vocabularies import PROVENANCE_RELATIONS
from fairgauge.extract.normalize import as_list, clean, identifier_ref
from fairgauge.extract.records import FieldsBuilder, Source, make_record
from fairgauge.model.findings import finding
from fairgauge.model.metadata import (
    Agent,
    ContentFile,
    DateInfo,
    License,
    MetadataRecord,
    ProvenanceElement,
    RelatedResource,
    ResourceType,
)

CROSSREF_SCHEMA = "http://www.crossref.org/schema/"
CSL_SCHEMA = "https://resource.citationstyles.org/schema/latest/input/json/csl-data.json"
Json = dict[str, Any]
_TAG = re.compile(r"<[^>]+>")
# Crossref work types -> DataCite resourceTypeGeneral, so types compare across registries.
_GENERAL = {
    "dataset": "Dataset",
    "journal-article": "JournalArticle",
    "article-journal": "JournalArticle",
    "book": "Book",
    "monograph": "Book",
    "edited-book": "Book",
    "book-chapter": "BookChapter",
    "chapter": "BookChapter",
    "proceedings-article": "ConferencePaper",
    "paper-conference": "ConferencePaper",
    "posted-content": "Preprint",
    "report": "Report",
    "dissertation": "Dissertation",
    "thesis": "Dissertation",
    "peer-review": "PeerReview",
    "standard": "Standard",
    "component": "Component",
}
_DATES = (
    ("issued", "issued"),
    ("published", "published"),
    ("published-online", "published"),
    ("published-print", "published"),
    ("accepted", "accepted"),
    ("created", "created"),
)
_CONTRIBUTOR_ROLES = ("editor", "translator", "chair", "contributor")


def crossref_work(document: Any) -> Json | None:
    """The work inside a Crossref API answer (``{"message-type": "work", "message": {...}}``), or a CSL
    JSON item itself; None for anything else."""
    if not isinstance(document, dict):
        return None
    message = document.get("message")
    if document.get("message-type") == "work" and isinstance(message, dict):
        return message
    if "DOI" in document and "type" in document and any(k in document for k in ("title", "author", "issued")):
        return document
    return None


def map_crossref_work(work: Json, source: Source, *, csl: bool = False) -> MetadataRecord:
    """One record from a Crossref work or a CSL JSON item (``csl=True`` names the standard so)."""
    fields = FieldsBuilder()
    for mapper in (_identity, _agents, _dates_types, _rights_links, _relations_funding):
        mapper(work, fields)
    findings = (
        []
        if fields.values.get("titles")
        else [finding("extract.crossref.missing_title", "warning", "The work has no title.", url=source.url)]
    )
    schema = CSL_SCHEMA if csl else CROSSREF_SCHEMA
    return make_record(
        source,
        "csl" if csl else "crossref",
        fields,
        schema=schema,
        namespaces=[schema],
        findings=findings,
        fmt="json",
        raw_types=[t for t in [clean(work.get("type"))] if t],
    )


def _texts(value: Any) -> list[str]:
    return [t for t in (clean(v) for v in as_list(value)) if t]


def _identity(w: Json, f: FieldsBuilder) -> None:
    f.add("identifiers", identifier_ref(w.get("DOI"), "doi"))
    for item in as_list(w.get("alternative-id")):
        f.add("identifiers", identifier_ref(item))
    f.extend("titles", _texts(w.get("title")) + _texts(w.get("original-title")))
    abstract = clean(_TAG.sub(" ", w["abstract"])) if isinstance(w.get("abstract"), str) else None
    f.add("descriptions", abstract)
    f.extend("keywords", _texts(w.get("subject")) + _texts(w.get("keyword")))
    f.extend("languages", _texts(w.get("language")))
    f.extend("versions", _texts(w.get("version")))
    primary = (w.get("resource") or {}).get("primary") if isinstance(w.get("resource"), dict) else None
    f.add("landing_pages", clean(primary.get("URL")) if isinstance(primary, dict) else None)


def _agent(item: Any, role: str | None) -> Agent | None:
    if not isinstance(item, dict):
        return None
    given, family = clean(item.get("given")), clean(item.get("family"))
    name = clean(item.get("name")) or clean(item.get("literal")) or clean(" ".join(p for p in (given, family) if p))
    if not name:
        return None
    orcid = identifier_ref(item.get("ORCID"), "orcid") if item.get("ORCID") else None
    affiliations = [clean(a.get("name") if isinstance(a, dict) else a) for a in as_list(item.get("affiliation"))]
    return Agent(
        name=name,
        given_name=given,
        family_name=family,
        kind="person" if (given or family or orcid) else "organization",
        identifiers=[orcid] if orcid else [],
        affiliations=[a for a in affiliations if a],
        role=role,
    )


def _agents(w: Json, f: FieldsBuilder) -> None:
    for author in (_agent(a, None) for a in as_list(w.get("author"))):
        f.add("creators", author)
        if author:
            f.add("provenance", ProvenanceElement(element="creator", value=author.name, vocabulary="crossref"))
    for role in _CONTRIBUTOR_ROLES:
        f.extend("contributors", [_agent(a, role) for a in as_list(w.get(role))])
    publisher = clean(w.get("publisher"))
    if publisher:
        f.add("publishers", Agent(name=publisher, kind="organization"))
        f.add("provenance", ProvenanceElement(element="publisher", value=publisher, vocabulary="crossref"))


def iso_date(value: Any) -> str | None:
    """``{"date-parts": [[2012, 3, 21]]}`` (or a ``date-time``) as ISO 8601: 2012-03-21, 2012-03, 2012."""
    if not isinstance(value, dict):
        return None
    parts = next(iter(as_list(value.get("date-parts"))), None)
    numbers = [p for p in as_list(parts) if isinstance(p, int) and not isinstance(p, bool)][:3]
    if numbers and 0 < numbers[0] < 10000:
        return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    return clean(value.get("date-time"))


def _dates_types(w: Json, f: FieldsBuilder) -> None:
    for key, kind in _DATES:
        text = iso_date(w.get(key))
        if text:
            f.add("dates", DateInfo(type=kind, value=text))
            f.add("provenance", ProvenanceElement(element=f"date:{key}", value=text, vocabulary="crossref"))
    f.year(iso_date(w.get("issued")) or iso_date(w.get("published")))
    work_type = clean(w.get("type"))
    if work_type:
        f.add("resource_types", ResourceType(value=work_type, vocabulary="crossref", general=_GENERAL.get(work_type)))


def _rights_links(w: Json, f: FieldsBuilder) -> None:
    for item in (i for i in as_list(w.get("license")) if isinstance(i, dict)):
        url = clean(item.get("URL"))
        if url:
            f.add("licenses", License(url=url))
    for item in (i for i in as_list(w.get("link")) if isinstance(i, dict)):
        url = clean(item.get("URL"))
        media = clean(item.get("content-type"))
        if url:
            f.add("content_files", ContentFile(url=url, media_type=None if media == "unspecified" else media))


def _relation_name(crossref_name: str) -> str:
    """``is-supplemented-by`` -> ``IsSupplementedBy`` (DataCite's spelling of the same relations)."""
    return "".join(part.capitalize() for part in crossref_name.split("-"))


def _relations_funding(w: Json, f: FieldsBuilder) -> None:
    relations = w.get("relation")
    for name, items in (relations if isinstance(relations, dict) else {}).items():
        for item in (i for i in as_list(items) if isinstance(i, dict)):
            _related(f, item.get("id"), item.get("id-type"), _relation_name(str(name)))
    for ref in (r for r in as_list(w.get("reference")) if isinstance(r, dict)):
        _related(f, ref.get("DOI"), "doi", "References")
    for issn in _texts(w.get("ISSN")):
        _related(f, issn, "issn", "IsPublishedIn")
    for funder in (x for x in as_list(w.get("funder")) if isinstance(x, dict)):
        parts = [clean(funder.get("name")), *_texts(funder.get("award"))]
        f.add("funding", clean(" ".join(p for p in parts if p)))


def _related(f: FieldsBuilder, ident: Any, kind: Any, relation: str) -> None:
    value = clean(ident)
    if not value:
        return
    scheme = (clean(kind) or "").lower() or None
    f.add("related", RelatedResource(identifier=value, identifier_type=scheme, relation_type=relation))
    if relation in PROVENANCE_RELATIONS:
        f.add("provenance", ProvenanceElement(element=relation, value=value, vocabulary="crossref"))
