"""Alembic migrations of the store (shipped in the package; run by ``open_store``)."""
