"""Assessments with their full report (harvest evidence included) and headline numbers.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("identifier", sa.Text(), nullable=False),
        sa.Column("identifier_key", sa.Text(), nullable=False),
        sa.Column("profile", sa.String(200), nullable=False),
        sa.Column("request", JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("metric_version", sa.String(32), nullable=True),
        sa.Column("fair_percent", sa.Float(), nullable=True),
        sa.Column("score_percent", JSON, nullable=True),
        sa.Column("fairport_level", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("report", JSON, nullable=True),
    )
    op.create_index("ix_assessments_identifier_key_created", "assessments", ["identifier_key", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_assessments_identifier_key_created", table_name="assessments")
    op.drop_table("assessments")
