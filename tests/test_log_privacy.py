"""Message text is health information: no log record at INFO or above may carry any of it.

Every record that any logger handles is captured — whatever its handlers, and also from loggers
that do not propagate to the root (uvicorn's) — with the root logger at DEBUG, the most talkative
setting an operator can choose (``LOG_LEVEL=DEBUG``). Loggers with a level of their own keep it
(SQLAlchemy sets WARNING on import), as in production. A full conversation runs through the
service, the Slack app and the Telegram webhook, including the paths where libraries like to log
request bodies (a bad Slack signature, an unhandled Slack payload, a malformed Telegram update).
The clinical text carries made-up words, so a hit can only be a leak.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from test_slack import Harness as SlackHarness
from test_slack import _serve as serve_slack
from test_slack import buttons as slack_buttons
from test_slack import is_answer as is_slack_answer
from test_telegram import SECRET as TELEGRAM_SECRET
from test_telegram import _serve as serve_telegram
from test_telegram import buttons as telegram_buttons
from test_telegram import is_answer as is_telegram_answer

from bot import logs
from bot.messages import Inbound, Outbound, OutboundKind
from bot.service import ConversationService
from bot.store import Store, Turn
from support.slack_api import TOKEN as SLACK_TOKEN
from support.slack_api import FakeSlack
from support.slack_requests import SECRET as SLACK_SECRET
from support.slack_requests import block_actions, envelope
from support.slack_requests import message as slack_message
from support.telegram_api import TOKEN as TELEGRAM_TOKEN
from support.telegram_api import FakeTelegram, callback, photo
from support.telegram_api import message as telegram_message

WORDS = ("quillfeather", "zeppelin", "brindlemarsh", "vesperine")  # made up: in no library, knowledge base or log
PRESENTATION = (
    "Mr Quillfeather, a 58 year old zeppelin rigger from Brindlemarsh on vesperine, "
    "has nocturnal calf cramps and leg spasms, K 2.1, no swelling"
)
OPENING = "leg spasms in Mr Quillfeather, a zeppelin rigger from Brindlemarsh"  # vague: questions come first
FOLLOW_UPS = ("why not DVT? Quillfeather worries", "workup", "red flags", "he is diabetic, says Quillfeather")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class AllRecords(list[logging.LogRecord]):
    """Every record a logger hands to its handlers: ``Logger.callHandlers`` is the one call that
    sees them all, propagating or not, after the loggers' own filters (the redaction filters)."""

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = logging.Logger.callHandlers

        def call_handlers(logger: logging.Logger, record: logging.LogRecord) -> None:
            self.append(record)
            original(logger, record)

        monkeypatch.setattr(logging.Logger, "callHandlers", call_handlers)

    def loud(self) -> list[logging.LogRecord]:
        return [r for r in self if r.levelno >= logging.INFO]


def texts_of(record: logging.LogRecord) -> list[str]:
    """Everything of a record that can reach a log: message, extras, traceback, stack, JSON line."""
    texts = [record.getMessage(), *(repr(v) for k, v in vars(record).items() if k not in _STANDARD)]
    if record.exc_info:
        texts.append(logging.Formatter().formatException(record.exc_info))
    texts += [record.exc_text or "", record.stack_info or "", logs.formatter(json=True).format(record)]
    return texts


def leaks(records: list[logging.LogRecord]) -> list[str]:
    return [f"{r.name} {r.levelname}: {t[:300]}" for r in records for t in texts_of(r) if any(w in t.lower() for w in WORDS)]


@pytest.fixture
def records(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> Iterator[AllRecords]:
    caplog.set_level(logging.DEBUG)  # root at DEBUG before any app is built (slack-bolt copies it)
    captured = AllRecords()
    captured.install(monkeypatch)
    yield captured


@pytest.fixture
def service(core, tmp_path) -> ConversationService:
    return ConversationService(Store(f"sqlite:///{tmp_path / 'privacy.sqlite3'}"), core)


def test_the_words_are_detected(records: AllRecords) -> None:
    """The check itself finds a leak in the message, in an extra and in a traceback."""
    log = logging.getLogger("privacy-check")  # not under "ddxbot": slack-bolt sets that logger's level
    log.info("text: %s", PRESENTATION)
    log.warning("no text here", extra={"body": {"text": "ZEPPELIN"}})
    try:
        raise ValueError(f"bad {WORDS[2]}")
    except ValueError:
        log.error("failed", exc_info=True)
    log.debug("debug may carry %s", PRESENTATION)
    mine = [r for r in records if r.name == log.name]  # other tests' background tasks may log too
    assert len(leaks([r for r in mine if r.levelno >= logging.INFO])) >= 3
    assert {r.levelname for r in mine} == {"DEBUG", "INFO", "WARNING", "ERROR"}


# --- (a) the engine service ----------------------------------------------------------------------


def test_service_conversation_logs_no_text(records: AllRecords, service: ConversationService) -> None:
    ids = iter(range(1000))

    def turn(text: str | None = None, choice: str | None = None, key: str = "c1", **kw: bool) -> Outbound | None:
        """One turn as an adapter runs it: handle, post the reply, mark it delivered."""
        inbound = Inbound("test", key, "u1", text=text, choice=choice, event_id=f"e{next(ids)}", **kw)
        out = service.handle(inbound)
        service.delivered(inbound)
        return out

    out = turn(OPENING)
    asked = 0
    while out is not None and out.kind == OutboundKind.question:
        out, asked = turn(choice=out.question.options[0].id), asked + 1
    assert asked and out is not None and out.kind == OutboundKind.answer
    assert turn(PRESENTATION).kind == OutboundKind.answer
    kinds = [turn(text).kind for text in FOLLOW_UPS]
    assert kinds[:3] == [OutboundKind.card] * 3 and kinds[3] == OutboundKind.answer
    assert turn(PRESENTATION, key="c2", one_shot=True).kind == OutboundKind.answer
    assert turn(f"{PRESENTATION} " * 200).kind == OutboundKind.error  # too long: refused, text unchanged
    assert service.handle(Inbound("test", "c1", "u1", text=PRESENTATION, event_id="e0")) is None  # a redelivery
    limited = ConversationService(service.store, service.core, rate_limit=1)
    for n in range(2):
        limited.handle(Inbound("test", "c3", "u9", text=PRESENTATION, event_id=f"r{n}"))

    messages = [r.getMessage() for r in records.loud()]
    assert {"turn handled", "duplicate event ignored", "rate limited"} <= set(messages)
    assert any(getattr(r, "kind", None) == "answer" for r in records.loud())
    assert leaks(records.loud()) == []


# --- (b) Slack over HTTP -------------------------------------------------------------------------


async def slack_conversation(h: SlackHarness) -> None:
    """A direct-message case from presentation to follow-ups, plus a slash command and a card."""
    dm = {"channel": "D0PRIV", "channel_type": "im"}
    await h.slack.event(slack_message(OPENING, **dm))
    (posted,) = await h.fake.wait_for("chat.postMessage")
    assert not is_slack_answer(posted), "a question first"
    while not is_slack_answer(posted):
        count = len(h.fake.sent("chat.postMessage"))
        await h.slack.action(block_actions(posted, slack_buttons(posted)[0]["value"]))
        posted = (await h.fake.wait_for("chat.postMessage", count + 1))[-1]
    before = len(h.fake.sent("chat.postMessage"))
    for text in (PRESENTATION, *FOLLOW_UPS):
        await h.slack.event(slack_message(text, **dm))
    await h.fake.wait_for("chat.postMessage", before + 1 + len(FOLLOW_UPS))
    await h.slack.command(PRESENTATION, response_url=h.fake.response_url("one-shot"))
    await h.slack.command("about Quillfeather", response_url=h.fake.response_url("about"))
    await h.fake.wait_for("response_url", 2)


async def slack_bodies_libraries_log(h: SlackHarness) -> list[int]:
    """Requests on which slack-bolt logs (parts of) the body: bad or missing signatures, and
    payloads no listener handles (their dialog submissions and suggestion values included)."""
    body = json.dumps(envelope(slack_message(PRESENTATION, channel="D0PRIV", channel_type="im")))
    forged = await h.slack.post(body, "application/json", headers={"X-Slack-Signature": "v0=" + "0" * 64})
    stale = await h.slack.post(body, "application/json", timestamp=int(time.time()) - 600)
    unsigned = await h.http.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
    unhandled = [
        {"type": "dialog_submission", "callback_id": "x", "submission": {"note": PRESENTATION}, "team": {"id": "T0TEAM"}},
        {"type": "block_suggestion", "block_id": "b", "action_id": "a", "value": PRESENTATION, "team": {"id": "T0TEAM"}},
        {"type": "interactive_message", "callback_id": "x", "actions": [{"name": PRESENTATION}], "team": {"id": "T0TEAM"}},
    ]
    statuses = [forged.status_code, stale.status_code, unsigned.status_code]
    for payload in unhandled:
        response = await h.slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
        statuses.append(response.status_code)
    response = await h.slack.post(body.replace('"event_callback"', '"no_such_type"'), "application/json")
    return [*statuses, response.status_code]


async def test_slack_conversation_logs_no_text(records: AllRecords, fake_slack: FakeSlack, service: ConversationService) -> None:
    async for h in serve_slack(fake_slack, service):
        await slack_conversation(h)
        statuses = await slack_bodies_libraries_log(h)
    assert statuses[:3] == [401, 401, 401] and all(s < 500 for s in statuses)
    loud = records.loud()
    # Bad signatures are refused before Bolt sees them (its "Invalid request signature" path logged
    # bodies); its "Unhandled request" path, which logs bodies too, still runs.
    assert any(r.name.startswith("slack_bolt") and r.getMessage().startswith("Unhandled") for r in loud), (
        "bolt's body-logging path ran"
    )
    assert [r for r in loud if r.getMessage() == "turn handled" and r.platform == "slack"]
    assert leaks(loud) == []


# --- (c) the Telegram webhook --------------------------------------------------------------------


async def test_telegram_conversation_logs_no_text(
    records: AllRecords, fake_telegram: FakeTelegram, service: ConversationService
) -> None:
    async for h in serve_telegram(fake_telegram, service):
        sent = await h.send(telegram_message(OPENING))
        assert not is_telegram_answer(sent), "a question first"
        while not is_telegram_answer(sent):
            sent = await h.send(callback(sent[-1], telegram_buttons(sent[-1])[0]["callback_data"]))
        for text in (PRESENTATION, *FOLLOW_UPS):
            assert await h.send(telegram_message(text))
        assert await h.send(telegram_message(f"/ddx {PRESENTATION}"))
        assert await h.send(telegram_message("/about Quillfeather"))
        assert await h.send(photo(caption=PRESENTATION))
        assert await h.send(telegram_message(PRESENTATION, chat_id=-1001234567)) == []  # group chatter, not addressed
        headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
        malformed = [
            {"update_id": "Quillfeather", "message": PRESENTATION},
            {"update_id": 1, "message": {"text": PRESENTATION, "chat": "zeppelin"}},
        ]
        statuses = [(await h.http.post("/telegram/webhook", json=m, headers=headers)).status_code for m in malformed]
        statuses.append((await h.http.post("/telegram/webhook", content=PRESENTATION.encode(), headers=headers)).status_code)
        statuses.append((await h.post(telegram_message(PRESENTATION), secret="wrong")).status_code)
        await h.bot.drain()
    assert statuses == [400, 400, 400, 403]
    loud = records.loud()
    assert [r for r in loud if r.getMessage() == "telegram turn" and r.kind == "answer"]
    assert leaks(loud) == []


# --- (d) what is written at DEBUG: no token, no text ---------------------------------------------

SECRETS = (SLACK_TOKEN, SLACK_SECRET, TELEGRAM_TOKEN, TELEGRAM_SECRET)


async def test_debug_output_of_both_platforms_carries_no_secret_and_no_text(
    capsys: pytest.CaptureFixture[str], fake_slack: FakeSlack, fake_telegram: FakeTelegram, service: ConversationService
) -> None:
    """Everything the process's handler writes at LOG_LEVEL=DEBUG, as ``ddxbot serve`` configures
    it, for full conversations on both platforms (the library paths that log bodies included): the
    tokens were in Bot API URLs and the text in the libraries' payload dumps."""
    logs.configure(level="DEBUG", secrets=SECRETS)
    logging.getLogger("ddxbot-check").debug("token %s in a debug line", TELEGRAM_TOKEN)  # redacted, not dropped
    async for h in serve_slack(fake_slack, service):
        await slack_conversation(h)
        await slack_bodies_libraries_log(h)
    async for h in serve_telegram(fake_telegram, service):
        sent = await h.send(telegram_message(OPENING))
        while not is_telegram_answer(sent):
            sent = await h.send(callback(sent[-1], telegram_buttons(sent[-1])[0]["callback_data"]))
        for text in (PRESENTATION, *FOLLOW_UPS):
            assert await h.send(telegram_message(text))
    written = capsys.readouterr().err
    assert "token [redacted] in a debug line" in written
    assert len(written.splitlines()) > 50 and " DEBUG " in written, "DEBUG lines were written"
    assert [s for s in SECRETS if s in written] == []
    assert [w for w in WORDS if w in written.lower()] == []


def test_message_text_in_debug_only_on_purpose(capsys: pytest.CaptureFixture[str]) -> None:
    """LOG_MESSAGE_TEXT=true lets the libraries' payload dumps through, and says so at start-up."""
    payload_log = logging.getLogger("slack_sdk.web.async_base_client")
    logs.configure(level="DEBUG")
    payload_log.debug("Sending a request - json_body: %s", PRESENTATION)
    assert "quillfeather" not in capsys.readouterr().err.lower()
    logs.configure(level="DEBUG", message_text=True)
    payload_log.debug("Sending a request - json_body: %s", PRESENTATION)
    written = capsys.readouterr().err
    assert "quillfeather" in written.lower() and "LOG_MESSAGE_TEXT is on" in written


def test_database_errors_carry_no_statement_parameters(database_url: str) -> None:
    """A failed statement's error (logged with its traceback at DEBUG) holds no message text."""
    store = Store(database_url)
    with pytest.raises(IntegrityError) as caught, store.engine.begin() as conn:
        conn.execute(insert(Turn).values(conversation_id=-1, role="user", text=PRESENTATION))  # no such conversation
    assert not [w for w in WORDS if w in str(caught.value).lower()]
