"""Catalog at scale: integer path ids, covering leaf indexes, full text filled in bulk.

Measured before (issue 11, under load): 263 tracks/s imported and queries of 0.2 - 5.7 s at 20,000
tracks. Each leaf row repeated its attribute path as text (most of its bytes and of every index entry),
descendant-of over any term field was a ``LIKE`` scan of all leaves, and SQLite fed FTS5 one row at a
time through a trigger. Here:

- ``catalog_paths`` holds each path once; ``catalog_values`` is rebuilt with ``path_id`` (existing
  catalogs are moved, nothing has to be re-imported), distinct leaves only, indexed on
  (path_id, value, track_id), (path_id, number, track_id) (numbers only) and track_id. The leaf table has no foreign
  keys: only the catalog repository writes it, and per-row FK checks were a large part of bulk loads.
- SQLite: the FTS5 insert trigger goes (the repository fills ``catalog_fts`` with one INSERT ... SELECT
  per import); the delete trigger stays.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _leaf_indexes() -> None:
    op.create_index("ix_catalog_values_path_value", "catalog_values", ["path_id", "value", "track_id"])
    numeric = sa.text("number IS NOT NULL")  # most leaves are text: a partial index skips them
    op.create_index(
        "ix_catalog_values_path_number",
        "catalog_values",
        ["path_id", "number", "track_id"],
        sqlite_where=numeric,
        postgresql_where=numeric,
    )
    op.create_index("ix_catalog_values_track", "catalog_values", ["track_id"])


def upgrade() -> None:
    op.create_table(
        "catalog_paths",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("path", sa.Text(), nullable=False, unique=True),
    )
    op.execute(
        "INSERT INTO catalog_paths (path) SELECT path FROM "
        "(SELECT path FROM catalog_values UNION SELECT path FROM catalog_source_paths) AS known ORDER BY path"
    )
    op.create_table(
        "catalog_values_0005",
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("path_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
    )
    op.execute(
        "INSERT INTO catalog_values_0005 (track_id, path_id, value, number) "
        "SELECT DISTINCT v.track_id, p.id, v.value, v.number FROM catalog_values v "
        "JOIN catalog_paths p ON p.path = v.path"
    )
    op.drop_table("catalog_values")
    op.rename_table("catalog_values_0005", "catalog_values")
    _leaf_indexes()
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS catalog_tracks_fts_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute(
            "CREATE TRIGGER catalog_tracks_fts_insert AFTER INSERT ON catalog_tracks BEGIN "
            "INSERT INTO catalog_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
    op.create_table(
        "catalog_values_0003",
        sa.Column("track_id", sa.Integer(), sa.ForeignKey("catalog_tracks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
    )
    op.execute(
        "INSERT INTO catalog_values_0003 (track_id, path, value, number) "
        "SELECT v.track_id, p.path, v.value, v.number FROM catalog_values v JOIN catalog_paths p ON p.id = v.path_id"
    )
    op.drop_table("catalog_values")
    op.rename_table("catalog_values_0003", "catalog_values")
    op.create_index("ix_catalog_values_path_value", "catalog_values", ["path", "value", "track_id"])
    op.create_index("ix_catalog_values_path_number", "catalog_values", ["path", "number"])
    op.create_index("ix_catalog_values_track", "catalog_values", ["track_id"])
    op.drop_table("catalog_paths")
