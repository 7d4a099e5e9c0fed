"""How an import leaves the store: records' JSON stored once, PostgreSQL statistics refreshed when due."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from fairgauge.store.catalog import Catalog
from fairgauge.tracks.service import TracksService
from tests.catalog.conftest import V10, batch_of


def test_a_tracks_row_keeps_its_own_part_and_reads_back_joined(
    catalog: Catalog, packaged_service: TracksService
) -> None:
    """The shared parts are in catalog_records.doc once; every track reads back as flattening made it."""
    batch = batch_of(packaged_service, V10)
    catalog.replace_source(batch)
    with catalog.engine.connect() as conn:
        own = [_json(d) for d in conn.execute(text("SELECT doc FROM catalog_tracks")).scalars()]
        records = conn.execute(text("SELECT count(*) FROM catalog_records")).scalar_one()
    assert own and all(set(doc) == {"tracks"} for doc in own)
    assert records < 4 * len(own)  # the study and the collection are shared by the four tracks
    expected = {t.uri: t.doc for document in batch.documents for t in document.tracks}
    found = catalog.search(None, facet_paths=()).tracks
    assert sorted(t.uri for t in found) == sorted(expected)
    for track in found:
        assert track.doc == expected[track.uri] and list(track.doc) == list(expected[track.uri])
        assert catalog.track(track.id) == track


def test_postgresql_statistics_are_refreshed_when_the_catalog_changed_by_a_tenth(
    catalog: Catalog, packaged_service: TracksService
) -> None:
    """VACUUM (ANALYZE) runs after the first import and whenever the catalog's size moved a tenth away from
    the size its statistics saw; a small import into a big catalog leaves them (autovacuum's job)."""
    if catalog.dialect != "postgresql":
        pytest.skip("PostgreSQL only")
    seen = []
    for number in range(12):  # 4 tracks each
        catalog.replace_source(batch_of(packaged_service, V10, source=f"copy-{number}"))
        seen.append(_analyzed_tracks(catalog))
    # up to 40 tracks each import moved the size >= a tenth away from the analysed one; at 44 it did not
    # (4 of 44), so the statistics still saw 40; at 48 (8 of 48) they are refreshed
    assert seen == [4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 40, 48]


def _analyzed_tracks(catalog: Catalog) -> int:
    with catalog.engine.connect() as conn:
        return int(
            conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('catalog_tracks')")).scalar_one()
        )


def _json(value: object) -> dict[str, object]:
    return dict(json.loads(value) if isinstance(value, str) else value)  # type: ignore[call-overload]
