"""The multi-worker load harness: fake platforms, the web app with N workers on PostgreSQL, clients
that behave like Slack and Telegram, and the count of what reached the platforms (issue 6).

Shared by ``bench/load_workers.py`` (by hand, 2,000 deliveries) and ``tests/test_load_workers.py``
(pytest, about 100). Three kinds of process:

- the fake Slack Web API and fake Telegram Bot API (``tests/support``) in one subprocess, so that
  recording replies takes nothing from the load generator, with a ``/replies`` endpoint listing
  what the bot posted: where, the text, and the fake's ``time.monotonic()`` at arrival
  (CLOCK_MONOTONIC: comparable across processes on Linux);
- the web app (``SERVE``, N workers) on a database of its own, created on the given PostgreSQL
  server and dropped afterwards, so nothing else on that server is touched;
- the load generator (this process): one message after the other per conversation (the next one
  once the previous delivery was acknowledged with a 2xx), every conversation at once; each
  delivery retried until 2xx like the platform does; Slack's unprompted retries and its
  ``app_mention``/``message`` pairs, Telegram's redeliveries.

The check does not trust acknowledgements: the app may ack before or after it replies. It waits
until the fakes have been quiet for a while, then finds each message's turn in the ``turns``
table (the order), renders the stored reply as the adapter does, and looks for it among what the
fakes received: exactly one copy per message. Message texts are synthetic, but are treated like
health information anyway: this module never prints them.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import psycopg
from aiohttp import web
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the fakes and the signed-request helpers of the tests

from engine_turn import TEXTS, percentile  # noqa: E402 — bench/ is on sys.path (script directory, or the test adds it)

from adapters.slack import keys as slack_keys  # noqa: E402
from adapters.slack import render as slack_render  # noqa: E402
from adapters.telegram import keys as telegram_keys  # noqa: E402
from adapters.telegram import render as telegram_render  # noqa: E402 — the package's render(), as for Slack
from bot.messages import Outbound  # noqa: E402
from bot.store import Store  # noqa: E402
from support.slack_api import BOT_USER_ID, TEAM_ID, FakeSlack  # noqa: E402
from support.slack_api import TOKEN as SLACK_TOKEN  # noqa: E402
from support.slack_requests import SECRET as SLACK_SECRET  # noqa: E402
from support.slack_requests import Signer, envelope, mention, new_ts  # noqa: E402
from support.slack_requests import message as slack_message  # noqa: E402
from support.telegram_api import TOKEN as TELEGRAM_TOKEN  # noqa: E402
from support.telegram_api import FakeTelegram  # noqa: E402
from support.telegram_api import message as telegram_message  # noqa: E402

# How the web app is started (`ddxbot serve`); the harness appends --workers N --host 127.0.0.1 --port P.
SERVE = [sys.executable, "-m", "adapters.cli", "serve"]
TELEGRAM_SECRET = "load-harness-secret"

TIMEOUT = {"slack": 3.0, "telegram": 10.0}  # seconds each platform waits for the 2xx
# The app answers a redelivery with 503 while the first delivery may still be running, for up to
# this lease, then sends the stored reply itself (DELIVERY_LEASE_SECONDS, its default, set here
# so that the retries below outlast it, as the platforms' do: Slack retries after 1 and 5 minutes).
LEASE = 30.0
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 16.0)  # pauses before attempts 2 to 8: the platforms' schedules, compressed
# RATE_LIMIT_PER_MINUTE for the app: above any user's messages in a run, so that the per-user count
# costs what it costs in production but never refuses a message (each conversation is one user).
RATE_LIMIT = 60
SLACK_RETRY = 0.3  # share of Slack deliveries that Slack also retries on its own (same event_id)
SLACK_PAIR = 0.5  # share of mentions also delivered as a ``message`` event (same channel and ts)
THREAD_MENTION = 0.2  # share of follow-ups in a channel thread that mention the bot again
TELEGRAM_REDELIVERY = 0.1  # share of Telegram updates delivered twice (same update_id)
SLACK_RETRY_REASONS = {"timeout": "http_timeout", "connection": "connection_failed"}  # else (an HTTP status) http_error

FOLLOW_UPS = [
    "why not DVT?",
    "workup",
    "red flags",
    "he is diabetic",
    "no swelling",
    "worse at night",
    "no fever",
    "she takes furosemide",
    "actually left-sided",
    "why not sciatica?",
    "explain restless legs syndrome",
    "workup for peripheral artery disease",
    "red flags for cauda equina syndrome",
    "yes",
    "no",
    "1",
    "2",
    "skip",
    "just answer",
    "pain started after a long flight",
    "no back pain",
    "symptoms for two weeks",
    "no numbness or weakness",
    "ex-smoker with high cholesterol",
]


# --- the plan: conversations, messages and the deliveries that carry them ------------------------


@dataclass
class Attempt:
    """One HTTP request of a delivery; ``status`` None when no response came (``error`` says why)."""

    started: float
    ended: float
    status: int | None
    error: str = ""  # "timeout", "connection" or "" (a response came)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def failure(self) -> str:
        return self.error or f"HTTP {self.status}"


@dataclass
class Delivery:
    """One request body the platform sends, retried until 2xx or out of attempts."""

    body: bytes
    kind: str  # "first"; or extras: "retry" (Slack's own), "pair" (message event of a mention), "redelivery"
    delay: float = 0.0  # extras: seconds after the message's first delivery was started
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def acked(self) -> bool:
        return bool(self.attempts) and self.attempts[-1].ok

    @property
    def failures(self) -> list[Attempt]:
        return [a for a in self.attempts if not a.ok]


@dataclass
class Message:
    """One message a user writes; its first delivery is acknowledged before the next message."""

    text: str
    deliveries: list[Delivery]

    @property
    def sent_at(self) -> float:
        return self.deliveries[0].attempts[0].started


@dataclass
class Conversation:
    platform: str  # "slack" or "telegram", as in the database
    key: str  # conversations.key
    where: tuple[str, str | None]  # where replies go: channel or chat id, and the Slack thread
    messages: list[Message]


def plan(slack_messages: int, telegram_messages: int, conversations: int, seed: int = 6) -> list[Conversation]:
    """The conversations, split between the platforms in proportion to their messages.

    Slack: channel threads (started by a mention) and direct messages, alternately; Telegram:
    private chats. Each starts with a presentation and follows up with distinct texts (a text is
    how the check finds a message's turn). Deterministic for a seed, apart from ids and times.
    """
    rng = random.Random(seed)
    share = slack_messages / max(slack_messages + telegram_messages, 1)
    on_slack = min(max(round(conversations * share), slack_messages > 0), conversations - (telegram_messages > 0))
    plans = [_slack_conversation(i, n, rng) for i, n in enumerate(_split(slack_messages, on_slack))]
    plans += [_telegram_conversation(i, n, rng) for i, n in enumerate(_split(telegram_messages, conversations - on_slack))]
    return [c for c in plans if c.messages]


def _split(total: int, parts: int) -> list[int]:
    if total and parts < 1:
        raise ValueError("every platform with messages needs at least one conversation")
    base, extra = divmod(total, max(parts, 1))
    return [base + (i < extra) for i in range(parts)]


def _script(i: int, n: int, rng: random.Random) -> list[str]:
    if n > len(FOLLOW_UPS) + 1:
        raise ValueError(f"at most {len(FOLLOW_UPS) + 1} messages per conversation: add conversations")
    return [TEXTS[i % len(TEXTS)], *rng.sample(FOLLOW_UPS, max(n - 1, 0))][:n]


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


def _slack_conversation(i: int, n: int, rng: random.Random) -> Conversation:
    dm = i % 2 == 1
    user = f"U{i:05d}LOAD"
    channel = f"D{i:05d}LOAD" if dm else f"C{i % 10:04d}LOAD"
    root = new_ts()
    messages = []
    for k, text in enumerate(_script(i, n, rng)):
        ts = root if k == 0 else new_ts()
        thread = None if k == 0 else root
        if dm:
            events = [slack_message(text, channel=channel, user=user, ts=ts, channel_type="im")]
        elif k == 0 or rng.random() < THREAD_MENTION:
            events = [mention(text, channel=channel, user=user, ts=ts, thread_ts=thread)]
            if rng.random() < SLACK_PAIR:
                events.append(slack_message(f"<@{BOT_USER_ID}> {text}", channel=channel, user=user, ts=ts, thread_ts=thread))
        else:
            events = [slack_message(text, channel=channel, user=user, ts=ts, thread_ts=root)]
        deliveries = [Delivery(_json(envelope(events[0])), "first")]
        deliveries += [Delivery(_json(envelope(e)), "pair", rng.uniform(0.0, 0.2)) for e in events[1:]]
        retried = [d for d in deliveries if rng.random() < SLACK_RETRY]
        deliveries += [Delivery(d.body, "retry", rng.uniform(0.1, 1.5)) for d in retried]
        messages.append(Message(text, deliveries))
    thread = None if dm else root
    return Conversation("slack", slack_keys.conversation_key(TEAM_ID, channel, thread), (channel, thread), messages)


def _telegram_conversation(i: int, n: int, rng: random.Random) -> Conversation:
    chat_id = 700_000 + i
    user = {"id": chat_id, "is_bot": False, "first_name": "Doc", "language_code": "en"}
    messages = []
    for text in _script(i, n, rng):
        body = _json(telegram_message(text, chat_id=chat_id, user=user))
        deliveries = [Delivery(body, "first")]
        if rng.random() < TELEGRAM_REDELIVERY:
            deliveries.append(Delivery(body, "redelivery", rng.uniform(0.2, 2.0)))
        messages.append(Message(text, deliveries))
    return Conversation("telegram", telegram_keys.chat_key(chat_id), (str(chat_id), None), messages)


# --- the platforms' side: deliveries, retried until 2xx ------------------------------------------


class Load:
    """Plays the platforms: posts each delivery, times it, and retries it as the platform would."""

    def __init__(self, session: aiohttp.ClientSession, app_url: str) -> None:
        self.session = session
        self.app_url = app_url
        self.signer = Signer(SLACK_SECRET)
        self.messages_acked = 0  # first deliveries acknowledged so far (progress, for --kill)

    async def run(self, conversations: list[Conversation]) -> float:
        """Every conversation at once, each message after the previous one; returns the seconds taken."""
        start = time.monotonic()
        await asyncio.gather(*(self._converse(c) for c in conversations))
        return time.monotonic() - start

    async def _converse(self, conversation: Conversation) -> None:
        extras: list[asyncio.Task[None]] = []
        for message in conversation.messages:
            first, *others = message.deliveries
            extras += [asyncio.create_task(self._deliver(conversation.platform, d)) for d in others]
            await self._deliver(conversation.platform, first)
            self.messages_acked += first.acked
        await asyncio.gather(*extras)

    async def _deliver(self, platform: str, delivery: Delivery) -> None:
        await asyncio.sleep(delivery.delay)
        for pause in (0.0, *BACKOFF):
            await asyncio.sleep(pause)
            if await self._attempt(platform, delivery):
                return

    async def _attempt(self, platform: str, delivery: Delivery) -> bool:
        if platform == "slack":
            url = f"{self.app_url}/slack/events"
            headers = self.signer.headers(delivery.body.decode(), "application/json")
            retry = len(delivery.attempts) + (delivery.kind == "retry")
            if retry:
                last = delivery.attempts[-1].error if delivery.attempts else "timeout"  # Slack's own retry: a time-out
                headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": SLACK_RETRY_REASONS.get(last, "http_error")}
        else:
            url = f"{self.app_url}/telegram/webhook"
            headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
        started, status, error = time.monotonic(), None, ""
        try:
            async with self.session.post(
                url, data=delivery.body, headers=headers, timeout=aiohttp.ClientTimeout(total=TIMEOUT[platform])
            ) as response:
                await response.read()
                status = response.status
        except TimeoutError:
            error = "timeout"
        except aiohttp.ClientError:
            error = "connection"
        attempt = Attempt(started, time.monotonic(), status, error)
        delivery.attempts.append(attempt)
        return attempt.ok


# --- the check: one reply per message, turns in order --------------------------------------------


def expected_parts(platform: str, outbound: dict[str, Any]) -> list[str]:
    """The text of each message the adapter sends for a stored reply (Telegram splits long ones).

    For Slack, the notification text: the blocks also carry buttons and footers that the adapter
    adds as it sees fit (and budgets the blocks around), the text does not depend on them.
    """
    out = Outbound.from_dict(outbound)
    if platform == "slack":
        return [slack_render(out).text]
    return [part.text for part in telegram_render(out, None)]


@dataclass
class Outcome:
    """One platform's figures for one run."""

    platform: str
    messages: int = 0
    deliveries: int = 0  # requests the platform made (retries of a request not counted)
    acked: int = 0
    ack_ms: list[float] = field(default_factory=list)  # each 2xx: request sent -> response
    reply_ms: list[float] = field(default_factory=list)  # first delivery sent -> last part of the reply received
    duplicates: int = 0  # complete replies beyond one per message
    stray: int = 0  # reply messages that belong to no reply (a part of one, sent twice)
    missing: int = 0  # messages without a complete reply (or without a turn)
    out_of_order: int = 0  # conversations whose turns are not in the order sent
    retried: int = 0  # deliveries that failed (no response in time, or not 2xx) and were tried again
    failures: Counter[str] = field(default_factory=Counter)  # failed attempts by cause
    retried_answered_once: int = 0  # retried deliveries whose message was answered exactly once
    retried_unanswered: int = 0
    retried_answered_twice: int = 0
    gave_up: Counter[str] = field(default_factory=Counter)  # deliveries never acknowledged, by kind

    def merge(self, other: Outcome) -> None:
        for name, value in vars(other).items():
            if isinstance(value, (int, list, Counter)):
                setattr(self, name, getattr(self, name) + value)


@dataclass
class Result:
    workers: int
    seconds: float  # from the first delivery to the last acknowledgement
    outcomes: dict[str, Outcome]
    notes: list[str] = field(default_factory=list)  # what happened on the side (a worker killed…)

    @property
    def total(self) -> Outcome:
        total = Outcome("both")
        for outcome in self.outcomes.values():
            total.merge(outcome)
        return total

    def summary(self) -> str:
        """One line per platform, counts only (no message text)."""
        lines = []
        for o in (*self.outcomes.values(), self.total):
            lines.append(
                f"{o.platform}: {o.messages} messages, {o.acked}/{o.deliveries} deliveries acked, "
                f"{o.retried} retried (failed attempts {dict(o.failures)}), duplicates {o.duplicates}, "
                f"stray {o.stray}, missing {o.missing}, conversations out of order {o.out_of_order}, "
                f"gave up {dict(o.gave_up)}"
            )
        return "\n".join([*lines, *self.notes])


Turns = dict[tuple[str, str], list[tuple[str, str, str]]]  # (platform, key) -> [(role, text, outbound JSON)]
Replies = dict[tuple[str, str, str | None], dict[str, list[float]]]  # (platform, where…) -> text -> arrivals


def check(conversations: list[Conversation], turns: Turns, replies: Replies, workers: int, seconds: float) -> Result:
    outcomes: dict[str, Outcome] = {}
    for conversation in conversations:
        outcome = outcomes.setdefault(conversation.platform, Outcome(conversation.platform))
        _check_conversation(
            conversation,
            turns.get((conversation.platform, conversation.key), []),
            replies.get((conversation.platform, *conversation.where), {}),
            outcome,
        )
    return Result(workers, seconds, outcomes)


def _check_conversation(
    conversation: Conversation, rows: list[tuple[str, str, str]], arrivals: dict[str, list[float]], outcome: Outcome
) -> None:
    """Match each message to its turn (by text) and its reply to what the fake received (by content)."""
    replies_of: dict[str, str] = {}  # user text -> the bot turn's outbound JSON, first turn of that text
    for (role, text, _), following in zip(rows, rows[1:]):
        if role == "user" and following[0] == "bot":
            replies_of.setdefault(text, following[2])
    sent = [m.text for m in conversation.messages if m.text in replies_of]
    stored = list(dict.fromkeys(text for role, text, _ in rows if role == "user" and text in replies_of))
    outcome.out_of_order += sent != stored

    pool = {text: sorted(times) for text, times in arrivals.items()}

    def take(parts: list[str]) -> float | None:
        """Remove one copy of every part from the pool; the time the last one arrived, or None."""
        if any(len(pool.get(part, [])) < n for part, n in Counter(parts).items()):
            return None
        return max(pool[part].pop(0) for part in parts)

    parts = {
        m.text: expected_parts(conversation.platform, json.loads(replies_of[m.text]))
        for m in conversation.messages
        if m.text in replies_of
    }
    answers: dict[str, int] = {m.text: 0 for m in conversation.messages}
    for message in conversation.messages:
        arrived = take(parts[message.text]) if message.text in parts else None
        if arrived is None:
            outcome.missing += 1
            continue
        answers[message.text] = 1
        outcome.reply_ms.append((arrived - message.sent_at) * 1000)
    for message in conversation.messages:
        while message.text in parts and take(parts[message.text]) is not None:
            answers[message.text] += 1
            outcome.duplicates += 1
    outcome.stray += sum(len(times) for times in pool.values())

    for message in conversation.messages:
        outcome.messages += 1
        for delivery in message.deliveries:
            outcome.deliveries += 1
            outcome.acked += delivery.acked
            if not delivery.acked:
                outcome.gave_up[delivery.kind] += 1
            outcome.ack_ms += [(a.ended - a.started) * 1000 for a in delivery.attempts if a.ok]
            outcome.failures.update(attempt.failure for attempt in delivery.failures)
            if delivery.failures and len(delivery.attempts) > 1:
                outcome.retried += 1
                answered = answers[message.text]
                outcome.retried_answered_once += answered == 1
                outcome.retried_unanswered += answered == 0
                outcome.retried_answered_twice += answered > 1


# --- the processes: fakes, database, web app ------------------------------------------------------


def serve_fakes(urls_file: Path) -> None:
    """The fake Slack and Telegram APIs, and ``/replies``; writes their URLs to ``urls_file``."""

    async def forever() -> None:
        slack, telegram = await FakeSlack(SLACK_TOKEN).start(), await FakeTelegram(TELEGRAM_TOKEN).start()

        def rows() -> list[list[Any]]:
            found = [
                ["slack", str(c.params.get("channel")), c.params.get("thread_ts"), c.params.get("text", ""), c.at]
                for c in slack.calls
                if c.method == "chat.postMessage" and c.status == 200
            ]
            return found + [
                ["telegram", str(c.params.get("chat_id")), None, c.params.get("text", ""), c.at]
                for c in telegram.calls
                if c.method == "sendMessage"
            ]

        async def replies(request: web.Request) -> web.Response:
            if "count" in request.query:
                return web.json_response(len(rows()))
            return web.json_response(rows())

        app = web.Application()
        app.router.add_get("/replies", replies)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        urls = {"slack_api": slack.api_url, "telegram_api": telegram.base_url, "replies": f"http://{host}:{port}/replies"}
        partial = urls_file.with_suffix(".partial")
        partial.write_text(json.dumps(urls))
        partial.rename(urls_file)  # whole, or not there yet
        await asyncio.Event().wait()

    asyncio.run(forever())


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def database_url(server_url: str, name: str) -> str:
    """``server_url`` (any database on the server) pointed at the database ``name``."""
    return urlunsplit(urlsplit(_libpq(server_url))._replace(path=f"/{name}"))


def _admin(server_url: str) -> psycopg.Connection:
    """A connection to the given database, for CREATE and DROP DATABASE (which need autocommit)."""
    return psycopg.connect(_libpq(server_url), autocommit=True)


def recreate_database(server_url: str, name: str) -> str:
    """An empty database ``name`` with this code's schema; returns its URL."""
    drop_database(server_url, name)
    with _admin(server_url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = database_url(server_url, name)
    Store(url).engine.dispose()  # the schema, before several workers would race to create it
    return url


def drop_database(server_url: str, name: str) -> None:
    with _admin(server_url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def read_turns(url: str, conversations: list[Conversation]) -> Turns:
    mine = {(c.platform, c.key) for c in conversations}
    found: Turns = defaultdict(list)
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT c.platform, c.key, t.role, t.text, t.outbound FROM turns t "
            "JOIN conversations c ON c.id = t.conversation_id ORDER BY t.id"
        )
        for platform, key, role, text, outbound in rows:
            if (platform, key) in mine:
                found[(platform, key)].append((role, text, outbound))
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The web app with ``workers`` processes (``SERVE``), in a process group of its own."""

    def __init__(self, workers: int, env: dict[str, str], log: Path) -> None:
        self.workers = workers
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [*SERVE, "--workers", str(workers), "--host", "127.0.0.1", "--port", str(self.port)]
        with log.open("w") as out:
            self.process = subprocess.Popen(
                command, env=env, cwd=log.parent, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def started(self) -> int:
        """Worker start-ups so far (a replacement for a killed worker counts too)."""
        return self.log.read_text(errors="replace").count("Application startup complete.")

    async def wait_ready(self, session: aiohttp.ClientSession, timeout: float) -> None:
        """Every worker has finished its start-up (its log line, written once its lifespan, platform
        clients included, is done) and ``/readyz`` says ready; returns as soon as both hold."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the web app exited with {self.process.returncode}:\n{self.log_tail()}")
            if self.started() >= self.workers:
                try:
                    async with session.get(f"{self.url}/readyz", timeout=aiohttp.ClientTimeout(total=5)) as response:
                        if response.status == 200:
                            return
                except (aiohttp.ClientError, TimeoutError):
                    pass
            await asyncio.sleep(0.25)
        raise RuntimeError(f"the web app did not start {self.workers} workers in {timeout:.0f} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        """The worker processes: children of the supervisor started by multiprocessing (none with one worker)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid and b"spawn_main" in cmdline:
                pids.append(int(entry.name))
        return sorted(pids)

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the supervisor stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # our own process group (start_new_session)
                self.process.wait()


class Stack:
    """Fakes, a fresh database and the web app with ``workers`` workers, started and stopped together."""

    def __init__(self, workers: int, server_url: str, database: str, tmp: Path, start_timeout: float = 120.0) -> None:
        self.workers = workers
        self.server_url = server_url
        self.database = database
        self.tmp = tmp
        self.start_timeout = start_timeout
        self.urls: dict[str, str] = {}
        self.db_url = ""
        self.fakes: subprocess.Popen | None = None
        self.server: Server | None = None
        self.session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Stack:
        try:
            await self._start()
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    async def _start(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        urls_file = self.tmp / "fakes.json"
        with (self.tmp / "fakes.log").open("w") as log:
            self.fakes = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--serve-fakes", str(urls_file)],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        self.db_url = await asyncio.to_thread(recreate_database, self.server_url, self.database)
        while not urls_file.exists():
            if self.fakes.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the fake platforms did not start:\n{(self.tmp / 'fakes.log').read_text()[-3000:]}")
            await asyncio.sleep(0.1)
        self.urls = json.loads(urls_file.read_text())
        env = {
            **os.environ,
            "DATABASE_URL": self.db_url,
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": SLACK_SECRET,
            "SLACK_API_URL": self.urls["slack_api"],
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "TELEGRAM_API_URL": self.urls["telegram_api"],
            "DELIVERY_LEASE_SECONDS": str(LEASE),
            "RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT),
        }
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self.server = Server(self.workers, env, self.tmp / f"web-{self.workers}.log")
        await self.server.wait_ready(self.session, deadline - time.monotonic())

    async def __aexit__(self, *exc: object) -> None:
        if self.session is not None:
            await self.session.close()
        if self.server is not None:
            await asyncio.to_thread(self.server.stop)
        if self.fakes is not None:
            self.fakes.terminate()
            self.fakes.wait(timeout=30)
        await asyncio.to_thread(drop_database, self.server_url, self.database)

    async def run(
        self,
        conversations: list[Conversation],
        *,
        quiet: float,
        settle_timeout: float,
        during: Callable[[Stack, Load], Awaitable[str]] | None = None,
    ) -> Result:
        """Send everything, wait until the fakes are quiet, then check; ``during`` runs alongside the load
        (a worker killed midway) and returns a note for the result."""
        assert self.session is not None and self.server is not None
        load = Load(self.session, self.server.url)
        side = asyncio.create_task(during(self, load)) if during else None
        seconds = await load.run(conversations)
        notes = []
        if side is not None:
            if side.done():
                notes.append(side.result())
            else:
                side.cancel()
                notes.append("the side task had not finished when the load ended: cancelled")
        await self.settle(quiet, settle_timeout, at_least=sum(len(c.messages) for c in conversations))
        replies = await self.replies()
        turns = await asyncio.to_thread(read_turns, self.db_url, conversations)
        result = check(conversations, turns, replies, self.workers, seconds)
        replacements = self.server.started() - self.workers
        if replacements:
            notes.append(f"{replacements} replacement worker(s) started during the run")
        result.notes += notes
        return result

    async def settle(self, quiet: float, timeout: float, at_least: int = 0) -> None:
        """Until at least ``at_least`` replies arrived (one per message: a busy machine may pause
        longer than ``quiet`` mid-run) and then none for ``quiet`` seconds (the app may still reply
        after its ack, and a duplicate would come late)."""
        assert self.session is not None
        deadline = time.monotonic() + timeout
        count, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            async with self.session.get(self.urls["replies"], params={"count": "1"}) as response:
                now = await response.json()
            if now != count:
                count, since = now, time.monotonic()
            elif count >= at_least and time.monotonic() - since >= quiet:
                return
            await asyncio.sleep(0.25)

    async def replies(self) -> Replies:
        assert self.session is not None
        async with self.session.get(self.urls["replies"]) as response:
            rows = await response.json()
        found: Replies = defaultdict(lambda: defaultdict(list))
        for platform, where, thread, text, at in rows:
            found[(platform, where, thread)][text].append(at)
        return found


def percentiles(values: list[float]) -> tuple[float, float] | None:
    """p50 and p99, or None when there are no samples."""
    return (percentile(values, 0.5), percentile(values, 0.99)) if values else None


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--serve-fakes":
        serve_fakes(Path(sys.argv[2]))
    else:
        sys.exit(f"usage: {sys.argv[0]} --serve-fakes URLS_FILE (started by the load harness)")
