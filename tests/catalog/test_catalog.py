"""The catalog on real FAIRtracks examples (every schema version), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import json

import psycopg
import pytest
from sqlalchemy import text

from fairgauge.catalog.flatten import flatten_document
from fairgauge.catalog.query import QueryError
from fairgauge.errors import InputError
from fairgauge.store.catalog import Catalog
from fairgauge.tracks.service import TracksService
from tests.catalog.conftest import EXAMPLES, H1_QUERY, V10, batch_of

pytestmark = pytest.mark.slow  # the first test of a session compiles the ontology index


@pytest.fixture()
def loaded(loaded_once: Catalog) -> Catalog:
    """The tests here only read the catalog of every example: one import per module and backend, not one
    per test (tests that write take ``catalog``)."""
    return loaded_once


def titles(catalog: Catalog, query: str | None, **kwargs: object) -> list[str]:
    return [t.title for t in catalog.search(query, limit=1000, facet_paths=(), **kwargs).tracks]  # type: ignore[arg-type]


def test_import_every_schema_version(loaded: Catalog) -> None:
    sources = {s.source.rsplit("/", 1)[-1]: s for s in loaded.sources()}
    assert set(sources) == {"augment-v1.0.2", "dev", "v1.0", "v1.0.1", "v1.0.2", "v2.0-draft"}
    # collections of 4 (v1) or 8 (v2) tracks plus the one-track part document of each folder
    assert {k: (s.documents, s.tracks, s.invalid) for k, s in sources.items()} == {
        "augment-v1.0.2": (2, 4, 1),  # the minimal example is not even JSON (trailing commas upstream)
        "dev": (7, 9, 0),  # the moving 'current' URL means the development schema, which the dev collection fits
        "v1.0": (7, 5, 0),
        "v1.0.1": (7, 5, 0),
        "v1.0.2": (7, 5, 0),
        "v2.0-draft": (14, 10, 1),  # the minimal v2 example lacks its augmented fields
    }
    left_out = [d for d in sources["augment-v1.0.2"].details["documents"] if not d["imported"]]
    assert left_out and left_out[0]["status"] == "invalid"
    assert all(s.version == 1 for s in sources.values())
    assert loaded.stats()["tracks"] == 38


def test_tracks_are_flattened_with_experiment_sample_and_study(
    catalog: Catalog, packaged_service: TracksService
) -> None:
    catalog.replace_source(batch_of(packaged_service, V10))
    track = catalog.search('tracks.local_id = "encode:ENCFF718EPO"').tracks[0]
    assert track.doc["experiments"]["local_id"] == "encode:ENCSR000DQP"
    assert track.doc["samples"]["sample_type"]["cell_line"] == {
        "term_id": "http://www.ebi.ac.uk/efo/EFO_0003042",
        "term_label": "H1-hESC",
    }
    assert track.doc["studies"]["study_name"].startswith("Histone Modifications")
    assert track.doc["collection_info"]["short_name"] == "ENCODE example"
    assert track.uri.endswith("ENCFF718EPO.bigBed") and track.assembly == "hg38"


def test_missing_term_labels_are_added_from_the_term_index(packaged_service: TracksService) -> None:
    """The v2 minimal example has term ids without labels; flattening adds the labels the index knows."""
    minimal = json.loads((EXAMPLES / "v2.0-draft" / "fairtracks.minimal.example.json").read_text())
    assert "term_label" not in minimal["tracks"][0]["file_format"]
    from fairgauge.catalog.importer import TermFacts

    flat = flatten_document(minimal, TermFacts(packaged_service).label)
    fmt = flat[0].doc["tracks"]["file_format"]
    assert fmt["term_id"].startswith("http://edamontology.org/format_") and fmt["term_label"]


def test_invalid_documents_need_force_and_are_then_flagged(catalog: Catalog, packaged_service: TracksService) -> None:
    minimal = EXAMPLES / "v2.0-draft" / "fairtracks.minimal.example.json"
    batch = batch_of(packaged_service, minimal)
    assert not batch.documents[0].imported and batch.documents[0].errors
    forced = catalog.replace_source(batch_of(packaged_service, minimal, force=True))
    assert (forced.tracks, forced.flagged, forced.invalid) == (8, 1, 0)
    tracks = catalog.search(None, limit=100).tracks
    assert {t.status for t in tracks} == {"invalid"}
    assert any("required property" in p for p in tracks[0].problems)


def test_reimport_replaces_the_source_atomically(catalog: Catalog, packaged_service: TracksService) -> None:
    first = catalog.replace_source(batch_of(packaged_service, V10, source="encode"))
    counts = {p: catalog.browse(p) for p in ("tracks.assembly_name", "samples.sample_type.cell_line.term_label")}
    second = catalog.replace_source(batch_of(packaged_service, V10, source="encode"))
    # the leaf dictionary's counts were lowered by the replaced version, then raised by the new one
    assert {p: catalog.browse(p) for p in counts} == counts and all(counts.values())
    assert (first.version, second.version, second.tracks) == (1, 2, 4)
    assert catalog.stats() == {"sources": 1, "tracks": 4, "values": catalog.stats()["values"]}
    assert second.imported_at >= first.imported_at
    # a failure half-way (a value the database cannot store) leaves version 2 as it was
    good = batch_of(packaged_service, V10, source="encode")
    broken_track = dataclasses.replace(good.documents[0].tracks[0], doc={"tracks": {"x": object()}})
    broken_doc = dataclasses.replace(good.documents[0], tracks=(*good.documents[0].tracks, broken_track))
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises; the point is the rollback
        catalog.replace_source(dataclasses.replace(good, documents=(broken_doc,)))
    kept = catalog.source("encode")
    assert kept is not None and (kept.version, kept.tracks) == (2, 4)
    assert len(titles(catalog, H1_QUERY)) == 4
    assert {p: catalog.browse(p) for p in counts} == counts


def test_query_language_on_real_data(loaded: Catalog) -> None:
    assert len(titles(loaded, H1_QUERY)) == 16  # the 4 tracks of each v1 collection (v1.0, 1.0.1, 1.0.2, augment)
    four = 'tracks.file_format.term_label IN (bigWig) AND collection_info.short_name = "ENCODE example"'
    assert titles(loaded, four + ' AND tracks.global_id = "fairtracks:4"') == [" ENCFF955LOC"] * 4
    bigwig = set(titles(loaded, "tracks.file_format.term_label = bigWig"))
    not_bigwig = set(titles(loaded, "tracks.file_format.term_label != bigWig"))
    assert bigwig and not bigwig & not_bigwig
    assert len(titles(loaded, "NOT tracks.file_format.term_label = bigWig")) == 38 - len(
        titles(loaded, "tracks.file_format.term_label = bigWig")
    )
    fold = "tracks.label_long ~ 'FOLD CHANGE' AND tracks.label_short = ENCFF717PIO"
    assert titles(loaded, fold) == ["ENCFF717PIO"] * 4
    either = "(tracks.label_short = ENCFF625ZYB OR tracks.label_short = ENCFF718EPO) AND NOT tracks.assembly_name = x"
    assert len(titles(loaded, either)) == len(titles(loaded, "tracks.label_short = ENCFF625ZYB")) + len(
        titles(loaded, "tracks.label_short = ENCFF718EPO")
    )
    assert titles(loaded, "tracks.label_short ~ '%'") == []  # LIKE wildcards are data, not patterns


def test_negations_inside_and_are_set_differences(loaded: Catalog) -> None:
    """NOT and != inside AND are subtracted from the other members, and only-negative ANDs are the
    complement of a union: the same tracks as the set algebra on the separate queries."""
    every = set(t.id for t in loaded.search(None, limit=1000, facet_paths=()).tracks)

    def ids(query: str) -> set[int]:
        return {t.id for t in loaded.search(query, limit=1000, facet_paths=()).tracks}

    bigwig, h1 = ids("tracks.file_format.term_label = bigWig"), ids(H1_QUERY)
    assert bigwig and h1 and bigwig - h1 and bigwig & h1
    assert ids(f"tracks.file_format.term_label = bigWig AND NOT {H1_QUERY}") == bigwig - h1
    assert ids(f"NOT {H1_QUERY} AND tracks.file_format.term_label = bigWig") == bigwig - h1
    assert ids('tracks.file_format.term_label = bigWig AND samples.sample_type.cell_line.term_label != "H1-hESC"') == (
        bigwig - h1
    )
    assert ids(f"NOT tracks.file_format.term_label = bigWig AND NOT {H1_QUERY}") == every - (bigwig | h1)
    assert ids(f"NOT (NOT tracks.file_format.term_label = bigWig AND NOT {H1_QUERY})") == bigwig | h1
    assert ids(f"NOT NOT {H1_QUERY}") == h1
    assert loaded.search(f"NOT tracks.file_format.term_label = bigWig AND NOT {H1_QUERY}").total == len(
        every - (bigwig | h1)
    )


def test_and_of_probed_and_set_members(loaded: Catalog) -> None:
    """An AND whose members are few dictionary leaves lists the tracks of the smallest and probes the
    others per track (negations too), while ``~`` and full text stay set operations: every mix gives
    the set algebra of the members' own results."""

    def ids(query: str, facets: tuple[tuple[str, str], ...] = ()) -> set[int]:
        return {t.id for t in loaded.search(query, facets, limit=1000, facet_paths=()).tracks}

    bigwig, h1, hg19 = ids("tracks.file_format.term_label = bigWig"), ids(H1_QUERY), ids("tracks.assembly_name = hg19")
    either = ids("tracks.file_format.term_label = bigWig OR tracks.assembly_name = hg19")
    labelled = ids("tracks.label_short ~ a")
    assert bigwig & h1 and labelled & bigwig and either == bigwig | hg19 and either & h1 and either - h1
    assert ids(f"tracks.file_format.term_label = bigWig AND {H1_QUERY}") == bigwig & h1
    assert ids(f"(tracks.file_format.term_label = bigWig OR tracks.assembly_name = hg19) AND NOT {H1_QUERY}") == (
        either - h1
    )
    assert ids(f"NOT {H1_QUERY} AND (tracks.assembly_name = hg19 OR tracks.file_format.term_label = bigWig)") == (
        either - h1
    )
    assert (
        ids(f"tracks.label_short ~ a AND tracks.file_format.term_label = bigWig AND NOT {H1_QUERY}")
        == (labelled & bigwig) - h1
    )
    assert ids("tracks.label_short ~ a", (("tracks.file_format.term_label", "bigWig"),)) == labelled & bigwig


def test_numeric_comparisons(catalog: Catalog, packaged_service: TracksService, tmp_path: object) -> None:
    document = json.loads(V10.read_text())
    for index, track in enumerate(document["tracks"]):
        track["replicate"] = index + 1
    from pathlib import Path

    path = Path(str(tmp_path)) / "numbers.json"
    path.write_text(json.dumps(document))
    catalog.replace_source(batch_of(packaged_service, path, force=True))
    assert len(titles(catalog, "tracks.replicate >= 2")) == 3
    assert len(titles(catalog, "tracks.replicate < 2 OR tracks.replicate > 3.5")) == 2
    assert titles(catalog, "tracks.replicate = 3") == ["ENCFF717PIO"]
    assert len(titles(catalog, "tracks.replicate IN (1, 2)")) == 2


def test_descendant_of_uses_the_term_index_ancestors(loaded: Catalog) -> None:
    # EDAM: bigWig (format_3006) and bigBed (format_3004) are binary formats (format_2333) in the packaged EDAM
    binary = titles(loaded, "tracks.file_format descendant-of http://edamontology.org/format_2333")
    assert "ENCFF717PIO" in binary and "ENCFF718EPO" in binary
    assert "ENCFF625ZYB" not in binary  # ENCODE narrow peak format is textual
    bigwig = "tracks.file_format descendant-of format_3006 AND tracks.label_short ~ ENCFF"
    assert set(titles(loaded, bigwig)) == {"ENCFF717PIO", " ENCFF955LOC"}
    anywhere = titles(loaded, "descendant-of format_3006")
    assert anywhere == titles(loaded, "tracks.file_format.term_id descendant-of format_3006")
    assert titles(loaded, "descendant-of CL:9999999") == []


def test_full_text_is_ranked(loaded: Catalog) -> None:
    result = loaded.search("peaks ENCFF718EPO", limit=50)
    assert result.total and {t.uri.rsplit("/", 1)[-1] for t in result.tracks} == {"ENCFF718EPO.bigBed"}
    either = loaded.search('"fold change" OR bigBed', limit=50)
    fold = loaded.search('"fold change"', limit=50)
    bigbed = loaded.search("bigBed", limit=50)
    assert fold.total and bigbed.total and either.total == fold.total + bigbed.total
    # ranked: a track that has "fold", "change" and "r2" comes before those with only some of them
    ranked = loaded.search("fold OR change OR r2", limit=50).tracks
    assert ranked[0].title == "H3K4me3 B cell fold change r2"


@pytest.mark.parametrize("query", ["fold OR change OR r2", "peaks", 'bigBed OR tracks.assembly_name = "hg19"'])
def test_ranked_pages_follow_one_order(loaded: Catalog, query: str) -> None:
    """Pages of a ranked search (any size, any offset) are slices of one order: the page is chosen from
    the scores without sorting every match, so the tracks tied at a page's boundary must not move."""
    whole = [t.id for t in loaded.search(query, limit=1000, facet_paths=()).tracks]
    assert len(whole) > 3
    for size in (1, 2, 3, 5):
        pages = [loaded.search(query, limit=size, offset=o, facet_paths=()).tracks for o in range(0, len(whole), size)]
        assert [t.id for page in pages for t in page] == whole
    assert loaded.search(query, limit=5, offset=len(whole), facet_paths=()).tracks == []


@pytest.mark.parametrize("query", ["tracks.assembly_name = hg38", "NOT tracks.file_format.term_label = bigWig"])
def test_pages_follow_uri_order(loaded: Catalog, query: str) -> None:
    """A page of many matches is taken by walking the uri index (SQLite's, and PostgreSQL's (uri, id)
    from 0009) instead of sorting every match: its pages are slices of the matches sorted by uri and id."""
    matches = loaded.search(query, limit=1000, facet_paths=())
    assert matches.total > 3 and len(matches.tracks) == matches.total
    assert [t.uri for t in matches.tracks] == sorted(t.uri for t in matches.tracks)
    whole = [t.id for t in sorted(matches.tracks, key=lambda t: (t.uri, t.id))]
    for size in (1, 2, 3):
        pages = [loaded.search(query, limit=size, offset=o, facet_paths=()).tracks for o in range(0, len(whole), size)]
        assert [t.id for page in pages for t in page] == whole


def test_facets_filter_and_count(loaded: Catalog) -> None:
    result = loaded.search(None, [("tracks.file_format.term_label", "bigWig")], limit=100)
    assert result.total == len(titles(loaded, "tracks.file_format.term_label = bigWig"))
    assert dict(result.facets["tracks.file_format.term_label"]) == {"bigWig": result.total}
    assert dict(result.facets["samples.species_name"]) == {"Homo sapiens": result.total}
    with pytest.raises(InputError, match="unknown facet path"):
        loaded.search(None, [("tracks.nope", "x")])


def test_browse_tree(loaded: Catalog) -> None:
    categories = {e.name: e.count for e in loaded.browse()}
    # 38 tracks; the 6 one-track part documents have no experiment, sample, study or collection to join
    assert categories == {"tracks": 38, "experiments": 32, "samples": 32, "studies": 32, "collection_info": 32}
    sample_type = {e.name: e.kind for e in loaded.browse("samples.sample_type")}
    assert sample_type["cell_line"] == "ontology" and sample_type["summary"] == "leaf"
    cell_lines = loaded.browse("samples->sample_type->cell_line")
    assert cell_lines[0].name == "H1-hESC" and cell_lines[0].term_id == "http://www.ebi.ac.uk/efo/EFO_0003042"
    values = loaded.browse("tracks.assembly_name")
    assert [(v.name, v.count) for v in values] == [("hg38", 38)]
    with pytest.raises(InputError, match="no attribute path"):
        loaded.browse("samples.nothing")


INJECTIONS = [
    "x' OR '1'='1",
    "'; DROP TABLE catalog_tracks; --",
    '" OR 1=1 --',
    "%' UNION SELECT token_hash FROM api_tokens --",
    "\\'; DELETE FROM catalog_sources; --",
    "NEAR(a b) OR * ^ catalog_fts:",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_attempts_are_harmless(loaded: Catalog, payload: str) -> None:
    before = loaded.stats()
    quoted = json.dumps(payload)
    for query in (
        f"tracks.label_short = {quoted}",
        f"tracks.label_short ~ {quoted}",
        f"tracks.label_short IN ({quoted}, 'x')",
        f"descendant-of {quoted}",
        quoted,
    ):
        assert loaded.search(query).total == 0
    assert loaded.search(None, [("tracks.label_short", payload)]).total == 0
    assert loaded.browse("tracks.label_short")  # values() with the payload as a filter is harmless too
    assert loaded.values("tracks.label_short", contains=payload) == []
    with pytest.raises(QueryError, match="NUL character"):
        loaded.search('tracks.label_short = "' + chr(0) + '"')
    assert loaded.stats() == before


@pytest.mark.parametrize(
    "payload", ["tracks.a = 1; DROP TABLE catalog_tracks", "tracks.a = 1 -- x", "tracks.a = 1 /* */"]
)
def test_injection_outside_values_is_a_syntax_error(loaded: Catalog, payload: str) -> None:
    with pytest.raises(QueryError):
        loaded.search(payload)


def test_unknown_attribute_paths_are_reported_with_position(loaded: Catalog) -> None:
    with pytest.raises(QueryError) as error:
        loaded.search('tracks.assembly_name = hg38 AND samples.species = "Homo sapiens"')
    assert error.value.position == 32
    assert "did you mean 'samples.species_id'" in str(error.value) or "samples.species_name" in str(error.value)


def test_injected_value_stored_and_found_verbatim(
    catalog: Catalog, packaged_service: TracksService, tmp_path: object
) -> None:
    from pathlib import Path

    document = json.loads(V10.read_text())
    document["tracks"][0]["label_short"] = INJECTIONS[1]
    path = Path(str(tmp_path)) / "evil.json"
    path.write_text(json.dumps(document))
    catalog.replace_source(batch_of(packaged_service, path, force=True))
    assert titles(catalog, f"tracks.label_short = {json.dumps(INJECTIONS[1])}") == [INJECTIONS[1]]
    assert catalog.stats()["tracks"] == 4


def test_postgresql_uses_jsonb_gin_and_tsvector(catalog: Catalog) -> None:
    if catalog.dialect != "postgresql":
        pytest.skip("PostgreSQL only")
    url = catalog.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as conn:
        found = conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'catalog_tracks'")
        indexes = {r[0]: r[1] for r in found}
        column = conn.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'catalog_tracks' AND column_name = 'doc'"
        ).fetchone()
    assert "gin (tsv)" in indexes["ix_catalog_tracks_tsv"].lower()
    assert "gin (doc jsonb_path_ops)" in indexes["ix_catalog_tracks_doc"].lower()
    assert column is not None and column[0] == "jsonb"


def test_shared_parts_are_stored_once_and_counted_per_track(catalog: Catalog, packaged_service: TracksService) -> None:
    """The v1.0 collection's 4 tracks share one study and one collection: each is one record (its leaves
    stored once), yet browse, facets and queries count the tracks that carry it."""
    catalog.replace_source(batch_of(packaged_service, V10))
    with catalog.engine.connect() as conn:
        records = dict(
            (str(c), int(n))
            for c, n in conn.execute(text("SELECT category, count(*) FROM catalog_records GROUP BY category"))
        )
        study_leaves = conn.execute(
            text(
                "SELECT count(*) FROM catalog_postings s JOIN catalog_leaves v ON v.id = s.leaf_id "
                "JOIN catalog_paths p ON p.id = v.path_id WHERE p.path = 'studies.study_name'"
            )
        ).scalar_one()
    document = json.loads(V10.read_text())
    assert records["studies"] == len(document["studies"]) and study_leaves == len(document["studies"])
    assert records["collection_info"] == 1
    tracks = catalog.stats()["tracks"]
    assert sum(e.count for e in catalog.browse("collection_info.short_name")) == tracks
    facets = catalog.search(H1_QUERY, facet_paths=("collection_info.short_name", "studies.study_name")).facets
    assert facets["collection_info.short_name"] == [("ENCODE example", len(titles(catalog, H1_QUERY)))]
    assert catalog.search('collection_info.short_name = "ENCODE example"', facet_paths=()).total == tracks
    assert catalog.search('NOT collection_info.short_name = "ENCODE example"', facet_paths=()).total == 0
    catalog.delete_source(str(V10))
    with catalog.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM catalog_records")).scalar_one() == 0
    assert catalog.values("collection_info.short_name") == [] and catalog.values("tracks.assembly_name") == []
    assert catalog.stats() == {"sources": 0, "tracks": 0, "values": 0}
