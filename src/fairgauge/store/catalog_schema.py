"""Catalog tables (issue 11); created by migration 0003, reshaped for speed by 0005, 0006 and 0007. Core tables
on the store's one ``MetaData``.

- ``catalog_sources``: one row per imported source (a file, folder, URL or DOI), with its version.
- ``catalog_tracks``: flattened tracks, each linked to the records of its experiment, sample, study and
  collection (``*_rid``, NULL when it has none). ``doc`` (JSON/JSONB) holds the track's own parts: its
  ``tracks`` part and the parts that are no record; the repository joins the records' ``doc`` back in
  when it reads a track (0007: the joined document repeated every record in every track).
- ``catalog_records``: the experiments, samples, studies and collections of a source, each once (0006),
  with its JSON (``doc``, 0007): a sample shared by four tracks has its leaves and JSON stored once,
  not four times. Record ids share the tracks' id space, so a posting's ``record_id`` is a track id
  (``tracks.*`` paths) or a record id.
- ``catalog_paths``: every attribute path once, with an integer id. Leaf rows carry the id, not the
  path text: the path was most of each row's bytes and of each index entry (0005).
- ``catalog_leaves``: the leaf dictionary (0008): every distinct leaf (path id, text value, number) once,
  with an id and the number of tracks that have it (through their own part or a linked record), so
  browse and facet counts over the whole catalog read it alone. Duplicates are harmless (two concurrent
  imports may both add a leaf): lookups take every id of a (path id, value), counts add up per value.
- ``catalog_postings``: which record (or track) holds which leaf: two integers per leaf of a record,
  keyed (leaf_id, record_id) (SQLite: WITHOUT ROWID), with a (record_id, leaf_id) index for reading a
  record's leaves and deleting a source. Before 0008 each leaf of each record was a row with its path id,
  text and number in a table and three indexes, although 12 of a track's 18 leaves take a handful of
  distinct values in the whole catalog. Deleting a source deletes its postings explicitly and lowers the
  dictionary's counts (no foreign key: per-row checks slowed bulk loads).
- ``catalog_source_paths``: attribute paths per source with track counts (browse level 2, validation).
- ``catalog_term_ancestors``: ontology term -> ancestor (the term itself included), from the term index.

Full text: SQLite keeps an FTS5 table ``catalog_fts`` (filled in bulk per import, emptied by a delete
trigger); PostgreSQL a generated
``tsvector`` column with a GIN index (both made in the migration, not here).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from fairgauge.store.schema import Base, JsonType

metadata = Base.metadata

catalog_sources = Table(
    "catalog_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("documents", Integer, nullable=False),
    Column("tracks", Integer, nullable=False),
    Column("invalid", Integer, nullable=False),
    Column("flagged", Integer, nullable=False),
    Column("details", JsonType, nullable=False),
)

catalog_tracks = Table(
    "catalog_tracks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Integer, ForeignKey("catalog_sources.id", ondelete="CASCADE"), nullable=False),
    Column("document", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("uri", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("assembly", Text, nullable=False),
    Column("doc", JsonType, nullable=False),
    Column("problems", JsonType, nullable=False),
    Column("search_text", Text, nullable=False),
    Column("experiment_rid", Integer, nullable=True),
    Column("sample_rid", Integer, nullable=True),
    Column("study_rid", Integer, nullable=True),
    Column("collection_rid", Integer, nullable=True),
    Index("ix_catalog_tracks_source", "source_id"),
    Index("ix_catalog_tracks_uri", "uri"),  # PostgreSQL: (uri, id) since 0009, the order of a result page
    Index("ix_catalog_tracks_experiment_rid", "experiment_rid", postgresql_include=["id"]),
    Index("ix_catalog_tracks_sample_rid", "sample_rid", postgresql_include=["id"]),
    Index("ix_catalog_tracks_study_rid", "study_rid", postgresql_include=["id"]),
    Index("ix_catalog_tracks_collection_rid", "collection_rid", postgresql_include=["id"]),
)

catalog_records = Table(
    "catalog_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("source_id", Integer, ForeignKey("catalog_sources.id", ondelete="CASCADE"), nullable=False),
    Column("category", String(32), nullable=False),
    Column("tracks", Integer, nullable=False),  # tracks linking to it: browse and facets weigh by it
    Column("doc", JsonType, nullable=False),  # the part's JSON, joined into its tracks' documents on read (0007)
    Index("ix_catalog_records_source", "source_id"),
)

catalog_paths = Table(
    "catalog_paths",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False, unique=True),
)

catalog_leaves = Table(
    "catalog_leaves",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path_id", Integer, nullable=False),
    Column("value", Text, nullable=False),
    Column("number", Float, nullable=True),
    Column("tracks", Integer, nullable=False),  # tracks having this leaf (their own or through a record)
    Index("ix_catalog_leaves_path_value", "path_id", "value", postgresql_include=["id", "tracks"]),
    Index(
        "ix_catalog_leaves_path_number",
        "path_id",
        "number",
        sqlite_where=text("number IS NOT NULL"),
        postgresql_where=text("number IS NOT NULL"),
        postgresql_include=["id"],
    ),
)

catalog_postings = Table(
    "catalog_postings",
    metadata,
    Column("leaf_id", Integer, primary_key=True, autoincrement=False),  # no FKs: bulk loads, see above
    Column("record_id", Integer, primary_key=True, autoincrement=False),
    Index("ix_catalog_postings_record", "record_id", "leaf_id"),
    sqlite_with_rowid=False,
)

catalog_source_paths = Table(
    "catalog_source_paths",
    metadata,
    Column("source_id", Integer, ForeignKey("catalog_sources.id", ondelete="CASCADE"), primary_key=True),
    Column("path", Text, primary_key=True),
    Column("tracks", Integer, nullable=False),
)

catalog_term_ancestors = Table(
    "catalog_term_ancestors",
    metadata,
    Column("term", Text, primary_key=True),
    Column("ancestor", Text, primary_key=True),
    Index("ix_catalog_term_ancestors_ancestor", "ancestor", "term"),
)
