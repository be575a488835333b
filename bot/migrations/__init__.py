"""Alembic migrations of the store's tables (``ddxbot db upgrade``); see ``bot/schema_version.py``."""
