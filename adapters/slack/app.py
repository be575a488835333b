"""The Slack adapter: slack-bolt ``AsyncApp`` listeners that translate, call the engine, render, send.

Over HTTP an event is acknowledged only once its reply is posted (Bolt's
``process_before_response``; a turn takes milliseconds, well inside Slack's 3 seconds), so a
worker that dies mid-turn leaves a delivery Slack retries, never a lost one. Exactly one reply per
Slack message: every turn carries the id ``channel:ts``, which the service claims in the database
(a Slack retry and the ``app_mention``/``message`` pair of one mention share it); a retry that
arrives while the first delivery is still under way is answered 503, so Slack tries again later
and then gets the stored reply if the first worker died. The synchronous engine runs on a few
turn threads, one conversation's turns one at a time and in order (``bot.conversations``). Message text is
never logged at INFO or above.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blocks, keys
from adapters.slack.assistant import build_assistant
from adapters.slack.home import HomeTab
from adapters.slack.keys import PLATFORM
from bot.conversations import Conversations, NotStarter, RetryLater
from bot.messages import SKIP_CHOICE, Inbound, Outbound, OutboundKind
from bot.settings import Settings

log = logging.getLogger(__name__)

COMMAND = "/ddx"
HELP = (
    "*ddxbot* — differential-diagnosis support for clinical teams.\n"
    "• *Mention me* in a channel with a presentation (\"@ddxbot 62F nocturnal calf cramps, on furosemide\"): "
    "I answer in the thread, ask up to three questions (click or type), then give a tiered differential. "
    "Reply in the thread to refine it: add findings, \"why not DVT?\", \"workup\", \"red flags\", \"new\".\n"
    "• *Direct message* me the same way, or open me in the assistant panel (each thread one case). "
    "In a group DM, mention me as in a channel.\n"
    "• `/ddx <presentation>` — a quick one-shot answer only you see, with a button to share it.\n"
    "• `/ddx about <condition>` — a condition card: key features, workup, red flags, sources.\n"
    "• `/ddx forget` — delete every conversation ddxbot stored that you started or wrote in, "
    "with everyone's messages in it (an answer's *Forget this conversation* button deletes one thread).\n"
    "• `/ddx help` — this help."
)
REFUSED = "Sorry — ddxbot is not enabled here. Ask your workspace admin to add this workspace or channel."
NOT_STARTER = (
    "Only the person who started this conversation can answer its questions or continue it. "
    "For a case of your own, mention me in a new message."
)
NOT_YOURS = "Only the person who started this conversation, or a workspace admin, can forget it."
_CHOICE_ACTIONS = re.compile(rf"^({blocks.CHOICE_ACTION}_\d+|{blocks.SKIP_ACTION})$")
_ENV = {
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
}


class _RedactBodies(logging.Filter):
    """slack-bolt logs request bodies (message text) at INFO/WARNING in a few places: cut them."""

    _marks = ("body:", "request ({")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO:
            message = record.getMessage()
            cut = min((i for i in (message.find(m) for m in self._marks) if i >= 0), default=-1)
            if cut >= 0:
                record.msg, record.args = message[:cut] + "[request body not logged]", ()
        return True


def _redact_bolt_logs() -> None:
    for name in ("slack_bolt.RequestVerification", "slack_bolt.AsyncApp"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactBodies) for f in logger.filters):
            logger.addFilter(_RedactBodies())


class SlackConfigError(RuntimeError):
    """A setting Slack needs is missing; the message names the environment variable."""


def require(settings: Settings, *fields: str) -> None:
    missing = [_ENV[f] for f in fields if not getattr(settings, f)]
    if missing:
        raise SlackConfigError(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
            "see \"Install in Slack\" in the README (environment variables or a .env file)."
        )


def make_client(settings: Settings) -> AsyncWebClient:
    """The Web API client: configurable base URL; connection errors, 5xx (twice, with backoff) and
    429s (after Retry-After) retried, all well inside the 3 seconds before Slack would retry us."""
    handlers = [
        *async_default_handlers(),
        AsyncServerErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
    ]
    return AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, retry_handlers=handlers)


@dataclass
class Outcome:
    """What a listener tells Slack over HTTP beyond the ack: None (200), or retry later (503, 500)."""

    response: BoltResponse | None = None


class SlackBot:
    """The AsyncApp, its Web API client and the listeners; ``drain`` waits for replies in flight."""

    def __init__(
        self,
        conversations: Conversations,
        client: AsyncWebClient,
        app: AsyncApp,
        allowed_teams: frozenset[str] = frozenset(),
        allowed_channels: frozenset[str] = frozenset(),
        retention_days: int = 30,
    ):
        self.conversations = conversations
        self.client = client
        self.app = app
        self.allowed_teams = allowed_teams  # empty: every workspace the app is installed in
        self.allowed_channels = allowed_channels  # empty: every channel; direct messages always
        self._inflight: set[asyncio.Task[Any]] = set()
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(HomeTab(conversations.coverage, retention_days).on_opened)
        app.event(re.compile(".*"))(self.on_other_event)  # last: only what the listeners above did not take
        app.action(_CHOICE_ACTIONS)(self.on_choice)
        app.action(blocks.SHARE_ACTION)(self.on_share)
        app.action(blocks.FORGET_ACTION)(self.on_forget)
        app.use(self.gate)
        app.assistant(build_assistant(self))  # after the gate: assistant threads are checked like DMs
        app.command(COMMAND)(self.on_command)

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """One keep-alive HTTP session for all Web API calls (no TLS handshake per reply)."""
        if not self.allowed_teams:
            log.warning("Slack: SLACK_ALLOWED_TEAMS is not set: every workspace the app is installed in is answered")
        if self.client.session is None or self.client.session.closed:
            self.client.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.client.timeout))

    async def close(self, timeout: float = 10.0) -> None:
        """Finish the replies in flight, then close the HTTP session."""
        await self.drain(timeout)
        if self.client.session is not None:
            await self.client.session.close()
            self.client.session = None

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait until no listener is running (tests, and a graceful shutdown)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            for _ in range(3):  # let listener tasks Bolt has just scheduled register themselves
                await asyncio.sleep(0)
            pending = {t for t in self._inflight if t is not asyncio.current_task()}
            if not pending:
                return
            await asyncio.wait(pending, timeout=max(0.0, deadline - loop.time()))

    @asynccontextmanager
    async def _tracked(self, what: str) -> AsyncIterator[Outcome]:
        """Track the listener for ``drain``; a failure becomes a status Slack retries on, never a traceback."""
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        outcome = Outcome()
        try:
            yield outcome
        except RetryLater:
            outcome.response = BoltResponse(status=503, body="")
        except Exception as exc:  # noqa: BLE001 — logged without the message text, never re-raised into Bolt
            log.error("slack %s failed: %s", what, type(exc).__name__)
            log.debug("slack %s failed", what, exc_info=True)
            outcome.response = BoltResponse(status=500, body="")
        finally:
            if task is not None:
                self._inflight.discard(task)

    # --- access ---------------------------------------------------------------------------------

    def allows(self, team: str | None, enterprise: str | None, channel: str | None) -> bool:
        if self.allowed_teams and not ({team, enterprise} & self.allowed_teams):
            return False
        return not (
            self.allowed_channels and channel and not keys.is_dm_channel(channel) and channel not in self.allowed_channels
        )

    def allows_user_team(self, context: AsyncBoltContext, body: dict[str, Any]) -> bool:
        """The poster's own workspace, not only the one the request came through (Slack Connect,
        Enterprise Grid): listed, the envelope's own team, or (events outside externally shared
        channels) a workspace of a listed Enterprise Grid organisation."""
        if not self.allowed_teams:
            return True
        internal = body.get("event") is not None and body.get("is_ext_shared_channel") is False
        for team in keys.user_teams(body):
            grid = internal and context.enterprise_id in self.allowed_teams
            if team not in self.allowed_teams and team != context.team_id and not grid:
                return False
        return True

    async def gate(self, context: AsyncBoltContext, body: dict[str, Any], next: Callable[[], Any]) -> BoltResponse | None:
        """Global middleware: requests from other workspaces or channels get a polite refusal (a
        command, a mention in an allowed workspace) or a silent 200, never a turn."""
        if self.allows(context.team_id, context.enterprise_id, context.channel_id) and self.allows_user_team(context, body):
            await next()
            return None
        log.info("slack request refused", extra={"team": context.team_id, "channel": context.channel_id})
        if body.get("command"):
            return BoltResponse(status=200, body={"response_type": "ephemeral", "text": REFUSED})
        event = body.get("event") or {}
        team_allowed = self.allows(context.team_id, context.enterprise_id, None) and self.allows_user_team(context, body)
        if team_allowed and event.get("type") == "app_mention" and keys.is_answerable_message(event):
            await self.client.chat_postMessage(channel=str(event["channel"]), thread_ts=keys.reply_thread(event), text=REFUSED)
        return BoltResponse(status=200, body="")

    # --- events ---------------------------------------------------------------------------------

    async def on_mention(self, event: dict[str, Any], context: AsyncBoltContext) -> BoltResponse | None:
        async with self._tracked("app_mention") as outcome:
            if keys.is_answerable_message(event):
                await self._converse(event, context, must_exist=False)
        return outcome.response

    async def on_message(self, event: dict[str, Any], context: AsyncBoltContext) -> BoltResponse | None:
        """DMs always; channel messages only in a thread that already is a conversation."""
        async with self._tracked("message") as outcome:
            if keys.is_answerable_message(event):
                await self._converse(event, context, must_exist=not keys.is_direct_message(event))
        return outcome.response

    async def on_other_event(self, event: dict[str, Any]) -> None:
        """An event type ddxbot does not use (a workspace may subscribe to more): acknowledged, so
        that Slack does not retry it; nothing else."""
        log.debug("slack event ignored: %s", event.get("type"))

    async def _converse(self, event: dict[str, Any], context: AsyncBoltContext, must_exist: bool) -> None:
        team = keys.team_of(context.team_id, context.enterprise_id)
        channel, ts = str(event["channel"]), str(event["ts"])
        text = keys.clean_text(event.get("text"), context.bot_user_id)
        if not text and event.get("type") != "app_mention":
            return  # a file or an empty post in a thread: nothing to answer
        inbound = Inbound(
            PLATFORM,
            keys.event_conversation_key(team, event),
            keys.user_key(team, event.get("user")),
            text=text,
            event_id=keys.message_event_id(channel, ts),
            shared=not keys.is_dm_channel(channel),
        )
        try:
            out = await self.conversations.take_turn(inbound, must_exist=must_exist)
        except NotStarter:  # a mention gets a private note; the same post as a plain message, nothing
            log.info("slack turn refused: not the starter", extra={"channel": channel})
            if event.get("type") == "app_mention":
                await self.client.chat_postEphemeral(
                    channel=channel, user=str(event["user"]), thread_ts=keys.reply_thread(event), text=blocks.escape(NOT_STARTER)
                )
            return
        if out is not None:
            await self._post(channel, keys.reply_thread(event), _in_thread(out, inbound.conversation_key))
            await self.conversations.delivered(inbound)

    async def _post(self, channel: str, thread_ts: str | None, rendered: blocks.Rendered) -> None:
        await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=rendered.text, blocks=rendered.blocks)

    # --- buttons --------------------------------------------------------------------------------

    async def on_choice(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext) -> None:
        """An option or "skip" clicked: mark the question answered, then post the next step."""
        async with self._tracked("block_actions"):
            await ack()
            team = keys.team_of(context.team_id, context.enterprise_id)
            container = body.get("container") or {}
            channel = str(container.get("channel_id") or body["channel"]["id"])
            message_ts = str(container.get("message_ts") or body["message"]["ts"])
            thread = keys.action_thread(body)
            user = str(body["user"]["id"])
            inbound = Inbound(
                PLATFORM,
                keys.conversation_key(team, channel, thread),
                keys.user_key(team, user),
                choice=str(action.get("value") or SKIP_CHOICE),
                event_id=f"{keys.message_event_id(channel, message_ts)}:choice",
                shared=not keys.is_dm_channel(channel),
            )
            try:
                out = await self._click(inbound)
            except NotStarter:
                out = Outbound(OutboundKind.error, NOT_STARTER)
            if out is None or out.kind == OutboundKind.error:
                note = out.text if out is not None else "This question was already answered."
                await self.client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=blocks.escape(note))
                return
            label = str((action.get("text") or {}).get("text") or inbound.choice)
            original = (body.get("message") or {}).get("blocks") or []
            await self.client.chat_update(
                channel=channel,
                ts=message_ts,
                text=blocks.escape(f"Answered: {label}"),
                blocks=blocks.answered_question(original, label, user),
            )
            await self._post(channel, thread, _in_thread(out, inbound.conversation_key))
            await self.conversations.delivered(inbound)

    async def on_forget(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
    ) -> None:
        """ "Forget this conversation" (confirmed in Slack's dialog): delete its rows, say so to the clicker."""
        async with self._tracked("forget"):
            await ack()
            team = keys.team_of(context.team_id, context.enterprise_id)
            key = str(action.get("value") or "")
            if not key.startswith(f"{team}:"):
                await respond(
                    text="This button does not belong to this workspace.", response_type="ephemeral", replace_original=False
                )
                return
            clicker = str(body["user"]["id"])
            starter = await self.conversations.is_starter(PLATFORM, key, keys.user_key(team, clicker))
            if not starter and not await self._is_admin(clicker):
                log.info("slack forget refused: neither starter nor admin")
                await respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
                return
            deleted = await self.conversations.forget(PLATFORM, key)
            log.info("slack conversation forgotten", extra={"rows": deleted})
            note = (
                "Done: everything ddxbot stored about this conversation has been deleted."
                if deleted
                else "Nothing to delete: this conversation was already forgotten."
            )
            await respond(text=note, response_type="ephemeral", replace_original=False)

    async def _is_admin(self, user: str) -> bool:
        """A workspace admin or owner (``users.info``; needs the ``users:read`` scope)."""
        info = (await self.client.users_info(user=user)).get("user") or {}
        return bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))

    async def _click(self, inbound: Inbound) -> Outbound | None:
        """A button's turn; None when the same button was already handled (or is being handled now:
        Slack does not retry clicks, so there is nobody to ask to come back later)."""
        try:
            return await self.conversations.take_turn(inbound)
        except RetryLater:
            return None

    async def on_share(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
    ) -> None:
        """Post a /ddx answer in the channel (once), and remove the ephemeral copy."""
        async with self._tracked("share"):
            await ack()
            team = keys.team_of(context.team_id, context.enterprise_id)
            key, user = str(action.get("value") or ""), str(body["user"]["id"])
            if not key.startswith(f"{team}:"):
                return
            inbound = Inbound(PLATFORM, key, keys.user_key(team, user), choice=SKIP_CHOICE, event_id=f"share:{key}")
            out = await self._click(inbound)
            if out is None or out.kind != OutboundKind.answer:
                note = "This answer was already shared." if out is None else out.text
                await respond(text=blocks.escape(note), response_type="ephemeral", replace_original=False)
                return
            rendered = blocks.render(out, footer=blocks.shared_by_footer(user))
            await respond(text=rendered.text, blocks=rendered.blocks, response_type="in_channel", replace_original=False)
            await self.conversations.delivered(inbound)
            await respond(delete_original=True)

    # --- /ddx -----------------------------------------------------------------------------------

    async def on_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext) -> None:
        """``/ddx <text>`` one-shot (ephemeral, shareable), ``/ddx about <condition>``, ``/ddx help``."""
        async with self._tracked("command"):
            await ack()
            text = keys.clean_text(command.get("text"), context.bot_user_id)
            word, _, rest = text.partition(" ")
            footer: list[blocks.Block] = []
            inbound: Inbound | None = None  # a turn, for help and cards none
            if not text or word.lower() in {"help", "?"}:
                rendered = blocks.Rendered(blocks.escape("ddxbot help"), [blocks.section(HELP)])
            elif word.lower() == "about":
                rendered = blocks.render(await self.conversations.card(rest.strip(), "/ddx about RLS"))
            elif word.lower() == "forget" and not rest.strip():
                team = keys.team_of(context.team_id, context.enterprise_id)
                deleted = await self.conversations.forget_user(PLATFORM, keys.user_key(team, command.get("user_id")))
                log.info("slack user forgotten", extra={"rows": deleted})
                rendered = blocks.Rendered(
                    f"Done: {deleted} stored row(s) were deleted: every conversation you started or "
                    "wrote in, with everyone's messages in it, and your message counters."
                )
            else:
                team = keys.team_of(context.team_id, context.enterprise_id)
                trigger = str(command.get("trigger_id") or uuid.uuid4().hex)
                key = keys.conversation_key(team, str(command.get("channel_id") or "-"), f"ddx-{trigger}")
                inbound = Inbound(
                    PLATFORM,
                    key,
                    keys.user_key(team, command.get("user_id")),
                    text=text,
                    event_id=f"command:{trigger}",
                    one_shot=True,
                )
                out = await self.conversations.take_turn(inbound)
                if out is None:
                    return
                footer = blocks.share_footer(key) if out.kind == OutboundKind.answer else []
                rendered = blocks.render(out, footer=footer)
            await respond(text=rendered.text, blocks=rendered.blocks, response_type="ephemeral")
            if inbound is not None:
                await self.conversations.delivered(inbound)


def _in_thread(out: Outbound, key: str) -> blocks.Rendered:
    """A reply in a conversation's thread: an answer carries "Forget this conversation"."""
    return blocks.render(out, footer=blocks.forget_footer(key) if out.kind == OutboundKind.answer else [])


def build_bot(settings: Settings, conversations: Conversations, *, socket_mode: bool = False) -> SlackBot:
    """The Slack bot for HTTP mode (token + signing secret) or Socket Mode (token + app token)."""
    require(settings, "slack_bot_token", "slack_app_token" if socket_mode else "slack_signing_secret")
    _redact_bolt_logs()
    client = make_client(settings)
    app = AsyncApp(
        name="ddxbot",
        client=client,
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=not socket_mode,
        # HTTP: ack once the reply is out (Slack retries what a dead worker never acked). Socket
        # Mode is for development: ack first, as Bolt does by default.
        process_before_response=not socket_mode,
    )
    return SlackBot(
        conversations,
        client,
        app,
        Settings.ids(settings.slack_allowed_teams),
        Settings.ids(settings.slack_allowed_channels),
        settings.retention_days,
    )
