"""Catalog records carry their JSON; a track's ``doc`` keeps only its own parts.

Measured before (issue 11, 30,000 generated tracks, SQLite): a track row was 4.6 KB, 2.8 KB of it the
joined ``doc``, which repeated the track's experiment, sample, study and collection in every track
(the leaves of those were already stored once per record by 0006); on PostgreSQL, the GIN index on
``doc`` indexed every key of them again for every track. Here:

- ``catalog_records.doc``: the record's part as JSON (JSONB on PostgreSQL), stored once.
- ``catalog_tracks.doc``: the track's parts that are no record (its ``tracks`` part, and parts without
  leaves such as ``{}``); the repository joins the records' JSON back in when it reads a track, so
  what readers get is unchanged.
- Existing catalogs are moved in place: each record takes its part from a track that links to it, and
  the tracks drop the parts their records now hold.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JsonType = sa.JSON().with_variant(JSONB(), "postgresql")

# category -> the catalog_tracks column naming its record (as in 0006)
LINKS = (
    ("experiments", "experiment_rid"),
    ("samples", "sample_rid"),
    ("studies", "study_rid"),
    ("collection_info", "collection_rid"),
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    default = sa.text("'{}'::jsonb") if _postgresql() else sa.text("'{}'")
    op.add_column("catalog_records", sa.Column("doc", JsonType, nullable=False, server_default=default))
    for category, column in LINKS:
        part = "t.doc -> :category" if _postgresql() else "json_extract(t.doc, '$.' || :category)"
        op.execute(
            sa.text(
                f"UPDATE catalog_records SET doc = coalesce((SELECT {part} FROM catalog_tracks t "
                f"WHERE t.{column} = catalog_records.id LIMIT 1), doc) WHERE category = :category"
            ).bindparams(category=category)
        )
    if _postgresql():
        keys = ", ".join(f"CASE WHEN {column} IS NOT NULL THEN '{category}' END" for category, column in LINKS)
        op.execute(f"UPDATE catalog_tracks SET doc = doc - array_remove(ARRAY[{keys}], NULL)")
    else:
        for category, column in LINKS:
            op.execute(
                sa.text(
                    f"UPDATE catalog_tracks SET doc = json_remove(doc, '$.' || :category) WHERE {column} IS NOT NULL"
                ).bindparams(category=category)
            )


def downgrade() -> None:
    for category, column in LINKS:
        if _postgresql():
            joined = "doc || jsonb_build_object(CAST(:category AS text), r.doc)"
        else:
            joined = "json_set(doc, '$.' || :category, json(r.doc))"
        op.execute(
            sa.text(
                f"UPDATE catalog_tracks SET doc = (SELECT {joined} FROM catalog_records r "
                f"WHERE r.id = catalog_tracks.{column}) WHERE {column} IS NOT NULL"
            ).bindparams(category=category)
        )
    op.execute("ALTER TABLE catalog_records DROP COLUMN doc")
