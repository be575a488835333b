"""Persistence with SQLModel: conversations, turns, processed events and an answer audit.

SQLite file by default (zero set-up), PostgreSQL through ``DATABASE_URL`` when several web
workers share state. One database transaction per turn: the event is claimed, the state read
(row-locked on PostgreSQL) and written back together, so a retry of a failed turn finds nothing
half-done and a duplicate delivery finds the event already claimed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import UniqueConstraint, bindparam, event, func, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, create_engine, delete, select

from bot import schema_version
from bot.db_timeouts import StallGuard, Timeouts

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


REFUSAL_WINDOW = timedelta(minutes=10)  # a refused user hears "no" once in this long


def _window_index(moment: datetime) -> int:
    return int(moment.timestamp() // REFUSAL_WINDOW.total_seconds())


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes (stored as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Conversation(SQLModel, table=True):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("platform", "key", name="uq_conversation_platform_key"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    key: str = Field(max_length=255)
    user_key: str = Field(default="", max_length=255)
    state: str = "{}"  # ConversationState as JSON
    findings: str = "[]"  # present findings as JSON, for queries without decoding state
    knowledge_version: str = Field(default="", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    started_by: str = Field(default="", max_length=255, sa_column_kwargs={"server_default": ""})  # may forget it


class Turn(SQLModel, table=True):
    __tablename__ = "turns"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversations.id", index=True)
    role: str = Field(max_length=8)  # user | bot
    user_key: str = Field(default="", max_length=255, index=True, sa_column_kwargs={"server_default": ""})  # who wrote it
    text: str = ""
    outbound: str = ""  # JSON of the Outbound, for bot turns
    created_at: datetime = Field(default_factory=utcnow)


class ProcessedEvent(SQLModel, table=True):
    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("platform", "event_id", name="uq_processed_event"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    event_id: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow, index=True)  # claimed at (again, on a take-over)
    reply: str | None = None  # the Outbound as JSON until it is delivered
    delivered_at: datetime | None = None
    parts_sent: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # of a reply split in parts
    conversation_key: str | None = Field(default=None, max_length=255, index=True)  # None once forgotten


class AnswerAudit(SQLModel, table=True):
    """Which knowledge version produced which differential: ids and tiers, never free text."""

    __tablename__ = "answer_audit"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversations.id", index=True)
    knowledge_version: str = Field(max_length=32)
    differential: str  # JSON list of [condition_id, tier, posterior]
    created_at: datetime = Field(default_factory=utcnow)


class AccessGrant(SQLModel, table=True):
    """A user let in by the access code (Telegram bots are reachable by anyone who finds them)."""

    __tablename__ = "access_grants"
    __table_args__ = (UniqueConstraint("platform", "user_key", name="uq_access_grant"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    user_key: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    code_fingerprint: str = Field(
        default="", max_length=64, sa_column_kwargs={"server_default": ""}
    )  # of the code it was granted for
    last_seen_at: datetime | None = None  # refreshed hourly at most; grants unused for the retention period are purged


class AccessFailure(SQLModel, table=True):
    """Wrong access codes of one user in the current window, and the lock-out they earned."""

    __tablename__ = "access_failures"
    __table_args__ = (UniqueConstraint("platform", "user_key", name="uq_access_failure"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    user_key: str = Field(max_length=255)
    failures: int
    window_start: datetime
    locked_until: datetime | None = None


class RefusalCount(SQLModel, table=True):
    """Refused messages per user per window: one row, whatever the number of messages."""

    __tablename__ = "refusal_counts"
    __table_args__ = (UniqueConstraint("platform", "user_key", "window_index", name="uq_refusal_count"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    user_key: str = Field(max_length=255)
    window_index: int = Field(index=True)  # minutes since the epoch // window length
    count: int


class MessageCount(SQLModel, table=True):
    """Messages per user per minute: the rate limit, shared by every worker through the database."""

    __tablename__ = "message_counts"
    __table_args__ = (UniqueConstraint("platform", "user_key", "minute", name="uq_message_count"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=32)
    user_key: str = Field(max_length=255)
    minute: int = Field(index=True)  # minutes since the epoch
    count: int


# Built once: constructing a statement per turn cost more than executing it.
_INSERT_EVENT = insert(ProcessedEvent)
_INSERT_CONVERSATION = insert(Conversation).returning(Conversation.id)
_UPDATE_CONVERSATION = update(Conversation).where(Conversation.id == bindparam("conversation_id"))
_INSERT_TURN = insert(Turn)
_INSERT_AUDIT = insert(AnswerAudit)
_UPDATE_EVENT = update(ProcessedEvent).where(
    ProcessedEvent.platform == bindparam("of_platform"), ProcessedEvent.event_id == bindparam("of_event")
)


READ_ONLY = "ddxbot_read_only"  # execution option: a SQLite read need not wait for the write lock


class DuplicateEvent(Exception):
    """The platform delivered an event that was already processed."""


class EventInFlight(Exception):
    """A redelivered event whose first delivery is still being answered (by this or another worker)."""


@dataclass
class TurnContext:
    """The open transaction of one turn and the conversation it is about (locked)."""

    connection: Connection
    platform: str
    key: str
    event_id: str | None
    conversation_id: int | None  # None: a new conversation, inserted by ``record``
    state: dict
    started_by: str = ""  # the user key of the conversation's first turn ("" before it)
    over_limit: int = 0  # the user's count this minute when it exceeds the rate limit: no turn, nothing kept


def normalise_url(url: str) -> str:
    """Accept the URLs platforms hand out (postgres://, postgresql://) and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _create_private(path: Path) -> None:
    """The SQLite file holds health information: create its directory 0700 and the file 0600
    before SQLite does (SQLite gives its -wal and -shm files the database file's mode). A file
    that exists already is left as it is, with a warning when others may read it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            log.warning("the SQLite file is readable by other users: chmod 600 it (and its -wal and -shm files)")


def make_engine(url: str, timeouts: Timeouts | None = None) -> Engine:
    """The engine for ``url``; with ``timeouts`` (servers, the CLI's turns) a database that stops
    answering fails an operation within them, without (migrations, which may take long) it is
    waited for. Statement parameters (message text) never appear in its errors or logs."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            _create_private(Path(path))
        busy = timeouts.lock if timeouts else 30.0  # seconds a writer waits for the write lock
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across crashes, fast commits
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:  # single writer: take the write lock before reading state
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

        return engine
    if timeouts is None:
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    # A database that does not answer fails a turn (and /healthz) in seconds, not minutes.
    engine = create_engine(url, connect_args=timeouts.postgres_connect_args(), pool_timeout=timeouts.pool, hide_parameters=True)
    StallGuard(timeouts).install(engine)  # pings pooled connections itself, within the connect timeout
    return engine


class Store:
    def __init__(self, url: str, *, upgrade: bool = True, timeouts: Timeouts | None = None):
        """Open the database; migrate it to this code's schema, or (``upgrade=False``, servers on a
        shared database) raise ``SchemaError`` when it is not there. Every operation is bounded by
        ``timeouts`` (the defaults when None); a migration is not."""
        self.url = normalise_url(url)
        self.engine = make_engine(url, timeouts or Timeouts())
        if upgrade:
            migrator = make_engine(url)
            try:
                schema_version.upgrade(migrator)
            finally:
                migrator.dispose()
        else:
            schema_version.check(self.engine)

    def ping(self) -> bool:
        """Whether the database answers a query now (``/healthz``)."""
        try:
            with self._reader() as conn:
                conn.exec_driver_sql("SELECT 1")
            return True
        except Exception:  # noqa: BLE001 — any driver error means "not healthy"
            return False

    def _reader(self) -> Connection:
        """A connection for reads: on SQLite it does not wait for the write lock of a turn."""
        return self.engine.connect().execution_options(**{READ_ONLY: True})

    @property
    def _insert(self):  # noqa: ANN202 — the dialect's insert, for ON CONFLICT
        return pg_insert if self.is_postgres else sqlite_insert

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def turn(
        self, platform: str, key: str, event_id: str | None = None, *, user_key: str = "", rate_limit: int = 0
    ) -> Iterator[TurnContext]:
        """One transaction for one turn; raises DuplicateEvent when ``event_id`` was seen.

        The event is claimed in the same transaction as the state it changes, so a turn that
        fails leaves neither a new state nor a claimed event, and the platform's retry succeeds.
        With ``rate_limit``, the message is counted first (a duplicate is not counted twice); over
        the limit the claim is dropped again and no conversation is touched (``over_limit``): a
        flood leaves one counter row, not a row per message. SQLAlchemy Core, not the ORM: the unit
        of work costs milliseconds a turn.
        """
        with self.engine.begin() as conn:
            if event_id:
                try:
                    conn.execute(
                        _INSERT_EVENT,
                        {"platform": platform, "event_id": event_id, "created_at": utcnow(), "conversation_key": key},
                    )
                except IntegrityError as exc:
                    raise DuplicateEvent(f"{platform}:{event_id}") from exc
            if rate_limit and (count := self._count_message(conn, platform, user_key)) > rate_limit:
                if event_id:
                    conn.execute(
                        delete(ProcessedEvent).where(ProcessedEvent.platform == platform, ProcessedEvent.event_id == event_id)
                    )
                yield TurnContext(conn, platform, key, None, None, {}, over_limit=count)
                return
            conv_id, state, started_by = self._lock_conversation(conn, platform, key)
            yield TurnContext(conn, platform, key, event_id, conv_id, state, started_by)

    def _lock_conversation(self, conn: Connection, platform: str, key: str) -> tuple[int | None, dict, str]:
        query = select(Conversation.id, Conversation.state, Conversation.started_by).where(
            Conversation.platform == platform, Conversation.key == key
        )
        if self.is_postgres:  # create if missing (another worker may race us), then lock the row
            now = utcnow()
            conn.execute(
                pg_insert(Conversation)
                .values(
                    platform=platform,
                    key=key,
                    user_key="",
                    state="{}",
                    findings="[]",
                    knowledge_version="",
                    created_at=now,
                    updated_at=now,
                    started_by="",
                )
                .on_conflict_do_nothing(constraint="uq_conversation_platform_key")
            )
            query = query.with_for_update()
        row = conn.execute(query).first()  # SQLite: BEGIN IMMEDIATE already made us the only writer
        if row is None:
            return None, {}, ""
        try:
            return row.id, json.loads(row.state or "{}"), row.started_by
        except ValueError:
            log.warning("unreadable conversation state replaced by a new one")
            return row.id, {}, row.started_by

    def record(self, turn: TurnContext, state: dict, user_key: str, user_text: str, outbound: dict, kb_version: str) -> None:
        """Write the new state, both turns and (for answers) the audit row, in the turn's transaction."""
        conn, now = turn.connection, utcnow()
        values = {
            "state": json.dumps(state),
            "findings": json.dumps(state.get("present", [])),
            "knowledge_version": kb_version,
            "user_key": user_key,  # the latest speaker (on PostgreSQL the row exists before the first turn)
            "updated_at": now,
            "started_by": turn.started_by or user_key,
        }
        if turn.conversation_id is None:
            turn.conversation_id = conn.execute(
                _INSERT_CONVERSATION,
                {"platform": turn.platform, "key": turn.key, "created_at": now, **values},
            ).scalar_one()
        else:
            conn.execute(_UPDATE_CONVERSATION, {"conversation_id": turn.conversation_id, **values})
        conn.execute(
            _INSERT_TURN,
            [
                {
                    "conversation_id": turn.conversation_id,
                    "role": "user",
                    "user_key": user_key,
                    "text": user_text,
                    "outbound": "",
                    "created_at": now,
                },
                {
                    "conversation_id": turn.conversation_id,
                    "role": "bot",
                    "user_key": "",
                    "text": "",
                    "outbound": json.dumps(outbound),
                    "created_at": now,
                },
            ],
        )
        self.record_reply(turn, outbound)  # kept until delivered, for a retry after a crash (``take_over``)
        answer = outbound.get("answer")
        if answer:
            rows = [[e["condition_id"], e["tier"], round(e["posterior"], 6)] for e in answer["entries"]]
            conn.execute(
                _INSERT_AUDIT,
                {
                    "conversation_id": turn.conversation_id,
                    "knowledge_version": kb_version,
                    "differential": json.dumps(rows),
                    "created_at": now,
                },
            )

    def _count_message(self, conn: Connection, platform: str, user_key: str) -> int:
        """Count one message of ``user_key`` in the current minute; returns the minute's count so
        far, the same for every worker."""
        minute = int(utcnow().timestamp() // 60)
        return self._bump(conn, MessageCount, "minute", platform, user_key, minute)

    def _bump(self, conn: Connection, model: type[SQLModel], column: str, platform: str, user_key: str, slot: int) -> int:
        """Add one to the counter row (platform, user, ``column`` = slot); returns the new count."""
        statement = (
            self._insert(model)
            .values(platform=platform, user_key=user_key, count=1, **{column: slot})
            .on_conflict_do_update(index_elements=["platform", "user_key", column], set_={"count": model.count + 1})
            .returning(model.count)
        )
        return conn.execute(statement).scalar_one()

    def count_refusal(self, platform: str, user_key: str) -> int:
        """Count one refused message of ``user_key`` in the current ``REFUSAL_WINDOW``; returns the
        count so far. The caller answers the first only: a flood costs one row and one reply a window."""
        with self.engine.begin() as conn:
            return self._bump(conn, RefusalCount, "window_index", platform, user_key, _window_index(utcnow()))

    def record_reply(self, turn: TurnContext, outbound: dict) -> None:
        """Keep the reply on the turn's claimed event until it is delivered. Alone (a refusal), it
        claims the event with a reply and changes no conversation."""
        if turn.event_id:
            turn.connection.execute(
                _UPDATE_EVENT, {"of_platform": turn.platform, "of_event": turn.event_id, "reply": json.dumps(outbound)}
            )

    def has_grant(self, platform: str, user_key: str, fingerprint: str) -> bool:
        """Whether ``user_key`` holds a grant for the current code (``fingerprint``); marks it used."""
        now = utcnow()
        with self._reader() as conn:
            query = select(AccessGrant.id, AccessGrant.last_seen_at).where(
                AccessGrant.platform == platform, AccessGrant.user_key == user_key, AccessGrant.code_fingerprint == fingerprint
            )
            row = conn.execute(query).first()
        if row is None:
            return False
        if row.last_seen_at is None or now - _aware(row.last_seen_at) > timedelta(hours=1):  # one write an hour, not per message
            with self.engine.begin() as conn:
                conn.execute(update(AccessGrant).where(AccessGrant.id == row.id).values(last_seen_at=now))
        return True

    def grant(self, platform: str, user_key: str, fingerprint: str) -> None:
        """Let ``user_key`` in for the code with ``fingerprint`` (idempotent: two workers may grant
        the same user at once; a grant for an older code is renewed)."""
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(
                self._insert(AccessGrant)
                .values(platform=platform, user_key=user_key, created_at=now, last_seen_at=now, code_fingerprint=fingerprint)
                .on_conflict_do_update(
                    index_elements=["platform", "user_key"],
                    set_={"code_fingerprint": fingerprint, "created_at": now, "last_seen_at": now},
                )
            )
            conn.execute(delete(AccessFailure).where(AccessFailure.platform == platform, AccessFailure.user_key == user_key))

    def grants(self) -> list[AccessGrant]:
        with Session(self.engine) as session:
            return list(session.exec(select(AccessGrant).order_by(AccessGrant.platform, AccessGrant.created_at)))

    def revoke(self, platform: str, user_key: str) -> int:
        """Delete the user's grant; returns the rows deleted (0: there was none)."""
        with self.engine.begin() as conn:
            return conn.execute(
                delete(AccessGrant).where(AccessGrant.platform == platform, AccessGrant.user_key == user_key)
            ).rowcount

    def locked_until(self, platform: str, user_key: str) -> datetime | None:
        """When the user's lock-out for wrong access codes ends, if they are locked out now."""
        with self._reader() as conn:
            query = select(AccessFailure.locked_until).where(
                AccessFailure.platform == platform, AccessFailure.user_key == user_key
            )
            until = conn.execute(query).scalar()
        return _aware(until) if until is not None and _aware(until) > utcnow() else None

    def access_failed(self, platform: str, user_key: str, tries: int, lock: timedelta) -> tuple[int, datetime | None]:
        """Count a wrong code; the ``tries``-th within ``lock`` locks the user out for ``lock``.
        Returns (failures in the window, the end of the lock-out it started or None). One row per user."""
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(
                self._insert(AccessFailure)
                .values(platform=platform, user_key=user_key, failures=0, window_start=now)
                .on_conflict_do_nothing()
            )
            query = select(AccessFailure).where(AccessFailure.platform == platform, AccessFailure.user_key == user_key)
            row = conn.execute(query.with_for_update() if self.is_postgres else query).one()
            expired = now - _aware(row.window_start) > lock or (row.locked_until is not None and _aware(row.locked_until) <= now)
            failures = 1 if expired else row.failures + 1
            locked = now + lock if failures >= tries else None
            conn.execute(
                update(AccessFailure)
                .where(AccessFailure.id == row.id)
                .values(
                    failures=0 if locked else failures,
                    window_start=now if expired or locked else row.window_start,
                    locked_until=locked,
                )
            )
            return failures, locked

    def take_over(self, platform: str, event_id: str, lease: timedelta) -> dict | None:
        """For a redelivered event: its stored reply when the first delivery died (claimed longer
        than ``lease`` ago and never delivered), None when it was delivered (or had no reply).

        Raises ``EventInFlight`` while the first delivery may still be under way: the adapter asks
        the platform to retry later. The re-claim moves the lease, so one retry takes over, not two.
        """
        now = utcnow()
        with self.engine.begin() as conn:
            query = select(
                ProcessedEvent.id,
                ProcessedEvent.reply,
                ProcessedEvent.delivered_at,
                ProcessedEvent.created_at,
                ProcessedEvent.parts_sent,
            ).where(ProcessedEvent.platform == platform, ProcessedEvent.event_id == event_id)
            row = conn.execute(query.with_for_update() if self.is_postgres else query).first()
            if row is None or row.reply is None or row.delivered_at is not None:
                return None
            claimed = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
            if now - claimed < lease:
                raise EventInFlight(f"{platform}:{event_id}")
            conn.execute(update(ProcessedEvent).where(ProcessedEvent.id == row.id).values(created_at=now))
            return {**json.loads(row.reply), "resume_from": row.parts_sent}

    def update_event(self, platform: str, event_id: str, **values: object) -> None:
        """Record how an event's delivery went (``delivered_at``, ``parts_sent``; ``reply=None`` once
        it is delivered, so that nothing is kept that is not needed)."""
        with self.engine.begin() as conn:
            conn.execute(_UPDATE_EVENT, {"of_platform": platform, "of_event": event_id, **values})

    def load_state(self, platform: str, key: str) -> dict | None:
        with Session(self.engine) as session:
            conv = session.exec(select(Conversation).where(Conversation.platform == platform, Conversation.key == key)).first()
            return json.loads(conv.state) if conv else None

    def turns(self, platform: str, key: str) -> list[Turn]:
        with Session(self.engine) as session:
            conv = session.exec(select(Conversation).where(Conversation.platform == platform, Conversation.key == key)).first()
            if conv is None:
                return []
            return list(session.exec(select(Turn).where(Turn.conversation_id == conv.id).order_by(Turn.id)))

    def has_conversation(self, platform: str, key: str) -> bool:
        """Whether a conversation exists: adapters answer only in threads they were asked into."""
        with self._reader() as conn:
            query = select(Conversation.id).where(Conversation.platform == platform, Conversation.key == key).limit(1)
            return conn.execute(query).first() is not None

    def forget(self, platform: str, key: str) -> int:
        """Delete a conversation and everything about it; returns the rows deleted."""
        return self._delete_conversations((Conversation.platform == platform) & (Conversation.key == key))

    def starter(self, platform: str, key: str) -> str | None:
        """Who started the conversation (their user key); None when there is no such conversation."""
        with self._reader() as conn:
            query = select(Conversation.started_by).where(Conversation.platform == platform, Conversation.key == key)
            return conn.execute(query).scalar()

    def forget_under(self, platform: str, key: str, started_by: str | None = None) -> int:
        """Forget ``key`` and every conversation keyed under it (``key:…``): a whole chat's threads;
        with ``started_by``, only those that user started."""
        pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
        where = (Conversation.platform == platform) & ((Conversation.key == key) | Conversation.key.like(pattern, escape="\\"))
        if started_by is not None:
            where = where & (Conversation.started_by == started_by)
        return self._delete_conversations(where)

    def forget_user(self, platform: str, user_key: str) -> int:
        """Delete every conversation ``user_key`` started or wrote in (with everyone's turns in them),
        and their message counts. Turns stored before their writer was recorded (before schema 0005)
        are found through the conversation's latest speaker only."""
        wrote = select(Turn.conversation_id).where(Turn.user_key == user_key).scalar_subquery()
        deleted = self._delete_conversations(
            (Conversation.platform == platform)
            & ((Conversation.user_key == user_key) | (Conversation.started_by == user_key) | Conversation.id.in_(wrote))
        )
        with self.engine.begin() as conn:
            for model in (MessageCount, RefusalCount, AccessFailure):
                deleted += conn.execute(delete(model).where(model.platform == platform, model.user_key == user_key)).rowcount
        return deleted

    def purge(self, older_than: timedelta) -> dict[str, int]:
        """Delete what is older than the retention period: conversations untouched since (with their
        turns and audit rows), processed events, counters, and access grants unused since.
        Returns rows per table."""
        cutoff = utcnow() - older_than
        deleted = {"conversation rows (with their turns and audit)": self._delete_conversations(Conversation.updated_at < cutoff)}
        with self.engine.begin() as conn:
            deleted["processed_events"] = conn.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < cutoff)).rowcount
            deleted["message_counts"] = conn.execute(
                delete(MessageCount).where(MessageCount.minute < int(cutoff.timestamp() // 60))
            ).rowcount
            deleted["refusal_counts"] = conn.execute(
                delete(RefusalCount).where(RefusalCount.window_index < _window_index(cutoff))
            ).rowcount
            deleted["access_failures"] = conn.execute(
                delete(AccessFailure).where(
                    AccessFailure.window_start < cutoff,
                    AccessFailure.locked_until.is_(None) | (AccessFailure.locked_until < utcnow()),
                )
            ).rowcount
            deleted["access_grants"] = conn.execute(
                delete(AccessGrant).where(func.coalesce(AccessGrant.last_seen_at, AccessGrant.created_at) < cutoff)
            ).rowcount
        return deleted

    def _delete_conversations(self, where) -> int:
        """Delete the matching conversations with their turns and audit rows, in one transaction.
        Their processed events keep only their ids (no reply, no conversation): a late retry of a
        forgotten event is recognised as answered, posts nothing and stores nothing."""
        with self.engine.begin() as conn:
            found = conn.execute(select(Conversation.id, Conversation.platform, Conversation.key).where(where)).all()
            deleted = 0
            for platform in {row.platform for row in found}:
                rows = [row for row in found if row.platform == platform]
                for chunk in range(0, len(rows), 500):  # bounded IN lists
                    part = rows[chunk : chunk + 500]
                    conn.execute(
                        update(ProcessedEvent)
                        .where(ProcessedEvent.platform == platform, ProcessedEvent.conversation_key.in_([r.key for r in part]))
                        .values(
                            reply=None,
                            conversation_key=None,
                            parts_sent=0,
                            delivered_at=func.coalesce(ProcessedEvent.delivered_at, utcnow()),
                        )
                    )
                    ids = [r.id for r in part]
                    deleted += sum(
                        conn.execute(delete(t).where(t.conversation_id.in_(ids))).rowcount for t in (Turn, AnswerAudit)
                    )
                    deleted += conn.execute(delete(Conversation).where(Conversation.id.in_(ids))).rowcount
            return deleted
