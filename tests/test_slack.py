"""Slack end to end: signed requests into the real web app, assertions on what reached Slack.

The real ``AsyncApp`` behind ``adapters.web.create_app`` served by uvicorn on 127.0.0.1, its Web
API client pointed at ``FakeSlack``; a SQLite store per test. The knowledge base changes while
this adapter is developed, so these tests assert protocol behaviour (a question with buttons, an
answer with tier sections and the disclaimer), never a particular diagnosis.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from adapters.slack.app import SlackBot
from adapters.web import PLATFORMS, create_app
from bot.conversations import Conversations
from bot.messages import DISCLAIMER, TIER_TITLES, Inbound, Outbound
from bot.service import ConversationService
from bot.settings import Settings
from bot.store import ProcessedEvent, Store, Turn
from support.slack_api import BOT_ID, BOT_USER_ID, TOKEN, FakeSlack
from support.slack_requests import SECRET, SlackPoster, SlackServer, block_actions, ephemeral_click, mention, message, new_ts

VAGUE = "leg spasms"  # too little to answer at once: the bot asks a question first
FULL = "nocturnal leg and butt spasms in a 62 year old woman"
SLACK_ONLY = [spec for spec in PLATFORMS if spec.name == "slack"]  # whatever else the environment configures
DISCLAIMER_MRKDWN = DISCLAIMER.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Harness:
    fake: FakeSlack
    slack: SlackPoster
    bot: SlackBot
    service: ConversationService
    http: httpx.AsyncClient

    async def settle(self) -> None:
        """Wait until every listener (and so every reply) has finished."""
        await self.bot.drain()


def slack_settings(fake: FakeSlack, **overrides: Any) -> Settings:
    values = {"slack_bot_token": TOKEN, "slack_signing_secret": SECRET, "slack_api_url": fake.api_url, **overrides}
    return Settings(_env_file=None, **values)


@pytest.fixture
def service(core, tmp_path) -> ConversationService:
    return ConversationService(Store(f"sqlite:///{tmp_path / 'slack.sqlite3'}"), core)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


async def _serve(fake: FakeSlack, service: ConversationService, **settings: Any) -> AsyncIterator[Harness]:
    app = create_app(slack_settings(fake, **settings), Conversations(service), SLACK_ONLY)
    async with SlackServer(app) as server, httpx.AsyncClient(base_url=server.url) as http:
        harness = Harness(fake, SlackPoster(http), app.state.platforms["slack"].handle, service, http)
        yield harness
        await harness.settle()


@pytest.fixture
async def harness(fake: FakeSlack, service: ConversationService) -> AsyncIterator[Harness]:
    async for h in _serve(fake, service):
        yield h


# --- what a reply looks like ---------------------------------------------------------------------


def buttons(params: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in params.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def is_question(params: dict[str, Any]) -> bool:
    values = [b["value"] for b in buttons(params)]
    options = [v for v in values if re.fullmatch(r"[a-z0-9_]+:[a-z0-9_]+", v)]
    return len(options) >= 2 and values[-1] == "skip" and "Question" in params["text"]


def is_answer(params: dict[str, Any]) -> bool:
    blocks = params.get("blocks", [])
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    tiers = [
        b for b in blocks if b["type"] == "section" and any(b["text"]["text"].startswith(f"*{t}*") for t in TIER_TITLES.values())
    ]
    return headers == ["Differential diagnosis"] and bool(tiers) and has_disclaimer(params)


def has_disclaimer(params: dict[str, Any]) -> bool:
    last = params["blocks"][-1]
    return last["type"] == "context" and DISCLAIMER_MRKDWN in last["elements"][0]["text"]


def within_limits(blocks: list[dict[str, Any]]) -> bool:
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    return len(blocks) <= 50 and all(len(s) <= 3000 for s in sections) and all(len(h) <= 150 for h in headers)


async def ask_in_channel(h: Harness, text: str = VAGUE) -> tuple[dict[str, Any], dict[str, Any]]:
    """Mention the bot; returns the mention event and the question the bot posted."""
    event = mention(text)
    response = await h.slack.event(event)
    assert response.status_code == 200
    (question,) = await h.fake.wait_for("chat.postMessage")
    assert is_question(question), question
    return event, question


# --- the cases -----------------------------------------------------------------------------------


async def test_url_verification(harness: Harness) -> None:
    body = json.dumps(
        {"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    )
    response = await harness.slack.post(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    await harness.settle()
    assert harness.fake.replies() == []


async def test_an_event_type_the_bot_does_not_use_is_acknowledged_and_ignored(harness: Harness) -> None:
    response = await harness.slack.event(
        {
            "type": "reaction_added",
            "user": "U0DOC",
            "reaction": "thumbsup",
            "item": {"type": "message", "channel": "C0CHAN", "ts": new_ts()},
        }
    )
    assert response.status_code == 200  # a 404 would make Slack retry it
    await harness.settle()
    assert harness.fake.replies() == []


async def test_healthz(harness: Harness) -> None:
    response = await harness.http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "platforms": ["slack"]}
    ready = await harness.http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


async def test_mention_gets_a_question_with_buttons_in_its_thread(harness: Harness) -> None:
    event, question = await ask_in_channel(harness)
    assert question["channel"] == event["channel"]
    assert question["thread_ts"] == event["ts"]
    labels = [b["text"]["text"] for b in buttons(question)]
    assert labels[-1] == "Skip — just answer" and all(0 < len(label) <= 75 for label in labels)
    assert within_limits(question["blocks"])


async def test_button_click_updates_the_question_and_posts_the_next_step(harness: Harness) -> None:
    event, question = await ask_in_channel(harness)
    option = buttons(question)[0]
    started = time.perf_counter()
    response = await harness.slack.action(block_actions(question, option["value"]))
    assert response.status_code == 200 and time.perf_counter() - started < 3
    (update,) = await harness.fake.wait_for("chat.update")
    assert update["channel"] == event["channel"] and update["ts"] == question["ts"]
    assert not any(b["type"] == "actions" for b in update["blocks"]), "buttons stay clickable after the answer"
    assert option["text"]["text"] in update["blocks"][-1]["elements"][0]["text"]
    posted = await harness.fake.wait_for("chat.postMessage", 2)
    step = posted[1]
    assert step["thread_ts"] == event["ts"]
    assert is_question(step) or is_answer(step)
    if is_question(step):  # skip the rest: the answer follows in the same thread
        await harness.slack.action(block_actions({**step, "ts": step["ts"]}, "skip"))
        posted = await harness.fake.wait_for("chat.postMessage", 3)
        assert posted[2]["thread_ts"] == event["ts"] and is_answer(posted[2])
        await harness.fake.wait_for("chat.update", 2)


async def test_double_click_answers_once(harness: Harness) -> None:
    _, question = await ask_in_channel(harness)
    click = block_actions(question, buttons(question)[0]["value"])
    await asyncio.gather(harness.slack.action(click), harness.slack.action({**click, "trigger_id": "2.2.x"}))
    await harness.settle()
    assert len(harness.fake.sent("chat.postMessage")) == 2  # the question and one next step
    assert len(harness.fake.sent("chat.update")) == 1
    assert len(harness.fake.sent("chat.postEphemeral")) == 1  # "already answered", to the second click only


async def test_typed_answer_in_the_thread_continues_the_conversation(harness: Harness) -> None:
    event, question = await ask_in_channel(harness)
    reply = message("1", thread_ts=event["ts"])  # the first option, by number, no mention
    assert (await harness.slack.event(reply)).status_code == 200
    posted = await harness.fake.wait_for("chat.postMessage", 2)
    assert posted[1]["thread_ts"] == event["ts"]
    assert is_answer(posted[1]) or (is_question(posted[1]) and buttons(posted[1]) != buttons(question))
    await harness.slack.event(message("just answer", thread_ts=event["ts"]))
    posted = await harness.fake.wait_for("chat.postMessage", 3)
    assert is_answer(posted[2]) and posted[2]["thread_ts"] == event["ts"]


async def test_direct_messages_are_a_conversation(harness: Harness) -> None:
    await harness.slack.event(message(VAGUE, channel="D0DM", channel_type="im"))
    (question,) = await harness.fake.wait_for("chat.postMessage")
    assert question["channel"] == "D0DM" and "thread_ts" not in question and is_question(question)
    await harness.slack.event(message("skip", channel="D0DM", channel_type="im"))
    posted = await harness.fake.wait_for("chat.postMessage", 2)
    assert posted[1]["channel"] == "D0DM" and "thread_ts" not in posted[1] and is_answer(posted[1])


async def test_channel_messages_it_was_not_asked_into_are_ignored(harness: Harness) -> None:
    await harness.slack.event(message(FULL))  # top level, no mention
    await harness.slack.event(message(FULL, thread_ts=new_ts()))  # someone else's thread
    await harness.settle()
    assert harness.fake.replies() == []


async def test_one_shot_slash_command_is_ephemeral_and_shareable(harness: Harness) -> None:
    response_url = harness.fake.response_url("cmd1")
    started = time.perf_counter()
    response = await harness.slack.command(FULL, response_url=response_url)
    assert response.status_code == 200 and response.text == "" and time.perf_counter() - started < 3
    (answer,) = await harness.fake.wait_for("response_url")
    assert answer["response_type"] == "ephemeral" and is_answer(answer) and within_limits(answer["blocks"])
    share = [b for b in buttons(answer) if b["action_id"] == "ddx_share"]
    assert [b["text"]["text"] for b in share] == ["Share in channel"]
    assert len(buttons(answer)) == 1, "a one-shot answer asks no question"
    assert harness.fake.sent("chat.postMessage") == []

    click = ephemeral_click(answer["blocks"], "ddx_share", channel="C0CHAN", response_url=harness.fake.response_url("share1"))
    assert (await harness.slack.action(click)).status_code == 200
    posts = await harness.fake.wait_for("response_url", 3)
    shared, deleted = posts[1], posts[2]
    assert shared["response_type"] == "in_channel" and is_answer(shared)
    assert "Shared by <@U0DOC>" in json.dumps(shared["blocks"])
    assert not any(b["type"] == "actions" for b in shared["blocks"])
    assert deleted.get("delete_original") is True

    await harness.slack.action(click)  # a second click shares nothing more
    posts = await harness.fake.wait_for("response_url", 4)
    assert posts[3]["response_type"] == "ephemeral" and "already shared" in posts[3]["text"]


async def test_slash_about_gives_a_condition_card(harness: Harness, core) -> None:
    condition = next(iter(core.kb.conditions.values()))
    await harness.slack.command(f"about {condition.name}", response_url=harness.fake.response_url("about"))
    (card,) = await harness.fake.wait_for("response_url")
    assert card["response_type"] == "ephemeral"
    assert card["blocks"][0]["type"] == "header" and card["blocks"][0]["text"]["text"].startswith(condition.name[:100])
    text = json.dumps(card["blocks"])
    assert "*Sources*" in text and "*Red flags:*" in text and has_disclaimer(card) and within_limits(card["blocks"])

    await harness.slack.command("about no-such-thing-xyz", response_url=harness.fake.response_url("unknown"))
    await harness.slack.command("help", response_url=harness.fake.response_url("help"))
    posts = await harness.fake.wait_for("response_url", 3)
    unknown, help_ = sorted(posts[1:], key=lambda p: p["_response_url"])[::-1]
    assert "no-such-thing-xyz" in unknown["text"] and not has_disclaimer(unknown)
    assert "/ddx about" in json.dumps(help_["blocks"]) and help_["response_type"] == "ephemeral"


async def test_retried_delivery_gets_no_second_reply(harness: Harness) -> None:
    event = mention(VAGUE)
    await harness.slack.event(event, event_id="Ev0RETRY")
    await harness.fake.wait_for("chat.postMessage")
    for attempt in (1, 2, 3):
        response = await harness.slack.event(event, event_id="Ev0RETRY", retry=attempt)
        assert response.status_code == 200
    await harness.settle()
    assert len(harness.fake.sent("chat.postMessage")) == 1


async def test_concurrent_retry_gets_no_second_reply(harness: Harness) -> None:
    event = mention(VAGUE)
    await asyncio.gather(harness.slack.event(event, event_id="Ev0SAME"), harness.slack.event(event, event_id="Ev0SAME", retry=1))
    await harness.settle()
    assert len(harness.fake.sent("chat.postMessage")) == 1


async def test_mention_delivered_as_app_mention_and_message_gets_one_reply(harness: Harness) -> None:
    first = mention(VAGUE)  # a new thread: both deliveries at once
    as_message = message(first["text"], ts=first["ts"])
    await asyncio.gather(harness.slack.event(first), harness.slack.event(as_message))
    await harness.settle()
    assert len(harness.fake.sent("chat.postMessage")) == 1

    follow = mention("skip", thread_ts=first["ts"])  # inside the bot's thread: both would answer
    as_message = message(follow["text"], ts=follow["ts"], thread_ts=first["ts"])
    await asyncio.gather(harness.slack.event(as_message), harness.slack.event(follow))
    await harness.settle()
    posted = harness.fake.sent("chat.postMessage")
    assert len(posted) == 2 and is_answer(posted[1])


async def test_bot_own_and_edited_messages_get_no_reply(harness: Harness) -> None:
    event, question = await ask_in_channel(harness)
    thread = event["ts"]
    other_bot = message("skip", thread_ts=thread, subtype="bot_message", bot_id="B0OTHER", username="other")
    other_bot.pop("user")
    app_user_bot = message("skip", thread_ts=thread, user="U0APPBOT", bot_id="B0APP", bot_profile={"id": "B0APP"})
    own = message("skip", thread_ts=thread, user=BOT_USER_ID, bot_id=BOT_ID)
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": event["channel"],
        "ts": new_ts(),
        "event_ts": new_ts(),
        "channel_type": "channel",
        "message": {"type": "message", "user": "U0DOC", "text": "skip", "ts": thread, "thread_ts": thread},
        "previous_message": {"type": "message", "user": "U0DOC", "text": VAGUE, "ts": thread},
    }
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": event["channel"],
        "ts": new_ts(),
        "deleted_ts": question["ts"],
        "event_ts": new_ts(),
        "channel_type": "channel",
    }
    for ignored in (other_bot, app_user_bot, own, edited, deleted):
        assert (await harness.slack.event(ignored)).status_code == 200
    await harness.settle()
    assert harness.fake.replies() == [question]


async def test_bad_signature_and_stale_timestamp_are_rejected(harness: Harness) -> None:
    event = mention(FULL)
    body = json.dumps({"type": "event_callback", "team_id": "T0TEAM", "event": event, "event_id": "Ev0BAD"})
    forged = {"X-Slack-Signature": "v0=" + "0" * 64}
    assert (await harness.slack.post(body, "application/json", headers=forged)).status_code == 401
    stale = int(time.time()) - 6 * 60  # signed correctly, but older than five minutes
    assert (await harness.slack.post(body, "application/json", timestamp=stale)).status_code == 401
    unsigned = await harness.http.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401
    await harness.settle()
    assert harness.fake.calls == []


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_a_failed_post_is_retried_and_sent_once(harness: Harness, status: int) -> None:
    harness.fake.fail_once("chat.postMessage", status=status, retry_after=0)
    event = mention(VAGUE)
    await harness.slack.event(event)
    (question,) = await harness.fake.wait_for("chat.postMessage")
    assert [c.status for c in harness.fake.attempts("chat.postMessage")] == [status, 200]
    assert question["thread_ts"] == event["ts"] and is_question(question)


async def test_a_post_that_keeps_failing_asks_slack_to_retry_and_the_retry_sends_the_stored_reply(harness: Harness) -> None:
    for _ in range(3):  # the first attempt and both retries of the client
        harness.fake.fail_once("chat.postMessage", status=500)
    harness.service.lease = timedelta(0)  # the retry may take over at once
    event = mention(VAGUE)
    first = await harness.slack.event(event, event_id="Ev0FAIL")
    assert first.status_code == 500  # not acknowledged: Slack will retry
    retry = await harness.slack.event(event, event_id="Ev0FAIL", retry=1)
    assert retry.status_code == 200
    await harness.settle()
    assert [c.status for c in harness.fake.attempts("chat.postMessage")] == [500, 500, 500, 200]
    with Session(harness.service.store.engine) as session:
        assert len(session.exec(select(Turn)).all()) == 2  # the engine ran once: the retry re-sent its reply


async def test_a_retry_after_ddx_forget_posts_nothing_and_stores_nothing(harness: Harness) -> None:
    """A reply that failed to post, then ``/ddx forget``, then Slack's retry: nothing comes back."""
    for _ in range(3):
        harness.fake.fail_once("chat.postMessage", status=500)
    harness.service.lease = timedelta(0)
    event = mention(VAGUE)
    assert (await harness.slack.event(event, event_id="Ev0FORGOT")).status_code == 500
    await harness.slack.command("forget", response_url=harness.fake.response_url("forget"))
    await harness.fake.wait_for("response_url")
    retry = await harness.slack.event(event, event_id="Ev0FORGOT", retry=1)
    assert retry.status_code == 200
    await harness.settle()
    assert [c.status for c in harness.fake.attempts("chat.postMessage")] == [500, 500, 500]  # no fourth, successful post
    with Session(harness.service.store.engine) as session:
        assert session.exec(select(Turn)).all() == []
        assert [e.reply for e in session.exec(select(ProcessedEvent))] == [None]


# --- a very long answer, end to end --------------------------------------------------------------


class LongAnswerService(ConversationService):
    """The real service's store, but every turn answers with an absurdly long differential."""

    def __init__(self, base: ConversationService, outbound: Outbound):
        super().__init__(base.store, base.core)
        self.outbound = outbound

    def handle(self, inbound: Inbound) -> Outbound | None:
        return self.outbound


def long_answer() -> Outbound:
    from bot.messages import AnswerView, Entry, OutboundKind, Reason

    reasons = [Reason(f"f{i}", f"finding <{i}> & more " + "x" * 60, 1.0) for i in range(12)]
    entries = [
        Entry(
            f"c{i}", f"Condition <b>{i}</b> & co", ["R69"], tier, i + 1, 0.5 / (i + 1), reasons, reasons[:4], ["criteria " * 20]
        )
        for i, tier in enumerate(["most_likely"] + ["other_likely"] * 80 + ["do_not_miss"] * 60 + ["rare"] * 60)
    ]
    banner = [f"Red flag <{i}> & urgent" for i in range(8)]
    view = AnswerView("a <very> long & winding presentation " * 30, entries, banner, ["changed <x>"] * 6, "test")
    return Outbound(OutboundKind.answer, answer=view)


async def test_very_long_answer_stays_within_slack_limits(fake: FakeSlack, service: ConversationService) -> None:
    async for h in _serve(fake, LongAnswerService(service, long_answer())):
        await h.slack.event(mention("anything"))
        (posted,) = await h.fake.wait_for("chat.postMessage")
        blocks = posted["blocks"]
        assert within_limits(blocks) and has_disclaimer(posted)
        assert "URGENT" in blocks[0]["text"]["text"]
        text = json.dumps(blocks)
        assert "<b>" not in text and "&lt;b&gt;" in text and "&amp; co" in text
        assert "*Do not miss*" in text, "the do-not-miss tier is never trimmed away before rare diagnoses"
        assert len(posted["text"]) <= 3000


async def test_message_text_is_never_logged_at_info_or_above(fake: FakeSlack, service: ConversationService, caplog) -> None:
    caplog.set_level(logging.DEBUG)  # bolt copies the root level: the most talkative setting
    marker = "zebrafinch"
    async for h in _serve(fake, service):
        event = mention(f"{VAGUE} {marker}")
        await h.slack.event(event)
        await h.fake.wait_for("chat.postMessage")
        await h.slack.event(message(f"skip {marker}", thread_ts=event["ts"]))
        await h.slack.command(f"{FULL} {marker}", response_url=h.fake.response_url("log"))
        await h.fake.wait_for("response_url")
        body = json.dumps({"type": "event_callback", "event": mention(marker)})
        assert (await h.slack.post(body, "application/json", headers={"X-Slack-Signature": "v0=bad"})).status_code == 401
    loud = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert loud and not [r.getMessage() for r in loud if marker in r.getMessage()]
