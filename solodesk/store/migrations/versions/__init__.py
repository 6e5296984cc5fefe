"""Alembic migration scripts of the case store."""
