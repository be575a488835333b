"""Alembic migrations: fresh SQLite and PostgreSQL reach the models' schema; old schemas are refused."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel
from typer.testing import CliRunner

from adapters.cli import app as cli
from bot import schema_version
from bot.schema_version import FIRST_REVISION, SchemaError
from bot.settings import get_settings
from bot.store import Store, make_engine
from support.databases import fresh_database

needs_postgres = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set (CI sets it to the local PostgreSQL)"
)


@pytest.fixture(autouse=True)
def settings_cache_cleared_afterwards() -> Iterator[None]:
    yield
    get_settings.cache_clear()


def _invoke(args: list[str], env: dict[str, str]):
    """The CLI with ``env`` as its environment (settings are cached per process: cleared first)."""
    get_settings.cache_clear()
    return CliRunner().invoke(cli, args, env=env)


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    with fresh_database(os.environ["TEST_DATABASE_URL"], "ddxbot_migrations") as url:
        yield url


def _differences(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    finally:
        engine.dispose()


def _columns(url: str) -> dict[str, set[tuple[str, bool]]]:
    engine = make_engine(url)
    try:
        found = inspect(engine)
        return {t: {(c["name"], c["nullable"]) for c in found.get_columns(t)} for t in found.get_table_names()}
    finally:
        engine.dispose()


def _upgrade_cli(url: str) -> str:
    result = _invoke(["db", "upgrade"], {"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    return result.output


def test_fresh_sqlite_reaches_the_models_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert f"empty -> {schema_version.head()}" in _upgrade_cli(url)
    assert _differences(url) == []
    assert "database schema is current" in _upgrade_cli(url)  # idempotent


@needs_postgres
def test_fresh_postgres_reaches_the_same_schema_as_sqlite(fresh_postgres, tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'twin.sqlite3'}"
    _upgrade_cli(sqlite)
    _upgrade_cli(fresh_postgres)
    assert _differences(fresh_postgres) == []
    assert _columns(fresh_postgres) == _columns(sqlite)


def test_a_database_without_the_schema_is_refused_with_the_fix_named(tmp_path):
    with pytest.raises(SchemaError, match="ddxbot db upgrade"):
        Store(f"sqlite:///{tmp_path / 'empty.sqlite3'}", upgrade=False)


@needs_postgres
def test_serve_refuses_an_unmigrated_postgres_and_only_db_upgrade_migrates_it(fresh_postgres):
    """Workers never migrate a shared database (they would race); the release phase does."""
    env = {"DATABASE_URL": fresh_postgres, "SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s"}
    served = _invoke(["serve", "--port", "0"], env)
    assert served.exit_code == 2 and "ddxbot db upgrade" in served.output
    asked = _invoke(["ask", "--save", "calf cramps at night"], env)  # plain ask opens no database
    assert asked.exit_code == 2 and "ddxbot db upgrade" in asked.output
    _upgrade_cli(fresh_postgres)
    assert _invoke(["ask", "--save", "calf cramps at night"], env).exit_code == 0


def test_an_older_schema_is_refused_until_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(schema_version._config(conn), FIRST_REVISION)
    assert schema_version.head() != FIRST_REVISION  # the test needs a later migration to exist
    with pytest.raises(SchemaError, match=f"at revision {FIRST_REVISION}.*ddxbot db upgrade"):
        Store(url, upgrade=False)
    assert _invoke(["db", "current"], {"DATABASE_URL": url}).exit_code == 1
    _upgrade_cli(url)
    Store(url, upgrade=False)  # now it starts


def test_a_newer_schema_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaError, match="newer than this ddxbot"):
        Store(url, upgrade=False)
    with pytest.raises(SchemaError, match="newer than this ddxbot"):  # nor migrated "back"
        Store(url)


def test_a_database_from_before_migrations_is_adopted_with_its_rows(tmp_path):
    """ddxbot 0.1 created its tables with create_all; the upgrade stamps and migrates them."""
    url = f"sqlite:///{tmp_path / 'legacy.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(schema_version._config(conn), FIRST_REVISION)  # the same tables create_all made
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text(
                "INSERT INTO conversations (platform, key, user_key, state, findings, knowledge_version, created_at, updated_at) "
                "VALUES ('cli', 'old', '', '{}', '[]', '', '2026-01-01', '2026-01-01')"
            )
        )
    before, after = schema_version.upgrade(engine)
    assert (before, after) == (FIRST_REVISION, schema_version.head())
    assert Store(url, upgrade=False).load_state("cli", "old") == {}


def test_conversations_from_before_0005_are_started_by_their_latest_speaker(tmp_path):
    """Only a conversation's starter (or an admin) may forget it: older rows must not be open to anyone."""
    url = f"sqlite:///{tmp_path / 'pre-0005.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(schema_version._config(conn), "0004")
        conn.execute(
            text(
                "INSERT INTO conversations (platform, key, user_key, state, findings, knowledge_version, created_at, updated_at) "
                "VALUES ('slack', 'T:C:1', 'T:U0DOC', '{}', '[]', '', '2026-01-01', '2026-01-01')"
            )
        )
    schema_version.upgrade(engine)
    assert Store(url, upgrade=False).starter("slack", "T:C:1") == "T:U0DOC"
