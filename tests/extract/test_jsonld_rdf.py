"""schema.org JSON-LD (SOSO, bolognese, PANGAEA conneg, RO-Crate), RDF (Turtle, RDF/XML, N-Triples, DCAT)."""

from __future__ import annotations

import pytest

from fairgauge.extract import parse_document
from fairgauge.model.metadata import MetadataRecord
from tests.extract._corpus import corpus, formats


def _parse(
    body: bytes, media_type: str | None = "application/ld+json", url: str = "https://example.org/md"
) -> list[MetadataRecord]:
    return parse_document(body, media_type=media_type, url=url, method="content_negotiation").records


@pytest.mark.parametrize(
    ("path", "title_start", "creators", "licenses", "has_identifier"),
    [
        (
            "soso/dataset__full.jsonld",
            "Larval krill studies",
            2,
            ["https://creativecommons.org/licenses/by/4.0/"],
            True,
        ),
        ("soso/dataset__minimal.jsonld", "Removal of organic carbon", 0, ["CC-BY-4.0"], True),
        (
            "soso/dataset__variableMeasured_NGDSBoreholeTemperature.jsonld",
            "Borehole Temperature",
            0,
            [],
            False,
        ),
        ("soso/dataset__variableMeasured_USGS-NWIS_surfaceWater.jsonld", None, 0, [], False),
        (
            "soso/testingDataGraphs__dataset-full.json-ld",
            "Removal of organic carbon",
            4,
            ["http://creativecommons.org/licenses/by/4.0/"],
            True,
        ),
        (
            "schemaorg-jsonld/bolognese_schema_org_geoshape.jsonld",
            "Registry of all stations",
            2,
            ["https://creativecommons.org/licenses/by/3.0/"],
            True,
        ),
        (
            "repo-metadata-formats/pangaea-902845_conneg.jsonld",
            "In-situ airborne measurements",
            9,
            ["https://creativecommons.org/licenses/by/4.0/"],
            True,
        ),
    ],
)
def test_schemaorg_documents(
    path: str, title_start: str | None, creators: int, licenses: list[str], has_identifier: bool
) -> None:
    (record,) = _parse(corpus(path))
    assert (record.standard, record.format) == ("schemaorg", "json-ld")
    assert "Dataset" in record.raw_types
    if title_start:
        assert record.fields.titles[0].startswith(title_start)
    assert len(record.fields.creators) == creators
    assert [lic.url or lic.name for lic in record.fields.licenses] == licenses
    assert bool(record.fields.identifiers and any(i.scheme == "doi" for i in record.fields.identifiers)) is (
        has_identifier and "NGDS" not in path
    )


def test_soso_full_variables_provenance_and_namespaces() -> None:
    (record,) = _parse(corpus("soso/dataset__full.jsonld"))
    fields = record.fields
    assert fields.measured_variables[:3] == ["cruiseid", "year", "sample_id"]
    assert fields.identifiers[1].scheme == "doi"  # PropertyValue with an identifiers.org propertyID
    assert "http://www.w3.org/ns/prov#" in record.namespaces and "http://spdx.org/rdf/terms#" in record.namespaces
    assert any(r.relation_type == "prov:wasDerivedFrom" for r in fields.related)
    assert any(p.element == "prov:wasDerivedFrom" and p.vocabulary == "prov" for p in fields.provenance)
    assert fields.access_rights[0].value == "isAccessibleForFree=true"


def test_soso_bad_graph_still_parses() -> None:
    (good,) = _parse(corpus("soso/testingDataGraphs__dataset-minimal.json-ld"))
    (bad,) = _parse(corpus("soso/testingDataGraphs__dataset-minimal-BAD.json-ld"))
    assert good.fields.titles == bad.fields.titles
    assert bad.fields.identifiers[0].scheme == "doi"  # datacite:doi propertyID IRI


def test_pangaea_conneg_files_and_access() -> None:
    (record,) = _parse(corpus("repo-metadata-formats/pangaea-902845_conneg.jsonld"))
    assert record.fields.content_files[0].url == "https://doi.pangaea.de/10.1594/PANGAEA.902845?format=zip"
    assert record.fields.content_files[0].media_type == "application/zip"
    assert [p.name for p in record.fields.publishers] == ["PANGAEA"]
    assert record.fields.temporal_coverage == ["2016-09-06T12:13:11/2017-10-15T15:51:13"]


def test_array_of_nodes_property_values_and_license_node() -> None:
    (record,) = _parse(formats("jsonld/array-of-nodes.jsonld"), "application/json")
    fields = record.fields
    assert [(i.value, i.scheme) for i in fields.identifiers] == [
        ("10.1234/ARRAY", "doi"),
        ("https://example.org/ds/array", "url"),
    ]
    assert fields.creators[0].identifiers[0].scheme == "ror" and fields.creators[0].kind == "organization"
    assert fields.licenses[0].name == "CC BY 4.0"
    assert [a.value for a in fields.access_rights] == ["isAccessibleForFree=false", "Registration required"]
    assert fields.measured_variables == ["water_temperature", "salinity"]
    assert fields.content_files[0].size is None and fields.content_files[0].size_text == "1.2 MB"
    assert {r.relation_type for r in fields.related} == {"isBasedOn", "citation"}


def test_ro_crate_uses_bundled_context() -> None:
    (record,) = _parse(formats("jsonld/ro-crate-metadata.json"), "application/json", "https://example.org/crate/")
    assert record.fields.titles == ["Bird counts crate"]
    assert [c.name for c in record.fields.creators] == ["Alex Birder"]
    assert record.fields.content_files[0].size == 5120
    assert record.findings == []


def test_unknown_context_is_a_finding() -> None:
    (record,) = _parse(formats("jsonld/unknown-context.jsonld"))
    assert [f.code for f in record.findings] == ["extract.jsonld.context_unavailable"]
    assert record.fields.titles == ["Custom context dataset"]


def test_dcat_jsonld_goes_through_rdf() -> None:
    (record,) = _parse(formats("jsonld/dcat.jsonld"))
    assert record.standard == "dcat"
    assert record.fields.content_files[0].url == "https://example.org/dcat/1.csv"
    assert record.fields.content_files[0].size == 99


def test_dcat_turtle_catalogue() -> None:
    (record,) = _parse(formats("rdf/dcat-catalog.ttl"), "text/plain")
    fields = record.fields
    assert (record.standard, record.format, record.schema_uri) == (
        "dcat",
        "turtle",
        "http://www.w3.org/ns/dcat#",
    )
    assert fields.titles == ["Air quality measurements, Oslo 2022"]
    assert fields.publishers[0].identifiers[0].scheme == "ror"
    assert fields.publication_year == 2023
    csv = next(f for f in fields.content_files if f.url.endswith(".csv"))
    assert csv.size == 1048576 and csv.media_type == "https://www.iana.org/assignments/media-types/text/csv"
    assert [(s.url, s.protocol) for s in fields.services] == [
        ("https://data.example.org/sparql", "https://www.w3.org/TR/sparql11-protocol/")
    ]
    assert fields.landing_pages == ["https://data.example.org/air-quality"]
    assert fields.access_rights[0].uri.endswith("access-right/PUBLIC")
    assert any(p.element == "wasDerivedFrom" and p.vocabulary == "prov" for p in fields.provenance)
    assert "http://www.w3.org/ns/prov#" in record.namespaces


def test_rdf_xml_dublin_core_and_pav() -> None:
    (record,) = _parse(formats("rdf/dc.rdf"), "application/rdf+xml")
    assert (record.standard, record.format) == ("dublin-core", "rdf-xml")
    assert {r.relation_type for r in record.fields.related} == {"dcterms:isVersionOf", "pav:previousVersion"}
    assert record.fields.versions == ["2.1"]
    assert record.fields.access_rights[0].value == "info:eu-repo/semantics/openAccess"
    assert "http://purl.org/pav/" in record.namespaces


def test_ntriples_served_as_octet_stream() -> None:
    (record,) = _parse(formats("rdf/dataset.nt"), "application/octet-stream")
    assert record.format == "n-triples" and record.fields.titles == ["N-Triples dataset"]


@pytest.mark.parametrize(
    ("case", "standard", "license"),
    [
        ("35-rda-f2-01m-t1-dc/metadata.ttl", "dublin-core", None),
        ("37-rda-f2-01m-t1-dct/metadata.ttl", "dublin-core", "https://spdx.org/licenses/CC0-1.0"),
        ("39-rda-f2-01m-t1-dcat/metadata.ttl", "dcat", None),
        ("41-rda-f2-01m-t2-dct-attributes/metadata.ttl", "dublin-core", "https://spdx.org/licenses/CC0-1.0"),
        ("05-http-describedby-citeas/index.ttl", "schemaorg", "https://spdx.org/licenses/CC0-1.0"),
        ("15-http-describedby-no-conneg/metadata.jsonld", "schemaorg", "https://spdx.org/licenses/CC0-1.0"),
        (
            "31-http-describedby-profile/metadata.expanded.jsonld",
            "schemaorg",
            "https://spdx.org/licenses/CC0-1.0",
        ),
    ],
)
def test_a2a_benchmark_metadata(case: str, standard: str, license: str | None) -> None:
    (record,) = _parse(corpus(f"signposting/a2a-benchmark/{case}"), None)
    assert record.standard == standard
    assert [lic.url for lic in record.fields.licenses] == ([license] if license else [])


def test_a2a_dct_attributes_creator_orcid() -> None:
    (record,) = _parse(corpus("signposting/a2a-benchmark/41-rda-f2-01m-t2-dct-attributes/metadata.ttl"), "text/turtle")
    assert record.fields.creators[0].identifiers[0].scheme == "orcid"
    assert record.fields.dates[0].type == "other"


@pytest.mark.parametrize(
    ("case", "files"),
    [
        ("45-rda-f3-01m-t1-one-item-schema-datadownload/index.ttl", 1),
        ("47-rda-f3-01m-t1-multiple-item-dcat-datadownload/dataset.ttl", 2),
    ],
)
def test_a2a_items(case: str, files: int) -> None:
    (record,) = _parse(corpus(f"signposting/a2a-benchmark/{case}"), "text/turtle")
    assert len(record.fields.content_files) == files


def test_rdf_namespaces_and_value_iris_do_not_follow_rdflib_order() -> None:
    """rdflib yields triples in an order set by the process's hash seed; the namespaces and value IRIs a
    check quotes (FsF-I2 names the first IRI of each vocabulary) are sorted, so a report is the same in
    every run. Before, this case named text/csv in one process and the OpenDocument type in the next."""
    (record,) = _parse(
        corpus("signposting/a2a-benchmark/47-rda-f3-01m-t1-multiple-item-dcat-datadownload/dataset.ttl"), "text/turtle"
    )
    assert record.namespaces == ["http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/ns/dcat#"]
    assert record.value_iris == sorted(record.value_iris) and len(record.value_iris) == 5
    bcodmo = _parse(corpus("soso/testingDataGraphs__ttl__bcodmoDataGraph.ttl"), "text/turtle")
    assert all(r.namespaces == sorted(r.namespaces) and len(r.namespaces) > 2 for r in bcodmo)


def test_bcodmo_turtle_data_graph() -> None:
    records = _parse(corpus("soso/testingDataGraphs__ttl__bcodmoDataGraph.ttl"), "text/turtle")
    assert records and records[0].standard == "schemaorg"
    assert records[0].fields.titles


@pytest.mark.parametrize(
    ("rights", "license", "access"),
    [
        ("<https://creativecommons.org/licenses/by/4.0/>", "https://creativecommons.org/licenses/by/4.0/", None),
        ('"info:eu-repo/semantics/closedAccess"', None, "info:eu-repo/semantics/closedAccess"),
        ('"Creative Commons Attribution 4.0"', "Creative Commons Attribution 4.0", None),
    ],
)
def test_rdf_dc_rights_split_into_license_or_access(rights: str, license: str | None, access: str | None) -> None:
    body = f"<https://example.org/r> <http://purl.org/dc/elements/1.1/rights> {rights} .\n".encode()
    (record,) = _parse(body, "application/n-triples")
    assert [lic.url or lic.name for lic in record.fields.licenses] == ([license] if license else [])
    assert [a.value for a in record.fields.access_rights] == ([access] if access else [])
