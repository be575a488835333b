"""Persistence with SQLModel: conversations, turns, processed events and an answer audit.

SQLite file by default (zero set-up), PostgreSQL through ``DATABASE_URL`` when several web
workers share state. One database transaction per turn: the event is claimed, the state read
(row-locked on PostgreSQL) and written back together, so a retry of a failed turn finds nothing
half-done and a duplicate delivery finds the event already claimed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import UniqueConstraint, bindparam, event, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, create_engine, delete, select

from bot import schema_version
from bot.db_timeouts import StallGuard, Timeouts

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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


class Turn(SQLModel, table=True):
    __tablename__ = "turns"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversations.id", index=True)
    role: str = Field(max_length=8)  # user | bot
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


def normalise_url(url: str) -> str:
    """Accept the URLs platforms hand out (postgres://, postgresql://) and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, timeouts: Timeouts | None = None) -> Engine:
    """The engine for ``url``; with ``timeouts`` (servers, the CLI's turns) a database that stops
    answering fails an operation within them, without (migrations, which may take long) it is
    waited for. Statement parameters (message text) never appear in its errors or logs."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
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
    def turn(self, platform: str, key: str, event_id: str | None = None) -> Iterator[TurnContext]:
        """One transaction for one turn; raises DuplicateEvent when ``event_id`` was seen.

        The event is claimed in the same transaction as the state it changes, so a turn that
        fails leaves neither a new state nor a claimed event, and the platform's retry succeeds.
        SQLAlchemy Core, not the ORM: the unit of work costs milliseconds a turn.
        """
        with self.engine.begin() as conn:
            if event_id:
                try:
                    conn.execute(_INSERT_EVENT, {"platform": platform, "event_id": event_id, "created_at": utcnow()})
                except IntegrityError as exc:
                    raise DuplicateEvent(f"{platform}:{event_id}") from exc
            conv_id, state = self._lock_conversation(conn, platform, key)
            yield TurnContext(conn, platform, key, event_id, conv_id, state)

    def _lock_conversation(self, conn: Connection, platform: str, key: str) -> tuple[int | None, dict]:
        query = select(Conversation.id, Conversation.state).where(
            Conversation.platform == platform, Conversation.key == key
        )
        if self.is_postgres:  # create if missing (another worker may race us), then lock the row
            now = utcnow()
            conn.execute(
                pg_insert(Conversation)
                .values(platform=platform, key=key, user_key="", state="{}", findings="[]", knowledge_version="",
                        created_at=now, updated_at=now)
                .on_conflict_do_nothing(constraint="uq_conversation_platform_key")
            )
            query = query.with_for_update()
        row = conn.execute(query).first()  # SQLite: BEGIN IMMEDIATE already made us the only writer
        if row is None:
            return None, {}
        try:
            return row.id, json.loads(row.state or "{}")
        except ValueError:
            log.warning("unreadable conversation state replaced by a new one")
            return row.id, {}

    def record(self, turn: TurnContext, state: dict, user_key: str, user_text: str, outbound: dict, kb_version: str) -> None:
        """Write the new state, both turns and (for answers) the audit row, in the turn's transaction."""
        conn, now = turn.connection, utcnow()
        values = {
            "state": json.dumps(state),
            "findings": json.dumps(state.get("present", [])),
            "knowledge_version": kb_version,
            "user_key": user_key,  # the latest speaker (on PostgreSQL the row exists before the first turn)
            "updated_at": now,
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
                {"conversation_id": turn.conversation_id, "role": "user", "text": user_text, "outbound": "", "created_at": now},
                {"conversation_id": turn.conversation_id, "role": "bot", "text": "", "outbound": json.dumps(outbound), "created_at": now},
            ],
        )
        self.record_reply(turn, outbound)  # kept until delivered, for a retry after a crash (``take_over``)
        answer = outbound.get("answer")
        if answer:
            rows = [[e["condition_id"], e["tier"], round(e["posterior"], 6)] for e in answer["entries"]]
            conn.execute(
                _INSERT_AUDIT,
                {"conversation_id": turn.conversation_id, "knowledge_version": kb_version,
                 "differential": json.dumps(rows), "created_at": now},
            )

    def count_message(self, turn: TurnContext, user_key: str) -> int:
        """Count one message of ``user_key`` in the current minute (in the turn's transaction);
        returns the minute's count so far, the same for every worker."""
        minute = int(utcnow().timestamp() // 60)
        statement = (
            self._insert(MessageCount)
            .values(platform=turn.platform, user_key=user_key, minute=minute, count=1)
            .on_conflict_do_update(
                index_elements=["platform", "user_key", "minute"], set_={"count": MessageCount.count + 1}
            )
            .returning(MessageCount.count)
        )
        return turn.connection.execute(statement).scalar_one()

    def record_reply(self, turn: TurnContext, outbound: dict) -> None:
        """Keep the reply on the turn's claimed event until it is delivered. Alone (a refusal), it
        claims the event with a reply and changes no conversation."""
        if turn.event_id:
            turn.connection.execute(
                _UPDATE_EVENT, {"of_platform": turn.platform, "of_event": turn.event_id, "reply": json.dumps(outbound)}
            )

    def has_grant(self, platform: str, user_key: str) -> bool:
        with self._reader() as conn:
            query = select(AccessGrant.id).where(AccessGrant.platform == platform, AccessGrant.user_key == user_key)
            return conn.execute(query).first() is not None

    def grant(self, platform: str, user_key: str) -> None:
        """Let ``user_key`` in (idempotent: two workers may grant the same user at once)."""
        with self.engine.begin() as conn:
            conn.execute(
                self._insert(AccessGrant).values(platform=platform, user_key=user_key, created_at=utcnow()).on_conflict_do_nothing()
            )

    def take_over(self, platform: str, event_id: str, lease: timedelta) -> dict | None:
        """For a redelivered event: its stored reply when the first delivery died (claimed longer
        than ``lease`` ago and never delivered), None when it was delivered (or had no reply).

        Raises ``EventInFlight`` while the first delivery may still be under way: the adapter asks
        the platform to retry later. The re-claim moves the lease, so one retry takes over, not two.
        """
        now = utcnow()
        with self.engine.begin() as conn:
            query = select(
                ProcessedEvent.id, ProcessedEvent.reply, ProcessedEvent.delivered_at, ProcessedEvent.created_at, ProcessedEvent.parts_sent
            ).where(
                ProcessedEvent.platform == platform, ProcessedEvent.event_id == event_id
            )
            row = conn.execute(query.with_for_update() if self.is_postgres else query).first()
            if row is None or row.reply is None or row.delivered_at is not None:
                return None
            claimed = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
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
            conv = session.exec(
                select(Conversation).where(Conversation.platform == platform, Conversation.key == key)
            ).first()
            return json.loads(conv.state) if conv else None

    def turns(self, platform: str, key: str) -> list[Turn]:
        with Session(self.engine) as session:
            conv = session.exec(
                select(Conversation).where(Conversation.platform == platform, Conversation.key == key)
            ).first()
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

    def forget_under(self, platform: str, key: str) -> int:
        """Forget ``key`` and every conversation keyed under it (``key:…``): a whole chat's threads."""
        pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
        return self._delete_conversations(
            (Conversation.platform == platform) & ((Conversation.key == key) | Conversation.key.like(pattern, escape="\\"))
        )

    def forget_user(self, platform: str, user_key: str) -> int:
        """Delete the conversations ``user_key`` spoke in last, and their message counts."""
        deleted = self._delete_conversations((Conversation.platform == platform) & (Conversation.user_key == user_key))
        with self.engine.begin() as conn:
            return deleted + conn.execute(
                delete(MessageCount).where(MessageCount.platform == platform, MessageCount.user_key == user_key)
            ).rowcount

    def purge(self, older_than: timedelta) -> dict[str, int]:
        """Delete what is older than the retention period: conversations untouched since (with their
        turns and audit rows), processed events and message counts. Returns rows per table."""
        cutoff = utcnow() - older_than
        deleted = {"conversation rows (with their turns and audit)": self._delete_conversations(Conversation.updated_at < cutoff)}
        with self.engine.begin() as conn:
            deleted["processed_events"] = conn.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < cutoff)).rowcount
            deleted["message_counts"] = conn.execute(
                delete(MessageCount).where(MessageCount.minute < int(cutoff.timestamp() // 60))
            ).rowcount
        return deleted

    def _delete_conversations(self, where) -> int:
        """Delete the matching conversations with their turns and audit rows, in one transaction."""
        with self.engine.begin() as conn:
            ids = select(Conversation.id).where(where).scalar_subquery()
            deleted = sum(conn.execute(delete(t).where(t.conversation_id.in_(ids))).rowcount for t in (Turn, AnswerAudit))
            return deleted + conn.execute(delete(Conversation).where(where)).rowcount
