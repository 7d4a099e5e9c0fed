"""Which RDF predicates (schema.org, DCTERMS, DC, DCAT, PROV, PAV, FOAF, ...) feed which field.

A table, not code: adding a vocabulary term is one line.
"""

from __future__ import annotations

from fairgauge.model.metadata import FieldName

SDO = ("http://schema.org/", "https://schema.org/")
DCT = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
DCAT = "http://www.w3.org/ns/dcat#"
PROV = "http://www.w3.org/ns/prov#"
PAV = "http://purl.org/pav/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ADMS = "http://www.w3.org/ns/adms#"
CC = "http://creativecommons.org/ns#"

VOCABULARY_NAMES = {
    DCT: "dcterms",
    DC: "dc",
    DCAT: "dcat",
    PROV: "prov",
    PAV: "pav",
    FOAF: "foaf",
    SDO[0]: "schema.org",
    SDO[1]: "schema.org",
    OWL: "owl",
    RDFS: "rdfs",
    ADMS: "adms",
}


def sdo(*names: str) -> tuple[str, ...]:
    return tuple(ns + name for name in names for ns in SDO)


def ns(namespace: str, *names: str) -> tuple[str, ...]:
    return tuple(namespace + name for name in names)


TEXT_FIELDS: dict[FieldName, tuple[str, ...]] = {
    "titles": (*ns(DCT, "title"), *ns(DC, "title"), *sdo("name", "headline")),
    "descriptions": (
        *ns(DCT, "description", "abstract"),
        *ns(DC, "description"),
        *sdo("description", "abstract"),
    ),
    "keywords": (*ns(DCAT, "keyword", "theme"), *ns(DCT, "subject"), *ns(DC, "subject"), *sdo("keywords")),
    "languages": (*ns(DCT, "language"), *ns(DC, "language"), *sdo("inLanguage")),
    "spatial_coverage": (*ns(DCT, "spatial", "coverage"), *ns(DC, "coverage"), *sdo("spatialCoverage")),
    "temporal_coverage": (*ns(DCT, "temporal"), *sdo("temporalCoverage")),
    "versions": (
        *sdo("version"),
        *ns(PAV, "version"),
        *ns(OWL, "versionInfo"),
        *ns(DCAT, "version"),
        *ns(ADMS, "version"),
    ),
    "funding": (*sdo("funding", "funder"),),
    "landing_pages": (*ns(DCAT, "landingPage"), *sdo("url"), *ns(FOAF, "page")),
    "measured_variables": (*sdo("variableMeasured"),),
    "formats": (
        *ns(DCT, "format"),
        *ns(DC, "format"),
        *sdo("encodingFormat", "fileFormat"),
        *ns(DCAT, "mediaType"),
    ),
    "sizes": (*ns(DCAT, "byteSize"), *sdo("contentSize"), *ns(DCT, "extent")),
}
IDENTIFIER_PREDICATES = (
    *ns(DCT, "identifier"),
    *ns(DC, "identifier"),
    *sdo("identifier"),
    *ns(ADMS, "identifier"),
)
AGENT_FIELDS: dict[FieldName, tuple[str, ...]] = {
    "creators": (
        *ns(DCT, "creator"),
        *ns(DC, "creator"),
        *sdo("creator", "author"),
        *ns(PAV, "authoredBy", "createdBy"),
    ),
    "contributors": (
        *ns(DCT, "contributor"),
        *ns(DC, "contributor"),
        *sdo("contributor"),
        *ns(PAV, "contributedBy", "curatedBy"),
    ),
    "publishers": (*ns(DCT, "publisher"), *ns(DC, "publisher"), *sdo("publisher")),
    "rights_holders": (*ns(DCT, "rightsHolder"), *sdo("copyrightHolder")),
}
DATE_PREDICATES = {
    **dict.fromkeys(ns(DCT, "issued") + sdo("datePublished") + ns(PAV, "publishedOn"), "issued"),
    **dict.fromkeys(
        ns(DCT, "created") + sdo("dateCreated") + ns(PAV, "createdOn") + ns(PROV, "generatedAtTime"),
        "created",
    ),
    **dict.fromkeys(ns(DCT, "modified") + sdo("dateModified") + ns(PAV, "lastUpdateOn"), "modified"),
    **dict.fromkeys(ns(DCT, "available"), "available"),
    **dict.fromkeys(ns(DCT, "date") + ns(DC, "date"), "other"),
    **dict.fromkeys(ns(DCT, "dateAccepted"), "accepted"),
    **dict.fromkeys(ns(DCT, "dateSubmitted"), "submitted"),
    **dict.fromkeys(ns(DCT, "dateCopyrighted"), "copyrighted"),
    **dict.fromkeys(ns(DCT, "valid"), "valid"),
}
LICENSE_PREDICATES = (*ns(DCT, "license"), *sdo("license"), *ns(CC, "license"))
RIGHTS_PREDICATES = (*ns(DCT, "rights"), *ns(DC, "rights"))
ACCESS_PREDICATES = (*ns(DCT, "accessRights"), *sdo("conditionsOfAccess"))
FREE_PREDICATES = sdo("isAccessibleForFree")
TYPE_PREDICATES = (RDF_TYPE, *ns(DCT, "type"), *ns(DC, "type"), *sdo("additionalType"))
DISTRIBUTION_PREDICATES = (*ns(DCAT, "distribution"), *sdo("distribution", "associatedMedia"))
FILE_URL_PREDICATES = (*ns(DCAT, "downloadURL"), *sdo("contentUrl"), *ns(DCAT, "accessURL"))
SERVICE_PREDICATES = (*ns(DCAT, "accessService"),)
ENDPOINT_PREDICATES = (*ns(DCAT, "endpointURL"), *sdo("url"))
PROTOCOL_PREDICATES = (*ns(DCT, "conformsTo"), *ns(DCAT, "endpointDescription"))
NAME_PREDICATES = (
    *sdo("name"),
    *ns(FOAF, "name"),
    *ns(VCARD, "fn"),
    *ns(RDFS, "label"),
    *ns(SKOS, "prefLabel"),
    *ns(DCT, "title"),
    *ns(DC, "title"),
)
GIVEN_PREDICATES = (*sdo("givenName"), *ns(FOAF, "givenName", "firstName"), *ns(VCARD, "given-name"))
FAMILY_PREDICATES = (
    *sdo("familyName"),
    *ns(FOAF, "familyName", "lastName", "surname"),
    *ns(VCARD, "family-name"),
)
AFFILIATION_PREDICATES = (*sdo("affiliation"), *ns(VCARD, "organization-name"))
RELATION_PREDICATES = (
    *ns(
        DCT,
        "isPartOf",
        "hasPart",
        "isVersionOf",
        "hasVersion",
        "isReferencedBy",
        "references",
        "requires",
        "isRequiredBy",
        "relation",
        "source",
        "replaces",
        "isReplacedBy",
        "isFormatOf",
        "hasFormat",
        "conformsTo",
    ),
    *ns(DC, "relation", "source"),
    *sdo(
        "isBasedOn",
        "isBasedOnUrl",
        "isPartOf",
        "hasPart",
        "citation",
        "sameAs",
        "subjectOf",
        "workExample",
        "exampleOfWork",
        "includedInDataCatalog",
    ),
    *ns(PROV, "wasDerivedFrom", "wasRevisionOf", "hadPrimarySource", "wasQuotedFrom", "wasGeneratedBy"),
    *ns(PAV, "derivedFrom", "previousVersion", "importedFrom", "retrievedFrom"),
    *ns(RDFS, "seeAlso"),
    *ns(OWL, "sameAs"),
    *ns(DCAT, "inSeries"),
)
PROVENANCE_NAMESPACES = (PROV, PAV)
PROVENANCE_PREDICATES = frozenset(
    (
        *ns(
            DCT,
            "creator",
            "contributor",
            "publisher",
            "created",
            "issued",
            "modified",
            "provenance",
            "source",
            "isVersionOf",
            "replaces",
            "hasVersion",
        ),
        *ns(DC, "creator", "contributor", "publisher", "source"),
        *sdo(
            "creator",
            "author",
            "contributor",
            "publisher",
            "isBasedOn",
            "dateCreated",
            "dateModified",
            "datePublished",
            "version",
        ),
    )
)
# Types that mark the described resource in a graph, best first.
MAIN_TYPES = (
    *sdo("Dataset"),
    DCAT + "Dataset",
    "http://purl.org/dc/dcmitype/Dataset",
    DCAT + "Resource",
    *sdo("CreativeWork", "SoftwareSourceCode", "ScholarlyArticle", "DataCatalog"),
    DCAT + "Catalog",
    PROV + "Entity",
)
