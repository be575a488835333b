"""Who may use the bot: Telegram allowlists and access code, Slack teams and channels, rate limits."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select, update
from test_slack import _serve as slack_serve
from test_slack import ask_in_channel
from test_slack import buttons as slack_buttons
from test_telegram import FULL, _serve, buttons, callback, is_answer, is_question
from typer.testing import CliRunner

from adapters.cli import app as cli
from adapters.slack.app import NOT_STARTER as SLACK_NOT_STARTER
from adapters.slack.app import NOT_YOURS
from adapters.slack.app import REFUSED as SLACK_REFUSED
from adapters.slack.blocks import FORGET_ACTION
from adapters.telegram.access import ASK_CODE, GRANTED, LOCKED, REFUSED, WRONG_CODE
from bot.messages import Inbound, OutboundKind
from bot.service import RATE_LIMITED, ConversationService
from bot.settings import get_settings
from bot.store import AccessFailure, AccessGrant, Conversation, MessageCount, ProcessedEvent, RefusalCount, Store, Turn, utcnow
from support.slack_api import TEAM_ID
from support.slack_requests import block_actions, envelope
from support.slack_requests import mention as slack_mention
from support.slack_requests import message as slack_message
from support.telegram_api import DOCTOR, NURSE, message

CODE = "ward-7-kestrel"


@pytest.fixture
def service(core, tmp_path) -> ConversationService:
    return ConversationService(Store(f"sqlite:///{tmp_path / 'access.sqlite3'}"), core)


def texts(sent: list[dict]) -> str:
    return "\n".join(m["text"] for m in sent)


def medical(sent: list[dict]) -> bool:
    """The case was taken up: a clarifying question or a differential."""
    return bool(sent) and (is_answer(sent) or is_question(sent[0]))


async def test_telegram_allowlist_answers_listed_users_and_politely_refuses_others(fake_telegram, service):
    async for h in _serve(fake_telegram, service, telegram_allowed_users=str(DOCTOR["id"])):
        assert medical(await h.send(message(FULL)))
        refused = await h.send(message(FULL, chat_id=NURSE["id"], user=NURSE))
        assert texts(refused) == REFUSED  # nothing medical, nothing internal
        assert not service.store.has_conversation("telegram", str(NURSE["id"]))


async def test_telegram_access_code_lets_a_user_in_for_every_worker(fake_telegram, service, core):
    async for h in _serve(fake_telegram, service, telegram_access_code=CODE):
        assert texts(await h.send(message(FULL, chat_id=NURSE["id"], user=NURSE))) == ASK_CODE
        assert texts(await h.send(message(f" {CODE} ", chat_id=NURSE["id"], user=NURSE))) == GRANTED
        assert medical(await h.send(message(FULL, chat_id=NURSE["id"], user=NURSE)))
        assert texts(await h.send(message(FULL))) == ASK_CODE  # the doctor has not sent the code
    another_worker = ConversationService(service.store, core)
    async for h in _serve(fake_telegram, another_worker, telegram_access_code=CODE):
        assert is_answer(await h.send(message(f"/ddx {FULL}", chat_id=NURSE["id"], user=NURSE)))


async def test_telegram_gate_stays_quiet_for_group_chatter(fake_telegram, service):
    async for h in _serve(fake_telegram, service, telegram_allowed_chats="-1"):
        assert await h.send(message("anyone for coffee?", chat_id=-100777, user=NURSE)) == []


@pytest.fixture
def one_refusal_window(monkeypatch):
    """Refusals are answered once per 10-minute window: a slow run that crosses a window boundary
    would be answered twice, so the test stays in one window."""
    monkeypatch.setattr("bot.store._window_index", lambda _now: 0)


def test_rate_limit_is_shared_by_workers_and_keeps_nothing_of_the_refused_message(database_url, core, unique_key, monkeypatch):
    # The limit counts per calendar minute: four slow turns on a busy machine could straddle one.
    minute = datetime(2026, 1, 1, 12, 0, 30, tzinfo=UTC)
    monkeypatch.setattr("bot.store.utcnow", lambda: minute)
    workers = [ConversationService(Store(database_url), core, rate_limit=3) for _ in range(2)]
    user = f"user-{unique_key}"
    outs = [
        workers[i % 2].handle(
            Inbound("test", f"{unique_key}-{i}", user, text="calf cramps at night", event_id=f"{unique_key}-{i}")
        )
        for i in range(4)
    ]
    assert [o.kind == OutboundKind.error for o in outs] == [False, False, False, True]
    assert outs[-1].text == RATE_LIMITED.format(limit=3)
    assert workers[0].store.turns("test", f"{unique_key}-3") == []  # the refused text was not stored
    other = workers[0].handle(
        Inbound("test", f"{unique_key}-x", f"other-{unique_key}", text="calf cramps", event_id=f"{unique_key}-x")
    )
    assert other.kind != OutboundKind.error  # per user


def count(store: Store, model: type) -> int:
    with Session(store.engine) as session:
        return len(session.exec(select(model)).all())


async def test_telegram_wrong_codes_lock_a_user_out_for_every_worker_and_are_logged_with_ids(
    fake_telegram, service, core, caplog, one_refusal_window
):
    nurse = {"chat_id": NURSE["id"], "user": NURSE}
    settings = {"telegram_access_code": CODE, "telegram_code_tries": 3, "telegram_code_lock_minutes": 15}
    with caplog.at_level(logging.INFO, logger="adapters.telegram.access"):
        async for h in _serve(fake_telegram, service, **settings):
            assert texts(await h.send(message(FULL, **nurse))) == ASK_CODE  # a first message: no "wrong code" yet
            assert texts(await h.send(message("ward-7-kestral", **nurse))) == WRONG_CODE.format(left=1, minutes=15)
            assert texts(await h.send(message("ward-8-kestrel", **nurse))) == LOCKED.format(minutes=15)
            assert texts(await h.send(message(CODE, **nurse))) == LOCKED.format(minutes=15)  # the right code, too late
            assert await h.send(message(CODE, **nurse)) == []  # and from then on quiet: one refusal a window
    async for h in _serve(fake_telegram, ConversationService(service.store, core), **settings):  # another worker
        assert await h.send(message(CODE, **nurse)) == []
        assert not service.store.has_grant("telegram", str(NURSE["id"]), h.bot.access.fingerprint)
        with Session(service.store.engine) as session:  # the lock-out ends
            session.exec(update(AccessFailure).values(locked_until=utcnow() - timedelta(seconds=1)))
            session.commit()
        assert texts(await h.send(message(CODE, **nurse))) == GRANTED
    assert count(service.store, AccessFailure) == 0  # a grant clears the count
    locked = [r for r in caplog.records if r.getMessage() == "telegram access: locked"]
    assert locked and locked[0].levelno == logging.INFO and locked[0].user_id == str(NURSE["id"]) and locked[0].failures == 3
    assert not [r for r in caplog.records if "kestr" in r.getMessage() or "kestr" in json.dumps(r.__dict__, default=str)]


async def test_telegram_refusals_are_answered_once_and_leave_one_row(fake_telegram, service, one_refusal_window):
    async for h in _serve(fake_telegram, service, telegram_allowed_users=str(DOCTOR["id"])):
        replies = []
        for _ in range(100):
            replies += await h.send(message(FULL, chat_id=NURSE["id"], user=NURSE))
        assert texts(replies) == REFUSED
    assert count(service.store, RefusalCount) == 1
    assert count(service.store, ProcessedEvent) == 0 and count(service.store, Conversation) == 0


async def test_a_new_access_code_invalidates_old_grants_and_forget_drops_the_users_own(fake_telegram, service):
    nurse = {"chat_id": NURSE["id"], "user": NURSE}
    async for h in _serve(fake_telegram, service, telegram_access_code=CODE):
        await h.send(message(CODE, **nurse))
        assert medical(await h.send(message(FULL, **nurse)))
    async for h in _serve(fake_telegram, service, telegram_access_code="ward-9-osprey"):
        assert texts(await h.send(message(FULL, **nurse))) == ASK_CODE
        assert texts(await h.send(message("ward-9-osprey", **nurse))) == GRANTED
        (confirm,) = await h.send(message("/forget", **nurse))
        await h.send(callback(confirm, buttons(confirm)[0]["callback_data"], user=NURSE))
        assert count(service.store, AccessGrant) == 0
        assert texts(await h.send(message(FULL, **nurse))) == ASK_CODE
    with Session(service.store.engine) as session:
        assert CODE not in json.dumps([g.model_dump(mode="json") for g in session.exec(select(AccessGrant))])


def test_access_list_and_revoke_on_the_command_line(tmp_path, core):
    url = f"sqlite:///{tmp_path / 'grants.sqlite3'}"
    store = Store(url)
    store.grant("telegram", "1002", "0" * 32)  # a grant for an older code
    env = {"DATABASE_URL": url, "TELEGRAM_ACCESS_CODE": CODE}
    get_settings.cache_clear()
    try:
        from adapters.telegram.access import fingerprint

        store.grant("telegram", "1001", fingerprint(CODE))
        listed = CliRunner().invoke(cli, ["access", "list"], env=env)
        assert listed.exit_code == 0
        lines = listed.output.splitlines()
        assert any(line.startswith("telegram\t1001\t") and line.endswith("\tcurrent code") for line in lines)
        assert any(line.startswith("telegram\t1002\t") and "old code" in line for line in lines)
        assert CODE not in listed.output and lines[-1] == "2 grant(s)"
        revoked = CliRunner().invoke(cli, ["access", "revoke", "telegram", "1001"], env=env)
        assert revoked.exit_code == 0 and not store.has_grant("telegram", "1001", fingerprint(CODE))
        again = CliRunner().invoke(cli, ["access", "revoke", "telegram", "1001"], env=env)
        assert again.exit_code == 1 and "no grant" in again.output
    finally:
        get_settings.cache_clear()


def test_a_flood_over_the_rate_limit_leaves_a_counter_not_a_row_per_message(database_url, core, unique_key):
    service = ConversationService(Store(database_url), core, rate_limit=3)
    user = f"user-{unique_key}"
    outs = [
        service.handle(Inbound("test", f"{unique_key}-{i}", user, text="calf cramps at night", event_id=f"{unique_key}-{i}"))
        for i in range(103)
    ]
    told = [o for o in outs if o is not None and o.text == RATE_LIMITED.format(limit=3)]
    with Session(service.store.engine) as session:
        events = session.exec(select(ProcessedEvent).where(ProcessedEvent.event_id.startswith(unique_key))).all()
        conversations = session.exec(select(Conversation).where(Conversation.key.startswith(unique_key))).all()
        counters = session.exec(select(MessageCount).where(MessageCount.user_key == user)).all()
    # at most a minute boundary in between: twice the limit taken, two notices, two counters
    assert len(events) == len(conversations) <= 6 and 1 <= len(told) <= 2 and len(counters) <= 2


# --- Slack ---------------------------------------------------------------------------------------


async def test_slack_other_workspace_gets_no_turn_and_a_command_a_polite_refusal(fake_slack, service):
    async for h in slack_serve(fake_slack, service, slack_allowed_teams="T0OTHERTEAM"):
        assert (await h.slack.event(slack_mention(FULL))).status_code == 200
        command = await h.slack.command(FULL, response_url=fake_slack.response_url("refused"))
        await h.settle()
        assert command.json() == {"response_type": "ephemeral", "text": SLACK_REFUSED}
        assert fake_slack.replies() == []  # no token for another workspace: nothing posted there
    assert service_is_empty(service)


async def test_slack_channel_allowlist_refuses_other_channels_in_the_thread(fake_slack, service):
    async for h in slack_serve(fake_slack, service, slack_allowed_teams=TEAM_ID, slack_allowed_channels="C0WARD"):
        await h.slack.event(slack_mention(FULL, channel="C0CHAN"))
        (refusal,) = await fake_slack.wait_for("chat.postMessage")
        assert refusal["text"] == SLACK_REFUSED and refusal["thread_ts"]
        assert service_is_empty(service)
        await h.slack.event(slack_mention(FULL, channel="C0WARD"))
        posts = await fake_slack.wait_for("chat.postMessage", 2)
        assert posts[1]["text"] != SLACK_REFUSED
        await h.slack.event(slack_message(FULL, channel="D0DIRECT", channel_type="im"))  # DMs are not channels
        assert (await fake_slack.wait_for("chat.postMessage", 3))[2]["text"] != SLACK_REFUSED


async def test_slack_forget_button_and_forget_command_delete_the_rows(fake_slack, service):
    async for h in slack_serve(fake_slack, service):
        _, question = await ask_in_channel(h)
        await h.slack.action(block_actions(question, "skip"))
        answer = (await fake_slack.wait_for("chat.postMessage", 2))[1]
        (key,) = [e["value"] for e in slack_buttons(answer) if e["action_id"] == FORGET_ACTION]
        assert service.store.has_conversation("slack", key)
        await h.slack.action(block_actions(answer, key, response_url=fake_slack.response_url("forget")))
        await h.settle()
        assert not service.store.has_conversation("slack", key)
        await h.slack.event(slack_mention(FULL))
        await h.settle()
        assert not service_is_empty(service)
        await h.slack.command("forget", response_url=fake_slack.response_url("forget-me"))
        await h.settle()
        assert service_is_empty(service)
        notes = [c["text"] for c in fake_slack.sent("response_url")]
        assert any("has been deleted" in n for n in notes) and any(n.startswith("Done: ") and "row(s)" in n for n in notes)


def service_is_empty(service: ConversationService) -> bool:
    with Session(service.store.engine) as session:
        return session.exec(select(Conversation)).first() is None


async def test_slack_forget_button_belongs_to_the_starter_or_a_workspace_admin(fake_slack, service):
    async for h in slack_serve(fake_slack, service):
        _, question = await ask_in_channel(h)
        await h.slack.action(block_actions(question, "skip"))
        answer = (await fake_slack.wait_for("chat.postMessage", 2))[1]
        (key,) = [e["value"] for e in slack_buttons(answer) if e["action_id"] == FORGET_ACTION]
        await h.slack.action(block_actions(answer, key, user="U0NURSE", response_url=fake_slack.response_url("nurse")))
        await h.settle()
        assert service.store.has_conversation("slack", key)
        assert [c["text"] for c in fake_slack.sent("response_url")] == [NOT_YOURS]
        fake_slack.admins.add("U0ADMIN")
        await h.slack.action(block_actions(answer, key, user="U0ADMIN", response_url=fake_slack.response_url("admin")))
        await h.settle()
        assert not service.store.has_conversation("slack", key)


@pytest.mark.parametrize("shared", [False, True])
async def test_slack_only_the_starter_answers_a_channel_case_unless_shared(fake_slack, core, tmp_path, shared):
    service = ConversationService(Store(f"sqlite:///{tmp_path / 'shared.sqlite3'}"), core, shared=shared)
    async for h in slack_serve(fake_slack, service):
        event, question = await ask_in_channel(h)
        await h.slack.event(slack_mention("1", thread_ts=event["ts"], user="U0NURSE"))
        await h.settle()
        if not shared:
            await h.slack.action(block_actions(question, "skip", user="U0NURSE"))
            await h.settle()
            notes = fake_slack.sent("chat.postEphemeral")
            assert [(n["user"], n["text"]) for n in notes] == [("U0NURSE", SLACK_NOT_STARTER)] * 2
            assert fake_slack.sent("chat.update") == [] and len(fake_slack.sent("chat.postMessage")) == 1
            with Session(service.store.engine) as session:
                assert len(session.exec(select(Turn)).all()) == 2  # the starter's turn only: nothing of the others kept
        else:
            assert len(fake_slack.sent("chat.postMessage")) == 2 and fake_slack.sent("chat.postEphemeral") == []


async def test_slack_checks_the_posters_own_team_not_only_the_envelopes(fake_slack, service):
    async for h in slack_serve(fake_slack, service, slack_allowed_teams=TEAM_ID):
        external = {
            **slack_mention(FULL, user="U0EXT"),
            "user_team": "T0EXTERNAL",
            "source_team": "T0EXTERNAL",
            "team": "T0EXTERNAL",
        }
        body = {**envelope(external), "is_ext_shared_channel": True}  # Slack Connect: the channel's host workspace is ours
        assert (await h.slack.post(json.dumps(body), "application/json")).status_code == 200
        await h.settle()
        assert fake_slack.replies() == [] and service_is_empty(service)
        _, question = await ask_in_channel(h)  # our own clinician's case
        click = block_actions(question, "skip", user="U0EXT")
        click["user"]["team_id"] = "T0EXTERNAL"
        assert (await h.slack.action(click)).status_code == 200
        await h.settle()
        assert fake_slack.sent("chat.update") == [] and len(fake_slack.sent("chat.postMessage")) == 1


async def test_slack_enterprise_grid_answers_its_own_workspaces_but_not_connect_guests(fake_slack, service):
    grid = {
        "enterprise_id": "E0GRID",
        "authorizations": [
            {"enterprise_id": "E0GRID", "team_id": TEAM_ID, "user_id": "U0BOT", "is_bot": True, "is_enterprise_install": False}
        ],
    }
    async for h in slack_serve(fake_slack, service, slack_allowed_teams="E0GRID"):
        colleague = {**slack_mention(FULL, user="U0GRID"), "user_team": "T0SISTER", "team": "T0SISTER"}
        await h.slack.post(json.dumps({**envelope(colleague), **grid}), "application/json")
        await fake_slack.wait_for("chat.postMessage")
        guest = {**slack_mention(FULL, user="U0EXT"), "user_team": "T0EXTERNAL", "team": "T0EXTERNAL"}
        await h.slack.post(json.dumps({**envelope(guest), **grid, "is_ext_shared_channel": True}), "application/json")
        await h.settle()
        assert len(fake_slack.sent("chat.postMessage")) == 1
