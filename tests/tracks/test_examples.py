"""Every published FAIRtracks example validates against its own release; the known-bad ones fail."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from fairgauge.tracks.jsonload import LoadedDocument, read_documents
from fairgauge.tracks.report import render_validation_text
from fairgauge.tracks.service import TracksService
from tests.tracks.conftest import EXAMPLES
from tests.tracks.test_cli import fairgauge

RELEASE_OF = {"v1.0": "1.0", "v1.0.1": "1.0.1", "v1.0.2": "1.0.2", "dev": "dev", "v2.0-draft": "2.0-draft"}
KNOWN_INVALID = {"v2.0-draft/fairtracks.minimal.example.json"}
PUBLISHED = sorted(
    str(p.relative_to(EXAMPLES))
    for directory in RELEASE_OF
    for p in (EXAMPLES / directory).glob("*.json")
    if str(p.relative_to(EXAMPLES)) not in KNOWN_INVALID
)


@pytest.mark.parametrize("relative", PUBLISHED)
def test_published_example_is_valid(service: TracksService, relative: str) -> None:
    release = RELEASE_OF[relative.split("/")[0]]
    report = service.validate(read_documents([EXAMPLES / relative]), release)
    errors = [(p.code, p.pointer, p.message) for p in report.problems if p.severity == "error"]
    assert errors == []
    assert report.status == "valid"


def test_published_augmented_copy_in_fairtracks_augment_is_valid(service: TracksService) -> None:
    report = service.validate(read_documents([EXAMPLES / "augment-v1.0.2" / "fairtracks.augmented.example.json"]))
    assert report.status == "valid"
    assert [p.code for p in report.problems if p.severity == "warning"] == ["curie.whitespace"]


def test_v2_minimal_example_fails_its_own_draft_schema(service: TracksService) -> None:
    """Upstream defect, pinned so a change upstream or in our reading shows: the draft's top-level
    ``if: {properties: {document: {properties: {has_augmented_metadata: {const: true}}}}}`` holds
    vacuously when the flag is absent, so its ``then`` requires every augmented field (and the flag
    itself) of the minimal example, which leaves the flag out."""
    report = service.validate(read_documents([EXAMPLES / "v2.0-draft" / "fairtracks.minimal.example.json"]))
    errors = [(p.code, p.pointer, p.message) for p in report.problems if p.severity == "error"]
    assert [e for e in errors if e[1] == "/document"] == [
        ("schema.required", "/document", "'has_augmented_metadata' is a required property"),
        ("schema.required", "/document", "'has_augmented_metadata' is a required property"),
        ("schema.required", "/document", "'ontology_versions' is a required property"),
    ]
    assert Counter(message for _, _, message in errors) == {
        "'has_augmented_metadata' is a required property": 2,
        "'ontology_versions' is a required property": 1,
        "'term_label' is a required property": 18,
        "'file_name' is a required property": 8,
        "'summary' is a required property": 3,
        "'species_name' is a required property": 2,
        "'collection_ref' is a required property": 1,
    }
    assert {code for code, _, _ in errors} == {"schema.required"}
    assert report.status == "invalid"
    assert any(p.code == "schema.experimental" for p in report.problems)


def test_v2_minimal_example_defect_is_the_vacuous_if_and_an_unconditional_required(service: TracksService) -> None:
    """With ``has_augmented_metadata: false`` the ``then`` no longer applies; what is left is the second
    half of the defect: ``document`` requires ``ontology_versions`` unconditionally, an augmented field."""
    (document,) = read_documents([EXAMPLES / "v2.0-draft" / "fairtracks.minimal.example.json"])
    data = {**document.data, "document": {**document.data["document"], "has_augmented_metadata": False}}
    report = service.validate([LoadedDocument(document.name, data)], "2.0-draft")
    errors = [(p.code, p.pointer, p.message) for p in report.problems if p.severity == "error"]
    assert errors == [("schema.required", "/document", "'ontology_versions' is a required property")]
    assert not [p for p in report.problems if p.code == "augmented.flag_missing"]  # the flag is not a value


def test_known_defects_of_the_published_examples_are_reported_not_hidden(service: TracksService) -> None:
    report = service.validate(read_documents([EXAMPLES / "v1.0.2" / "fairtracks.example.json"]))
    (whitespace,) = [p for p in report.problems if p.code == "curie.whitespace"]
    assert whitespace.pointer == "/tracks/0/raw_file_ids/0"
    assert "'encode: ENCFF207FGO'" in whitespace.message


def test_obsolete_schema_ancestor_is_replaced_with_a_warning(service: TracksService) -> None:
    report = service.validate(read_documents([EXAMPLES / "dev" / "fairtracks.example.json"]), "dev")
    warnings = [p for p in report.problems if p.code == "term.ancestor_obsolete"]
    assert [p.pointer for p in warnings] == [
        "/samples/0/sample_type/cell_type/term_id",
        "/samples/1/sample_type/cell_type/term_id",
    ]
    assert warnings[0].params == {
        "ancestor": "http://purl.obolibrary.org/obo/CL_0000003",
        "replacement": "http://purl.obolibrary.org/obo/CL_0000000",
    }


def test_without_offline_data_for_a_term_the_result_is_indeterminate(packaged_service: TracksService) -> None:
    """No NCIT/OBI/SO offline, and cellxgene's EFO lacks CL ancestors: ontology unavailable, never pass/fail."""
    report = packaged_service.validate(read_documents([EXAMPLES / "v1.0.2" / "fairtracks.example.json"]))
    unavailable = {p.pointer for p in report.problems if p.code == "term.ontology_unavailable"}
    assert unavailable == {
        "/experiments/0/technique/term_id",
        "/experiments/0/target/sequence_feature/term_id",
        "/samples/0/biospecimen_class/term_id",
        "/samples/0/phenotype/term_id",
        "/samples/0/sample_type/cell_line/term_id",
    }
    assert all(p.indeterminate and p.severity == "error" for p in report.problems if p.code.startswith("term."))
    assert report.status == "indeterminate"
    assert not report.valid


def test_example_directory_as_one_set_has_duplicates_naming_both_documents(service: TracksService) -> None:
    """The part examples repeat entities of the full example: as one set, their keys collide."""
    report = service.validate(read_documents([EXAMPLES / "v1.0.2"]))
    duplicates = [p for p in report.problems if p.code == "key.duplicate"]
    pairs = {
        (Path(p.document).name, p.pointer, Path(p.related[0].document).name, p.related[0].pointer) for p in duplicates
    }
    assert ("fairtracks_track.example.json", "/local_id", "fairtracks.example.json", "/tracks/0/local_id") in pairs
    assert ("fairtracks_sample.example.json", "/local_id", "fairtracks.example.json", "/samples/0/local_id") in pairs
    assert report.status == "invalid"


def test_a_part_document_alone_has_references_it_cannot_check(service: TracksService) -> None:
    report = service.validate(read_documents([EXAMPLES / "v1.0.2" / "fairtracks_experiment.example.json"]))
    absent = [p for p in report.problems if p.code == "key.target_absent"]
    assert [(p.pointer, p.severity) for p in absent] == [("/sample_ref", "warning"), ("/study_ref", "warning")]
    assert report.status == "valid"


OFF_EXIT_0 = sorted(
    str(p.relative_to(EXAMPLES))
    for directory in RELEASE_OF
    for p in (EXAMPLES / directory).glob("*.json")
    if str(p.relative_to(EXAMPLES)) not in KNOWN_INVALID
)


@pytest.mark.parametrize("relative", OFF_EXIT_0)
def test_published_example_exits_0_with_ontology_checks_off(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path, relative: str
) -> None:
    release = RELEASE_OF[relative.split("/")[0]]
    args = ["tracks", "validate", str(EXAMPLES / relative), "--schema-version", release, "--ontology-source", "off"]
    code, out, _ = fairgauge(monkeypatch, capsys, *args)
    assert code == 0, out
    assert f"[FAIRtracks {release}]" in out.splitlines()[0]


def test_master_example_validates_by_default_against_the_development_schema(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path
) -> None:
    """The master example names the moving v1/current URL and is written for master: no option needed."""
    args = ["tracks", "validate", str(EXAMPLES / "dev" / "fairtracks.example.json"), "--ontology-source", "off"]
    code, out, _ = fairgauge(monkeypatch, capsys, *args, "-v")
    assert code == 0, out
    assert "[FAIRtracks dev]" in out.splitlines()[0]
    assert "validated against the development schema dev (commit 8dd0fb3)" in out
    assert "schema.release_fallback" not in out


def test_v1_0_2_example_by_default_falls_back_to_release_1_0_2_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path
) -> None:
    """The official v1.0.2 example names the same moving URL but fails master: release 1.0.2 is used."""
    args = ["tracks", "validate", str(EXAMPLES / "v1.0.2" / "fairtracks.example.json"), "--ontology-source", "off"]
    code, out, _ = fairgauge(monkeypatch, capsys, *args, "-v")
    assert code == 0, out
    assert "[FAIRtracks 1.0.2]" in out.splitlines()[0]
    assert "[schema.release_fallback]" in out
    assert "fails the development schema dev but is valid against release 1.0.2 (commit b1df442)" in out
    assert "schema.experimental" not in out


def test_v1_0_2_example_fails_master_and_fits_1_0_2(service: TracksService) -> None:
    """The premise of the fallback, on real data: both schemas are really consulted."""
    path = EXAMPLES / "v1.0.2" / "fairtracks.example.json"
    assert service.validate(read_documents([path]), "dev").status == "invalid"
    report = service.validate(read_documents([path]))
    assert [d.schema_version for d in report.documents] == ["1.0.2"]
    (note,) = [p for p in report.problems if p.code == "schema.release_fallback"]
    assert (note.severity, note.params) == ("info", {"version": "1.0.2", "default": "dev"})


def test_document_invalid_under_both_reports_the_development_schema_errors(service: TracksService) -> None:
    """Broken for master and for 1.0.2: the errors are master's, and the document is reported under dev."""
    path = EXAMPLES / "dev" / "fairtracks.example.json"
    (document,) = read_documents([path])
    data = dict(document.data)
    del data["studies"]
    broken = LoadedDocument(document.name, data)
    report = service.validate([broken])
    dev_only = service.validate([broken], "dev")
    codes = [(p.code, p.pointer, p.message) for p in report.problems if p.code.startswith("schema.")]
    assert ("schema.required", "", "'studies' is a required property") in codes
    assert [d.schema_version for d in report.documents] == ["dev"]
    assert report.status == "invalid"
    assert not any(p.code == "schema.release_fallback" for p in report.problems)
    errors = [(p.code, p.pointer) for p in report.problems if p.severity == "error"]
    assert errors == [(p.code, p.pointer) for p in dev_only.problems if p.severity == "error"]
    assert not service.validate([broken], "1.0.2").valid


ALL_PUBLISHED = sorted(str(p.relative_to(EXAMPLES)) for d in RELEASE_OF for p in (EXAMPLES / d).glob("*.json"))


def test_without_fetched_ontologies_every_undecided_example_names_the_fix(packaged_service: TracksService) -> None:
    """Only packaged data (no NCIT/OBI/SO): each published example with undecided terms says exactly
    which ontologies decide them and the command that fetches them; nothing is left as 'unknown'."""
    undecided_examples = []
    for relative in ALL_PUBLISHED:
        release = RELEASE_OF[relative.split("/")[0]]
        report = packaged_service.validate(read_documents([EXAMPLES / relative]), release)
        undecided = [p for p in report.problems if p.indeterminate]
        if not undecided:
            continue
        undecided_examples.append(relative)
        needs = sorted({str(o) for p in undecided for o in p.params.get("needs") or ["unknown"]})
        assert "unknown" not in needs, relative
        (hint,) = [line for line in render_validation_text(report).splitlines() if line.startswith("undecided: ")]
        fetch = hint.split("`fairgauge tracks ontologies fetch ", 1)[1].split("`", 1)[0].split()
        assert sorted(fetch) == needs, relative
        assert hint.endswith("once online, or use --ontology-source ols")
    # the full, experiment, phenotype and sample examples of every release (4 x 4 + 8 in the v2 draft)
    assert len(undecided_examples) == 24
