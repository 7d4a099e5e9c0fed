"""ISO 19139, DIF 9/10, PANGAEA panmd (one real PANGAEA dataset) and hand-made DDI, EML, MODS, METS."""

from __future__ import annotations

import pytest

from fairgauge.extract import parse_document
from fairgauge.model.metadata import MetadataRecord
from tests.extract._corpus import corpus, formats

PANGAEA_TITLE = (
    "In-situ airborne measurements of atmospheric and sea surface parameters related to offshore "
    "wind parks in the German Bight"
)


def _records(body: bytes) -> list[MetadataRecord]:
    return parse_document(
        body, media_type="application/xml", url="https://example.org/md", method="content_negotiation"
    ).records


@pytest.mark.parametrize(
    ("path", "standard", "creators", "year", "spatial"),
    [
        (
            "repo-metadata-formats/pangaea-902845_iso19139.xml",
            "iso19139",
            9,
            2019,
            "6.516988 53.452294 9.158623 54.993339",
        ),
        (
            "repo-metadata-formats/pangaea-902845_dif.xml",
            "dif",
            9,
            2019,
            "6.516988 53.452294 9.158623 54.993339",
        ),
        (
            "repo-metadata-formats/pangaea-902845_panmd.xml",
            "pangaea",
            9,
            2019,
            "6.516988 53.452294 9.158623 54.993339",
        ),
    ],
)
def test_one_pangaea_dataset_in_three_formats(path: str, standard: str, creators: int, year: int, spatial: str) -> None:
    (record,) = _records(corpus(path))
    assert record.standard == standard and record.format == "xml"
    assert PANGAEA_TITLE in record.fields.titles
    assert len(record.fields.creators) == creators
    assert record.fields.creators[0].name == "Bärfuss, Konrad"
    assert record.fields.publication_year == year
    assert record.fields.spatial_coverage == [spatial]
    assert [p.name for p in record.fields.publishers] == ["PANGAEA"]
    assert any("CC-BY-4.0" in (lic.name or "") or lic.identifier == "CC-BY-4.0" for lic in record.fields.licenses)


def test_iso19139_details() -> None:
    (record,) = _records(corpus("repo-metadata-formats/pangaea-902845_iso19139.xml"))
    fields = record.fields
    assert record.schema_uri == "http://www.isotc211.org/2005/gmd"
    assert fields.identifiers[1].value == "https://doi.org/10.1594/PANGAEA.902845"
    assert fields.creators[0].identifiers[0].value == "https://orcid.org/0000-0001-5130-5494"
    assert fields.content_files[0].url == "https://doi.pangaea.de/10.1594/PANGAEA.902845?format=zip"
    assert fields.formats == ["application/zip"] and fields.languages == ["eng"]
    assert fields.temporal_coverage == ["2016-09-06T12:13:11/2017-10-15T15:51:13"]
    assert any(p.element == "lineage" for p in fields.provenance)
    assert ("https://doi.org/10.1038/s41598-018-20389-y", "lineage:source") in {
        (r.identifier, r.relation_type) for r in fields.related
    }
    assert fields.resource_types[0].value == "dataset"


def test_panmd_details() -> None:
    (record,) = _records(corpus("repo-metadata-formats/pangaea-902845_panmd.xml"))
    fields = record.fields
    assert fields.licenses[0].url == "https://creativecommons.org/licenses/by/4.0/"
    assert fields.licenses[0].identifier == "CC-BY-4.0"
    assert len([r for r in fields.related if r.relation_type == "References"]) == 3
    assert fields.funding == ["Federal Ministry for Economic Affairs and Energy"]
    assert fields.sizes == ["41 datasets"] and fields.formats == ["application/zip"]
    assert fields.access_rights[0].value == "unrestricted"
    orcid_creators = [c for c in fields.creators if any(i.scheme == "orcid" for i in c.identifiers)]
    assert len(orcid_creators) == 4


def test_dif9_details() -> None:
    (record,) = _records(corpus("repo-metadata-formats/pangaea-902845_dif.xml"))
    fields = record.fields
    assert fields.access_rights[0].value == "unrestricted"
    assert fields.licenses[0].name == "CC-BY-4.0: Creative Commons Attribution 4.0 International"
    assert fields.temporal_coverage == ["2016-09-06/2017-10-15"]
    assert fields.formats == ["application/zip"] and fields.sizes == ["41 datasets"]


def test_dif10() -> None:
    (record,) = _records(formats("dif/dif10.xml"))
    fields = record.fields
    assert [c.name for c in fields.creators] == ["Cavalieri, D. J.", "Markus, T.", "Comiso, J. C."]
    assert ("10.5067/AMSR-E/AE_SI12.003", "doi") in {(i.value, i.scheme) for i in fields.identifiers}
    assert [lic.url for lic in fields.licenses] == ["https://creativecommons.org/publicdomain/zero/1.0/"]
    assert fields.content_files[0].url == "https://n5eil01u.ecs.nsidc.org/AMSA/AE_SI12.003/"
    assert fields.temporal_coverage == ["2002-06-01/2011-10-03"]
    assert fields.spatial_coverage == ["-180 -90 180 90"]
    assert "EARTH SCIENCE > CRYOSPHERE > SEA ICE > SEA ICE CONCENTRATION" in fields.keywords


def test_ddi_codebook() -> None:
    (record,) = _records(formats("ddi/codebook-2.5.xml"))
    fields = record.fields
    assert (record.standard, record.schema_uri) == ("ddi", "ddi:codebook:2_5")
    assert fields.identifiers[0].scheme == "doi"
    assert fields.creators[0].affiliations == ["NSD - Norwegian Centre for Research Data"]
    assert fields.measured_variables == ["idno", "ppltrst", "imwbcnt"]
    assert fields.publication_year == 2020
    assert fields.content_files[0].name == "ESS9e03.csv"
    assert fields.access_rights[0].value == "info:eu-repo/semantics/openAccess"
    assert fields.licenses[0].name == "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    assert fields.funding == ["European Commission", "676166"]
    assert fields.temporal_coverage == ["start 2018-08-27", "end 2019-05-31"]


def test_eml() -> None:
    (record,) = _records(formats("eml/eml-2.2.xml"))
    fields = record.fields
    assert record.schema_uri == "https://eml.ecoinformatics.org/eml-2.2.0"
    assert fields.creators[0].identifiers[0].scheme == "orcid"
    assert fields.creators[1].kind == "organization"
    assert fields.content_files[0].size == 183734 and fields.content_files[0].media_type == "text/csv"
    assert fields.measured_variables == ["year", "plot", "species"]
    assert fields.licenses[-1].identifier == "CC-BY-4.0"
    assert fields.temporal_coverage == ["2006-07-01/2019-08-31"]
    assert any(p.element == "methodStep" for p in fields.provenance)


def test_mods() -> None:
    (record,) = _records(formats("mods/mods.xml"))
    fields = record.fields
    assert fields.titles == ["Oral history interviews : Fishing communities of Lofoten"]
    assert [c.name for c in fields.creators] == ["Olsen, Kari"]
    assert fields.creators[0].identifiers[0].scheme == "orcid"
    assert [c.role for c in fields.contributors] == ["contributor"]
    assert fields.licenses[0].url == "https://creativecommons.org/licenses/by/4.0/"
    assert fields.access_rights[0].value == "Open access"
    assert fields.content_files[0].url == "https://dataverse.no/api/access/datafile/12345"
    assert {(i.value, i.scheme) for i in fields.identifiers} == {
        ("10.18710/ABCDEF", "doi"),
        ("hdl:10037/7777", "handle"),
    }
    assert fields.publication_year == 2015


def test_mets_gives_its_files_and_the_inner_mods() -> None:
    parsed = parse_document(formats("mods/mets.xml"), media_type="text/xml", url=None, method="file")
    assert parsed.kind == "mets"
    mets, mods = parsed.records
    assert mets.standard == "mets" and mods.standard == "mods"
    assert [(f.url, f.size, f.media_type) for f in mets.fields.content_files] == [
        ("https://example.org/files/interview1.wav", 1048576, "audio/x-wav"),
        ("https://example.org/files/transcript1.txt", 2048, "text/plain"),
    ]
    assert mets.fields.content_files[0].checksum == "d41d8cd98f00b204e9800998ecf8427e"
    assert mods.fields.titles == ["Oral history interviews"] and mods.fields.creators[0].name == "Olsen, Kari"
