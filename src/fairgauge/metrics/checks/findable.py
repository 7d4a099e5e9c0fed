"""F2, F3, F4: rich core metadata, the data identifier in the metadata, and metadata search engines read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from fairgauge.metrics.base import Check, CheckParams, CheckResult, Evidence, NoParams
from fairgauge.metrics.evidence import METADATA_STEPS, data_links, embedded_records, records_by, sources_of
from fairgauge.model.metadata import RENDERED_METHOD, MergedMetadata

_PUBLICATION_DATES = frozenset({"issued", "published", "available", "created", "publicationyear"})
SEARCH_STANDARDS = frozenset({"dublin-core", "schemaorg", "dcat"})
SEARCH_METHODS = frozenset({"rdfa", "microdata", "meta_tag", "json_in_html"})
# Search engines that render JavaScript (Google) read metadata scripts write into the page (FsF-F4-01M).
SEARCH_METHODS_RENDERED = SEARCH_METHODS | {RENDERED_METHOD}


def _publication_date(meta: MergedMetadata) -> list[str]:
    years = [str(y) for y in meta.values("publication_year")]
    dates = [d.value.value for d in meta.dates if d.value.type.lower() in _PUBLICATION_DATES]
    return dates[:1] or years[:1]


CoreElement = Literal[
    "creator", "title", "object_identifier", "publication_date", "publisher", "object_type", "summary", "keywords"
]
ELEMENTS: dict[CoreElement, Callable[[MergedMetadata], list[Any]]] = {
    "creator": lambda m: [c.value.name for c in m.creators],
    "title": lambda m: m.values("titles")[:1],
    "object_identifier": lambda m: [i.value.value for i in m.identifiers],
    "publication_date": _publication_date,
    "publisher": lambda m: [p.value.name for p in m.publishers],
    "object_type": lambda m: [t.value.value for t in m.resource_types],
    "summary": lambda m: [d[:300] for d in m.values("descriptions")[:1]],
    "keywords": lambda m: m.values("keywords"),
}
_WHERE: dict[CoreElement, str] = {
    "creator": "creator (schema.org) / creators (DataCite)",
    "title": "name (schema.org) / titles (DataCite)",
    "object_identifier": "identifier / @id (schema.org) / identifier (DataCite)",
    "publication_date": "datePublished (schema.org) / publicationYear (DataCite)",
    "publisher": "publisher (schema.org, DataCite)",
    "object_type": "@type (schema.org) / resourceTypeGeneral (DataCite)",
    "summary": "description (schema.org) / descriptions (DataCite)",
    "keywords": "keywords (schema.org) / subjects (DataCite)",
}


class MetadataAvailableCheck(Check[NoParams]):
    id = "f2.metadata_available"
    title = "Metadata is available via common web methods"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Embed schema.org JSON-LD in the landing page and offer metadata by content negotiation."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        records = evidence.harvest.records
        if records:
            methods = sorted({r.method for r in records})
            return self.passed("found", f"{len(records)} record(s) via {', '.join(methods)}")
        return self.failed("none", "no metadata found on the landing page or by any machine method")


class CoreElementsParams(CheckParams):
    """Which core elements to require; empty means the check's own default set. An unknown element name is
    refused when the profile is loaded (it is a Literal), not when an assessment reaches the check."""

    elements: tuple[CoreElement, ...] = ()


class CoreMetadataCheck(Check[CoreElementsParams]):
    """All named core elements are present in the merged metadata."""

    id = "f2.core_metadata"
    title = "Core metadata elements are present"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/complete", f"{id}/partial", f"{id}/none")
    params_model = CoreElementsParams
    default_elements: ClassVar[tuple[CoreElement, ...]] = tuple(ELEMENTS)

    def evaluate(self, evidence: Evidence, params: CoreElementsParams) -> CheckResult:
        elements: Sequence[CoreElement] = params.elements or self.default_elements
        meta = evidence.harvest.metadata
        found = {name: ELEMENTS[name](meta) for name in elements}
        missing = [name for name, values in found.items() if not values]
        output = {
            "core_metadata_status": _status(len(missing), len(elements)),
            "core_metadata_found": {k: v if len(v) > 1 else v[0] for k, v in found.items() if v},
            "core_metadata_source": sources_of(evidence.harvest.records),
        }
        if not missing:
            return self.passed("complete", f"all of {', '.join(elements)} present", output)
        advice = "; ".join(_WHERE[m] for m in missing)
        reason = "none" if len(missing) == len(elements) else "partial"
        return self.failed(
            reason,
            f"missing: {', '.join(missing)}",
            output,
            missing=missing,
            recommendation=f"Add the missing core elements to the metadata: {advice}.",
        )


class CoreCitationMetadataCheck(CoreMetadataCheck):
    id = "f2.core_citation_metadata"
    title = "Core data citation metadata is available"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/complete", f"{id}/partial", f"{id}/none")
    default_elements = ("creator", "title", "object_identifier", "publication_date", "publisher", "object_type")


class CoreDescriptiveMetadataCheck(CoreMetadataCheck):
    id = "f2.core_descriptive_metadata"
    title = "Core descriptive metadata is available"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/complete", f"{id}/partial", f"{id}/none")
    default_elements = (*CoreCitationMetadataCheck.default_elements, "summary", "keywords")


def _status(missing: int, total: int) -> str:
    if missing == 0:
        return "all metadata"
    return "insufficent metadata" if missing == total else "partial metadata"


class DataContentInfoCheck(Check[NoParams]):
    id = "f3.data_content_info"
    title = "Metadata gives data content information (file name, size, type)"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Describe each data file: name, size (contentSize) and media type (encodingFormat)."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        described = [
            link
            for link in data_links(evidence)
            if link.name or link.size is not None or link.size_text or link.media_type
        ]
        if described:
            return self.passed("found", f"{len(described)} data file(s) described by name, size or type")
        return self.failed("none", "no data file is described by name, size or type")


class DataIdentifierIncludedCheck(Check[NoParams]):
    id = "f3.data_identifier_included"
    title = "Metadata contains a PID or URL of the downloadable data"
    evidence_steps = METADATA_STEPS
    codes = (f"{id}/found", f"{id}/none")
    recommendation = (
        "Link the data files from the metadata (schema.org distribution/DataDownload contentUrl, "
        "DCAT downloadURL) and from the landing page with signposting rel=item links."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        links = data_links(evidence)
        output = {
            "object_identifier_included": evidence.harvest.identifier.given,
            "object_content_identifier_included": [
                {"content_identifier_included": {"url": link.url, "type": link.media_type, "size": link.size}}
                for link in links
            ],
        }
        if links:
            return self.passed(
                "found", f"{len(links)} data link(s): {', '.join(link.url for link in links[:3])}", output
            )
        return self.failed("none", "the metadata names no data file URL or PID", output)


class SearchEngineMetadataCheck(Check[NoParams]):
    id = "f4.search_engine_metadata"
    title = "Metadata is in a form search engines ingest"
    evidence_steps = ("landing_page",)
    codes = (f"{id}/found", f"{id}/found_rendered", f"{id}/none")
    recommendation = (
        "Embed schema.org Dataset JSON-LD (or Dublin Core meta tags / RDFa) in the landing page "
        "HTML, as Google Dataset Search expects."
    )

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        usable = [
            r
            for r in embedded_records(evidence)
            if r.standard in SEARCH_STANDARDS and r.method in SEARCH_METHODS_RENDERED
        ]
        pairs = sorted({f"{r.standard} via: {r.method}" for r in usable})
        output = {"search_mechanisms": [{"mechanism": "structured data", "mechanism_info": pairs}]}
        if usable and all(r.method == RENDERED_METHOD for r in usable):
            message = (
                f"search engines that render JavaScript can read: {'; '.join(pairs)}; "
                "crawlers without a browser see none of it (embed it server-side)"
            )
            return self.passed("found_rendered", message, output)
        if usable:
            return self.passed("found", f"search engines can read: {'; '.join(pairs)}", output)
        return self.failed("none", "no schema.org, Dublin Core or DCAT metadata embedded in the landing page", output)


class RegistryListingCheck(Check[NoParams]):
    id = "f4.registry_listing"
    title = "Metadata is registered in a research data registry (DataCite)"
    evidence_steps = ("datacite_api",)
    codes = (f"{id}/listed", f"{id}/not_listed")
    recommendation = "Register the object with DataCite (via your repository) so registries index its metadata."

    def evaluate(self, evidence: Evidence, params: NoParams) -> CheckResult:
        listed = records_by(evidence, methods=["datacite_api"])
        output = {
            "search_mechanisms": [{"mechanism": "metadata registry", "mechanism_info": ["DataCite"] if listed else []}]
        }
        if listed:
            return self.passed("listed", "the DataCite registry holds a record of this object", output)
        return self.failed("not_listed", "no DataCite registry record for this object", output)
