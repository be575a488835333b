"""Telegram end to end: updates posted to the real web app, assertions on what reached Telegram.

The real PTB ``Application`` behind ``adapters.web.create_app`` served by uvicorn on 127.0.0.1, its
Bot API base URL pointed at ``FakeTelegram``; a SQLite store per test. The knowledge base changes
while this adapter is developed, so these tests assert protocol behaviour (a question with a
keyboard, an answer with tiers and the disclaimer), never a particular diagnosis.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from adapters.telegram.app import NOT_STARTER, TelegramBot, TelegramConfigError, build_bot, run_polling, set_webhook
from adapters.telegram.render import LIMIT, SKIP_LABEL, disclaimer_html, render
from adapters.web import create_app
from bot.conversations import Conversations
from bot.messages import TIER_TITLES, AnswerView, Entry, Outbound, OutboundKind, Reason
from bot.service import ConversationService
from bot.settings import Settings
from bot.store import Conversation, ProcessedEvent, Store, Turn
from support.slack_requests import SlackServer
from support.telegram_api import (
    BOT_USERNAME,
    DOCTOR,
    NURSE,
    TOKEN,
    FakeTelegram,
    bot_message,
    callback,
    message,
    photo,
    sticker,
)

SECRET = "test-webhook-secret_42"
VAGUE = "leg spasms"  # too little to answer at once: the bot asks a question first
FULL = "nocturnal leg and butt spasms in a 62 year old woman"
GROUP = -1001234567  # a supergroup
BASIC_GROUP = -4242  # a basic group: no message_thread_id on replies
PRIVATE = DOCTOR["id"]


def telegram_settings(fake: FakeTelegram, **overrides: Any) -> Settings:
    values = {"telegram_bot_token": TOKEN, "telegram_webhook_secret": SECRET, "telegram_api_url": fake.base_url, **overrides}
    return Settings(_env_file=None, **values)


@dataclass
class Harness:
    fake: FakeTelegram
    bot: TelegramBot
    service: ConversationService
    http: httpx.AsyncClient

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return await self.http.post("/telegram/webhook", json=update, headers=headers)

    async def send(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        """Post an update, wait until it is handled; returns the messages sent meanwhile."""
        before = len(self.fake.sent("sendMessage"))
        response = await self.post(update)
        assert response.status_code == 200
        await self.bot.drain()
        return self.fake.sent("sendMessage")[before:]


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'telegram.sqlite3'}")


@pytest.fixture
def service(core, store) -> ConversationService:
    return ConversationService(store, core)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    yield fake
    await fake.stop()


async def _serve(fake: FakeTelegram, service: ConversationService, **settings: Any) -> AsyncIterator[Harness]:
    app = create_app(telegram_settings(fake, **settings), Conversations(service))
    async with SlackServer(app) as server, httpx.AsyncClient(base_url=server.url) as http:
        harness = Harness(fake, app.state.platforms["telegram"].handle, service, http)
        yield harness
        await harness.bot.drain()


@pytest.fixture
async def harness(fake: FakeTelegram, service: ConversationService) -> AsyncIterator[Harness]:
    async for h in _serve(fake, service):
        yield h


# --- what a reply looks like ---------------------------------------------------------------------


def buttons(sent: dict[str, Any]) -> list[dict[str, Any]]:
    markup = sent.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def is_question(sent: dict[str, Any]) -> bool:
    data = [b["callback_data"] for b in buttons(sent)]
    options = [d for d in data if re.fullmatch(r"o:(-|-?\d+):[a-z0-9_]+:[a-z0-9_]+", d)]
    return "Question" in sent["text"] and len(options) >= 2 and data[-1].startswith("s:")


def is_answer(parts: list[dict[str, Any]]) -> bool:
    text = "\n".join(p["text"] for p in parts)
    tiers = [t for t in TIER_TITLES.values() if f"{t}</b>" in text]
    return "Differential diagnosis" in parts[0]["text"] and bool(tiers) and parts[-1]["text"].endswith(disclaimer_html())


def valid_html(text: str) -> bool:
    """Only our tags, balanced; every other <, > and & escaped."""
    stack: list[str] = []
    for m in re.finditer(r"<(/?)([a-z]+)>", text):
        if m.group(1):
            if not stack or stack.pop() != m.group(2):
                return False
        else:
            stack.append(m.group(2))
    bare = re.sub(r"</?(b|i|code)>", "", text)
    return not stack and "<" not in bare and ">" not in bare and not re.search(r"&(?!(lt|gt|amp|quot);)", bare)


def rows(store: Store, model: type) -> list[Any]:
    with Session(store.engine) as session:
        return list(session.exec(select(model)))


async def ask_privately(h: Harness, text: str = VAGUE) -> dict[str, Any]:
    (question,) = await h.send(message(text))
    assert is_question(question), question
    return question


# --- start-up and commands -----------------------------------------------------------------------


async def test_start_up_registers_commands_and_start_explains_with_disclaimer(harness: Harness) -> None:
    (commands,) = harness.fake.sent("setMyCommands")
    assert [c["command"] for c in commands["commands"]] == ["start", "help", "ddx", "new", "about", "forget"]
    (reply,) = await harness.send(message("/start"))
    assert reply["chat_id"] == PRIVATE and reply["parse_mode"] == "HTML"
    assert "ddxbot" in reply["text"] and "/ddx" in reply["text"] and reply["text"].endswith(disclaimer_html())
    assert valid_html(reply["text"])


async def test_help_and_unknown_command_get_help(harness: Harness) -> None:
    (help_reply,) = await harness.send(message("/help"))
    (unknown,) = await harness.send(message("/frobnicate"))
    assert "/about" in help_reply["text"] and "/about" in unknown["text"]
    assert "don't know that command" in unknown["text"]


async def test_healthz_lists_telegram(harness: Harness) -> None:
    response = await harness.http.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok", "platforms": ["telegram"]}


# --- private chat ------------------------------------------------------------------------------


async def test_private_text_gets_a_question_with_a_keyboard(harness: Harness) -> None:
    question = await ask_privately(harness)
    assert question["chat_id"] == PRIVATE and "reply_parameters" not in question
    labels = [b["text"] for b in buttons(question)]
    assert labels[-1] == SKIP_LABEL
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(question))
    assert valid_html(question["text"])


async def test_button_press_is_answered_edits_the_question_and_posts_the_next_step(harness: Harness) -> None:
    question = await ask_privately(harness)
    option = buttons(question)[0]
    sent = await harness.send(callback(question, option["callback_data"]))
    (answered,) = harness.fake.sent("answerCallbackQuery")
    assert "text" not in answered  # no error notice
    (edit,) = harness.fake.sent("editMessageText")
    assert edit["message_id"] == question["message_id"] and "reply_markup" not in edit
    assert f"<b>Answer:</b> {option['text']}" in edit["text"] and valid_html(edit["text"])
    assert sent and (is_question(sent[0]) or is_answer(sent))


async def test_skip_answers_at_once(harness: Harness) -> None:
    question = await ask_privately(harness)
    sent = await harness.send(callback(question, buttons(question)[-1]["callback_data"]))
    assert is_answer(sent)
    assert SKIP_LABEL in harness.fake.sent("editMessageText")[0]["text"]


async def test_a_second_press_on_the_same_question_counts_once(harness: Harness) -> None:
    question = await ask_privately(harness)
    first, second = buttons(question)[0]["callback_data"], buttons(question)[1]["callback_data"]
    await harness.send(callback(question, first))
    sent = await harness.send(callback(question, second))
    assert sent == []
    notices = harness.fake.sent("answerCallbackQuery")
    assert len(notices) == 2 and "already answered" in notices[1]["text"]


async def test_typed_answer_to_a_question(harness: Harness) -> None:
    question = await ask_privately(harness)
    sent = await harness.send(message(buttons(question)[0]["text"]))
    assert sent and (is_question(sent[0]) or is_answer(sent))
    if is_question(sent[0]):  # the next question, not the same one again
        assert sent[0]["text"] != question["text"]


async def test_ddx_is_one_shot(harness: Harness) -> None:
    sent = await harness.send(message(f"/ddx {VAGUE}"))
    assert is_answer(sent) and not any(buttons(p) for p in sent)


async def test_new_starts_over(harness: Harness) -> None:
    await ask_privately(harness)
    (reply,) = await harness.send(message("/new"))
    assert "new case" in reply["text"].lower()
    await ask_privately(harness)  # the vague text asks again, from question 1


async def test_about_gives_a_condition_card_and_escapes_unknown_names(harness: Harness) -> None:
    condition = next(iter(harness.service.core.kb.conditions))
    card = await harness.send(message(f"/about {condition}"))
    assert card[-1]["text"].endswith(disclaimer_html()) and all(valid_html(p["text"]) for p in card)
    (unknown,) = await harness.send(message("/about <b>zz</b> & <script>"))
    assert "&lt;b&gt;zz&lt;/b&gt; &amp; &lt;script&gt;" in unknown["text"] and valid_html(unknown["text"])


async def test_text_with_html_characters_survives(harness: Harness) -> None:
    sent = await harness.send(message("leg spasms <3 days & calf > 2 cm swollen"))
    assert sent and all(valid_html(p["text"]) for p in sent)
    (error,) = await harness.send(message("<<< & >>>"))
    assert valid_html(error["text"])


async def test_photo_and_sticker_get_text_only(harness: Harness) -> None:
    (reply,) = await harness.send(photo())
    assert "only read text" in reply["text"]
    (reply,) = await harness.send(sticker())
    assert "only read text" in reply["text"]


async def test_edited_message_triggers_nothing(harness: Harness) -> None:
    assert await harness.send(message(FULL, edited=True)) == []
    assert rows(harness.service.store, Conversation) == []


async def test_same_update_twice_is_answered_once(harness: Harness) -> None:
    update = message(VAGUE)
    first = await harness.send(update)
    again = await harness.send(update)
    assert len(first) == 1 and again == []
    start = message("/start")
    assert len(await harness.send(start)) == 1 and await harness.send(start) == []


async def test_a_redelivery_while_the_first_is_in_flight_is_told_to_come_back(harness: Harness) -> None:
    """Telegram may redeliver before the first delivery is answered: one reply, the other 503."""
    update = message(VAGUE)
    statuses = sorted(r.status_code for r in await asyncio.gather(harness.post(update), harness.post(update)))
    assert statuses in ([200, 200], [200, 503])  # 200 twice when the first finished before the second began
    await harness.bot.drain()
    assert len(harness.fake.sent("sendMessage")) == 1


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
async def test_wrong_or_missing_secret_is_refused(harness: Harness, secret: str | None) -> None:
    response = await harness.post(message(FULL), secret=secret)
    assert response.status_code == 403
    await harness.bot.drain()
    assert harness.fake.shown() == []
    assert rows(harness.service.store, ProcessedEvent) == []


async def test_malformed_body_is_a_bad_request(harness: Harness) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert (await harness.http.post("/telegram/webhook", content=b"{not json", headers=headers)).status_code == 400
    assert (await harness.http.post("/telegram/webhook", json=[1], headers=headers)).status_code == 400
    assert (await harness.http.post("/telegram/webhook", json={"message": "x"}, headers=headers)).status_code == 400


async def test_very_long_answer_is_split_with_the_disclaimer_last(fake: FakeTelegram, service: ConversationService) -> None:
    reasons = [Reason(f"f{i}", f"finding number {i} <with> & markup " * 4, 0.1) for i in range(12)]
    entries = [
        Entry(f"c{i}", f"Condition <{i}> & co", ["X00"], tier, i + 1, 0.01, reasons, reasons[:3])
        for i, tier in enumerate(t for t in TIER_TITLES for _ in range(8))
    ]
    long = Outbound(OutboundKind.answer, answer=AnswerView("a & b < c", entries, banner=["chest pain > 20 min"]))

    class Long(ConversationService):
        def handle(self, inbound):  # type: ignore[override]
            return super().handle(inbound) and long

    async for h in _serve(fake, Long(service.store, service.core)):
        parts = await h.send(message(FULL))
        assert len(parts) > 2
        assert all(len(p["text"]) <= LIMIT and valid_html(p["text"]) for p in parts)
        assert parts[0]["text"].startswith("🚨") and parts[-1]["text"].endswith(disclaimer_html())
        assert sum(disclaimer_html() in p["text"] for p in parts) == 1


async def test_a_retry_after_an_interrupted_split_answer_sends_only_the_rest(
    fake: FakeTelegram, service: ConversationService
) -> None:
    entries = [
        Entry(f"c{i}", f"Condition {i}", ["X00"], tier, i + 1, 0.01, [Reason("f", "a finding " * 30, 0.1)] * 12)
        for i, tier in enumerate(t for t in TIER_TITLES for _ in range(8))
    ]
    taken_over = Outbound(OutboundKind.answer, answer=AnswerView("a", entries), resume_from=2)

    class TakenOver(ConversationService):
        def handle(self, inbound):  # type: ignore[override]
            return super().handle(inbound) and taken_over  # as ``take_over`` returns it

    total = len(render(taken_over))
    async for h in _serve(fake, TakenOver(service.store, service.core)):
        sent = await h.send(message(FULL))
        assert total > 2 and len(sent) == total - 2 and sent[-1]["text"].endswith(disclaimer_html())


# --- groups ------------------------------------------------------------------------------------


async def test_group_message_without_mention_gets_nothing(harness: Harness) -> None:
    assert await harness.send(message(FULL, chat_id=GROUP)) == []
    assert await harness.send(photo(chat_id=GROUP)) == []
    assert rows(harness.service.store, Conversation) == []


async def test_group_mention_is_answered_in_its_thread(harness: Harness) -> None:
    update = message(f"@{BOT_USERNAME} {VAGUE}", chat_id=GROUP)
    (question,) = await harness.send(update)
    root = update["message"]["message_id"]
    assert is_question(question) and question["reply_parameters"]["message_id"] == root
    assert all(b["callback_data"].split(":")[1] == str(root) for b in buttons(question))
    assert harness.service.store.has_conversation("telegram", f"{GROUP}:{root}")


async def test_group_thread_continues_by_reply_and_by_button(harness: Harness) -> None:
    mention = message(f"@{BOT_USERNAME} {VAGUE}", chat_id=BASIC_GROUP)
    (question,) = await harness.send(mention)
    # the asker types the answer as a reply to the question (no mention needed)
    reply = message(buttons(question)[0]["text"], chat_id=BASIC_GROUP, reply_to=bot_message(question))
    sent = await harness.send(reply)
    assert sent and (is_question(sent[0]) or is_answer(sent))
    root = mention["message"]["message_id"]
    assert [c.key for c in rows(harness.service.store, Conversation)] == [f"{BASIC_GROUP}:{root}"]
    if is_question(sent[0]):  # the next question's button lands in the same thread
        await harness.send(callback(sent[0], buttons(sent[0])[-1]["callback_data"]))
        assert [c.key for c in rows(harness.service.store, Conversation)] == [f"{BASIC_GROUP}:{root}"]


async def test_group_reply_to_an_answer_in_a_supergroup_thread(harness: Harness) -> None:
    mention = message(f"@{BOT_USERNAME} {FULL}", chat_id=GROUP)
    root = mention["message"]["message_id"]
    question_or_answer = await harness.send(mention)
    follow = message("he is diabetic", chat_id=GROUP, reply_to=bot_message(question_or_answer[-1]), thread_id=root)
    assert await harness.send(follow)
    assert [c.key for c in rows(harness.service.store, Conversation)] == [f"{GROUP}:{root}"]


async def test_group_ddx_answers_without_a_mention(harness: Harness) -> None:
    sent = await harness.send(message(f"/ddx@{BOT_USERNAME} {FULL}", chat_id=GROUP))
    assert is_answer(sent)


# --- /forget -----------------------------------------------------------------------------------


async def test_forget_after_confirmation_deletes_the_chats_rows(harness: Harness) -> None:
    store = harness.service.store
    await ask_privately(harness)
    await harness.send(message(f"/ddx {FULL}"))
    other = await harness.send(message(VAGUE, chat_id=NURSE["id"], user=NURSE))  # another chat stays
    assert other and len(rows(store, Conversation)) == 3
    (confirm,) = await harness.send(message("/forget"))
    yes, no = (b["callback_data"] for b in buttons(confirm))
    await harness.send(callback(confirm, yes, user=NURSE))  # not the asker: nothing happens
    assert "Only the person who asked" in harness.fake.sent("answerCallbackQuery")[-1]["text"]
    assert len(rows(store, Conversation)) == 3
    await harness.send(callback(confirm, yes))
    assert [c.key for c in rows(store, Conversation)] == [str(NURSE["id"])]
    assert "deleted" in harness.fake.sent("editMessageText")[-1]["text"]


async def test_in_a_group_only_the_starter_continues_a_case(harness: Harness) -> None:
    mention = message(f"@{BOT_USERNAME} {VAGUE}", chat_id=GROUP)
    (question,) = await harness.send(mention)
    before = rows(harness.service.store, Turn)
    reply = message(
        buttons(question)[0]["text"],
        chat_id=GROUP,
        user=NURSE,
        reply_to=bot_message(question),
        thread_id=mention["message"]["message_id"],
    )
    (note,) = await harness.send(reply)
    assert note["text"] == NOT_STARTER and note["reply_parameters"]["message_id"] == reply["message"]["message_id"]
    assert await harness.send(callback(question, buttons(question)[0]["callback_data"], user=NURSE)) == []
    assert harness.fake.sent("answerCallbackQuery")[-1]["text"] == NOT_STARTER[:190]
    assert harness.fake.sent("editMessageText") == []  # the question is still open for its asker
    assert len(rows(harness.service.store, Turn)) == len(before)  # nothing of the colleague's kept


async def test_a_shared_group_case_takes_anyones_answer(fake: FakeTelegram, service: ConversationService) -> None:
    async for h in _serve(fake, ConversationService(service.store, service.core, shared=True)):
        (question,) = await h.send(message(f"@{BOT_USERNAME} {VAGUE}", chat_id=BASIC_GROUP))
        sent = await h.send(callback(question, buttons(question)[-1]["callback_data"], user=NURSE))
        assert is_answer(sent)


async def test_group_forget_deletes_the_pressers_cases_and_an_admins_all(harness: Harness) -> None:
    store = harness.service.store
    await harness.send(message(f"@{BOT_USERNAME} {VAGUE}", chat_id=GROUP))
    mine = message(f"@{BOT_USERNAME} {VAGUE}", chat_id=GROUP, user=NURSE)
    await harness.send(mine)
    (confirm,) = await harness.send(message("/forget", chat_id=GROUP, user=NURSE))
    await harness.send(callback(confirm, buttons(confirm)[0]["callback_data"], user=NURSE))
    assert [c.started_by for c in rows(store, Conversation) if c.key.startswith(f"{GROUP}:")] == [str(DOCTOR["id"])]
    assert "Cases others started stay" in harness.fake.sent("editMessageText")[-1]["text"]
    harness.fake.admins.add((GROUP, DOCTOR["id"]))
    (confirm,) = await harness.send(message("/forget", chat_id=GROUP))
    await harness.send(callback(confirm, buttons(confirm)[0]["callback_data"]))
    assert not [c for c in rows(store, Conversation) if c.key.startswith(f"{GROUP}:")]
    assert "about this group has been deleted" in harness.fake.sent("editMessageText")[-1]["text"]


async def test_forget_cancelled_deletes_nothing(harness: Harness) -> None:
    await ask_privately(harness)
    (confirm,) = await harness.send(message("/forget"))
    await harness.send(callback(confirm, buttons(confirm)[1]["callback_data"]))
    assert len(rows(harness.service.store, Conversation)) == 1
    assert "Nothing was deleted" in harness.fake.sent("editMessageText")[-1]["text"]


# --- restarts, polling, configuration ----------------------------------------------------------


async def test_a_restart_between_two_messages_continues_the_conversation(fake: FakeTelegram, core, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    async for h in _serve(fake, ConversationService(Store(url), core)):
        question = await ask_privately(h)
    async for h in _serve(fake, ConversationService(Store(url), core)):  # a new process, same database
        sent = await h.send(callback(question, buttons(question)[0]["callback_data"]))
        assert "text" not in h.fake.sent("answerCallbackQuery")[-1]  # the option was still on offer
        assert sent and (is_question(sent[0]) or is_answer(sent))


async def test_polling_end_to_end(fake: FakeTelegram, service: ConversationService) -> None:
    stop = asyncio.Event()
    fake.pending_updates.append(message(VAGUE))
    settings = telegram_settings(fake, telegram_webhook_secret="")
    task = asyncio.create_task(run_polling(settings, Conversations(service), until=stop.wait(), timeout=0))
    try:
        (question,) = await fake.wait_for("sendMessage")
        assert is_question(question)
        fake.pending_updates.append(callback(question, buttons(question)[-1]["callback_data"]))
        await fake.wait_for("sendMessage", 2)
        assert is_answer(fake.sent("sendMessage")[1:])
        assert fake.sent("setMyCommands") and fake.sent("deleteWebhook")
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


async def test_set_webhook_registers_url_and_secret(fake: FakeTelegram) -> None:
    url = await set_webhook(telegram_settings(fake, telegram_webhook_url="https://ddx.example.org"))
    (call,) = fake.sent("setWebhook")
    assert url == call["url"] == "https://ddx.example.org/telegram/webhook"
    assert call["secret_token"] == SECRET and call["allowed_updates"] == ["message", "callback_query"]


def test_missing_settings_are_named(service: ConversationService) -> None:
    with pytest.raises(TelegramConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        create_app(Settings(_env_file=None, telegram_bot_token=TOKEN), Conversations(service))
    with pytest.raises(TelegramConfigError, match="TELEGRAM_BOT_TOKEN"):
        create_app(Settings(_env_file=None, telegram_webhook_secret=SECRET), Conversations(service))
    with pytest.raises(TelegramConfigError, match="TELEGRAM_BOT_TOKEN"):
        build_bot(Settings(_env_file=None), Conversations(service), polling=True)
    with pytest.raises(TelegramConfigError, match="TELEGRAM_WEBHOOK_URL"):
        asyncio.run(set_webhook(Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_webhook_secret=SECRET)))
    with pytest.raises(TelegramConfigError, match="TELEGRAM_WEBHOOK_SECRET may hold only"):
        create_app(
            Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_webhook_secret="no spaces!"), Conversations(service)
        )


async def test_message_text_is_not_logged_at_info(harness: Harness, caplog) -> None:
    secret_words = "zebra-unicorn calf cramps"
    with caplog.at_level("DEBUG"):
        await harness.send(message(secret_words))
    assert not [r for r in caplog.records if r.levelno >= 20 and "zebra-unicorn" in r.getMessage()]
    assert not [r for r in caplog.records if TOKEN in r.getMessage()]
