"""Batch runs: the run (inputs, profile, version, settings), its fixed item list, one result per object.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JsonType = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "batch_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("profile", sa.String(200), nullable=False),
        sa.Column("software_version", sa.String(64), nullable=False),
        sa.Column("inputs", JsonType, nullable=False),
        sa.Column("settings", JsonType, nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "batch_items",
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("batch_runs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.Text(), nullable=False),
    )
    op.create_index("ix_batch_items_run_position", "batch_items", ["run_id", "position"])
    op.create_table(
        "batch_results",
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("batch_runs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("identifier", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("fair_percent", sa.Float(), nullable=True),
        sa.Column("score_percent", JsonType, nullable=True),
        sa.Column("maturity", JsonType, nullable=True),
        sa.Column("fairport_level", sa.Integer(), nullable=True),
        sa.Column("metrics", JsonType, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("elapsed_ms", sa.Float(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("batch_results")
    op.drop_index("ix_batch_items_run_position", table_name="batch_items")
    op.drop_table("batch_items")
    op.drop_table("batch_runs")
