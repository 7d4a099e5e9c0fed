"""DataCite XML (kernel 3, 4, 4.6), DataCite JSON (conneg) and the DataCite REST API, on real records."""

from __future__ import annotations

import pytest

from fairgauge.extract import parse_datacite_api, parse_document
from fairgauge.model.metadata import MetadataRecord
from tests.extract._corpus import corpus, formats


def _one(body: bytes, media_type: str | None = None) -> MetadataRecord:
    parsed = parse_document(body, media_type=media_type, url="https://example.org/md", method="content_negotiation")
    assert len(parsed.records) == 1, parsed.findings
    return parsed.records[0]


@pytest.mark.parametrize(
    ("path", "schema", "doi", "title", "creators", "year", "general", "license_url"),
    [
        (
            "datacite-xml/bolognese_datacite.xml",
            "http://datacite.org/schema/kernel-4",
            "10.5438/4K3M-NYVG",
            "Eating your own Dog Food",
            1,
            2016,
            "Text",
            None,
        ),
        (
            "datacite-xml/bolognese_datacite_dataset.xml",
            "http://datacite.org/schema/kernel-3",
            "10.5061/DRYAD.8515",
            "Data from: A new malaria agent in African hominids.",
            8,
            2011,
            "Dataset",
            "http://creativecommons.org/publicdomain/zero/1.0/",
        ),
        (
            "datacite-xml/bolognese_schema_4.0.xml",
            "http://datacite.org/schema/kernel-4",
            "10.6071/Z7WC73",
            "Southern Sierra Critical Zone Observatory (SSCZO), Providence Creek meteorological data, "
            "soil moisture and temperature, snow depth and air temperature",
            6,
            2013,
            "Dataset",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        (
            "datacite-xml/bolognese_datacite-by-nd-4.0.xml",
            "http://datacite.org/schema/kernel-3",
            "10.26041/FHNW-7645",
            "The art of soft power banishment. New insights into the Swiss deportation regime",
            3,
            2021,
            "Other",
            "https://creativecommons.org/licenses/by-nd/4.0/",
        ),
        (
            "datacite-xml/bolognese_datacite-example-full-v4.6.xml",
            "http://datacite.org/schema/kernel-4",
            "10.82433/B09Z-4K37",
            "Example Title",
            2,
            2023,
            "Project",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        (
            "repo-metadata-formats/pangaea-902845_datacite4.xml",
            "http://datacite.org/schema/kernel-4",
            "10.1594/PANGAEA.902845",
            "In-situ airborne measurements of atmospheric and sea surface parameters related "
            "to offshore wind parks in the German Bight",
            9,
            2019,
            "Collection",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
    ],
)
def test_datacite_xml_records(
    path: str,
    schema: str,
    doi: str,
    title: str,
    creators: int,
    year: int,
    general: str,
    license_url: str | None,
) -> None:
    record = _one(corpus(path), "application/xml")
    assert (record.standard, record.format, record.schema_uri) == ("datacite", "xml", schema)
    assert schema in record.namespaces
    assert record.fields.identifiers[0].value == doi and record.fields.identifiers[0].scheme == "doi"
    assert record.fields.titles[0] == title
    assert len(record.fields.creators) == creators
    assert record.fields.publication_year == year
    assert (
        record.fields.resource_types[0].general == general and record.fields.resource_types[0].vocabulary == "datacite"
    )
    assert [lic.url for lic in record.fields.licenses] == ([license_url] if license_url else [])
    assert record.findings == []


def test_full_v46_example_details() -> None:
    fields = _one(corpus("datacite-xml/bolognese_datacite-example-full-v4.6.xml")).fields
    person, org = fields.creators
    assert person.kind == "person" and person.given_name == "ExampleGivenName"
    assert person.identifiers[0].scheme == "orcid" and person.identifiers[0].value.endswith("0000-0001-5727-2427")
    assert org.kind == "organization" and org.identifiers[0].scheme == "ror"
    assert fields.publishers[0].identifiers[0].value == "https://ror.org/04z8jg394"
    assert {(r.identifier, r.relation_type) for r in fields.related} >= {
        ("RRID:AB_90755", "References"),
        ("10.1234/translated-version", "HasTranslation"),
    }
    assert [c.role for c in fields.contributors] == ["Translator", "ContactPerson", "Editor", "Editor"]
    assert {d.type for d in fields.dates} == {"coverage", "created", "issued", "submitted", "updated"}
    assert fields.titles[1:] == ["Example Subtitle", "Example TranslatedTitle", "Example AlternativeTitle"]
    assert fields.spatial_coverage == ["Vancouver, British Columbia, Canada 49.2827 -123.1207"]
    assert fields.sizes == ["1 MB"] and fields.formats == ["application/xml"] and fields.versions == ["1"]
    provenance = {(p.element, p.vocabulary) for p in fields.provenance}
    assert ("creator", "datacite") in provenance and ("publisher", "datacite") in provenance


def test_missing_creator_is_a_finding_not_an_exception() -> None:
    record = _one(corpus("datacite-xml/bolognese_datacite_missing_creator.xml"))
    assert [f.code for f in record.findings] == ["extract.datacite.missing_creator"]
    assert record.fields.titles == ["Eating your own Dog Food"]


def test_kernel3_edge_cases() -> None:
    fields = _one(formats("datacite/kernel-3-edge.xml")).fields
    assert fields.titles[0] == "Full DataCite XML Example"  # the untyped title first, subtitle after
    assert fields.access_rights[0].uri == "info:eu-repo/semantics/openAccess"
    assert fields.licenses[0].url == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert [a.name for a in fields.rights_holders] == ["California Digital Library"]
    assert fields.contributors[0].role == "ProjectLeader"
    assert any(p.element == "IsDerivedFrom" and p.value == "10.5072/ORIGIN" for p in fields.provenance)
    assert any(p.element == "description:Methods" for p in fields.provenance)
    assert fields.spatial_coverage == ["Atlantic Ocean 31.233 -67.302 41.090 -71.032 42.893 -68.211"]
    assert fields.resource_types[0].general == "Software"


def test_datacite_json_conneg() -> None:
    parsed = parse_document(
        corpus("datacite-json/bolognese_datacite.json"),
        media_type="application/json",
        url="https://data.crosscite.org/x",
        method="content_negotiation",
    )
    assert parsed.kind == "datacite-json"
    record = parsed.records[0]
    assert (record.standard, record.format) == ("datacite", "json")
    assert record.fields.creators[0].identifiers[0].value == "http://orcid.org/0000-0003-1419-2405"
    assert {(r.identifier, r.relation_type) for r in record.fields.related} == {
        ("10.5438/0000-00ss", "IsPartOf"),
        ("10.5438/0012", "References"),
        ("10.5438/55e5-t5c0", "References"),
    }
    assert [t.vocabulary for t in record.fields.resource_types] == ["datacite", "schema.org"]


@pytest.mark.parametrize(
    ("path", "client", "name", "re3data", "creators", "license_url", "landing"),
    [
        (
            "pid-metadata/zenodo-1196821_datacite-api.json",
            "cern.zenodo",
            "Zenodo",
            "https://doi.org/10.17616/R3QP53",
            6,
            "https://creativecommons.org/licenses/by-sa/4.0",
            "https://zenodo.org/record/1196821",
        ),
        (
            "pid-metadata/pangaea-836178_datacite-api.json",
            "pangaea.repository",
            "PANGAEA",
            "https://doi.org/10.17616/R3XS37",
            8,
            "https://creativecommons.org/licenses/by/3.0/legalcode",
            "https://doi.pangaea.de/10.1594/PANGAEA.836178",
        ),
    ],
)
def test_datacite_api(
    path: str, client: str, name: str, re3data: str, creators: int, license_url: str, landing: str
) -> None:
    parsed = parse_datacite_api(corpus(path), "https://api.datacite.org/dois/x")
    assert parsed.kind == "datacite-api" and parsed.findings == []
    assert parsed.repository is not None
    assert (parsed.repository.datacite_client_id, parsed.repository.name, parsed.repository.re3data_doi) == (
        client,
        name,
        re3data,
    )
    record = parsed.records[0]
    assert record.method == "datacite_api"
    assert len(record.fields.creators) == creators
    assert record.fields.licenses[0].url == license_url
    assert record.fields.landing_pages == [landing]


def test_zenodo_api_relations_and_access() -> None:
    fields = parse_datacite_api(corpus("pid-metadata/zenodo-1196821_datacite-api.json"), None).records[0].fields
    assert ("10.5281/zenodo.1039580", "IsVersionOf") in {(r.identifier, r.relation_type) for r in fields.related}
    assert fields.access_rights[0].uri == "info:eu-repo/semantics/openAccess"
    orcids = [i.value for c in fields.creators for i in c.identifiers]
    assert orcids == [
        "https://orcid.org/0000-0001-9688-838X",
        "https://orcid.org/0000-0002-7588-1418",
        "https://orcid.org/0000-0001-8090-3266",
        "https://orcid.org/0000-0003-3717-2036",
    ]


@pytest.mark.parametrize("body", [b"", b"{", b'{"data": {"id": "x"}}', b"<xml/>", b"[1, 2]"])
def test_datacite_api_bad_bodies_give_findings(body: bytes) -> None:
    parsed = parse_datacite_api(body, "https://api.datacite.org/dois/x")
    assert parsed.records == [] and parsed.findings
