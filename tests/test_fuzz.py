"""Fuzzing: random text, choices and payloads must never crash the bot or lose the disclaimer.

The engine part drives ``bot.engine.handle`` with thousands of random turns (any unicode, lone
surrogates, control characters, emoji, markup of every platform, lab values, negations, texts up to
10,000 characters, valid and invalid option choices) and renders every reply for the terminal,
Slack and Telegram: answers and cards carry the disclaimer, and every rendering stays within the
platform's limits and escapes user text. The HTTP part posts random bodies and Telegram-shaped
updates to one running web app (Slack and Telegram mounted, fake platform APIs behind them): a
malformed payload gets a 4xx or 200, never a 5xx, and ``/healthz`` keeps answering.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
import pytest
from conftest import Chat
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from test_slack import _serve as serve_slack
from test_slack import has_disclaimer, slack_settings, within_limits
from test_telegram import SECRET as TELEGRAM_SECRET
from test_telegram import _serve as serve_telegram
from test_telegram import valid_html

from adapters.json_depth import MAX_DEPTH, too_deep
from adapters.slack.blocks import MAX_FALLBACK
from adapters.slack.blocks import render as render_slack
from adapters.telegram.render import LIMIT, disclaimer_html
from adapters.telegram.render import render as render_telegram
from adapters.web import create_app
from bot.conversations import Conversations
from bot.engine import Core
from bot.messages import DISCLAIMER, Outbound, OutboundKind
from bot.render_text import render_text
from bot.service import ConversationService
from bot.store import Store, Turn
from support.fuzzing import scaled
from support.slack_api import FakeSlack
from support.slack_requests import SlackPoster, SlackServer, block_actions, envelope, mention
from support.slack_requests import message as slack_message
from support.telegram_api import TOKEN as TELEGRAM_TOKEN
from support.telegram_api import FakeTelegram, bot_message
from support.telegram_api import message as telegram_message

T = TypeVar("T")

# --- what random text is made of ---------------------------------------------------------------

CLINICAL = [
    "nocturnal",
    "calf",
    "cramps",
    "leg",
    "butt",
    "spasms",
    "62F",
    "70 year old man",
    "swollen",
    "red",
    "hot",
    "K 2.1",
    "K+ 2.1 mmol/L",
    "Na 128",
    "Mg 0.5",
    "CK 12,000",
    "eGFR 15",
    "HbA1c 9%",
    "T 38.5",
    "BP 90/60",
    "no",
    "not",
    "denies",
    "without",
    "no swelling",
    "never",
    "absent",
    "negative for",
    "?DVT",
    "r/o",
    "left",
    "right",
    "bilateral",
    "on furosemide",
    "statin",
    "diabetic",
    "pregnant",
    "after a long flight",
]
FOLLOW_UPS = [
    "why not DVT?",
    "why not",
    "explain RLS",
    "explain",
    "workup",
    "workup for gout",
    "red flags",
    "red flags for sciatica",
    "new",
    "skip",
    "just answer",
    "help",
    "1",
    "2",
    "0",
    "9",
    "-1",
    "one",
]
MARKUP = [
    "*bold*",
    "_it_",
    "~strike~",
    "`code`",
    "```block```",
    "<@U0DOC>",
    "<!channel>",
    "<https://x.org|x>",
    "&amp;",
    "&lt;",
    "<b>",
    "</i>",
    "<script>",
    "&",
    "<",
    ">",
    "\"",
    "'",
    "\\",
    "[x](y)",
    "# h",
    "> quote",
    "@ddx_test_bot",
    "/ddx",
    "/start",
    "🦵",
    "👨‍⚕️",
    "🩸",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "\u2028",
    "Ⅻ",
    "١٢٣",
    "ß",
    "İ",
]

# Every code point, lone surrogates too: JSON can carry them ("\ud800") and Inbound replaces them.
ANY_CHAR = st.characters()
words = st.one_of(st.sampled_from(CLINICAL + FOLLOW_UPS + MARKUP), st.text(ANY_CHAR, max_size=12))
texts = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    st.lists(words, max_size=25).map(" ".join),
    st.text(st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u2028\u3000"), max_size=20),  # empty or whitespace only
    st.builds(
        lambda piece, n: (piece * n)[:10_000], st.lists(words, min_size=1, max_size=5).map(" ".join), st.integers(1, 3000)
    ),  # up to 10,000 characters, around the 4,000 limit
)


# --- the engine --------------------------------------------------------------------------------


def check(out: Outbound) -> None:
    """Every reply: the disclaimer where it belongs, renderable everywhere, within every limit."""
    assert isinstance(out, Outbound) and isinstance(out.kind, OutboundKind)
    medical = out.kind in (OutboundKind.answer, OutboundKind.card)
    assert bool(out.disclaimer) == medical
    text = render_text(out)
    assert text.endswith(DISCLAIMER) if medical else DISCLAIMER not in text

    slack = render_slack(out)
    assert within_limits(slack.blocks) and len(slack.text) <= MAX_FALLBACK
    assert has_disclaimer({"blocks": slack.blocks}) == medical
    for block in slack.blocks:  # user text is escaped: no Slack markup (<@U…>, <!channel>, links) gets in
        for mrkdwn in [block.get("text", {})] + block.get("elements", []):
            if mrkdwn.get("type") == "mrkdwn":
                bare = mrkdwn["text"].replace("<1%", "")  # the renderer's own "under 1%" posterior
                assert "<" not in bare and ">" not in bare, mrkdwn["text"]

    parts = render_telegram(out)
    assert parts and all(len(p.text) <= LIMIT and valid_html(p.text) for p in parts)
    assert parts[-1].text.endswith(disclaimer_html()) == medical
    for part in parts:
        for row in part.keyboard.inline_keyboard if part.keyboard else ():
            assert all(len(b.callback_data.encode()) <= 64 for b in row)


def choices(out: Outbound | None, core: Core) -> st.SearchStrategy[str]:
    """Options of the question on screen (valid), of another question (stale), skip, or garbage."""
    shown = [o.id for o in out.question.options] if out is not None and out.question else []
    other = [f"{q}:{o.id}" for q, question in core.kb.questions.items() for o in question.options]
    return st.one_of(
        *([st.sampled_from(shown)] if shown else []),
        st.sampled_from(other),
        st.just("skip"),
        st.sampled_from([":", "::", "skip:", f"{other[0]}:x", other[0].split(":")[0] + ":", "SKIP", " skip "]),
        st.text(ANY_CHAR, max_size=30),
    )


@settings(max_examples=scaled(900), deadline=None)
@given(data=st.data())
def test_random_conversations_never_fail_and_keep_the_disclaimer(core: Core, data: st.DataObject) -> None:
    chat = Chat(core)
    out: Outbound | None = None
    for _ in range(data.draw(st.integers(1, 8), label="turns")):
        move = data.draw(st.sampled_from(["say", "say", "one_shot", "follow_up", "choose"]), label="move")
        if move == "choose":
            out = chat.choose(data.draw(choices(out, core), label="choice"))
        elif move == "follow_up":
            out = chat.say(data.draw(st.sampled_from(FOLLOW_UPS), label="follow-up"))
        else:
            out = chat.say(data.draw(texts, label="text"), one_shot=move == "one_shot")
        check(out)


@settings(max_examples=scaled(800), deadline=None)
@given(text=texts, one_shot=st.booleans())
def test_any_single_text_is_answered_or_refused_politely(core: Core, text: str, one_shot: bool) -> None:
    out = Chat(core).say(text, one_shot=one_shot)
    check(out)
    if not text.strip():
        assert out.kind == OutboundKind.error


@settings(max_examples=scaled(300), deadline=None)
@given(extra=st.lists(words, max_size=12).map(" ".join), choice=st.data())
def test_answers_to_a_real_question_keep_the_disclaimer(core: Core, extra: str, choice: st.DataObject) -> None:
    """From a question on screen: an option, skip or garbage, then more text and a follow-up."""
    chat = Chat(core)
    out = chat.say("leg spasms")
    assert out.kind == OutboundKind.question
    out = chat.choose(choice.draw(choices(out, core), label="choice"))
    check(out)
    check(chat.say(f"leg spasms {extra}"))
    check(chat.say(choice.draw(st.sampled_from(FOLLOW_UPS), label="follow-up")))


def test_lone_surrogate_in_text(core: Core) -> None:
    """Found by this fuzzing: a lone surrogate reached spaCy's tokenizer, which raised."""
    check(Chat(core).say("0\ud800"))


# --- the web app over HTTP ---------------------------------------------------------------------


@dataclass
class Web:
    """The web app with both platforms, served on an event loop this module drives itself: one
    server for every example (hypothesis calls a sync test; each request runs the loop)."""

    loop: asyncio.AbstractEventLoop
    server: SlackServer
    http: httpx.AsyncClient
    slack: SlackPoster

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(coroutine, 30))

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        return self.run(self.http.post(path, content=body, headers=headers)).status_code

    def healthy(self) -> bool:
        task = self.server._task
        return task is not None and not task.done() and self.run(self.http.get("/healthz")).status_code == 200


@pytest.fixture(scope="module")
def web(core: Core, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    loop = asyncio.new_event_loop()
    service = ConversationService(Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'web.sqlite3'}"), core)

    async def start() -> tuple[FakeSlack, FakeTelegram, Web]:
        slack_api, telegram_api = await FakeSlack().start(), await FakeTelegram().start()
        settings = slack_settings(
            slack_api,
            telegram_bot_token=TELEGRAM_TOKEN,
            telegram_webhook_secret=TELEGRAM_SECRET,
            telegram_api_url=telegram_api.base_url,
        )
        server = await SlackServer(create_app(settings, Conversations(service))).__aenter__()
        http = httpx.AsyncClient(base_url=server.url, timeout=30)
        return slack_api, telegram_api, Web(loop, server, http, SlackPoster(http))

    slack_api, telegram_api, web = loop.run_until_complete(start())
    assert web.healthy()
    yield web

    async def stop() -> None:
        await web.http.aclose()
        await web.server.__aexit__(None, None, None)
        await slack_api.stop()
        await telegram_api.stop()

    loop.run_until_complete(stop())
    loop.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(ANY_CHAR, max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
json_objects = st.dictionaries(st.text(max_size=10), json_values, max_size=5)


def slack_event(data: st.DataObject) -> dict[str, Any]:
    text = data.draw(texts, label="text")
    event = data.draw(
        st.sampled_from(
            [
                mention(text),
                slack_message(text, channel="D0FUZZ", channel_type="im"),
                slack_message(text, thread_ts="1600000000.000001"),
            ]
        ),
        label="event",
    )
    return envelope(event)


def slack_click(data: st.DataObject) -> dict[str, Any]:
    """A click on a question-like message whose button value (the choice) is random."""
    value = data.draw(st.one_of(st.just("skip"), st.text(ANY_CHAR, max_size=40)), label="value")
    posted = {
        "channel": "D0FUZZ",
        "ts": "1700000000.000001",
        "text": "Question",
        "blocks": [
            {
                "type": "actions",
                "block_id": "ddx_question_0",
                "elements": [
                    {
                        "type": "button",
                        "action_id": data.draw(
                            st.sampled_from(["ddx_choice_1", "ddx_skip", "ddx_share", "ddx_forget", "other"]), label="action"
                        ),
                        "text": {"type": "plain_text", "text": "x"},
                        "value": value,
                    }
                ],
            }
        ],
    }
    return block_actions(posted, value)


def nested(depth: int, kind: str = "mixed") -> str:
    """JSON ``depth`` arrays/objects deep: ``[{"a": [{"a": …}]}]``, or one bracket kind only."""
    opening = {"array": "[", "object": '{"a":', "mixed": '[{"a":'}[kind]
    closing = {"array": "]", "object": "}", "mixed": "}]"}[kind]
    levels = depth if kind != "mixed" else depth // 2
    return opening * levels + "1" + closing * levels


def nested_body(data: st.DataObject) -> bytes:
    """A JSON object nesting well past the limit, or just within it (under 1 MB even as a form)."""
    depth = data.draw(st.sampled_from([MAX_DEPTH - 2, MAX_DEPTH + 2, 200, 5000, 50_000]), label="depth")
    kind = data.draw(st.sampled_from(["array", "object", "mixed"]), label="nesting")
    return ('{"type": "event_callback", "x": ' + nested(depth, kind) + "}").encode()


def slack_body(data: st.DataObject) -> tuple[bytes, str]:
    """A body and content type: a random JSON object, a Slack event, command or click with random
    content, a random form, or raw bytes. Mistyped Slack structure, on which slack-bolt raises
    before it checks the signature, has its own cases below."""
    kind = data.draw(st.sampled_from(["json", "event", "form", "command", "click", "bytes", "nested"]), label="body kind")
    if kind == "nested":
        body = nested_body(data)
        if data.draw(st.booleans(), label="as a form payload"):
            return urlencode({"payload": body.decode()}).encode(), "application/x-www-form-urlencoded"
        return body, "application/json"
    if kind == "json":
        return json.dumps(data.draw(json_objects, label="json")).encode(), "application/json"
    if kind == "event":
        return json.dumps(slack_event(data)).encode(), "application/json"
    if kind == "form":
        form = data.draw(st.dictionaries(st.text(max_size=10), st.text(ANY_CHAR, max_size=40), max_size=5), label="form")
        return urlencode(
            {k: v.encode("utf-8", "surrogatepass") for k, v in form.items()}
        ).encode(), "application/x-www-form-urlencoded"
    if kind == "command":
        form = {
            "command": "/ddx",
            "text": data.draw(texts, label="text"),
            "team_id": "T0TEAM",
            "channel_id": "C0CHAN",
            "user_id": "U0DOC",
            "response_url": data.draw(st.sampled_from(["", "not a url"]), label="url"),
        }
        return urlencode(form, errors="surrogatepass").encode(), "application/x-www-form-urlencoded"
    if kind == "click":
        return urlencode({"payload": json.dumps(slack_click(data))}).encode(), "application/x-www-form-urlencoded"
    raw = (
        st.text(ANY_CHAR, max_size=300)
        .map(lambda t: t.encode("utf-8", "surrogatepass"))
        .filter(  # not JSON for bolt
            lambda b: not b.lstrip().startswith((b"{", b"payload="))
        )
    )
    return data.draw(raw, label="bytes"), data.draw(
        st.sampled_from(["application/x-www-form-urlencoded", "text/plain"]), label="content type"
    )


@settings(max_examples=scaled(150), deadline=None)
@given(data=st.data())
def test_random_slack_requests_get_no_server_error(web: Web, data: st.DataObject) -> None:
    body, content_type = slack_body(data)
    signed = data.draw(st.sampled_from(["signed", "signed", "unsigned", "stale", "timestamp"]), label="signature")
    if signed == "unsigned":
        headers = {"Content-Type": content_type}
    elif signed == "timestamp":  # signed over a timestamp that is no integer
        timestamp = data.draw(
            st.one_of(
                st.sampled_from(NOT_INTEGER_TIMESTAMPS),
                st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12).filter(  # what HTTP can carry
                    lambda t: t == t.strip() and not (t.isascii() and t.isdigit())
                ),
            ),
            label="timestamp",
        )
        headers = web.slack.signer.headers(body, content_type, timestamp)
    else:
        timestamp = int(time.time()) - (600 if signed == "stale" else 0)
        headers = web.slack.signer.headers(body, content_type, timestamp)
    status = web.post("/slack/events", body, headers)
    assert status < 500, status
    if signed != "signed":
        assert status == 401
    assert web.healthy()


NOT_INTEGER_TIMESTAMPS = ["abc", "²", "١٢٣", "1e9", "12.5", "-1", "0x10", "1_700_000_000", "9" * 40]


@pytest.mark.parametrize("timestamp", NOT_INTEGER_TIMESTAMPS)
def test_a_timestamp_that_is_no_integer_is_refused(web: Web, timestamp: str) -> None:
    """Found by the second trust review: the signature verifier's ``int()`` raised (500, a traceback)."""
    body = json.dumps(envelope(mention("calf cramps")))
    assert web.post("/slack/events", body.encode(), web.slack.signer.headers(body, "application/json", timestamp)) == 401
    assert web.healthy()


def test_an_unsigned_nested_body_is_refused_without_being_parsed(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    """900 KiB of nesting from a stranger: 401 on the raw bytes, never parsed (it once cost 357 ms)."""
    body = nested(900 * 1024 // 2, "array").encode()
    parsed: list[int] = []
    real_loads = json.loads
    monkeypatch.setattr(json, "loads", lambda text, *a, **kw: parsed.append(len(text)) or real_loads(text, *a, **kw))
    assert web.post("/slack/events", body, {"Content-Type": "application/json"}) == 401
    assert not [n for n in parsed if n >= len(body) // 2]


@pytest.mark.parametrize("kind", ["array", "object", "mixed"])
def test_signed_nesting_past_the_limit_is_a_client_error(web: Web, kind: str) -> None:
    """With a valid signature or secret: 400 for nesting past the limit, deep enough to have made
    ``json.loads`` raise RecursionError (a 500); nesting within it is read as usual."""
    deep = '{"type": "event_callback", "x": ' + nested(50_000, kind) + "}"
    assert web.post("/slack/events", deep.encode(), web.slack.signer.headers(deep, "application/json")) == 400
    form = urlencode({"payload": deep})
    assert web.post("/slack/events", form.encode(), web.slack.signer.headers(form, "application/x-www-form-urlencoded")) == 400
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    assert web.post("/telegram/webhook", nested(50_000, kind).encode(), headers) == 400
    assert web.post("/telegram/webhook", nested(MAX_DEPTH + 2, kind).encode(), headers) == 400
    within = '{"type": "event_callback", "x": ' + nested(MAX_DEPTH - 2, kind) + "}"
    assert (
        web.post("/slack/events", within.encode(), web.slack.signer.headers(within, "application/json")) == 404
    )  # Bolt: no listener
    assert web.healthy()


def test_depth_ignores_brackets_inside_strings() -> None:
    text = json.dumps({"event": {"text": "[[[{{{" * 100 + '\\"]]' * 50}})
    assert not too_deep(text) and too_deep(nested(MAX_DEPTH + 1, "array"))
    assert not too_deep(nested(MAX_DEPTH, "array")) and not too_deep(nested(MAX_DEPTH, "mixed"))


async def test_a_nul_character_is_dropped_and_the_message_answered(
    core: Core, database_url: str, fake_slack: FakeSlack, fake_telegram: FakeTelegram, unique_key: str
) -> None:
    """PostgreSQL refuses NUL in text: Slack got a 500 on every retry, Telegram no reply at all."""
    service = ConversationService(Store(database_url), core)
    text = f"calf cramps\x00 at night, no swelling ({unique_key})"
    async for slack in serve_slack(fake_slack, service):
        response = await slack.slack.event(slack_message(text, channel="D0NUL", channel_type="im"))
        assert response.status_code == 200
        assert await fake_slack.wait_for("chat.postMessage")
    async for telegram in serve_telegram(fake_telegram, service):
        chat = random.randint(10**6, 10**9)
        assert await telegram.send(telegram_message(text, chat_id=chat, user={"id": chat, "is_bot": False, "first_name": "A"}))
    with service.store.engine.connect() as conn:
        stored = conn.execute(select(Turn.text).where(Turn.text.contains(unique_key))).scalars().all()
    assert stored == [text.replace("\x00", "")] * 2


BOLT_CRASHES = [  # (body, content type, signed): found by this fuzzing, each once answered 500 with a traceback
    pytest.param(b"null", "application/json", False, id="json-null"),
    pytest.param(b"not json", "application/json", False, id="json-content-type-not-json"),
    pytest.param(b"\x80", "application/x-www-form-urlencoded", False, id="not-utf-8"),
    pytest.param(b"\xed\xa0\x80", "application/x-www-form-urlencoded", True, id="signed-not-utf-8"),
    pytest.param(b"payload=1", "application/x-www-form-urlencoded", False, id="form-payload-not-an-object"),
    pytest.param(b'{"team": 1}', "application/json", False, id="mistyped-team"),
    pytest.param(b'{"type": "event_callback", "event": null}', "application/json", True, id="signed-event-null"),
]


@pytest.mark.parametrize(("body", "content_type", "signed"), BOLT_CRASHES)
def test_malformed_slack_body_is_a_client_error(web: Web, body: bytes, content_type: str, signed: bool) -> None:
    headers = web.slack.signer.headers(body, content_type) if signed else {"Content-Type": content_type}
    assert web.post("/slack/events", body, headers) < 500
    assert web.healthy()


def telegram_update(data: st.DataObject) -> Any:
    """A Telegram-shaped update (a text message, a button press) with random text or callback data.
    Structure missing a required field has its own case below."""
    text = data.draw(texts, label="text")
    chat_id = data.draw(st.sampled_from([1001, 1002, -1001234567, -4242]), label="chat")
    kind = data.draw(st.sampled_from(["message", "mention", "command", "callback"]), label="update kind")
    if kind == "callback":
        sent = {"message_id": 5000, "chat_id": chat_id, "text": "Question 1"}
        callback_data = data.draw(
            st.one_of(
                st.sampled_from(["s:-", "o:-:timing:night_rest", "o:-:x:y", "h:-:abc", "f:1:2"]), st.text(ANY_CHAR, max_size=64)
            ),
            label="callback data",
        )
        update = {
            "update_id": data.draw(st.integers(1, 2**31), label="update id"),
            "callback_query": {
                "id": "cq1",
                "from": {"id": 1001, "is_bot": False, "first_name": "Ada"},
                "chat_instance": "-42",
                "message": bot_message(sent),
                "data": callback_data,
            },
        }
    else:
        prefix = {"message": "", "mention": "@ddx_test_bot ", "command": "/ddx "}[kind]
        update = telegram_message(prefix + text, chat_id=chat_id, user={"id": abs(chat_id), "is_bot": False, "first_name": "A"})
    return update


def test_update_without_chat_is_a_client_error(web: Web) -> None:
    """Found by this fuzzing: answered 503, so Telegram would have redelivered it forever."""
    update = telegram_message("leg cramps")
    del update["message"]["chat"]
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    assert web.post("/telegram/webhook", json.dumps(update).encode(), headers) == 400


def telegram_body(data: st.DataObject) -> bytes:
    kind = data.draw(st.sampled_from(["update", "update", "json", "bytes", "nested"]), label="body kind")
    if kind == "nested":
        return nested_body(data)
    if kind == "bytes":
        return data.draw(st.binary(max_size=300), label="bytes")
    value = telegram_update(data) if kind == "update" else data.draw(json_values, label="json")  # any JSON: 400
    return json.dumps(value).encode()


@settings(max_examples=scaled(150), deadline=None)
@given(data=st.data())
def test_random_telegram_updates_get_no_server_error(web: Web, data: st.DataObject) -> None:
    body = telegram_body(data)
    secret = data.draw(st.sampled_from([TELEGRAM_SECRET, TELEGRAM_SECRET, TELEGRAM_SECRET, "wrong", None]), label="secret")
    headers = {"Content-Type": "application/json"} | ({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {})
    status = web.post("/telegram/webhook", body, headers)
    assert status < 500, status
    if secret != TELEGRAM_SECRET:
        assert status == 403
    assert web.healthy()
