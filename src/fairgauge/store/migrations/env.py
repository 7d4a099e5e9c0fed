"""Alembic environment: migrations run on the connection the store hands over (never from a config file)."""

from __future__ import annotations

from alembic import context

from fairgauge.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running the alembic CLI by hand
    raise RuntimeError("run migrations through fairgauge.store.engine.upgrade()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
