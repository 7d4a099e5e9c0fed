"""Read-only views over the harvest bundle that several checks share (data links, record groups, ...)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

from fairgauge.identifiers import parse_identifier
from fairgauge.metrics.base import Evidence
from fairgauge.model.harvest import ContentSample, HarvestStep
from fairgauge.model.identifiers import Identifier
from fairgauge.model.metadata import EMBEDDED_METHODS, MetadataRecord, RelatedResource
from fairgauge.model.signposting import about_landing

RDF_FORMATS = frozenset({"json-ld", "turtle", "rdf-xml", "n-triples", "n3", "trig", "n-quads", "rdfa"})
EXTERNAL_METHODS = frozenset({"content_negotiation", "signposting", "typed_link", "linkset", "sparql"})
# Where a PID registry's own record of the object comes from (DataCite, Crossref, other agencies).
REGISTRY_STEPS: tuple[HarvestStep, ...] = ("datacite_api", "crossref_api", "registry_conneg")
# Where metadata records come from: the evidence of every check that reads metadata.
METADATA_STEPS: tuple[HarvestStep, ...] = (
    "landing_page",
    "signposting",
    "content_negotiation",
    *REGISTRY_STEPS,
    "metadata_service",
)
# Data checks read what metadata says about the files and what sampling the files showed.
DATA_STEPS: tuple[HarvestStep, ...] = (*METADATA_STEPS, "content_sampling")


@dataclass(frozen=True)
class DataLink:
    """A data file (or data PID) the metadata points to."""

    url: str
    media_type: str | None
    size: int | None
    size_text: str | None
    name: str | None
    source: str


_T = TypeVar("_T")
_MEMO = "_fairgauge_memo"


def _memo(evidence: Evidence, name: str, compute: Callable[[Evidence], _T]) -> _T:
    """``compute(evidence)`` once per evidence object: a dozen checks ask for the same views of one
    harvest. Kept in the instance's ``__dict__`` (as ``functools.cached_property`` does, so a frozen
    dataclass allows it); fields, equality and ``replace`` are untouched, and the evidence of an
    assessment is never changed after it is built."""
    memo: dict[str, Any] = evidence.__dict__.setdefault(_MEMO, {})
    if name not in memo:
        memo[name] = compute(evidence)
    value: _T = memo[name]
    return value


def landing_urls(evidence: Evidence) -> set[str]:
    return set(_memo(evidence, "landing_urls", _landing_urls))


def _landing_urls(evidence: Evidence) -> frozenset[str]:
    harvest = evidence.harvest
    return frozenset(u for u in (harvest.identifier.resolvable_url, harvest.landing_url) if u)


def data_links(evidence: Evidence) -> list[DataLink]:
    """Content files from merged metadata, then signposting ``item`` links; each URL once."""
    return list(_memo(evidence, "data_links", _data_links))


def _data_links(evidence: Evidence) -> tuple[DataLink, ...]:
    found: dict[str, DataLink] = {}
    for item in evidence.harvest.metadata.content_files:
        file = item.value
        source = ",".join(sorted({s.method for s in item.sources}))
        found.setdefault(file.url, DataLink(file.url, file.media_type, file.size, file.size_text, file.name, source))
    landing = landing_urls(evidence)
    for link in about_landing(evidence.harvest.signposting.links, landing):
        if link.rel == "item":
            found.setdefault(link.href, DataLink(link.href, link.type, None, None, None, f"signposting:{link.source}"))
    return tuple(found.values())


def samples_for(evidence: Evidence, urls: Iterable[str]) -> list[ContentSample]:
    wanted = set(urls)
    return [s for s in evidence.harvest.content_samples if s.url in wanted]


def object_pids(evidence: Evidence) -> list[Identifier]:
    """Persistent identifiers of the object: the input, the cite-as link, identifiers in metadata."""
    harvest = evidence.harvest
    candidates: list[Identifier] = [harvest.identifier]
    if harvest.signposting.cite_as:
        candidates.append(parse_identifier(harvest.signposting.cite_as))
    candidates += [parse_identifier(item.value.value) for item in harvest.metadata.identifiers if item.value.value]
    unique: dict[str, Identifier] = {}
    for ident in candidates:
        if ident.is_persistent and ident.scheme not in {"orcid", "ror", "isni"}:
            unique.setdefault(f"{ident.scheme}:{ident.normalized}", ident)
    return list(unique.values())


def records_by(
    evidence: Evidence, *, methods: Iterable[str] | None = None, formats: Iterable[str] | None = None
) -> list[MetadataRecord]:
    method_set = set(methods) if methods is not None else None
    format_set = set(formats) if formats is not None else None
    return [
        record
        for record in evidence.harvest.records
        if (method_set is None or record.method in method_set) and (format_set is None or record.format in format_set)
    ]


def embedded_records(evidence: Evidence) -> list[MetadataRecord]:
    return records_by(evidence, methods=EMBEDDED_METHODS)


def url_scheme(url: str) -> str:
    """The scheme of a URL ('' when the value is not a URL at all, e.g. ``http://[x]/``)."""
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""


def all_namespaces(records: Sequence[MetadataRecord]) -> list[str]:
    return list(dict.fromkeys(ns for record in records for ns in record.namespaces))


def sources_of(records: Sequence[MetadataRecord]) -> list[list[str]]:
    """F-UJI's ``[[standard, method], ...]`` pairs."""
    return [list(pair) for pair in dict.fromkeys((r.standard, r.method) for r in records)]


@lru_cache(maxsize=4096)
def reference_key(value: str) -> str:
    """One spelling per reference: a PID by scheme and normalised form, a URL without scheme, 'www.' or
    trailing slash (http://www.zenodo.org/record/1/ and https://zenodo.org/record/1 are one page).
    Cached: checks ask for the same few names many times per assessment, and parsing one is not cheap."""
    ident = parse_identifier(value.strip())
    if ident.is_persistent and ident.scheme != "url":
        return f"{ident.scheme}:{ident.normalized.lower()}"
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # "http://[x]/" names nothing: compare it as text
        return value.strip().casefold()
    if parts.scheme in ("http", "https") and parts.netloc:
        host = parts.netloc.lower().removeprefix("www.")
        return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")
    return value.strip().casefold()


def own_references(evidence: Evidence) -> set[str]:
    """Every way the object itself is named: the identifier as given and resolved, the landing page, the
    cite-as PID, and the identifiers and page URLs its metadata states."""
    return set(_memo(evidence, "own_references", _own_references))


def _own_references(evidence: Evidence) -> frozenset[str]:
    harvest = evidence.harvest
    names = [harvest.identifier.given, harvest.identifier.resolvable_url, harvest.landing_url]
    names += [harvest.pid_resolution.final_url, harvest.signposting.cite_as]
    names += [item.value.value for item in harvest.metadata.identifiers]
    names += harvest.metadata.values("landing_pages")
    return frozenset(reference_key(name) for name in names if name)


def related_resources(evidence: Evidence) -> tuple[list[RelatedResource], list[RelatedResource]]:
    """Related resources with a relation type, and apart those that point back at the object itself
    (schema.org mainEntityOfPage naming the landing page, sameAs naming its own DOI): a self-reference is
    not a related entity."""
    own = own_references(evidence)
    related: list[RelatedResource] = []
    selfish: list[RelatedResource] = []
    for item in evidence.harvest.metadata.related:
        if item.value.relation_type:
            (selfish if reference_key(item.value.identifier) in own else related).append(item.value)
    return related, selfish
