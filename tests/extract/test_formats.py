"""The registry of formats and sniffers (``extract/formats.py``) that the dispatchers walk."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fairgauge.extract import parse_document
from fairgauge.extract.formats import FAMILIES, JSON_FORMATS, XML_FORMATS, declared_family, sniff_family
from tests.extract._corpus import CORPUS, corpus


@pytest.mark.parametrize(
    ("path", "family"),
    [
        ("datacite-xml/bolognese_datacite.xml", "xml"),
        ("repo-metadata-formats/pangaea-902845_iso19139.xml", "xml"),
        ("landing-pages/pangaea-836178_2021-06.html", "html"),
        ("repo-metadata-formats/pangaea-902845_conneg.jsonld", "json"),
        ("pid-metadata/zenodo-1196821_datacite-api.json", "json"),
        ("soso/testingDataGraphs__ttl__bcodmoDataGraph.ttl", "text"),  # N-Triples: starts with <iri>
    ],
)
def test_corpus_documents_sniff_to_their_family(path: str, family: str) -> None:
    assert sniff_family(corpus(path)) == family


def test_sniffing_skips_a_byte_order_mark_and_leading_space() -> None:
    assert sniff_family(b"\xef\xbb\xbf \n<!DOCTYPE html><html><head></head></html>") == "html"
    assert sniff_family(b"\n\t[{}]") == "json"
    assert sniff_family(b"@prefix dct: <http://purl.org/dc/terms/> .") == "text"


@pytest.mark.parametrize(
    ("media_type", "family"),
    [
        ("text/html", "html"),
        ("application/xhtml+xml", "html"),  # +xml, but a web page
        ("application/rdf+xml", "xml"),
        ("text/xml", "xml"),
        ("application/ld+json", "json"),
        ("text/turtle", None),
        ("application/octet-stream", None),
    ],
)
def test_declared_media_types_name_a_family(media_type: str, family: str | None) -> None:
    assert declared_family(media_type) == family


def test_text_is_the_last_family_and_takes_the_rest() -> None:
    assert FAMILIES[-1].name == "text"
    assert sniff_family(b"no markup at all") == "text"


def test_every_registered_xml_kind_is_what_the_dispatcher_reports() -> None:
    """The kind a corpus record comes back with is the registry's name for it, for each XML format."""
    samples = {
        "datacite-xml": "datacite-xml/bolognese_datacite.xml",
        "iso19139": "repo-metadata-formats/pangaea-902845_iso19139.xml",
        "dif": "repo-metadata-formats/pangaea-902845_dif.xml",
        "pangaea": "repo-metadata-formats/pangaea-902845_panmd.xml",
    }
    kinds = {fmt.kind for fmt in XML_FORMATS}
    for kind, path in samples.items():
        assert kind in kinds
        parsed = parse_document(corpus(path), media_type=None, url="https://example.org/x", method="file")
        assert parsed.kind == kind and parsed.records


def test_json_shapes_are_tried_in_order_with_json_ld_last() -> None:
    """JSON-LD takes any object with an @-key, so every more specific shape must come first."""
    assert JSON_FORMATS[-1].name == "json-ld"
    assert len({fmt.name for fmt in JSON_FORMATS}) == len(JSON_FORMATS)


def test_the_registry_loads_rdflib_only_when_an_rdf_document_is_met() -> None:
    """rdflib, pyld and extruct cost start-up time: a DataCite XML record needs none of them."""
    probe = (
        "import json, sys; from pathlib import Path; from fairgauge.extract import parse_document; "
        "body = Path(sys.argv[1]).read_bytes(); "
        "kind = parse_document(body, media_type=None, url=None, method='file').kind; "
        "print(json.dumps([kind, sorted(m for m in ('rdflib', 'pyld', 'extruct') if m in sys.modules)]))"
    )
    for path, expected in (
        ("datacite-xml/bolognese_datacite.xml", ["datacite-xml", []]),
        ("soso/testingDataGraphs__ttl__bcodmoDataGraph.ttl", ["rdf-n-triples", ["rdflib"]]),
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, str(CORPUS / path)], capture_output=True, text=True, check=True, timeout=120
        )
        assert json.loads(done.stdout) == expected
