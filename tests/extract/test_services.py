"""re3data, OAI-PMH, OGC CSW and SPARQL answers through the focused entry points."""

from __future__ import annotations

import pytest

from fairgauge.extract import parse_csw, parse_oai_pmh, parse_re3data, parse_sparql
from tests.extract._corpus import corpus, formats


def test_re3data_zenodo() -> None:
    parsed = parse_re3data(corpus("re3data/re3data-r3d100010468_zenodo.xml"), "https://www.re3data.org/api/v1/x")
    repo = parsed.repository
    assert parsed.kind == "re3data" and repo is not None
    assert (repo.re3data_id, repo.name, repo.url) == ("r3d100010468", "Zenodo", "https://zenodo.org/")
    assert [(a.type, a.url) for a in repo.api_endpoints] == [
        ("OAI-PMH", "https://zenodo.org/oai2d"),
        ("REST", "https://developers.zenodo.org/"),
    ]
    assert [s.name for s in repo.metadata_standards] == ["DataCite Metadata Schema", "Dublin Core"]
    assert repo.pid_systems == ["DOI"]
    assert "https://creativecommons.org/publicdomain/zero/1.0/" in repo.data_licenses
    assert len(repo.subjects) == 4


def test_re3data_wrong_document() -> None:
    parsed = parse_re3data(formats("mods/mods.xml"), None)
    assert parsed.repository is None
    assert "extract.wrong_document" in [f.code for f in parsed.findings]


def test_oai_list_metadata_formats() -> None:
    parsed = parse_oai_pmh(corpus("oai-pmh/zenodo_ListMetadataFormats_2023-09.xml"), "https://zenodo.org/oai2d")
    assert parsed.kind == "oai-pmh:ListMetadataFormats"
    by_prefix = {s.prefix: s for s in parsed.standards}
    assert len(by_prefix) == 10
    assert by_prefix["oai_datacite4"].namespace == "http://datacite.org/schema/kernel-4"
    assert by_prefix["oai_dc"].url == "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


def test_oai_getrecord_oai_dc() -> None:
    parsed = parse_oai_pmh(formats("oai/getrecord-oai_dc.xml"), "https://zenodo.org/oai2d")
    (record,) = parsed.records
    assert (record.method, record.standard, record.schema_uri) == (
        "oai_pmh",
        "oai_dc",
        "http://www.openarchives.org/OAI/2.0/oai_dc/",
    )
    assert len(record.fields.creators) == 6 and record.fields.publication_year == 2018
    assert record.fields.licenses[0].url == "https://creativecommons.org/licenses/by-sa/4.0/legalcode"
    assert record.fields.access_rights[0].uri == "info:eu-repo/semantics/openAccess"
    assert ("10.5281/zenodo.1196821", "doi") in {(i.value, i.scheme) for i in record.fields.identifiers}
    assert (record.fields.related[0].identifier, record.fields.related[0].identifier_type) == (
        "10.1111/psyp.12637",
        "doi",
    )
    assert {t.vocabulary for t in record.fields.resource_types} == {"free", "dcmitype"}


def test_oai_getrecord_datacite_wrapper() -> None:
    (record,) = parse_oai_pmh(formats("oai/getrecord-datacite.xml"), None).records
    assert record.standard == "datacite" and record.fields.titles == ["Wrapped DataCite record"]


def test_oai_error_is_a_finding() -> None:
    parsed = parse_oai_pmh(formats("oai/error.xml"), None)
    assert parsed.records == []
    assert [(f.code, f.params["oai_code"]) for f in parsed.findings] == [("extract.oai.error", "idDoesNotExist")]


def test_csw_capabilities() -> None:
    parsed = parse_csw(formats("csw/capabilities.xml"), "https://example.org/csw")
    assert parsed.kind == "csw:capabilities"
    assert [(s.name, s.namespace) for s in parsed.standards] == [
        ("csw-dublin-core", "http://www.opengis.net/cat/csw/2.0.2"),
        ("iso19139", "http://www.isotc211.org/2005/gmd"),
        ("atom", "http://www.w3.org/2005/Atom"),
    ]


@pytest.mark.parametrize(
    ("fixture", "standard", "title"),
    [
        ("csw/getrecordbyid-iso.xml", "iso19139", "In-situ airborne measurements"),
        ("csw/getrecordbyid-dc.xml", "dublin-core", "Lorem ipsum bathymetry"),
    ],
)
def test_csw_get_record_by_id(fixture: str, standard: str, title: str) -> None:
    (record,) = parse_csw(formats(fixture), "https://example.org/csw").records
    assert record.method == "ogc_csw" and record.standard == standard
    assert record.fields.titles[0].startswith(title)


def test_csw_dc_record_bounding_box() -> None:
    (record,) = parse_csw(formats("csw/getrecordbyid-dc.xml"), None).records
    assert record.fields.spatial_coverage == ["47.595 -4.097 51.217 0.889"]
    assert record.fields.licenses[0].url == "https://creativecommons.org/licenses/by/4.0/"


def test_csw_exception() -> None:
    parsed = parse_csw(formats("csw/exception.xml"), None)
    assert [f.code for f in parsed.findings] == ["extract.csw.exception"]


@pytest.mark.parametrize(
    ("fixture", "media_type", "standard", "creators"),
    [
        ("sparql/select.json", "application/sparql-results+json", "dcat", ["Hydrology Lab"]),
        ("sparql/select.xml", "application/sparql-results+xml", "dublin-core", []),
        ("sparql/construct.ttl", "text/turtle", "dcat", []),
    ],
)
def test_sparql_answers(fixture: str, media_type: str, standard: str, creators: list[str]) -> None:
    parsed = parse_sparql(formats(fixture), media_type, "https://example.org/dataset/42")
    (record,) = parsed.records
    assert record.method == "sparql" and record.standard == standard
    assert record.fields.titles == ["River discharge 2021"]
    assert [c.name for c in record.fields.creators] == creators


def test_sparql_xml_pairs_are_about_the_queried_resource() -> None:
    (record,) = parse_sparql(formats("sparql/select.xml"), None, "https://example.org/dataset/42").records
    assert record.fields.identifiers[0].value == "https://example.org/dataset/42"
    assert [r.relation_type for r in record.fields.related] == ["prov:wasDerivedFrom"]
    assert [p.name for p in record.fields.publishers] == ["Example Water Agency"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "extract.empty"),
        (
            b'{"head": {"vars": ["count"]}, "results": {"bindings": [{"count": {"type": "literal", "value": "1"}}]}}',
            "extract.sparql.not_triples",
        ),
        (b'{"head": {"vars": []}, "results": {"bindings": []}}', "extract.sparql.empty"),
        (b'{"head": ', "extract.json.malformed"),
    ],
)
def test_sparql_bad_answers(body: bytes, code: str) -> None:
    parsed = parse_sparql(body, "application/sparql-results+json", None)
    assert parsed.records == [] and [f.code for f in parsed.findings] == [code]


def test_oai_list_records_skips_deleted() -> None:
    parsed = parse_oai_pmh(formats("oai/listrecords.xml"), "https://example.org/oai")
    assert parsed.kind == "oai-pmh:ListRecords"
    assert [r.fields.titles for r in parsed.records] == [["Second record"]]
    assert [(f.code, f.params["identifier"]) for f in parsed.findings] == [("extract.oai.deleted", "oai:example.org:1")]
    assert parsed.records[0].fields.resource_types[0].vocabulary == "dcmitype"
