"""Alembic's environment: the store's metadata, and the connection ``bot.schema_version`` hands in.

Run from ``ddxbot db upgrade`` (a connection is passed in ``config.attributes``), or by a developer
with the ``alembic`` command from the repository root (``alembic revision --autogenerate -m …``),
which connects to ``DATABASE_URL`` (or the embedded SQLite default).
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import bot.store  # noqa: F401 — registers the tables on SQLModel.metadata

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from bot.settings import get_settings
    from bot.store import make_engine

    with make_engine(get_settings().effective_database_url).connect() as conn:
        _run(conn)
