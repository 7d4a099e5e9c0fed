"""The catalog's fast query paths give the set algebra of their members' own results, on SQLite and
PostgreSQL: an AND probes its members per listed track (leaf id ranges on SQLite, record members
after track members), duplicates of a multi-valued field are dropped by the matches' key, and ``~``
ignores the case of ASCII letters and takes ``%``, ``_`` and ``\\`` literally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fairgauge.store.catalog import Catalog
from fairgauge.tracks.service import TracksService
from tests.catalog.conftest import H1_QUERY, V10, batch_of

pytestmark = pytest.mark.slow  # the first test of a session compiles the ontology index


def ids(catalog: Catalog, query: str) -> list[int]:
    result = catalog.search(query, limit=1000, facet_paths=())
    found = [t.id for t in result.tracks]
    assert result.total == len(found) == len(set(found)), query  # every match once, the total counts them
    return found


@pytest.fixture()
def numbered(catalog: Catalog, packaged_service: TracksService, tmp_path: Path) -> Catalog:
    """The v1.0 example with replicates 1..n, the first track's an array [1, 4]; then a second source
    whose tracks add replicates 0.5 and 7, so their leaves get ids after every leaf of the first."""
    first = json.loads(V10.read_text())
    for index, track in enumerate(first["tracks"]):
        track["replicate"] = [1, 4] if index == 0 else index + 1
    second = json.loads(V10.read_text())
    for index, track in enumerate(second["tracks"]):
        track["replicate"] = 0.5 if index % 2 else 7
        for key in ("local_id", "file_url", "label_short"):
            track[key] = f"{track[key]}-second" if isinstance(track.get(key), str) else track.get(key)
    for name, document in (("first", first), ("second", second)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document))
        catalog.replace_source(batch_of(packaged_service, path, force=True, source=name))
    return catalog


def test_and_probes_keep_each_members_own_matches(numbered: Catalog) -> None:
    """``a > 1 AND a < 3`` on a multi-valued field is two conditions (the track with [1, 4] meets
    both), and a probe of several leaves whose ids lie apart finds exactly them (not the leaves of
    other paths numbered between them)."""
    catalog = numbered
    above, below = set(ids(catalog, "tracks.replicate > 1")), set(ids(catalog, "tracks.replicate < 3"))
    hg = set(ids(catalog, "tracks.assembly_name ~ hg"))
    assert above & below and above - below and below - above
    for query, expected in (
        ("tracks.replicate > 1 AND tracks.replicate < 3", above & below),
        ("tracks.replicate > 1 AND tracks.replicate < 3 AND tracks.assembly_name ~ hg", above & below & hg),
        (
            "tracks.replicate IN (0.5, 2) AND tracks.replicate IN (0.5, 7, 3)",
            set(ids(catalog, "tracks.replicate = 0.5")),
        ),
        (
            "tracks.replicate IN (0.5, 7) AND NOT tracks.replicate IN (7, 2)",
            set(ids(catalog, "tracks.replicate = 0.5")),
        ),
    ):
        assert set(ids(catalog, query)) == expected, query
    multi = set(ids(catalog, "tracks.replicate = 1")) & set(ids(catalog, "tracks.replicate = 4"))
    assert len(multi) == 1 and multi <= set(ids(catalog, "tracks.replicate > 1 AND tracks.replicate < 3"))
    assert set(ids(catalog, "tracks.replicate IN (1, 4)")) >= multi  # listed once although it holds both


def test_record_and_track_probes_in_any_order(loaded: Catalog) -> None:
    """Members on records (read through the track's row) and on the track's own leaves, negated or
    not, in every order of writing: the same tracks."""
    h1 = set(ids(loaded, H1_QUERY))
    bigwig = set(ids(loaded, "tracks.file_format.term_label = bigWig"))
    assert len(h1 & bigwig) > 1 and h1 - bigwig
    one = loaded.search(H1_QUERY, (("tracks.file_format.term_label", "bigWig"),), limit=1, facet_paths=()).tracks[0]
    members = [H1_QUERY, "tracks.file_format.term_label = bigWig", f'NOT tracks.label_short = "{one.title}"']
    expected = (h1 & bigwig) - set(ids(loaded, f'tracks.label_short = "{one.title}"'))
    assert expected and one.id not in expected
    for order in ((0, 1, 2), (2, 1, 0), (1, 2, 0), (2, 0, 1)):
        assert set(ids(loaded, " AND ".join(members[k] for k in order))) == expected, order
    assert set(ids(loaded, f"NOT {H1_QUERY} AND tracks.file_format.term_label = bigWig")) == bigwig - h1


def test_contains_ignores_ascii_case_and_takes_wildcards_literally(loaded: Catalog) -> None:
    titles = {t.id: t.title for t in loaded.search(None, limit=1000, facet_paths=()).tracks}
    upper = set(ids(loaded, "tracks.label_short ~ ENCFF"))
    assert upper and upper == set(ids(loaded, "tracks.label_short ~ encff")) == set(
        ids(loaded, "tracks.label_short ~ EnCfF")
    )
    assert upper == {i for i, title in titles.items() if "encff" in title.lower()}
    for literal in ("%", "_", "\\\\", "ENC%", "EN_FF"):
        assert ids(loaded, f'tracks.label_short ~ "{literal}"') == [], literal
    assert [e.name for e in loaded.values("tracks.assembly_name", contains="HG")] == [
        e.name for e in loaded.values("tracks.assembly_name", contains="hg")
    ]
