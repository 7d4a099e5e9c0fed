"""F2, F3, F4: rich core metadata, the data identifier in the metadata, and metadata search engines read."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from fairgauge.metrics.base import Check, CheckResult, Evidence, harvest_error
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


ELEMENTS: dict[str, Callable[[MergedMetadata], list[Any]]] = {
    "creator": lambda m: [c.value.name for c in m.creators],
    "title": lambda m: m.values("titles")[:1],
    "object_identifier": lambda m: [i.value.value for i in m.identifiers],
    "publication_date": _publication_date,
    "publisher": lambda m: [p.value.name for p in m.publishers],
    "object_type": lambda m: [t.value.value for t in m.resource_types],
    "summary": lambda m: [d[:300] for d in m.values("descriptions")[:1]],
    "keywords": lambda m: m.values("keywords"),
}
_WHERE = {
    "creator": "creator (schema.org) / creators (DataCite)",
    "title": "name (schema.org) / titles (DataCite)",
    "object_identifier": "identifier / @id (schema.org) / identifier (DataCite)",
    "publication_date": "datePublished (schema.org) / publicationYear (DataCite)",
    "publisher": "publisher (schema.org, DataCite)",
    "object_type": "@type (schema.org) / resourceTypeGeneral (DataCite)",
    "summary": "description (schema.org) / descriptions (DataCite)",
    "keywords": "keywords (schema.org) / subjects (DataCite)",
}


class MetadataAvailable(Check):
    id = "f2.metadata_available"
    title = "Metadata is available via common web methods"
    codes = (f"{id}/found", f"{id}/none", f"{id}/unreachable")
    recommendation = "Embed schema.org JSON-LD in the landing page and offer metadata by content negotiation."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        records = evidence.harvest.records
        if records:
            methods = sorted({r.method for r in records})
            return self.passed("found", f"{len(records)} record(s) via {', '.join(methods)}")
        error = harvest_error(evidence, list(METADATA_STEPS))
        if error:
            return self.errored("unreachable", f"no metadata could be retrieved: {error}")
        return self.failed("none", "no metadata found on the landing page or by any machine method")


class CoreMetadata(Check):
    """All named core elements are present in the merged metadata."""

    id = "f2.core_metadata"
    title = "Core metadata elements are present"
    codes = (f"{id}/complete", f"{id}/partial", f"{id}/none", f"{id}/unreachable")
    default_elements: ClassVar[tuple[str, ...]] = tuple(ELEMENTS)

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        elements: Sequence[str] = params.get("elements") or self.default_elements
        unknown = [e for e in elements if e not in ELEMENTS]
        if unknown:
            raise ValueError(f"{self.id}: unknown core elements {unknown}")
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
        if not evidence.harvest.records and harvest_error(evidence, list(METADATA_STEPS)):
            return self.errored("unreachable", "no metadata could be retrieved", output)
        advice = "; ".join(_WHERE[m] for m in missing)
        reason = "none" if len(missing) == len(elements) else "partial"
        return self.failed(
            reason,
            f"missing: {', '.join(missing)}",
            output,
            missing=missing,
            recommendation=f"Add the missing core elements to the metadata: {advice}.",
        )


class CoreCitationMetadata(CoreMetadata):
    id = "f2.core_citation_metadata"
    title = "Core data citation metadata is available"
    codes = (f"{id}/complete", f"{id}/partial", f"{id}/none", f"{id}/unreachable")
    default_elements = ("creator", "title", "object_identifier", "publication_date", "publisher", "object_type")


class CoreDescriptiveMetadata(CoreMetadata):
    id = "f2.core_descriptive_metadata"
    title = "Core descriptive metadata is available"
    codes = (f"{id}/complete", f"{id}/partial", f"{id}/none", f"{id}/unreachable")
    default_elements = (*CoreCitationMetadata.default_elements, "summary", "keywords")


def _status(missing: int, total: int) -> str:
    if missing == 0:
        return "all metadata"
    return "insufficent metadata" if missing == total else "partial metadata"


class DataContentInfo(Check):
    id = "f3.data_content_info"
    title = "Metadata gives data content information (file name, size, type)"
    codes = (f"{id}/found", f"{id}/none")
    recommendation = "Describe each data file: name, size (contentSize) and media type (encodingFormat)."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        described = [
            link
            for link in data_links(evidence)
            if link.name or link.size is not None or link.size_text or link.media_type
        ]
        if described:
            return self.passed("found", f"{len(described)} data file(s) described by name, size or type")
        return self.failed("none", "no data file is described by name, size or type")


class DataIdentifierIncluded(Check):
    id = "f3.data_identifier_included"
    title = "Metadata contains a PID or URL of the downloadable data"
    codes = (f"{id}/found", f"{id}/none", f"{id}/unreachable")
    recommendation = (
        "Link the data files from the metadata (schema.org distribution/DataDownload contentUrl, "
        "DCAT downloadURL) and from the landing page with signposting rel=item links."
    )

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
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
        if not evidence.harvest.records and harvest_error(evidence, list(METADATA_STEPS)):
            return self.errored("unreachable", "no metadata could be retrieved", output)
        return self.failed("none", "the metadata names no data file URL or PID", output)


class SearchEngineMetadata(Check):
    id = "f4.search_engine_metadata"
    title = "Metadata is in a form search engines ingest"
    codes = (f"{id}/found", f"{id}/found_rendered", f"{id}/none", f"{id}/unreachable")
    recommendation = (
        "Embed schema.org Dataset JSON-LD (or Dublin Core meta tags / RDFa) in the landing page "
        "HTML, as Google Dataset Search expects."
    )

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
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
        if harvest_error(evidence, ["landing_page"]):
            return self.errored("unreachable", "the landing page could not be read", output)
        return self.failed("none", "no schema.org, Dublin Core or DCAT metadata embedded in the landing page", output)


class RegistryListing(Check):
    id = "f4.registry_listing"
    title = "Metadata is registered in a research data registry (DataCite)"
    codes = (f"{id}/listed", f"{id}/not_listed", f"{id}/unreachable")
    recommendation = "Register the object with DataCite (via your repository) so registries index its metadata."

    def evaluate(self, evidence: Evidence, params: Mapping[str, Any]) -> CheckResult:
        listed = records_by(evidence, methods=["datacite_api"])
        output = {
            "search_mechanisms": [{"mechanism": "metadata registry", "mechanism_info": ["DataCite"] if listed else []}]
        }
        if listed:
            return self.passed("listed", "the DataCite registry holds a record of this object", output)
        error = harvest_error(evidence, ["datacite_api"])
        if error:
            return self.errored("unreachable", f"the DataCite API could not be asked: {error}", output)
        return self.failed("not_listed", "no DataCite registry record for this object", output)
