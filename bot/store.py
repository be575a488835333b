"""Persistence with SQLModel: conversations, turns, processed events and an answer audit.

SQLite file by default (zero set-up), PostgreSQL through ``DATABASE_URL`` when several web
workers share state. One database transaction per turn: the event is claimed, the state read
(row-locked on PostgreSQL) and written back together, so a retry of a failed turn finds nothing
half-done and a duplicate delivery finds the event already claimed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import UniqueConstraint, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, create_engine, delete, select


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
    created_at: datetime = Field(default_factory=utcnow, index=True)


class AnswerAudit(SQLModel, table=True):
    """Which knowledge version produced which differential: ids and tiers, never free text."""

    __tablename__ = "answer_audit"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversations.id", index=True)
    knowledge_version: str = Field(max_length=32)
    differential: str  # JSON list of [condition_id, tier, posterior]
    created_at: datetime = Field(default_factory=utcnow)


class DuplicateEvent(Exception):
    """The platform delivered an event that was already processed."""


def normalise_url(url: str) -> str:
    """Accept the URLs platforms hand out (postgres://, postgresql://) and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:  # single writer: take the write lock before reading state
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.engine = make_engine(url)
        SQLModel.metadata.create_all(self.engine)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def turn(self, platform: str, key: str, event_id: str | None = None) -> Iterator[tuple[Session, Conversation]]:
        """One transaction for one turn; raises DuplicateEvent when ``event_id`` was seen."""
        with Session(self.engine, expire_on_commit=False) as session:
            if event_id:
                session.add(ProcessedEvent(platform=platform, event_id=event_id))
                try:
                    session.flush()
                except IntegrityError as exc:
                    session.rollback()
                    raise DuplicateEvent(f"{platform}:{event_id}") from exc
            conv = self._lock_conversation(session, platform, key)
            try:
                yield session, conv
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def _lock_conversation(self, session: Session, platform: str, key: str) -> Conversation:
        query = select(Conversation).where(Conversation.platform == platform, Conversation.key == key)
        if self.is_postgres:
            query = query.with_for_update()
        conv = session.exec(query).first()
        if conv is None:
            conv = Conversation(platform=platform, key=key)
            session.add(conv)
            try:
                with session.begin_nested():
                    session.flush()
            except IntegrityError:  # another worker created it first: take theirs, locked
                conv = session.exec(query).one()
        return conv

    def record(
        self, session: Session, conv: Conversation, state: dict, user_text: str, outbound: dict, kb_version: str
    ) -> None:
        conv.state = json.dumps(state)
        conv.findings = json.dumps(state.get("present", []))
        conv.knowledge_version = kb_version
        conv.updated_at = utcnow()
        session.add(conv)
        session.flush()
        session.add(Turn(conversation_id=conv.id, role="user", text=user_text))
        session.add(Turn(conversation_id=conv.id, role="bot", outbound=json.dumps(outbound)))
        answer = outbound.get("answer")
        if answer:
            rows = [[e["condition_id"], e["tier"], round(e["posterior"], 6)] for e in answer["entries"]]
            session.add(AnswerAudit(conversation_id=conv.id, knowledge_version=kb_version, differential=json.dumps(rows)))

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

    def forget(self, platform: str, key: str) -> int:
        """Delete a conversation and everything about it; returns the rows deleted."""
        with Session(self.engine) as session:
            conv = session.exec(
                select(Conversation).where(Conversation.platform == platform, Conversation.key == key)
            ).first()
            if conv is None:
                return 0
            deleted = 0
            for table in (Turn, AnswerAudit):
                deleted += session.exec(delete(table).where(table.conversation_id == conv.id)).rowcount
            session.delete(conv)
            session.commit()
            return deleted + 1
