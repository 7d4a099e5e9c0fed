"""Catalog leaves: a dictionary of distinct leaves with track counts, and narrow postings.

Measured before (issue 11, generated catalog, SQLite): 24 leaf rows per track, each a row of
(record_id, path_id, value, number) in a table and in three indexes, about 40 % of an import's time;
yet 12 of a track's 18 leaves take one to eight distinct values in the whole catalog. Here:

- ``catalog_leaves``: each distinct (path_id, value, number) once, with an id and ``tracks``, the number
  of tracks that have it (a record's leaf counts the tracks linking to the record): browse and facet
  counts over the whole catalog read it alone.
- ``catalog_postings``: (leaf_id, record_id), two integers per leaf of a record or track (SQLite: WITHOUT
  ROWID, so the primary key is the table), with a (record_id, leaf_id) index.
- Existing catalogs are moved in place; ``catalog_values`` is dropped.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_SAME_NUMBER = "(l.number = v.number OR (l.number IS NULL AND v.number IS NULL))"


def upgrade() -> None:
    op.create_table(
        "catalog_leaves",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("path_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("tracks", sa.Integer(), nullable=False),
    )
    op.create_table(
        "catalog_postings",
        sa.Column("leaf_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("record_id", sa.Integer(), primary_key=True, autoincrement=False),
        sqlite_with_rowid=False,
    )
    # a track's leaf counts one track, a record's leaf the tracks linking to the record (ids are shared)
    op.execute(
        "INSERT INTO catalog_leaves (path_id, value, number, tracks) "
        "SELECT v.path_id, v.value, v.number, sum(coalesce(r.tracks, 1)) "
        "FROM (SELECT DISTINCT record_id, path_id, value, number FROM catalog_values) v "
        "LEFT JOIN catalog_records r ON r.id = v.record_id "
        "GROUP BY v.path_id, v.value, v.number ORDER BY v.path_id, v.value"
    )
    op.create_index(
        "ix_catalog_leaves_path_value", "catalog_leaves", ["path_id", "value"], postgresql_include=["id", "tracks"]
    )
    op.execute(
        "INSERT INTO catalog_postings (leaf_id, record_id) "
        f"SELECT DISTINCT l.id, v.record_id FROM catalog_values v JOIN catalog_leaves l "
        f"ON l.path_id = v.path_id AND l.value = v.value AND {_SAME_NUMBER}"
    )
    op.create_index(
        "ix_catalog_leaves_path_number",
        "catalog_leaves",
        ["path_id", "number"],
        sqlite_where=sa.text("number IS NOT NULL"),
        postgresql_where=sa.text("number IS NOT NULL"),
        postgresql_include=["id"],
    )
    op.create_index("ix_catalog_postings_record", "catalog_postings", ["record_id", "leaf_id"])
    op.drop_table("catalog_values")


def downgrade() -> None:
    op.create_table(
        "catalog_values",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("path_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
    )
    op.execute(
        "INSERT INTO catalog_values (record_id, path_id, value, number) "
        "SELECT p.record_id, l.path_id, l.value, l.number FROM catalog_postings p "
        "JOIN catalog_leaves l ON l.id = p.leaf_id"
    )
    op.create_index("ix_catalog_values_path_value", "catalog_values", ["path_id", "value", "record_id"])
    op.create_index(
        "ix_catalog_values_path_number",
        "catalog_values",
        ["path_id", "number", "record_id"],
        sqlite_where=sa.text("number IS NOT NULL"),
        postgresql_where=sa.text("number IS NOT NULL"),
    )
    op.create_index("ix_catalog_values_record", "catalog_values", ["record_id"])
    op.drop_table("catalog_postings")
    op.drop_table("catalog_leaves")
