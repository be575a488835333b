"""The database schema's version: Alembic migrations applied (``ddxbot db upgrade``) or checked.

Nothing migrates a shared PostgreSQL database by itself (several workers would race, and a
deploy's ``release`` phase is the place for it): the bot checks the revision and refuses to start
on a schema older than the code, naming the command that fixes it. A SQLite file belongs to one
machine, so it is upgraded in place (``Settings.upgrades_itself``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"  # the tables ddxbot created with create_all before it had migrations


class SchemaError(RuntimeError):
    """The database's schema does not match this version of ddxbot; the message says what to run."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head() -> str:
    """The revision this code expects."""
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current(connection: Connection) -> str | None:
    """The database's revision; None for a database with no ddxbot tables (or from before migrations)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Apply every pending migration; returns (revision before, revision after)."""
    with engine.begin() as conn:
        before = current(conn)
        _refuse_newer(before)
        if before is None and inspect(conn).has_table("conversations"):
            command.stamp(_config(conn), FIRST_REVISION)  # created by create_all: adopt it
            before = FIRST_REVISION
        if before != head():
            command.upgrade(_config(conn), "head")
    return before, head()


def check(engine: Engine) -> None:
    """Raise SchemaError unless the database is exactly at this code's revision."""
    with engine.connect() as conn:
        found = current(conn)
    if found == head():
        return
    _refuse_newer(found)
    state = "has no ddxbot tables yet" if found is None else f"is at revision {found}"
    raise SchemaError(f"the database {state}; this ddxbot needs revision {head()}. Run `ddxbot db upgrade` first.")


def _refuse_newer(found: str | None) -> None:
    """A revision this code does not know was written by a newer ddxbot: never touch it."""
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    if found is not None and found not in known:
        raise SchemaError(
            f"the database schema (revision {found}) is newer than this ddxbot (expects {head()}): "
            "deploy the newer ddxbot, or point DATABASE_URL at another database."
        )
