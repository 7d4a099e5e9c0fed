"""Metadata standards (FsF-R1.3-01M, F4) and semantic-resource namespaces (FsF-I2-01M)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from fairgauge.refdata._vendored import read_yaml
from fairgauge.refdata.reference import ReferenceData
from fairgauge.refdata.standards import standard_uri_key
from fairgauge.refdata.vocabularies import namespace_key


@pytest.mark.parametrize(
    ("uri", "standard", "generic"),
    [
        ("http://datacite.org/schema/kernel-4", "datacite", True),
        ("http://schema.datacite.org/meta/kernel-4.3/metadata.xsd", "datacite", True),
        ("http://purl.org/dc/elements/1.1/", "dublin-core", True),
        ("http://purl.org/dc/terms/title", "dcterms", True),
        ("https://schema.org/Dataset", "schemaorg", True),
        ("http://schema.org", "schemaorg", True),
        ("http://www.w3.org/ns/dcat#Dataset", "dcat", True),
        ("http://www.openarchives.org/OAI/2.0/oai_dc/", "oai-dc", True),
        ("https://w3id.org/ro/crate/1.1/context", "ro-crate", True),
        ("http://www.w3.org/ns/prov#", "prov-o", True),
        ("http://www.isotc211.org/2005/gmd", "iso-19115", False),
        ("http://standards.iso.org/iso/19115/-3/mdb/2.0", "iso-19115", False),
        ("https://eml.ecoinformatics.org/eml-2.2.0", "eml", False),
        ("eml://ecoinformatics.org/eml-2.1.1", "eml", False),
        ("http://rs.tdwg.org/dwc/terms/scientificName", "darwin-core", False),
        ("http://www.tdwg.org/schemas/abcd/2.06", "abcd", False),
        ("ddi:codebook:2_5", "ddi-codebook", False),
        ("ddi:instance:3_3", "ddi-lifecycle", False),
        ("https://w3id.org/mixs/0000001", "mixs", False),
        ("http://www.loc.gov/mods/v3", "mods", False),
        ("http://www.loc.gov/METS/", "mets", True),
        ("urn:xmlns:org:eurocris:cerif-1.6-2", "cerif", True),
        ("https://bioschemas.org/profiles/Dataset/1.0-RELEASE", "bioschemas", False),
        ("http://gcmd.gsfc.nasa.gov/Aboutus/xml/dif/", "dif", False),
    ],
)
def test_standard_by_namespace(refdata: ReferenceData, uri: str, standard: str, generic: bool) -> None:
    found = refdata.standard_by_namespace(uri)
    assert found is not None, uri
    assert (found.id, found.generic) == (standard, generic)


@pytest.mark.parametrize(
    "uri",
    [
        "http://example.org/schema/",
        "http://www.w3.org/ns/",
        "https://w3id.org/",
        "ddi",
        "urn:isbn:0451450523",
        "",
    ],
)
def test_no_standard_for_unrelated_namespace(refdata: ReferenceData, uri: str) -> None:
    assert refdata.standard_by_namespace(uri) is None


@pytest.mark.parametrize(
    ("name", "standard"),
    [
        ("DataCite Metadata Schema", "datacite"),
        ("DataCite Metadata Schema 4.4", "datacite"),
        ("Dublin Core", "dublin-core"),
        ("ISO 19115", "iso-19115"),
        ("ISO 19139", "iso-19115"),
        ("Ecological Metadata Language", "eml"),
        ("darwin core", "darwin-core"),
        ("DDI", "ddi-codebook"),
        ("CF Conventions", "cf"),
        ("FAIRtracks", "fairtracks"),
    ],
)
def test_standard_by_name(refdata: ReferenceData, name: str, standard: str) -> None:
    found = refdata.standard_by_name(name)
    assert found is not None and found.id == standard


@pytest.mark.parametrize("name", ["", "Metadata", "Schema", "ISO 9001", "Dublin"])
def test_no_standard_by_name(refdata: ReferenceData, name: str) -> None:
    assert refdata.standard_by_name(name) is None


def test_standards_catalogue_shape(refdata: ReferenceData) -> None:
    standards = list(refdata.standards.standards.values())
    assert len(standards) >= 60
    assert {s.scope for s in standards} == {"generic", "community"}
    assert all(s.subject_areas and s.urls for s in standards)
    owners: dict[str, set[str]] = {}
    for s in standards:
        for uri in (*s.namespaces, *s.schemas):
            owners.setdefault(standard_uri_key(uri), set()).add(s.id)
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}


def test_fairsharing_ids_are_the_ones_bioregistry_knows() -> None:
    """Our FAIRsharing DOIs were copied from bioregistry's mappings; keep them verifiable."""
    raw = resources.files("bioregistry").joinpath("data", "bioregistry.json").read_text(encoding="utf-8")
    known = {
        entry["fairsharing"]["prefix"] for entry in json.loads(raw).values() if "prefix" in entry.get("fairsharing", {})
    }
    ours = [
        s["fairsharing"] for s in read_yaml("standards", "metadata_standards.yaml")["standards"] if s.get("fairsharing")
    ]
    assert ours
    assert [doi for doi in ours if doi.removeprefix("10.25504/") not in known] == []


@pytest.mark.parametrize(
    ("uri", "prefix"),
    [
        ("http://purl.obolibrary.org/obo/GO_0008150", "go"),
        ("https://purl.obolibrary.org/obo/NCBITaxon_9606", "ncbitaxon"),
        ("http://identifiers.org/taxonomy/9606", "ncbitaxon"),
        ("http://www.w3.org/ns/prov#wasDerivedFrom", "prov"),
        ("http://purl.org/pav/authoredBy", "pav"),
        ("http://www.w3.org/ns/sosa/Observation", "sosa"),
        ("http://qudt.org/vocab/unit/M", "unit"),
        ("http://www.opengis.net/ont/geosparql#hasGeometry", "geosparql"),
        ("http://edamontology.org/format_3003", "edam.format"),
        ("http://edamontology.org/topic_0091", "edam.topic"),
        ("https://w3id.org/mixs/0000001", "mixs"),
        ("http://purl.uniprot.org/uniprot/P12345", "uniprot"),
        ("HTTP://PURL.OBOLIBRARY.ORG/obo/GO_0008150", "go"),
        ("https://doi.org/10.13039/501100000780", "fundref"),
    ],
)
def test_lookup_namespace(refdata: ReferenceData, uri: str, prefix: str) -> None:
    found = refdata.lookup_namespace(uri)
    assert found is not None, uri
    assert found.prefix == prefix


@pytest.mark.parametrize(
    "uri",
    [
        "http://purl.org/dc/terms/title",
        "http://purl.org/dc/elements/1.1/creator",
        "https://schema.org/name",
        "http://schema.org/",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2002/07/owl#sameAs",
        "http://www.w3.org/2001/XMLSchema#date",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/ns/dcat#distribution",
        "http://xmlns.com/foaf/0.1/name",
        "http://www.w3.org/2006/vcard/ns#fn",
        "http://ogp.me/ns#title",
        "http://www.w3.org/1999/xhtml/vocab#role",
    ],
)
def test_default_namespaces_never_count(refdata: ReferenceData, uri: str) -> None:
    assert refdata.is_default_namespace(uri)
    assert refdata.lookup_namespace(uri) is None


@pytest.mark.parametrize(
    "uri",
    [
        "http://example.org/vocab#term",
        "https://www.google.com/search?q=x",
        "not a uri",
        "",
        "urn:x:y",
        "https://doi.org/10.1186/s12859-020-3456-1",  # a publisher's DOI is no vocabulary term
        "https://osf.io/abcde/",  # a whole site is never a namespace
    ],
)
def test_unknown_namespaces(refdata: ReferenceData, uri: str) -> None:
    assert refdata.lookup_namespace(uri) is None
    assert not refdata.is_default_namespace(uri)


def test_longest_prefix_wins(refdata: ReferenceData) -> None:
    general = refdata.lookup_namespace("http://purl.obolibrary.org/obo/UNKNOWNONTOLOGY_1")
    specific = refdata.lookup_namespace("http://purl.obolibrary.org/obo/GO_1")
    assert general is not None and general.prefix == "obo"
    assert specific is not None and specific.prefix == "go"


def test_every_curated_namespace_finds_itself(refdata: ReferenceData) -> None:
    defaults = {namespace_key(d) for d in refdata.vocabularies.defaults}
    for prefix, _title, namespace in read_yaml("vocabularies", "curated.yaml")["vocabularies"]:
        assert namespace_key(namespace) not in defaults, prefix
        found = refdata.lookup_namespace(namespace + "x")
        assert found is not None and found.prefix == prefix, namespace


def test_index_holds_thousands_of_bioregistry_namespaces(refdata: ReferenceData) -> None:
    sources = [v.source for v in refdata.vocabularies.vocabularies]
    assert sources.count("bioregistry") > 4000
    assert sources.count("curated") >= 80


def test_iso_19115_19139_code_lists_are_registered_semantic_resources(refdata: ReferenceData) -> None:
    """Code list IRIs as real ISO records write them (PANGAEA 902845, hand-made hydro site, ISO 19115-3)."""
    for iri, prefix in (
        ("http://www.isotc211.org/2005/resources/Codelist/gmxCodelists.xml#CI_RoleCode", "iso19139-cl-2005"),
        ("http://www.isotc211.org/2005/resources/Codelist/ML_gmxCodelists.xml#LanguageCode", "iso19139-ml-cl-2005"),
        ("https://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_ScopeCode", "iso19139-cl"),
        ("http://standards.iso.org/iso/19115/resources/Codelists/cat/codelists.xml#CI_RoleCode", "iso19115-3-cl"),
    ):
        found = refdata.lookup_namespace(iri)
        assert found is not None and found.prefix == prefix, iri
    # the schema namespaces themselves are not code lists
    gmd = refdata.lookup_namespace("http://www.isotc211.org/2005/gmd")
    assert gmd is None or not gmd.prefix.startswith("iso19")
