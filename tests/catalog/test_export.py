"""Exports: TrackFind's GSuite golden for the H1-hESC query on the v1.0 example; CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from fairgauge.catalog.export import CatalogTrack, export
from fairgauge.store.catalog import Catalog
from fairgauge.tracks.service import TracksService
from tests.catalog.conftest import FIXTURES, H1_QUERY, V10, batch_of

pytestmark = pytest.mark.slow

GOLDEN = FIXTURES / "trackfind" / "search.sample.gsuite"
TRACKFIND_ONLY = "non_standard_samples->"  # a TrackFind-internal category that repeats samples


def table(gsuite: str) -> tuple[list[str], list[dict[str, str]]]:
    lines = gsuite.split("\n")
    header = lines[4]
    assert header.startswith("###")
    names = header[3:].split("\t")
    rows = [dict(zip(names, line.split("\t"), strict=True)) for line in lines[5:] if line]
    return lines[:4], rows


@pytest.fixture()
def encode(catalog: Catalog, packaged_service: TracksService) -> Catalog:
    catalog.replace_source(batch_of(packaged_service, V10))
    return catalog


def test_gsuite_matches_trackfind_golden(encode: Catalog) -> None:
    ours = export(encode.tracks(H1_QUERY), "gsuite", H1_QUERY)
    golden = GOLDEN.read_text(encoding="utf-8")
    assert ours.endswith("\n") and not ours.endswith("\n\n")
    our_head, our_rows = table(ours)
    gold_head, gold_rows = table(golden)
    header = ["##location: remote", "##file format: unknown", "##track type: unknown", "##genome: hg38"]
    assert our_head == gold_head == header
    assert len(our_rows) == len(gold_rows) == 4
    assert [r["uri"] for r in our_rows] == sorted(r["uri"] for r in our_rows) == [r["uri"] for r in gold_rows]
    compared = [name for name in gold_rows[0] if not name.startswith(TRACKFIND_ONLY)]
    assert len(compared) == 57
    for ours_row, gold_row in zip(our_rows, gold_rows, strict=True):
        assert {n: ours_row.get(n) for n in compared} == {n: gold_row[n] for n in compared}
        # the TrackFind-only columns repeat the samples ones
        for name in gold_row:
            if name.startswith(TRACKFIND_ONLY):
                assert gold_row[name] == gold_row["samples->" + name[len(TRACKFIND_ONLY) :]]
    assert set(our_rows[0]) == set(compared)  # nothing more, nothing less (doc_info is not a category)
    assert our_rows[3]["title"] == " ENCFF955LOC"  # label_short verbatim
    assert our_rows[0]["uri"].count("%40%40download") == 1


def test_csv_and_json_exports(encode: Catalog) -> None:
    tracks = encode.tracks("tracks.file_format.term_label = bigWig")
    rows = list(csv.DictReader(io.StringIO(export(tracks, "csv"))))
    assert [r["title"] for r in rows] == ["ENCFF717PIO", " ENCFF955LOC"]
    assert rows[0]["samples.sample_type.cell_line.term_label"] == "H1-hESC"
    assert rows[0]["tracks.raw_file_ids"] == "encode:ENCFF207FGO,encode:ENCFF842FEQ"
    body = json.loads(export(tracks, "json", "q"))
    assert body["count"] == 2 and body["query"] == "q"
    first = body["tracks"][0]
    assert first["validation_status"] in {"valid", "indeterminate"}
    assert first["experiments"]["technique"]["term_label"].startswith("histone modification")


def test_one_part_object_under_two_categories_gets_the_columns_of_each() -> None:
    """Exports flatten a part object once per export (the store hands out one dict per record); the
    columns are named after the category, so the same object under two categories is flattened for each."""
    shared = {"summary": "same object"}
    track = CatalogTrack(
        1, "s", "d.json", "valid", "https://x.org/a.bed", "a", "", {"experiments": shared, "samples": shared}
    )
    (row,) = csv.DictReader(io.StringIO(export([track], "csv")))
    assert row["experiments.summary"] == row["samples.summary"] == "same object"
    gsuite = export([track], "gsuite").splitlines()
    header = gsuite[4].split("\t")
    assert "experiments->summary" in header and "samples->summary" in header
