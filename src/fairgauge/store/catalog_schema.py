"""Catalog tables (issue 11); created by migration 0003, reshaped for speed by 0005. Core tables on the
store's one ``MetaData``.

- ``catalog_sources``: one row per imported source (a file, folder, URL or DOI), with its version.
- ``catalog_tracks``: flattened tracks (``doc`` JSON/JSONB with the joined categories); deleting a source
  deletes its tracks (and, through the tracks, their values).
- ``catalog_paths``: every attribute path once, with an integer id. Leaf rows carry the id, not the
  path text: the path was most of each row's bytes and of each index entry (0005).
- ``catalog_values``: every distinct leaf (path id, text value, number) of every track: browse, facets
  and the query compiler use it through the (path_id, value, track_id) and (path_id, number, track_id)
  indexes, which cover the lookups (index-only scans for counts). Deleting a source deletes its
  leaves explicitly (no foreign key: per-row checks slowed bulk loads).
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
    Index("ix_catalog_tracks_source", "source_id"),
    Index("ix_catalog_tracks_uri", "uri"),
)

catalog_paths = Table(
    "catalog_paths",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False, unique=True),
)

catalog_values = Table(
    "catalog_values",
    metadata,
    Column("track_id", Integer, nullable=False),  # no FK: only the repository writes leaves (bulk loads)
    Column("path_id", Integer, nullable=False),
    Column("value", Text, nullable=False),
    Column("number", Float, nullable=True),
    Index("ix_catalog_values_path_value", "path_id", "value", "track_id"),
    Index(
        "ix_catalog_values_path_number",
        "path_id",
        "number",
        "track_id",
        sqlite_where=text("number IS NOT NULL"),
        postgresql_where=text("number IS NOT NULL"),
    ),
    Index("ix_catalog_values_track", "track_id"),
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
