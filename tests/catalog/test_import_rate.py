"""What the bulk import's speed-ups must not change: the leaf dictionary finds every leaf it holds again
(odd values included), numbers new leaves in (path, value) order, and the garbage collector is back on."""

from __future__ import annotations

import gc
import math
from typing import Any

import pytest
from sqlalchemy import text

from fairgauge.catalog.flatten import flatten_document
from fairgauge.catalog.importer import ImportBatch, ImportedDocument
from fairgauge.store.catalog import Catalog


def _batch(source: str, tracks: list[dict[str, Any]]) -> ImportBatch:
    document = {"collection_info": {"short_name": "rate"}, "tracks": tracks}
    flat = tuple(flatten_document(document))
    return ImportBatch(source, "file", (ImportedDocument("rate.json", "valid", "1.0.2", (), flat, True),))


def _track(n: int, **extra: Any) -> dict[str, Any]:
    return {"file_url": f"https://example.org/t{n}.bed", "label_short": f"t{n}", "assembly_name": "hg38", **extra}


def _dictionary(catalog: Catalog) -> list[tuple[int, str, str, float | None, int]]:
    with catalog.engine.connect() as conn:
        query = (
            "SELECT l.id, p.path, l.value, l.number, l.tracks FROM catalog_leaves l "
            "JOIN catalog_paths p ON p.id = l.path_id ORDER BY l.id"
        )
        return [tuple(row) for row in conn.execute(text(query))]  # type: ignore[misc]


def test_a_second_source_finds_the_first_ones_leaves_and_raises_their_counts(catalog: Catalog) -> None:
    """One dictionary row per distinct leaf whichever import brought it; counts add up over sources."""
    catalog.replace_source(_batch("a", [_track(1, replicate=1), _track(2, replicate=2.5)]))
    catalog.replace_source(_batch("b", [_track(2, replicate=2.5), _track(3, replicate="1")]))
    rows = _dictionary(catalog)
    keys = [(path, value, number) for _, path, value, number, _ in rows]
    assert len(keys) == len(set(keys))
    counts = {(path, value, number): tracks for _, path, value, number, tracks in rows}
    assert counts[("tracks.assembly_name", "hg38", None)] == 4
    assert counts[("tracks.replicate", "2.5", 2.5)] == 2
    assert counts[("tracks.replicate", "1", 1.0)] == 1 and counts[("tracks.replicate", "1", None)] == 1
    assert counts[("collection_info.short_name", "rate", None)] == 4
    assert catalog.search("tracks.replicate = 2.5", facet_paths=()).total == 2


def test_new_leaves_are_numbered_in_path_and_value_order(catalog: Catalog) -> None:
    catalog.replace_source(_batch("a", [_track(n, label_long=f"z{9 - n}") for n in range(10)]))
    with catalog.engine.connect() as conn:
        order = conn.execute(text("SELECT path_id, value FROM catalog_leaves ORDER BY id")).all()
    assert [tuple(row) for row in order] == sorted(tuple(row) for row in order)


def test_sqlite_finds_values_holding_nul_and_nan_numbers_again(catalog: Catalog) -> None:
    """SQLite's lookup reads the keys as JSON, where a text ends at NUL: such a value is looked up on its
    own, never mistaken for the value before its NUL; NaN (stored as NULL) is found as SQLite stores it.
    (PostgreSQL's text and JSONB hold neither.)"""
    if catalog.dialect != "sqlite":
        pytest.skip("SQLite only")
    tracks = [_track(1, note="a"), _track(2, note="a\0b", score=math.nan)]
    catalog.replace_source(_batch("a", tracks))
    catalog.replace_source(_batch("b", tracks))
    rows = _dictionary(catalog)
    notes = sorted((value, tracks) for _, path, value, _, tracks in rows if path == "tracks.note")
    assert notes == [("a", 2), ("a\0b", 2)]
    assert [(number, n) for _, path, _, number, n in rows if path == "tracks.score"] == [(None, 2)]


def test_the_garbage_collector_is_back_on_after_an_import_that_failed(catalog: Catalog) -> None:
    assert gc.isenabled()
    catalog.replace_source(_batch("a", [_track(1)]))
    assert gc.isenabled()
    broken = _batch("b", [_track(2)])
    object.__setattr__(broken.documents[0], "tracks", (None,))  # not a track: the import fails
    with pytest.raises(AttributeError):
        catalog.replace_source(broken)
    assert gc.isenabled()
    assert catalog.stats()["tracks"] == 1
