"""Shared fixtures: the engine core (built once), and stores on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import psycopg
import pytest

import adapters.cli
from bot.engine import ConversationState, Core, handle
from bot.messages import Inbound, Outbound
from fakes.slack_api import FakeSlack
from fakes.telegram_api import FakeTelegram


# The command line moved to ``adapters.cli`` (issue 17); tests/test_reasoning.py, which another
# branch is changing at the same time, still imports ``bot.cli``. This name bridges the merge and
# goes when that file imports ``adapters.cli``; ``bot/`` itself imports no adapter.
sys.modules.setdefault("bot.cli", adapters.cli)


@pytest.fixture(scope="session")
def core() -> Core:
    return Core.default()


class Chat:
    """Drives the pure engine turn by turn, as an adapter would."""

    def __init__(self, core: Core):
        self.core = core
        self.state: ConversationState | None = None

    def say(self, text: str, one_shot: bool = False) -> Outbound:
        self.state, out = handle(self.state, Inbound("test", "c1", "u1", text=text, one_shot=one_shot), self.core)
        return out

    def choose(self, choice: str) -> Outbound:
        self.state, out = handle(self.state, Inbound("test", "c1", "u1", choice=choice), self.core)
        return out


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    yield fake
    await fake.stop()


@pytest.fixture
def chat(core: Core) -> Chat:
    return Chat(core)


def _database_urls() -> list:
    urls = [pytest.param("sqlite", id="sqlite")]
    reason = "TEST_DATABASE_URL is not set (CI sets it to the local PostgreSQL)"
    urls.append(
        pytest.param("postgres", id="postgres", marks=pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason=reason))
    )
    return urls


@contextmanager
def fresh_database(server: str, prefix: str) -> Iterator[str]:
    """An empty database of its own on ``server`` (a PostgreSQL URL), dropped afterwards: tests
    never depend on, or change, what the server's own database holds."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One PostgreSQL database for the session's store tests, on TEST_DATABASE_URL's server."""
    with fresh_database(os.environ["TEST_DATABASE_URL"], "ddxbot_tests") as url:
        yield url


@pytest.fixture(params=_database_urls())
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ddxbot.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def unique_key() -> str:
    return f"k-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def process_logging_restored():
    """``ddxbot serve`` (run through CliRunner) installs the process's log handler on the root
    logger; outside that test it would print into other commands' output."""
    import logging

    from bot.logs import StderrHandler

    root = logging.getLogger()
    level = root.level
    yield
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    root.setLevel(level)
