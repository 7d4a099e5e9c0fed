"""Track catalog (issue 11): sources, flattened tracks, leaf values, paths, term ancestors, full text.

SQLite: an FTS5 table fed by triggers on ``catalog_tracks``. PostgreSQL: a generated ``tsvector``
column with a GIN index, and a GIN index on the JSONB ``doc``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JsonType = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "catalog_sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text(), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("tracks", sa.Integer(), nullable=False),
        sa.Column("invalid", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("details", JsonType, nullable=False),
    )
    op.create_table(
        "catalog_tracks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("catalog_sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("assembly", sa.Text(), nullable=False),
        sa.Column("doc", JsonType, nullable=False),
        sa.Column("problems", JsonType, nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
    )
    op.create_index("ix_catalog_tracks_source", "catalog_tracks", ["source_id"])
    op.create_index("ix_catalog_tracks_uri", "catalog_tracks", ["uri"])
    op.create_table(
        "catalog_values",
        sa.Column("track_id", sa.Integer(), sa.ForeignKey("catalog_tracks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
    )
    op.create_index("ix_catalog_values_path_value", "catalog_values", ["path", "value", "track_id"])
    op.create_index("ix_catalog_values_path_number", "catalog_values", ["path", "number"])
    op.create_index("ix_catalog_values_track", "catalog_values", ["track_id"])
    op.create_table(
        "catalog_source_paths",
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("catalog_sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("path", sa.Text(), primary_key=True),
        sa.Column("tracks", sa.Integer(), nullable=False),
    )
    op.create_table(
        "catalog_term_ancestors",
        sa.Column("term", sa.Text(), primary_key=True),
        sa.Column("ancestor", sa.Text(), primary_key=True),
    )
    op.create_index("ix_catalog_term_ancestors_ancestor", "catalog_term_ancestors", ["ancestor", "term"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE catalog_tracks ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
        )
        op.execute("CREATE INDEX ix_catalog_tracks_tsv ON catalog_tracks USING GIN (tsv)")
        op.execute("CREATE INDEX ix_catalog_tracks_doc ON catalog_tracks USING GIN (doc jsonb_path_ops)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE catalog_fts USING fts5("
            "search_text, content='catalog_tracks', content_rowid='id', tokenize='unicode61')"
        )
        op.execute(
            "CREATE TRIGGER catalog_tracks_fts_insert AFTER INSERT ON catalog_tracks BEGIN "
            "INSERT INTO catalog_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER catalog_tracks_fts_delete AFTER DELETE ON catalog_tracks BEGIN "
            "INSERT INTO catalog_fts(catalog_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS catalog_tracks_fts_delete")
        op.execute("DROP TRIGGER IF EXISTS catalog_tracks_fts_insert")
        op.execute("DROP TABLE IF EXISTS catalog_fts")
    op.drop_table("catalog_term_ancestors")
    op.drop_table("catalog_source_paths")
    op.drop_table("catalog_values")
    op.drop_table("catalog_tracks")
    op.drop_table("catalog_sources")
