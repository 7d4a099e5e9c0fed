"""The pure functions a metric check calls: recognise, validate_document, track_file_formats, terms."""

from __future__ import annotations

import pytest

from fairgauge.tracks import ontology_terms, recognise, track_file_formats, validate_document
from fairgauge.tracks.service import TracksService
from tests.tracks.conftest import TRACKS, example, load_json


@pytest.mark.parametrize(
    ("relative", "version", "kind", "experimental"),
    [
        ("v1.0.2/fairtracks.example.json", "1.0.2", "collection", False),
        ("v1.0/fairtracks_track.example.json", "dev", "track", True),  # moving URL, fits master
        ("dev/fairtracks.example.json", "dev", "collection", True),
        ("v2.0-draft/fairtracks.augmented.example.json", "2.0-draft", "collection", True),
        ("v2.0-draft/fairtracks_sample.minimal.example.json", "2.0-draft", "sample", True),
    ],
)
def test_recognise_fairtracks_documents(relative: str, version: str, kind: str, experimental: bool) -> None:
    found = recognise(example(relative))
    assert found is not None
    assert (found.version, found.kind, found.supported, found.experimental) == (version, kind, True, experimental)


def test_recognise_other_documents() -> None:
    legacy = recognise(load_json(TRACKS / "legacy" / "basic_example.json"))
    assert legacy is not None and (legacy.version, legacy.supported) == ("pre-1.0", False)
    unknown_release = recognise(
        {
            "@schema": "https://raw.githubusercontent.com/fairtracks/fairtracks_standard/v3/"
            "current/json/schema/fairtracks.schema.json"
        }
    )
    assert unknown_release is not None and not unknown_release.supported
    assert recognise({"@schema": "https://schema.org/Dataset"}) is None
    assert recognise(["not", "a", "document"]) is None


def test_validate_document_returns_problems(service: TracksService) -> None:
    document = example("v1.0.2/fairtracks.example.json")
    document["tracks"][0]["file_format"]["term_id"] = "http://edamontology.org/format_9999"
    problems = validate_document(document, service.validator(), name="harvested.json")
    assert ("term.not_found", "/tracks/0/file_format/term_id") in {(p.code, p.pointer) for p in problems}
    finding = next(p for p in problems if p.code == "term.not_found").to_finding()
    assert finding.code == "tracks.term.not_found"
    assert finding.location is not None and finding.location.document == "harvested.json"


def test_track_file_formats() -> None:
    formats = track_file_formats(example("v1.0.2/fairtracks.example.json"))
    assert [(f.pointer, f.term_id, f.term_label) for f in formats][:2] == [
        ("/tracks/0/file_format", "http://edamontology.org/format_3613", "ENCODE narrow peak format"),
        ("/tracks/1/file_format", "http://edamontology.org/format_3004", "bigBed"),
    ]
    (single,) = track_file_formats(example("v2.0-draft/fairtracks_track.minimal.example.json"))
    assert (single.pointer, single.term_label, single.file_name) == ("/file_format", None, None)
    assert track_file_formats({"@schema": "x"}) == ()


def test_ontology_terms() -> None:
    terms = ontology_terms(example("dev/fairtracks.example.json"))
    assert len(terms) == 18
    assert terms[0].pointer == "/experiments/0/technique" and terms[0].term_label.startswith("histone")  # type: ignore[union-attr]
