"""The store on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bot.engine import ConversationState
from bot.messages import Inbound, OutboundKind
from bot.service import UNAVAILABLE, ConversationService, RetryLater
from bot.store import AccessGrant, AnswerAudit, Conversation, ProcessedEvent, Store, Turn, make_engine, utcnow


@pytest.fixture
def service(database_url, core) -> ConversationService:
    return ConversationService(Store(database_url), core)


def test_state_persists_between_turns_and_across_restarts(service, database_url, core, unique_key):
    first = service.handle(Inbound("test", unique_key, "u1", text="leg spasms", event_id=f"{unique_key}-1"))
    assert first.kind == OutboundKind.question
    restarted = ConversationService(Store(database_url), core)  # a new process, same database
    state = ConversationState.from_dict(restarted.store.load_state("test", unique_key))
    assert state.pending == first.question.question_id
    second = restarted.handle(Inbound("test", unique_key, "u1", choice=first.question.options[0].id, event_id=f"{unique_key}-2"))
    assert second.kind in (OutboundKind.question, OutboundKind.answer)
    turns = restarted.store.turns("test", unique_key)
    assert [t.role for t in turns] == ["user", "bot", "user", "bot"]
    with Session(restarted.store.engine) as session:
        assert session.exec(select(Conversation).where(Conversation.key == unique_key)).one().user_key == "u1"
    assert turns[0].text == "leg spasms"


def test_duplicate_event_is_processed_once(service, unique_key):
    inbound = Inbound("test", unique_key, "u1", text="leg spasms", event_id=f"{unique_key}-dup")
    assert service.handle(inbound) is not None
    with pytest.raises(RetryLater):  # the first delivery has not posted its reply yet
        service.handle(inbound)
    service.delivered(inbound)
    assert service.handle(inbound) is None
    assert len(service.store.turns("test", unique_key)) == 2


def test_a_retry_after_an_interrupted_delivery_gets_the_stored_reply_once(database_url, core, unique_key):
    service = ConversationService(Store(database_url), core, lease=timedelta(0))  # the first worker "died" at once
    inbound = Inbound(
        "test", unique_key, "u1", text="70F calf cramps at night on furosemide", event_id=f"{unique_key}-r", one_shot=True
    )
    first = service.handle(inbound)  # stored, never posted
    second = service.handle(inbound)  # the platform's retry
    assert second == first and second.kind == OutboundKind.answer
    service.delivered(inbound)
    assert service.handle(inbound) is None  # a late retry sends nothing more
    assert len(service.store.turns("test", unique_key)) == 2  # the engine ran once
    with Session(service.store.engine) as session:
        row = session.exec(select(ProcessedEvent).where(ProcessedEvent.event_id == inbound.event_id)).one()
    assert row.reply is None and row.delivered_at is not None  # nothing kept once delivered


def test_a_retry_sends_only_the_parts_of_a_split_reply_not_yet_sent(database_url, core, unique_key):
    service = ConversationService(Store(database_url), core, lease=timedelta(0))
    inbound = Inbound("test", unique_key, "u1", text="70F calf cramps at night", event_id=f"{unique_key}-p", one_shot=True)
    first = service.handle(inbound)
    service.sent_parts(inbound, 2)  # then the worker died
    retried = service.handle(inbound)
    assert retried.resume_from == 2 and retried.answer == first.answer


def test_answer_is_audited_without_free_text(service, unique_key):
    service.handle(Inbound("test", unique_key, "u1", text="calf cramps after gardening", one_shot=True))
    with Session(service.store.engine) as session:
        conv = session.exec(select(Conversation).where(Conversation.key == unique_key)).one()
        audit = session.exec(select(AnswerAudit).where(AnswerAudit.conversation_id == conv.id)).one()
    rows = json.loads(audit.differential)
    assert rows and all(len(r) == 3 for r in rows)
    assert "gardening" not in audit.differential
    assert "quality_cramp" in json.loads(conv.findings)


def test_failure_midway_leaves_state_and_event_unclaimed(service, unique_key, monkeypatch):
    service.handle(Inbound("test", unique_key, "u1", text="leg spasms", event_id=f"{unique_key}-a"))
    before = service.store.load_state("test", unique_key)

    def boom(*args, **kwargs):
        raise RuntimeError("engine failed")

    monkeypatch.setattr("bot.service.handle", boom)
    with pytest.raises(RuntimeError):
        service.handle(Inbound("test", unique_key, "u1", text="at night", event_id=f"{unique_key}-b"))
    monkeypatch.undo()
    assert service.store.load_state("test", unique_key) == before
    retried = service.handle(Inbound("test", unique_key, "u1", text="at night", event_id=f"{unique_key}-b"))
    assert retried is not None  # the failed delivery was not marked processed


def test_forget_deletes_every_row_of_the_conversation(service, unique_key):
    service.handle(Inbound("test", unique_key, "u1", text="calf cramps", one_shot=True))
    assert service.forget("test", unique_key) >= 3
    assert service.store.load_state("test", unique_key) is None
    with Session(service.store.engine) as session:
        assert not session.exec(select(Conversation).where(Conversation.key == unique_key)).all()
        orphan_turns = session.exec(select(Turn).where(Turn.conversation_id.not_in(select(Conversation.id)))).all()
        assert orphan_turns == []


def test_a_retry_of_a_forgotten_event_posts_nothing_and_stores_nothing(database_url, core, unique_key):
    """The reply was stored but its post failed; the user forgot the conversation; then the
    platform's retry arrives: it must not bring the forgotten reply (or the user's words) back."""
    service = ConversationService(Store(database_url), core, lease=timedelta(0))
    inbound = Inbound("test", unique_key, "u1", text="70F calf cramps at night", event_id=f"{unique_key}-f", one_shot=True)
    assert service.handle(inbound) is not None  # stored, never posted
    assert service.forget("test", unique_key) >= 3
    assert service.handle(inbound) is None  # the retry: nothing to post
    assert service.store.load_state("test", unique_key) is None and service.store.turns("test", unique_key) == []
    with Session(service.store.engine) as session:
        row = session.exec(select(ProcessedEvent).where(ProcessedEvent.event_id == inbound.event_id)).one()
    assert row.reply is None and row.conversation_key is None  # a bare id: recognised, and nothing of the case


def test_forget_user_deletes_every_conversation_they_wrote_in(service, unique_key):
    started, joined, others = (f"{unique_key}-{n}" for n in ("started", "joined", "others"))
    for key, speakers in ((started, ["doc", "nurse"]), (joined, ["nurse", "doc", "nurse"]), (others, ["nurse"])):
        for i, who in enumerate(speakers):
            service.handle(Inbound("test", key, who, text="calf cramps at night", event_id=f"{key}-{i}"))
    assert service.forget_user("test", "doc") > 0
    assert [service.store.has_conversation("test", k) for k in (started, joined, others)] == [False, False, True]


def test_the_default_sqlite_file_is_private(tmp_path, core):
    path = tmp_path / "data" / "ddxbot" / "ddxbot.sqlite3"
    ConversationService(Store(f"sqlite:///{path}"), core).handle(Inbound("test", "k", "u", text="calf cramps"))
    assert path.parent.stat().st_mode & 0o777 == 0o700
    for file in path.parent.iterdir():  # the database, its -wal and -shm files
        assert file.stat().st_mode & 0o777 == 0o600, file


def test_purge_drops_grants_unused_for_the_retention_period(service, unique_key):
    service.store.grant("test", f"{unique_key}-old", "f" * 32)
    service.store.grant("test", f"{unique_key}-new", "f" * 32)
    with Session(service.store.engine) as session:
        grant = session.exec(select(AccessGrant).where(AccessGrant.user_key == f"{unique_key}-old")).one()
        grant.last_seen_at = grant.created_at = utcnow() - timedelta(days=40)
        session.add(grant)
        session.commit()
    assert service.store.purge(timedelta(days=30))["access_grants"] >= 1
    assert not service.store.has_grant("test", f"{unique_key}-old", "f" * 32)
    assert service.store.has_grant("test", f"{unique_key}-new", "f" * 32)


def test_database_down_gives_a_clear_message(core, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    store.engine = make_engine("postgresql://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    out = ConversationService(store, core).handle(Inbound("test", "k", "u", text="leg cramps"))
    assert out.kind == OutboundKind.error
    assert out.text == UNAVAILABLE


def test_processed_events_are_unique_per_platform(service, unique_key):
    service.handle(Inbound("slack", unique_key, "u1", text="calf cramps", event_id=f"{unique_key}-e"))
    service.handle(Inbound("telegram", unique_key, "u1", text="calf cramps", event_id=f"{unique_key}-e"))
    with Session(service.store.engine) as session:
        rows = session.exec(select(ProcessedEvent).where(ProcessedEvent.event_id == f"{unique_key}-e")).all()
    assert sorted(r.platform for r in rows) == ["slack", "telegram"]


def test_two_workers_on_one_conversation_never_lose_each_others_turns(database_url, core, unique_key):
    """Two stores (two worker processes' connection pools) answer one conversation at once: each
    turn is serialised by the row lock (PostgreSQL) or the write lock (SQLite), so every finding
    of every message is in the final state."""
    from concurrent.futures import ThreadPoolExecutor

    texts = {
        "a": ["fever", "night sweats", "weight loss", "diabetic"],
        "b": ["swollen calf", "back pain", "numb feet", "on furosemide"],
    }
    service = ConversationService(Store(database_url), core)
    service.handle(Inbound("test", unique_key, "u1", text="leg pain", event_id=f"{unique_key}-0"))
    workers = {name: ConversationService(Store(database_url), core) for name in texts}

    def send(name: str) -> None:
        for i, text in enumerate(texts[name]):
            workers[name].handle(Inbound("test", unique_key, "u1", text=text, event_id=f"{unique_key}-{name}{i}"))

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(send, texts))
    turns = service.store.turns("test", unique_key)
    assert sum(t.role == "user" for t in turns) == 9 and sum(t.role == "bot" for t in turns) == 9
    present = set(service.store.load_state("test", unique_key)["present"])
    assert {
        "sym_fever",
        "sym_night_sweats",
        "sym_weight_loss",
        "rf_diabetes",
        "quality_swelling",
        "site_low_back",
        "quality_numbness",
    } <= present
    for name in texts:  # each worker's own messages kept their order
        mine = [t.text for t in turns if t.role == "user" and t.text in texts[name]]
        assert mine == texts[name]


def test_sqlite_reads_do_not_wait_for_a_writer(core, tmp_path):
    """Whether a thread is a conversation is asked on every Slack thread message: it must not queue
    behind another worker's turn (SQLite's write lock)."""
    import threading

    store = Store(f"sqlite:///{tmp_path / 'reads.sqlite3'}")
    ConversationService(store, core).handle(Inbound("test", "k", "u", text="calf cramps"))
    answers: list[bool] = []
    with store.engine.begin():  # a turn in progress holds the write lock
        reader = threading.Thread(target=lambda: answers.append(store.has_conversation("test", "k")))
        reader.start()
        reader.join(timeout=5)
        assert answers == [True]
