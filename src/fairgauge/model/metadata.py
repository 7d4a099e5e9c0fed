"""The one metadata model every parser fills and every check reads.

A parser turns one document (bytes) into one or more :class:`MetadataRecord` objects, each keeping how
and where it was obtained (method, URL, format, standard) plus the namespaces it used. Records are then
merged into :class:`MergedMetadata` in which every value keeps the list of sources that gave it, and
disagreements between sources on single-valued facts become :class:`Conflict` entries: we never pick
one silently.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeGuard, TypeVar, get_args

from pydantic import Field

from fairgauge.model.base import FrozenModel
from fairgauge.model.findings import Finding

# How a record was offered. The first four are what search engines ingest (FsF-F4-01M); ``rendered_html``
# is metadata a browser sees only after running the page's scripts (its ``format`` says json-ld, rdfa, ...).
OfferingMethod = Literal[
    "json_in_html",
    "microdata",
    "rdfa",
    "meta_tag",
    "opengraph",
    "typed_link",
    "signposting",
    "linkset",
    "content_negotiation",
    "datacite_api",
    "crossref_api",
    "registry_conneg",
    "oai_pmh",
    "ogc_csw",
    "sparql",
    "file",
    "rendered_html",
]
# Records held by the DOI registration agency itself (DataCite, Crossref, others by DOI content negotiation):
# metadata that outlives the landing page (FsF-A2-01M).
REGISTRY_METHODS: frozenset[str] = frozenset({"datacite_api", "crossref_api", "registry_conneg"})
EMBEDDED_METHODS: frozenset[str] = frozenset(
    {"json_in_html", "microdata", "rdfa", "meta_tag", "opengraph", "rendered_html"}
)
RENDERED_METHOD: Literal["rendered_html"] = "rendered_html"


class IdentifierRef(FrozenModel):
    """An identifier as written in metadata, with its declared or detected scheme."""

    value: str
    scheme: str | None = Field(None, description="doi, handle, url, orcid, ror, isni, ark, urn, ... (lower case)")


AgentKind = Literal["person", "organization"]


class Agent(FrozenModel):
    """A person or organisation (creator, contributor, publisher, rights holder)."""

    name: str
    given_name: str | None = None
    family_name: str | None = None
    kind: AgentKind | None = None
    identifiers: list[IdentifierRef] = Field(default_factory=list, description="ORCID, ROR, ISNI, ...")
    affiliations: list[str] = Field(default_factory=list)
    role: str | None = Field(None, description="Contributor role (e.g. DataCurator), when given.")


class DateInfo(FrozenModel):
    """A dated event. ``type`` is lower case: issued, created, modified, available, accepted, collected,
    valid, updated, published, submitted, withdrawn, copyrighted, other. ``value`` is ISO 8601 where the
    source's spelling could be read unambiguously (Highwire's '2019/02/07'); ``as_found`` then keeps the
    date as the source wrote it."""

    type: str
    value: str
    as_found: str | None = Field(None, description="The date as written by the source, when value normalises it.")


class ResourceType(FrozenModel):
    """A declared resource type. ``vocabulary`` names its vocabulary (schema.org, datacite, dcmitype,
    free). ``general`` holds the general type where the vocabulary has one (DataCite resourceTypeGeneral)."""

    value: str
    vocabulary: str = "free"
    general: str | None = None


class License(FrozenModel):
    """A licence statement as found: a URL, a name or an identifier (any may be missing)."""

    url: str | None = None
    name: str | None = None
    identifier: str | None = Field(None, description="e.g. an SPDX id given by the source itself.")


class AccessRights(FrozenModel):
    """An access statement: a vocabulary URI (COAR, info:eu-repo, EU) and/or a label."""

    value: str
    uri: str | None = None


class ContentFile(FrozenModel):
    """A data file the metadata points to."""

    url: str
    name: str | None = None
    size: int | None = Field(None, description="Size in bytes, when the source gives a number.")
    size_text: str | None = Field(None, description="Size as written, e.g. '1.2 MB'.")
    media_type: str | None = None
    checksum: str | None = None


class RelatedResource(FrozenModel):
    """A link to a related entity with its relation type (DataCite relationType, schema.org property, ...)."""

    identifier: str
    identifier_type: str | None = None
    relation_type: str
    resource_type: str | None = None


class ProvenanceElement(FrozenModel):
    """A provenance statement: the element (as named by its source) and its value."""

    element: str
    value: str
    vocabulary: str | None = Field(None, description="prov, pav, dcterms, schema.org, datacite, ...")


class ServiceEndpoint(FrozenModel):
    """A service giving access to the data (API, OPeNDAP, WMS, ...)."""

    url: str
    protocol: str | None = None


class MetadataFields(FrozenModel):
    """The facts a record states about the data object. Every field may be empty."""

    identifiers: list[IdentifierRef] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    creators: list[Agent] = Field(default_factory=list)
    contributors: list[Agent] = Field(default_factory=list)
    publishers: list[Agent] = Field(default_factory=list)
    rights_holders: list[Agent] = Field(default_factory=list)
    dates: list[DateInfo] = Field(default_factory=list)
    publication_year: int | None = None
    descriptions: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    resource_types: list[ResourceType] = Field(default_factory=list)
    licenses: list[License] = Field(default_factory=list)
    access_rights: list[AccessRights] = Field(default_factory=list)
    content_files: list[ContentFile] = Field(default_factory=list)
    formats: list[str] = Field(default_factory=list, description="Declared formats (media types or names).")
    sizes: list[str] = Field(default_factory=list, description="Declared sizes as free text.")
    related: list[RelatedResource] = Field(default_factory=list)
    provenance: list[ProvenanceElement] = Field(default_factory=list)
    measured_variables: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    spatial_coverage: list[str] = Field(default_factory=list)
    temporal_coverage: list[str] = Field(default_factory=list)
    versions: list[str] = Field(default_factory=list)
    funding: list[str] = Field(default_factory=list)
    services: list[ServiceEndpoint] = Field(default_factory=list)
    landing_pages: list[str] = Field(default_factory=list, description="URLs the record gives for the object.")


FieldName = Literal[
    "identifiers",
    "titles",
    "creators",
    "contributors",
    "publishers",
    "rights_holders",
    "dates",
    "descriptions",
    "keywords",
    "resource_types",
    "licenses",
    "access_rights",
    "content_files",
    "formats",
    "sizes",
    "related",
    "provenance",
    "measured_variables",
    "languages",
    "spatial_coverage",
    "temporal_coverage",
    "versions",
    "funding",
    "services",
    "landing_pages",
]
"""The list-valued fields of :class:`MetadataFields` (all but ``publication_year``), so that code filling
them by name is checked by mypy: a misspelt name is a type error, not a finding at run time."""
FIELD_NAMES: frozenset[str] = frozenset(get_args(FieldName))


def is_field_name(name: str) -> TypeGuard[FieldName]:
    """For code that walks ``MetadataFields.model_fields``: narrows a name to a list-valued field."""
    return name in FIELD_NAMES


class MetadataRecord(FrozenModel):
    """One document's worth of metadata and where it came from.

    ``standard`` is the metadata standard (schemaorg, dublin-core, dcat, datacite, iso19139, dif, ddi,
    eml, mods, mets, oai_dc, highwire, opengraph, rdf); ``schema`` its namespace/schema URI;
    ``format`` the serialisation (json-ld, microdata, rdfa, html-meta, xml, json, turtle, rdf-xml,
    n-triples). ``namespaces`` lists every namespace the document used (drives FsF-I2/R1.2/R1.3);
    ``value_iris`` the IRIs it used as values (FsF-I2).
    """

    method: OfferingMethod
    url: str | None = None
    format: str
    standard: str
    schema_uri: str | None = Field(None, alias="schema", serialization_alias="schema")
    namespaces: list[str] = Field(default_factory=list)
    value_iris: list[str] = Field(
        default_factory=list,
        description="IRIs the document uses as values (ISO code lists, concept, unit and licence IRIs): a term "
        "of a registered vocabulary used as a value is evidence for FsF-I2-01M, like a namespace.",
    )
    fields: MetadataFields = Field(default_factory=MetadataFields)
    findings: list[Finding] = Field(default_factory=list)
    raw_types: list[str] = Field(default_factory=list, description="Types declared in the document (@type).")


class Provenance(FrozenModel):
    """Where a merged value came from."""

    method: OfferingMethod
    url: str | None = None
    format: str
    standard: str


T = TypeVar("T")


class Sourced(FrozenModel, Generic[T]):
    """A merged value and every source that stated it."""

    value: T
    sources: list[Provenance]


class Conflict(FrozenModel):
    """Sources disagree on a single-valued fact (e.g. Dataset vs Collection)."""

    field: str
    values: list[Sourced[Any]]
    message: str


class MergedMetadata(FrozenModel):
    """All records merged: each field lists distinct values, each with its sources."""

    identifiers: list[Sourced[IdentifierRef]] = Field(default_factory=list)
    titles: list[Sourced[str]] = Field(default_factory=list)
    creators: list[Sourced[Agent]] = Field(default_factory=list)
    contributors: list[Sourced[Agent]] = Field(default_factory=list)
    publishers: list[Sourced[Agent]] = Field(default_factory=list)
    rights_holders: list[Sourced[Agent]] = Field(default_factory=list)
    dates: list[Sourced[DateInfo]] = Field(default_factory=list)
    publication_year: list[Sourced[int]] = Field(default_factory=list)
    descriptions: list[Sourced[str]] = Field(default_factory=list)
    keywords: list[Sourced[str]] = Field(default_factory=list)
    resource_types: list[Sourced[ResourceType]] = Field(default_factory=list)
    licenses: list[Sourced[License]] = Field(default_factory=list)
    access_rights: list[Sourced[AccessRights]] = Field(default_factory=list)
    content_files: list[Sourced[ContentFile]] = Field(default_factory=list)
    formats: list[Sourced[str]] = Field(default_factory=list)
    sizes: list[Sourced[str]] = Field(default_factory=list)
    related: list[Sourced[RelatedResource]] = Field(default_factory=list)
    provenance: list[Sourced[ProvenanceElement]] = Field(default_factory=list)
    measured_variables: list[Sourced[str]] = Field(default_factory=list)
    languages: list[Sourced[str]] = Field(default_factory=list)
    spatial_coverage: list[Sourced[str]] = Field(default_factory=list)
    temporal_coverage: list[Sourced[str]] = Field(default_factory=list)
    versions: list[Sourced[str]] = Field(default_factory=list)
    funding: list[Sourced[str]] = Field(default_factory=list)
    services: list[Sourced[ServiceEndpoint]] = Field(default_factory=list)
    landing_pages: list[Sourced[str]] = Field(default_factory=list)

    def values(self, field: str) -> list[Any]:
        """The distinct values of a field, without their sources."""
        return [item.value for item in getattr(self, field)]
