"""The dispatcher: sniffing past lying media types, and every kind of bad input as a finding."""

from __future__ import annotations

import pytest

from fairgauge.extract import parse_document
from tests.extract._corpus import corpus, formats


@pytest.mark.parametrize(
    ("path", "media_type", "kind"),
    [
        ("datacite-xml/bolognese_datacite.xml", "text/plain", "datacite-xml"),
        ("datacite-xml/bolognese_datacite.xml", "application/octet-stream", "datacite-xml"),
        ("datacite-xml/bolognese_datacite.xml", "application/json", "datacite-xml"),
        ("repo-metadata-formats/pangaea-902845_conneg.jsonld", "application/json", "json-ld"),
        ("repo-metadata-formats/pangaea-902845_conneg.jsonld", "text/html", "json-ld"),
        ("repo-metadata-formats/pangaea-902845_iso19139.xml", None, "iso19139"),
        ("repo-metadata-formats/pangaea-902845_dif.xml", "text/xml", "dif"),
        ("repo-metadata-formats/pangaea-902845_panmd.xml", "application/xml", "pangaea"),
        ("datacite-json/bolognese_datacite.json", "application/vnd.datacite.datacite+json", "datacite-json"),
        ("pid-metadata/zenodo-1196821_datacite-api.json", "application/json", "datacite-api"),
        (
            "soso/testingDataGraphs__ttl__bcodmoDataGraph.ttl",
            "text/plain",
            "rdf-n-triples",
        ),  # N-Triples in a .ttl
        (
            "signposting/a2a-benchmark/39-rda-f2-01m-t1-dcat/metadata.ttl",
            "application/octet-stream",
            "rdf-n-triples",
        ),
        ("landing-pages/pangaea-836178_2021-06.html", "application/octet-stream", "html"),
        ("re3data/re3data-r3d100010468_zenodo.xml", "application/xml", "re3data"),
        ("oai-pmh/zenodo_ListMetadataFormats_2023-09.xml", "text/xml", "oai-pmh:ListMetadataFormats"),
    ],
)
def test_sniffing_corpus(path: str, media_type: str | None, kind: str) -> None:
    parsed = parse_document(corpus(path), media_type=media_type, url="https://example.org/x", method="file")
    assert parsed.kind == kind


def test_declared_type_contradicting_the_body_is_reported() -> None:
    parsed = parse_document(
        corpus("datacite-xml/bolognese_datacite.xml"),
        media_type="application/json",
        url=None,
        method="content_negotiation",
    )
    assert "extract.media_type.mismatch" in [f.code for f in parsed.findings]
    assert parsed.records[0].standard == "datacite"


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("xml/billion-laughs.xml", "extract.xml.entities_refused"),
        ("xml/xxe.xml", "extract.xml.entities_refused"),
        ("xml/rdf-xxe.rdf", "extract.xml.entities_refused"),
        ("xml/broken.xml", "extract.xml.malformed"),
        ("xml/unknown-root.xml", "extract.xml.unknown_root"),
        ("json/broken.json", "extract.json.malformed"),
        ("json/unknown-shape.json", "extract.json.unknown_shape"),
        ("json/scalar.json", "extract.format.unknown"),
    ],
)
def test_bad_documents_give_findings(fixture: str, code: str) -> None:
    parsed = parse_document(formats(fixture), media_type=None, url="https://example.org/bad", method="file")
    assert parsed.records == []
    assert code in [f.code for f in parsed.findings]
    assert all(f.location is not None and f.location.url == "https://example.org/bad" for f in parsed.findings)


def test_entities_are_never_expanded() -> None:
    parsed = parse_document(formats("xml/billion-laughs.xml"), media_type="application/xml", url=None, method="file")
    assert parsed.records == [] and len(parsed.model_dump_json()) < 2000


def test_wrong_encoding_is_read_with_a_warning() -> None:
    parsed = parse_document(formats("json/latin1.json"), media_type="application/ld+json", url=None, method="file")
    assert [f.code for f in parsed.findings] == ["extract.encoding.invalid"]
    assert parsed.records[0].fields.titles == ["Café culture survey"]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n",
        b"\x00\x01\x02\x03",
        b"<",
        b"{",
        b"[",
        b"<?xml version='1.0'?>",
        b"@prefix broken",
        b"<html",
        b"\xff\xfe<\x00x\x00",
        "<r>é</r>".encode("latin-1"),
        b'{"@context": 5, "@type": "Dataset"}',
        b'{"@context": "https://schema.org/", "@graph": "nonsense"}',
        b'[{"@id": 3}]',
    ],
)
def test_garbage_never_raises(body: bytes) -> None:
    for media_type in (None, "text/html", "application/ld+json", "text/turtle", "application/xml"):
        parsed = parse_document(body, media_type=media_type, url="https://example.org/g", method="file")
        assert isinstance(parsed.kind, str)
        assert not any(f.code == "extract.internal_error" for f in parsed.findings), parsed.findings


FAIRTRACKS_EXAMPLE = "tests/fixtures/tracks/examples/dev/fairtracks.example.json"


def test_fairtracks_json_is_recognised_only_through_the_reader_it_is_handed() -> None:
    """harvest never imports tracks: the composition root hands in the FAIRtracks reader (model protocol)."""
    from pathlib import Path

    from fairgauge.tracks import read_fairtracks

    body = Path(FAIRTRACKS_EXAMPLE).read_bytes()
    read = parse_document(body, media_type="application/json", url="https://x.test/t.json", method="typed_link")
    assert read.kind != "fairtracks" and read.community_documents == []
    parsed = parse_document(
        body, media_type="application/json", url="https://x.test/t.json", method="typed_link", reader=read_fairtracks
    )
    assert parsed.kind == "fairtracks"
    (kept,) = parsed.community_documents
    assert (kept.standard, kept.version, kept.kind, kept.supported) == ("fairtracks", "dev", "collection", True)
    (record,) = parsed.records
    assert record.fields.content_files and all(f.url for f in record.fields.content_files)
    assert "http://purl.obolibrary.org/obo/" in record.namespaces
