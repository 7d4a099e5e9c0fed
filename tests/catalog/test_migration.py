"""Migrations move existing catalogs: 0005 (path text in every leaf row -> path ids), 0007 (records' JSON
out of every track's document), 0008 (leaf rows -> a leaf dictionary with counts and postings)."""

from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import text

from fairgauge.catalog.flatten import FlatTrack, flatten_document, get_path, leaf_values
from fairgauge.catalog.rows import LINKED, LoadRows
from fairgauge.store import open_store
from fairgauge.store.catalog import Catalog
from fairgauge.store.engine import make_engine, upgrade
from tests.catalog.conftest import H1_QUERY, V10


def _store_in_0004_shape(url: str) -> list[str]:
    """The v1.0 example as the 0003 repository stored it; the titles of its H1-hESC tracks."""
    engine = make_engine(url)
    upgrade(engine, "0004")
    tracks = flatten_document(json.loads(V10.read_text()))
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO catalog_sources (id, source, kind, version, imported_at, documents, tracks, invalid,"
                " flagged, details) VALUES (1, 'old.json', 'file', 3, CURRENT_TIMESTAMP, 1, :n, 0, 0, '{}')"
            ),
            {"n": len(tracks)},
        )
        paths: dict[str, int] = {}
        for number, track in enumerate(tracks, start=1):
            leaves = [(v.path, v.value, v.number) for v in leaf_values(track.doc)]
            conn.execute(
                text(
                    "INSERT INTO catalog_tracks (id, source_id, document, status, uri, title, assembly, doc,"
                    " problems, search_text) VALUES (:id, 1, 'old.json', 'valid', :uri, :title, :assembly,"
                    " :doc, '[]', :search)"
                ),
                {
                    "id": number,
                    "uri": track.uri,
                    "title": track.title,
                    "assembly": track.assembly,
                    "doc": json.dumps(track.doc),
                    "search": track.search_text(),
                },
            )
            conn.execute(
                text("INSERT INTO catalog_values (track_id, path, value, number) VALUES (:t, :p, :v, :n)"),
                [{"t": number, "p": p, "v": v, "n": n} for p, v, n in [*leaves, leaves[0]]],  # one leaf twice
            )
            for path in {p for p, _, _ in leaves}:
                paths[path] = paths.get(path, 0) + 1
        conn.execute(
            text("INSERT INTO catalog_source_paths (source_id, path, tracks) VALUES (1, :p, :n)"),
            [{"p": p, "n": n} for p, n in paths.items()],
        )
    engine.dispose()
    return sorted(t.title for t in tracks if "H1-hESC" in get_path(t.doc, "samples.sample_type.cell_line.term_label"))


def test_0005_moves_an_existing_catalog(database_url: str) -> None:
    expected = _store_in_0004_shape(database_url)
    store = open_store(database_url)  # upgrades to the newest revision
    try:
        catalog = Catalog(store)
        assert expected and sorted(t.title for t in catalog.search(H1_QUERY, facet_paths=()).tracks) == expected
        source = catalog.source("old.json")
        assert source is not None and source.version == 3
        assert [(e.name, e.count) for e in catalog.browse("tracks.assembly_name")] == [("hg38", 4)]
        assert catalog.search("H1", facet_paths=()).total >= len(expected)  # the full text was kept
        with store.engine.connect() as conn:
            paths = conn.execute(text("SELECT count(*) FROM catalog_paths")).scalar_one()
            duplicates = conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT s.record_id, l.path_id, l.value FROM catalog_postings s "
                    "JOIN catalog_leaves l ON l.id = s.leaf_id GROUP BY s.record_id, l.path_id, l.value "
                    "HAVING count(*) > 1) AS d"
                )
            ).scalar_one()
        assert paths == len(catalog.known_paths()) and duplicates == 0
        stats = catalog.stats()
        assert catalog.delete_source("old.json") and catalog.stats() == {"sources": 0, "tracks": 0, "values": 0}
        assert stats["tracks"] == 4
    finally:
        store.close()


def _store_in_0006_shape(url: str) -> list[FlatTrack]:
    """The v1.0 example as the 0006 repository stored it: shared records without JSON, each track with
    its whole joined document; its tracks, in id order."""
    engine = make_engine(url)
    upgrade(engine, "0006")
    tracks = flatten_document(json.loads(V10.read_text()))
    rows = LoadRows()
    for track in tracks:
        rows.add(track, "old.json", "valid", ())
    rows.finish()
    paths = {path: number for number, path in enumerate(sorted(rows.path_counts()), start=1)}
    record_ids = list(range(1, len(rows.records) + 1))
    track_ids = list(range(len(rows.records) + 1, len(rows.records) + len(tracks) + 1))
    leaves = [
        {"r": record_id, "p": paths[p], "v": v, "n": n}
        for record_id, record in zip(record_ids, rows.records, strict=True)
        for p, v, n in record.leaves
    ] + [
        {"r": track_id, "p": paths[p], "v": v, "n": n}
        for track_id, row in zip(track_ids, rows.tracks, strict=True)
        for p, v, n in row.leaves
    ]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO catalog_sources (id, source, kind, version, imported_at, documents, tracks, invalid,"
                " flagged, details) VALUES (1, 'old.json', 'file', 2, CURRENT_TIMESTAMP, 1, :n, 0, 0, '{}')"
            ),
            {"n": len(tracks)},
        )
        conn.execute(
            text("INSERT INTO catalog_paths (id, path) VALUES (:i, :p)"), [{"i": i, "p": p} for p, i in paths.items()]
        )
        conn.execute(
            text("INSERT INTO catalog_records (id, source_id, category, tracks) VALUES (:i, 1, :c, :n)"),
            [{"i": i, "c": r.category, "n": r.tracks} for i, r in zip(record_ids, rows.records, strict=True)],
        )
        links = ", ".join(column for _, column in LINKED)
        conn.execute(
            text(
                "INSERT INTO catalog_tracks (id, source_id, document, status, uri, title, assembly, doc, problems,"
                f" search_text, {links}) VALUES (:id, 1, 'old.json', 'valid', :uri, :title, :assembly, :doc, '[]',"
                " :search, :l0, :l1, :l2, :l3)"
            ),
            [
                {
                    "id": track_id,
                    "uri": track.uri,
                    "title": track.title,
                    "assembly": track.assembly,
                    "doc": json.dumps(track.doc),
                    "search": row.search,
                    **{f"l{i}": None if link is None else record_ids[link] for i, link in enumerate(row.links)},
                }
                for track_id, track, row in zip(track_ids, tracks, rows.tracks, strict=True)
            ],
        )
        conn.execute(
            text("INSERT INTO catalog_values (record_id, path_id, value, number) VALUES (:r, :p, :v, :n)"), leaves
        )
        conn.execute(
            text("INSERT INTO catalog_source_paths (source_id, path, tracks) VALUES (1, :p, :n)"),
            [{"p": p, "n": n} for p, n in rows.path_counts().items()],
        )
    engine.dispose()
    return tracks


def test_0007_moves_each_records_json_out_of_its_tracks(database_url: str) -> None:
    """After 0007 a track's row keeps only its own part, its records hold theirs once, and a track read
    back has the same joined document as before."""
    tracks = _store_in_0006_shape(database_url)
    store = open_store(database_url)  # upgrades 0006 -> newest
    try:
        catalog = Catalog(store)
        with store.engine.connect() as conn:
            ids = [int(i) for i in conn.execute(text("SELECT id FROM catalog_tracks ORDER BY id")).scalars()]
            own = [json_value(d) for d in conn.execute(text("SELECT doc FROM catalog_tracks ORDER BY id")).scalars()]
            records = {
                str(c): json_value(d) for c, d in conn.execute(text("SELECT category, doc FROM catalog_records"))
            }
        assert [set(d) for d in own] == [{"tracks"}] * len(tracks)  # every other part of the example is a record
        assert records["studies"] == tracks[0].doc["studies"] and records["collection_info"]["short_name"]
        for track_id, track in zip(ids, tracks, strict=True):
            stored = catalog.track(track_id)
            assert stored is not None and stored.doc == track.doc and list(stored.doc) == list(track.doc)
        found = catalog.search(H1_QUERY, facet_paths=()).tracks
        assert found and all(t.doc == next(x.doc for x in tracks if x.uri == t.uri) for t in found)
    finally:
        store.close()


def _value_counts(tracks: list[FlatTrack], path: str) -> list[tuple[str, int]]:
    """Tracks per value of ``path`` (most first, then by value), from the flattened tracks."""
    counts = Counter(v for t in tracks for v in {x.value for x in leaf_values(t.doc) if x.path == path})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def test_0008_moves_leaves_into_the_dictionary(database_url: str) -> None:
    """After 0008 each distinct leaf is one dictionary row with its track count (a record's leaf weighs
    its tracks), every leaf of a record or track one posting: browse, facets and queries give what the
    flattened tracks say, a re-import finds the moved leaves again, and a delete brings counts to 0."""
    tracks = _store_in_0006_shape(database_url)
    store = open_store(database_url)  # upgrades 0006 -> newest
    try:
        catalog = Catalog(store)
        paths = ("samples.sample_type.cell_line.term_label", "tracks.file_format.term_label", "studies.study_name")
        expected = {path: _value_counts(tracks, path) for path in paths}
        assert all(expected.values())
        for path in paths:
            assert [(e.name, e.count) for e in catalog.browse(path)] == expected[path]
        h1 = [t for t in tracks if "H1-hESC" in get_path(t.doc, "samples.sample_type.cell_line.term_label")]
        facets = catalog.search(H1_QUERY, facet_paths=paths).facets
        assert facets == {path: _value_counts(h1, path) for path in paths}
        with store.engine.connect() as conn:
            leaves = conn.execute(text("SELECT count(*) FROM catalog_leaves")).scalar_one()
            postings = conn.execute(text("SELECT count(*) FROM catalog_postings")).scalar_one()
        assert postings == catalog.stats()["values"] and 0 < leaves < postings
    finally:
        store.close()


def json_value(value: object) -> dict[str, object]:
    """A JSON column as read with raw SQL: text on SQLite, already decoded on PostgreSQL."""
    return dict(json.loads(value) if isinstance(value, str) else value)  # type: ignore[call-overload]


def test_0009_puts_the_id_into_the_uri_index(database_url: str) -> None:
    """PostgreSQL's uri index holds (uri, id), the order of a result page, so pages walk it (index-only);
    SQLite's (uri) index already ends with the rowid, the id."""
    store = open_store(database_url)
    try:
        with store.engine.connect() as conn:
            if store.engine.dialect.name == "postgresql":
                query = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_catalog_tracks_uri'"
                assert conn.execute(text(query)).scalar_one().endswith("(uri, id)")
            else:
                columns = conn.execute(text("SELECT name FROM pragma_index_info('ix_catalog_tracks_uri')")).scalars()
                assert list(columns) == ["uri"]
    finally:
        store.close()
