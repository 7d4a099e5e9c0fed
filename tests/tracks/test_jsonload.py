"""Reading documents: syntax errors with line and column, lenient trailing commas, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairgauge.errors import InputError
from fairgauge.tracks.jsonload import load_document, read_documents, strip_trailing_commas
from tests.tracks.conftest import EXAMPLES

MINIMAL_WITH_COMMAS = EXAMPLES / "augment-v1.0.2" / "fairtracks.minimal.example.json"


def test_upstream_minimal_example_is_not_json_and_says_where() -> None:
    loaded = load_document(MINIMAL_WITH_COMMAS.read_bytes(), "minimal.json")
    assert loaded.data is None
    (problem,) = loaded.problems
    assert (problem.code, problem.line, problem.column) == ("json.syntax", 60, 13)
    assert "line 60, column 13" in problem.message


def test_lenient_mode_reads_it_and_reports_every_trailing_comma() -> None:
    loaded = load_document(MINIMAL_WITH_COMMAS.read_bytes(), "minimal.json", lenient=True)
    assert loaded.data["samples"][0]["biospecimen_class"] == {"term_id": "http://purl.obolibrary.org/obo/NCIT_C16403"}
    positions = [(p.line, p.column) for p in loaded.problems if p.code == "json.trailing_comma"]
    assert positions == [(59, 72), (63, 70), (66, 79), (70, 72)]
    assert all(p.severity == "warning" for p in loaded.problems)


def test_commas_inside_strings_are_kept() -> None:
    text = '{"a": "x,}", "b": [1, 2,], "c": "\\",]"}'
    fixed, positions = strip_trailing_commas(text)
    assert fixed == '{"a": "x,}", "b": [1, 2], "c": "\\",]"}'
    assert positions == [(1, 24)]


def test_lenient_mode_still_reports_other_errors_at_their_original_place() -> None:
    loaded = load_document('{"a": [1,],\n "b": tru}', "x.json", lenient=True)
    assert loaded.data is None
    syntax = [p for p in loaded.problems if p.code == "json.syntax"]
    assert [(p.line, p.column) for p in syntax] == [(2, 7)]


@pytest.mark.parametrize(
    ("raw", "code", "severity"),
    [
        (b'{"a": 1, "a": 2}', "json.duplicate_key", "warning"),
        (b"[1, 2]", "json.not_object", "error"),
        (b'{"a": "\xff"}', "json.syntax", "error"),
        (b"", "json.syntax", "error"),
    ],
)
def test_reading_problems(raw: bytes, code: str, severity: str) -> None:
    loaded = load_document(raw, "doc.json")
    assert [(p.code, p.severity) for p in loaded.problems] == [(code, severity)]


def test_byte_order_mark_is_accepted() -> None:
    assert load_document(b'\xef\xbb\xbf{"a": 1}', "bom.json").data == {"a": 1}


def test_directories_contribute_their_json_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("x")
    names = [Path(d.name).relative_to(tmp_path).as_posix() for d in read_documents([tmp_path])]
    assert names == ["b.json", "sub/a.json"]


@pytest.mark.parametrize("make", ["missing", "empty-dir"])
def test_unusable_paths_are_input_errors(tmp_path: Path, make: str) -> None:
    target = tmp_path / "nothing.json"
    if make == "empty-dir":
        target = tmp_path / "empty"
        target.mkdir()
    with pytest.raises(InputError, match=r"nothing\.json|no \.json, \.yaml or \.yml files"):
        read_documents([target])
