"""Run inputs: text, CSV, JSONL and stdin; duplicates assessed once; a reproducible sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from fairgauge.batch.inputs import dedupe, read_file_inputs, sample
from fairgauge.errors import InputError


def test_text_file_skips_blank_lines_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("# repository A\n10.1594/PANGAEA.836178\n\nhttps://example.org/a\n", encoding="utf-8")
    assert list(read_file_inputs(str(path))) == ["10.1594/PANGAEA.836178", "https://example.org/a"]


def test_csv_column_is_chosen_or_found(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("title,doi\nA,10.5281/zenodo.1\nB,\nC,10.5281/zenodo.2\n", encoding="utf-8")
    assert list(read_file_inputs(str(path))) == ["10.5281/zenodo.1", "10.5281/zenodo.2"]
    assert list(read_file_inputs(str(path), "title")) == ["A", "B", "C"]
    with pytest.raises(InputError, match="no column 'pid'"):
        list(read_file_inputs(str(path), "pid"))


def test_jsonl_reads_the_identifier_field_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_text('{"doi": "10.5281/zenodo.1"}\n{"url": "https://example.org/x"}\n', encoding="utf-8")
    assert list(read_file_inputs(str(path))) == ["10.5281/zenodo.1", "https://example.org/x"]
    path.write_text('{"doi": "10.5281/zenodo.1"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2: not JSON"):
        list(read_file_inputs(str(path)))


def test_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such input file"):
        list(read_file_inputs(str(tmp_path / "missing.txt")))


def test_spellings_of_one_doi_are_assessed_once() -> None:
    items = dedupe(
        ["10.1594/PANGAEA.836178", "doi:10.1594/pangaea.836178", "https://doi.org/10.1594/PANGAEA.836178", "x:y"]
    )
    assert [ident for ident, _ in items] == ["10.1594/PANGAEA.836178", "x:y"]


def test_the_sample_is_reproducible_and_in_input_order() -> None:
    items = [(f"id{n}", f"id{n}") for n in range(100)]
    first = sample(items, 10, 7)
    assert first == sample(items, 10, 7)
    assert first != sample(items, 10, 8)
    assert len(first) == 10 and first == sorted(first, key=items.index)
    assert sample(items, 500, 1) == items
