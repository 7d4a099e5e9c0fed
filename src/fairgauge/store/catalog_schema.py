"""Catalog tables (issue 11); created by migration 0003. Core tables on the store's one ``MetaData``.

- ``catalog_sources``: one row per imported source (a file, folder, URL or DOI), with its version.
- ``catalog_tracks``: flattened tracks (``doc`` JSON/JSONB with the joined categories); deleting a source
  deletes its tracks (and, through the tracks, their values).
- ``catalog_values``: every leaf (path, text value, number) of every track: browse, facets and the query
  compiler use it through the (path, value) and (path, number) indexes.
- ``catalog_source_paths``: attribute paths per source with track counts (browse level 2, validation).
- ``catalog_term_ancestors``: ontology term -> ancestor (the term itself included), from the term index.

Full text: SQLite keeps an FTS5 table ``catalog_fts`` fed by triggers; PostgreSQL a generated
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

catalog_values = Table(
    "catalog_values",
    metadata,
    Column("track_id", Integer, ForeignKey("catalog_tracks.id", ondelete="CASCADE"), nullable=False),
    Column("path", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("number", Float, nullable=True),
    Index("ix_catalog_values_path_value", "path", "value", "track_id"),
    Index("ix_catalog_values_path_number", "path", "number"),
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
