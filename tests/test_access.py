"""Who may use the bot: Telegram allowlists and access code, Slack teams and channels, rate limits."""

from __future__ import annotations


import pytest
from sqlmodel import Session, select

from adapters.slack.app import REFUSED as SLACK_REFUSED
from adapters.slack.blocks import FORGET_ACTION
from adapters.telegram.access import ASK_CODE, GRANTED, REFUSED
from bot.messages import Inbound, OutboundKind
from bot.service import RATE_LIMITED, ConversationService
from bot.store import Conversation, Store
from fakes.slack_api import TEAM_ID
from fakes.slack_requests import block_actions
from fakes.slack_requests import mention as slack_mention
from fakes.slack_requests import message as slack_message
from fakes.telegram_api import DOCTOR, NURSE, message
from test_slack import _serve as slack_serve
from test_slack import ask_in_channel
from test_slack import buttons as slack_buttons
from test_telegram import FULL, _serve, is_answer, is_question

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


def test_rate_limit_is_shared_by_workers_and_keeps_nothing_of_the_refused_message(database_url, core, unique_key):
    workers = [ConversationService(Store(database_url), core, rate_limit=3) for _ in range(2)]
    user = f"user-{unique_key}"
    outs = [workers[i % 2].handle(Inbound("test", f"{unique_key}-{i}", user, text="calf cramps at night", event_id=f"{unique_key}-{i}"))
            for i in range(4)]
    assert [o.kind == OutboundKind.error for o in outs] == [False, False, False, True]
    assert outs[-1].text == RATE_LIMITED.format(limit=3)
    assert workers[0].store.turns("test", f"{unique_key}-3") == []  # the refused text was not stored
    other = workers[0].handle(Inbound("test", f"{unique_key}-x", f"other-{unique_key}", text="calf cramps", event_id=f"{unique_key}-x"))
    assert other.kind != OutboundKind.error  # per user


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
