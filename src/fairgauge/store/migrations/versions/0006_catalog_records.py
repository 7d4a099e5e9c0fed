"""Catalog records: experiment, sample, study and collection leaves stored once, not once per track.

Measured before (issue 11, 100,000 generated tracks, SQLite, under load): 58 leaf rows per track, 2,500
tracks per CPU second imported, 1.2 GB. A track's experiment, sample, study and collection are shared
by many tracks (in the generated catalog a sample by 4, a study by 10,000), yet each track carried
their 40 leaves again, in the table and in all three of its indexes. Here:

- ``catalog_records``: one row per shared record of a source (its category, how many tracks link to it:
  browse and facets over the whole catalog weigh its leaves by that); its id comes from the
  same id space as the tracks (the tracks' sequence on PostgreSQL), so a leaf's ``record_id`` names a
  track (``tracks.*`` paths) or a record (every other category) without ambiguity.
- ``catalog_values.track_id`` becomes ``record_id``; ``catalog_tracks`` gains ``experiment_rid``,
  ``sample_rid``, ``study_rid`` and ``collection_rid``, indexed, which the query compiler follows.
- Existing catalogs are moved in place: each track's non-track leaves become records of their own
  (nothing is re-imported; a re-import then shares them).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# category -> the catalog_tracks column naming its record (order fixes the ids given to moved records)
LINKS = (
    ("experiments", "experiment_rid"),
    ("samples", "sample_rid"),
    ("studies", "study_rid"),
    ("collection_info", "collection_rid"),
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _link_index(column: str) -> None:
    # PostgreSQL: the track id included, so following a link is an index-only scan (SQLite has it as rowid)
    op.create_index(f"ix_catalog_tracks_{column}", "catalog_tracks", [column], postgresql_include=["id"])


def upgrade() -> None:
    op.create_table(
        "catalog_records",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("catalog_sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("tracks", sa.Integer(), nullable=False),
    )
    op.create_index("ix_catalog_records_source", "catalog_records", ["source_id"])
    for _, column in LINKS:
        op.add_column("catalog_tracks", sa.Column(column, sa.Integer(), nullable=True))
    op.drop_index("ix_catalog_values_track", table_name="catalog_values")
    op.execute("ALTER TABLE catalog_values RENAME COLUMN track_id TO record_id")
    top = int(op.get_bind().execute(sa.text("SELECT coalesce(max(id), 0) FROM catalog_tracks")).scalar_one())
    for number, (category, column) in enumerate(LINKS, start=1):
        offset = number * top  # record ids above every track id, one band per category
        prefix = {"prefix": category + ".", "size": len(category) + 1, "offset": offset}
        paths = "SELECT id FROM catalog_paths WHERE substr(path, 1, :size) = :prefix"
        op.execute(
            sa.text(
                "INSERT INTO catalog_records (id, source_id, category, tracks) "
                "SELECT t.id + :offset, t.source_id, :category, 1 FROM catalog_tracks t WHERE EXISTS "
                f"(SELECT 1 FROM catalog_values v WHERE v.record_id = t.id AND v.path_id IN ({paths}))"
            ).bindparams(category=category, **prefix)
        )
        op.execute(
            sa.text(
                f"UPDATE catalog_tracks SET {column} = id + :offset "
                "WHERE id + :offset IN (SELECT id FROM catalog_records)"
            ).bindparams(offset=offset)
        )
        op.execute(
            sa.text(f"UPDATE catalog_values SET record_id = record_id + :offset WHERE path_id IN ({paths})").bindparams(
                **prefix
            )
        )
    op.create_index("ix_catalog_values_record", "catalog_values", ["record_id"])
    for _, column in LINKS:
        _link_index(column)
    if _postgresql() and top:
        op.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('catalog_tracks', 'id'), :top)").bindparams(
                top=(len(LINKS) + 1) * top
            )
        )


def downgrade() -> None:
    for _, column in LINKS:
        op.execute(
            f"INSERT INTO catalog_values (record_id, path_id, value, number) "
            f"SELECT t.id, v.path_id, v.value, v.number FROM catalog_tracks t JOIN catalog_values v "
            f"ON v.record_id = t.{column}"
        )
    op.execute("DELETE FROM catalog_values WHERE record_id IN (SELECT id FROM catalog_records)")
    op.drop_index("ix_catalog_values_record", table_name="catalog_values")
    op.execute("ALTER TABLE catalog_values RENAME COLUMN record_id TO track_id")
    op.create_index("ix_catalog_values_track", "catalog_values", ["track_id"])
    for _, column in LINKS:
        op.drop_index(f"ix_catalog_tracks_{column}", table_name="catalog_tracks")
        op.execute(f"ALTER TABLE catalog_tracks DROP COLUMN {column}")
    op.drop_table("catalog_records")
