"""Migration 0005 moves a catalog stored in the 0003 shape (path text in every leaf row) to path ids."""

from __future__ import annotations

import json

from sqlalchemy import text

from fairgauge.catalog.flatten import flatten_document, get_path, leaf_values
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
                    "SELECT count(*) FROM (SELECT record_id, path_id, value FROM catalog_values "
                    "GROUP BY record_id, path_id, value HAVING count(*) > 1) AS d"
                )
            ).scalar_one()
        assert paths == len(catalog.known_paths()) and duplicates == 0
        stats = catalog.stats()
        assert catalog.delete_source("old.json") and catalog.stats() == {"sources": 0, "tracks": 0, "values": 0}
        assert stats["tracks"] == 4
    finally:
        store.close()
