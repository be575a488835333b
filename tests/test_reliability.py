"""Faults survived: the database going away and coming back, a platform down at start-up, bodies
over 1 MB, and retention."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from adapters.telegram.app import TelegramBot
from adapters.web import create_app
from bot.conversations import Conversations
from bot.db_timeouts import Timeouts
from bot.messages import Inbound, OutboundKind
from bot.service import UNAVAILABLE, ConversationService
from bot.settings import Settings
from bot.store import Conversation, ProcessedEvent, Store, utcnow
from support.slack_api import TOKEN as SLACK_TOKEN
from support.slack_requests import SECRET as SLACK_SECRET
from support.slack_requests import SlackPoster, SlackServer, mention
from support.tcp_proxy import TcpProxy
from support.telegram_api import TOKEN as TELEGRAM_TOKEN
from support.telegram_api import FakeTelegram

needs_postgres = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set (CI sets it to the local PostgreSQL)"
)


@needs_postgres
async def test_database_down_then_back_recovers_without_a_restart(core, unique_key, postgres_url):
    """The same store (one worker's pool) across an outage: a clear reply and a failing /healthz
    while it lasts, normal turns again afterwards, nothing half-written."""
    target = urlsplit(postgres_url)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 5432).up()
    try:
        url = postgres_url.replace(target.netloc, f"{target.username}@127.0.0.1:{proxy.port}")
        store = Store(url)
        service = ConversationService(store, core)
        settings = Settings(_env_file=None, slack_bot_token="xoxb-t", slack_signing_secret="s")
        app = create_app(settings, Conversations(service))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            first = service.handle(Inbound("test", unique_key, "u", text="leg spasms", event_id=f"{unique_key}-1"))
            assert first.kind == OutboundKind.question
            proxy.down()
            during = service.handle(Inbound("test", unique_key, "u", text="at night", event_id=f"{unique_key}-2"))
            assert during.kind == OutboundKind.error and during.text == UNAVAILABLE
            assert (await http.get("/healthz")).status_code == 503
            proxy.up()
            assert (await http.get("/healthz")).status_code == 200
            resent = service.handle(Inbound("test", unique_key, "u", text="at night", event_id=f"{unique_key}-2"))
            assert resent.kind in (OutboundKind.question, OutboundKind.answer)  # the resend is a normal turn
        assert [t.role for t in store.turns("test", unique_key)] == ["user", "bot", "user", "bot"]
    finally:
        proxy.stop()


FROZEN = Timeouts(connect=2, statement=2, lock=2, pool=2, stall=3)  # short: the test waits on them


@pytest.fixture
def frozen_proxy(postgres_url: str) -> Iterator[tuple[TcpProxy, str]]:
    """A proxy in front of the test database, and the database's URL through it."""
    target = urlsplit(postgres_url)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 5432).up()
    try:
        yield proxy, postgres_url.replace(target.netloc, f"{target.username}@127.0.0.1:{proxy.port}")
    finally:
        proxy.thaw()
        proxy.stop()


async def healthz(http: httpx.AsyncClient) -> tuple[int, float]:
    started = time.monotonic()
    status = (await http.get("/healthz")).status_code
    return status, time.monotonic() - started


@needs_postgres
async def test_a_database_that_stops_answering_fails_turns_and_healthz_in_time(core, unique_key, frozen_proxy):
    """Connections open, nothing forwarded (issue 16: every turn and /healthz hung for 60 s, then
    /healthz said 200): the turn gets "temporarily unavailable" within 10 s (a ping cut after the
    2 s connect timeout, then a connection attempt of 2 s), /healthz 503 within 2 s; after the
    database answers again, the resent message is a normal turn."""
    proxy, url = frozen_proxy
    service = ConversationService(Store(url, timeouts=FROZEN), core)
    app = create_app(Settings(_env_file=None, slack_bot_token="xoxb-t", slack_signing_secret="s"), Conversations(service))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        first = await asyncio.to_thread(
            service.handle, Inbound("test", unique_key, "u", text="leg spasms", event_id=f"{unique_key}-1")
        )
        assert first.kind == OutboundKind.question
        assert (await healthz(http))[0] == 200
        proxy.freeze()
        started = time.monotonic()
        during = await asyncio.to_thread(
            service.handle, Inbound("test", unique_key, "u", text="at night", event_id=f"{unique_key}-2")
        )
        assert during.kind == OutboundKind.error and during.text == UNAVAILABLE
        assert time.monotonic() - started < 10
        status, took = await healthz(http)
        assert status == 503 and took < 2
        proxy.thaw()
        deadline = time.monotonic() + 30
        while (await healthz(http))[0] != 200:  # back once a new connection gets through
            assert time.monotonic() < deadline, "/healthz never recovered"
        resent = await asyncio.to_thread(
            service.handle, Inbound("test", unique_key, "u", text="at night", event_id=f"{unique_key}-2")
        )
        assert resent.kind in (OutboundKind.question, OutboundKind.answer)
    assert [t.role for t in service.store.turns("test", unique_key)] == ["user", "bot", "user", "bot"]


@needs_postgres
def test_a_connection_that_stops_answering_mid_transaction_is_cut(frozen_proxy):
    """Checked out while the database answered, then nothing: the statement fails within the stall
    timeout instead of waiting for TCP to give up (minutes)."""
    proxy, url = frozen_proxy
    store = Store(url, timeouts=FROZEN)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
        proxy.freeze()
        started = time.monotonic()
        with pytest.raises(OperationalError):
            conn.exec_driver_sql("SELECT 1")
        assert time.monotonic() - started < 3 * FROZEN.stall


def test_a_locked_sqlite_database_fails_a_turn_within_the_lock_timeout(core, tmp_path, unique_key):
    """Another writer holding SQLite's write lock: "temporarily unavailable" after the busy timeout
    (it was 30 s), then a normal turn once the lock is free."""
    path = tmp_path / "locked.sqlite3"
    service = ConversationService(Store(f"sqlite:///{path}", timeouts=Timeouts(lock=1)), core)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    during = service.handle(Inbound("test", unique_key, "u", text="leg spasms", event_id=f"{unique_key}-1"))
    assert during.text == UNAVAILABLE and time.monotonic() - started < 5
    holder.rollback()
    holder.close()
    assert (
        service.handle(Inbound("test", unique_key, "u", text="leg spasms", event_id=f"{unique_key}-1")).kind
        == OutboundKind.question
    )


async def test_telegram_down_at_start_up_does_not_take_slack_down(core, tmp_path, fake_slack, monkeypatch):
    fake_telegram = await FakeTelegram().start()
    real_start, attempts = TelegramBot.start, []

    async def flaky_start(bot: TelegramBot) -> None:
        attempts.append(1)
        if len(attempts) < 3:
            raise httpx.ConnectError("Bot API unreachable")
        await real_start(bot)

    monkeypatch.setattr(TelegramBot, "start", flaky_start)
    monkeypatch.setattr("adapters.web.STARTUP_WAIT", 0.2)
    settings = Settings(
        _env_file=None,
        slack_bot_token=SLACK_TOKEN,
        slack_signing_secret=SLACK_SECRET,
        slack_api_url=fake_slack.api_url,
        telegram_bot_token=TELEGRAM_TOKEN,
        telegram_webhook_secret="s3cret",
        telegram_api_url=fake_telegram.base_url,
    )
    app = create_app(settings, Conversations(ConversationService(Store(f"sqlite:///{tmp_path / 'r.sqlite3'}"), core)))
    try:
        async with SlackServer(app) as server, httpx.AsyncClient(base_url=server.url) as http:
            waiting = await http.get("/readyz")
            assert waiting.status_code == 503 and waiting.json()["waiting_for"] == ["telegram"]
            assert (await SlackPoster(http).event(mention("leg spasms"))).status_code == 200
            assert await fake_slack.wait_for("chat.postMessage")  # Slack answers meanwhile
            for _ in range(100):  # retries after 1 s, then 2 s
                if (await http.get("/readyz")).status_code == 200:
                    break
                await asyncio.sleep(0.1)
            assert (await http.get("/readyz")).status_code == 200 and len(attempts) == 3
    finally:
        await fake_telegram.stop()


async def test_bodies_over_one_megabyte_are_refused_before_parsing(core, tmp_path):
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-t",
        slack_signing_secret="s",
        telegram_bot_token=TELEGRAM_TOKEN,
        telegram_webhook_secret="s3cret",
    )
    app = create_app(settings, Conversations(ConversationService(Store(f"sqlite:///{tmp_path / 'b.sqlite3'}"), core)))
    big = b"x" * (1024 * 1024 + 1)

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        assert (await http.post("/slack/events", content=big)).status_code == 413
        assert (
            await http.post("/telegram/webhook", content=chunks(), headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
        ).status_code == 413
        assert (
            await http.post("/telegram/webhook", content=b"{", headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
        ).status_code == 400


def test_purge_removes_only_what_is_older_than_the_retention(database_url, core, unique_key):
    service = ConversationService(Store(database_url), core)
    for name in ("old", "new"):
        service.handle(Inbound("test", f"{unique_key}-{name}", "u", text="calf cramps", event_id=f"{unique_key}-{name}"))
    long_ago = utcnow() - timedelta(days=40)
    with service.store.engine.begin() as conn:
        conn.execute(update(Conversation).where(Conversation.key == f"{unique_key}-old").values(updated_at=long_ago))
        conn.execute(update(ProcessedEvent).where(ProcessedEvent.event_id == f"{unique_key}-old").values(created_at=long_ago))
    deleted = service.store.purge(timedelta(days=30))
    assert deleted["processed_events"] >= 1 and sum(deleted.values()) >= 4  # conversation, 2 turns, event
    assert service.store.load_state("test", f"{unique_key}-old") is None
    assert service.store.load_state("test", f"{unique_key}-new") is not None
