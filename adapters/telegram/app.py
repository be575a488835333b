"""The Telegram adapter: a python-telegram-bot ``Application`` whose handlers translate, call the
engine, render and send.

Webhook mode (production) builds the application with ``.updater(None)``; ``adapters.web`` checks
the secret header and feeds updates in. Polling mode (development) keeps PTB's ``Updater``.
State lives in ddxbot's store, never in PTB persistence, so a restart or another worker carries
on a conversation; every turn is de-duplicated in the database by its ``update_id`` (a button by
its question message, so a double tap counts once). A webhook update is answered 200 only once
its reply is sent; a redelivery while the first is still under way, or a failed send, gets 503 so
that Telegram delivers it again (then the stored reply goes out if the first worker died). The
engine is synchronous and runs on a few turn threads, one conversation's turns one at a time and in
order (``bot.conversations``). Message text is never logged at INFO or above.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from adapters.telegram import keys, presence, render
from adapters.telegram.access import TelegramAccess, Verdict
from adapters.telegram.keys import PLATFORM
from bot.conversations import Conversations, NotStarter, RetryLater
from bot.logs import Redact
from bot.messages import SKIP_CHOICE, Inbound, Outbound, OutboundKind
from bot.settings import Settings

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE

ALLOWED_UPDATES = ["message", "callback_query"]  # edits are not turns: Telegram need not send them
COMMANDS = [
    BotCommand("start", "What ddxbot is and how to use it"),
    BotCommand("help", "How to describe a case, and the commands"),
    BotCommand("ddx", "Quick one-shot differential: /ddx <presentation>"),
    BotCommand("new", "Start a new case"),
    BotCommand("about", "Condition card: /about <condition>"),
    BotCommand("forget", "Delete everything stored about this chat"),
]
WEBHOOK_PATH = "/telegram/webhook"
NOT_STARTER = "Only the person who started this case can continue it. For a case of your own, mention me in a new message."
_ADMINS = ("creator", "administrator")  # getChatMember statuses that may forget every case of a group
_ENV = {
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "telegram_webhook_secret": "TELEGRAM_WEBHOOK_SECRET",
    "telegram_webhook_url": "TELEGRAM_WEBHOOK_URL",
}
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts as secret_token
# Messages that are not a person writing: joins, pins, title changes… never answered.
_NOT_TEXT = ~filters.TEXT & ~filters.StatusUpdate.ALL & ~filters.COMMAND


@dataclass
class _WebhookOutcome:
    answered: bool = True  # False: answer the webhook 503, so that Telegram delivers the update again


# The outcome of the webhook update being handled in this task (None when polling).
_outcome: ContextVar[_WebhookOutcome | None] = ContextVar("telegram_webhook_outcome", default=None)


class TelegramConfigError(RuntimeError):
    """A setting Telegram needs is missing or malformed; the message names the variable."""


def require(settings: Settings, *fields: str) -> None:
    missing = [_ENV[f] for f in fields if not getattr(settings, f)]
    if missing:
        names = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
        raise TelegramConfigError(
            f"{names} {'is' if len(missing) == 1 else 'are'} not set: "
            "see \"Install in Telegram\" in the README (environment variables or a .env file)."
        )
    if "telegram_webhook_secret" in fields and not _SECRET.match(settings.telegram_webhook_secret):
        raise TelegramConfigError("TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1 to 256 characters).")


def build_application(settings: Settings, *, polling: bool) -> Application:
    """The PTB application: Bot API base URL from settings, flood limits, HTML by default."""
    require(settings, "telegram_bot_token")
    # httpx logs every request URL at INFO, and Bot API URLs contain the token: redacted on the
    # logger itself, so that no handler (the root's redacts too, a platform's may not) sees it.
    httpx_log = logging.getLogger("httpx")
    if not any(isinstance(f, Redact) and settings.telegram_bot_token in f.secrets for f in httpx_log.filters):
        httpx_log.addFilter(Redact([settings.telegram_bot_token]))
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_url)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
    )
    if not polling:
        builder = builder.updater(None)
    return builder.build()


class TelegramBot:
    """The application and its handlers; ``feed`` takes a webhook update, ``drain`` waits for it."""

    def __init__(self, conversations: Conversations, application: Application, access: TelegramAccess) -> None:
        self.conversations = conversations
        self.app = application
        self.access = access
        self.threads = keys.ThreadIndex()
        self.coverage = conversations.coverage
        only_new = filters.UpdateType.MESSAGE  # edited messages and channel posts never trigger
        application.add_handler(TypeHandler(Update, self.on_any), group=-1)  # access first, for every update
        for name, callback in (
            ("start", self.on_start),
            ("help", self.on_help),
            ("ddx", self.on_ddx),
            ("new", self.on_new),
            ("about", self.on_about),
            ("forget", self.on_forget),
        ):
            application.add_handler(CommandHandler(name, callback, filters=only_new))
        application.add_handler(MessageHandler(only_new & filters.COMMAND, self.on_unknown_command))
        application.add_handler(MessageHandler(only_new & filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(only_new & _NOT_TEXT, self.on_not_text))
        application.add_handler(CallbackQueryHandler(self.on_callback))
        application.add_error_handler(self.on_error)

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """getMe, the command menu, then the update queue (webhook updates arrive through it)."""
        (log.info if self.access.chats or self.access.users else log.warning)(self.access.describe())
        await self.app.initialize()
        await self.app.bot.set_my_commands(COMMANDS)
        await presence.publish_profile(self.app.bot, self.coverage)
        await self.app.start()

    async def stop(self) -> None:
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def feed(self, data: dict[str, Any]) -> bool:
        """Handle one update as Telegram posted it, to the end; False when Telegram should deliver it
        again later. Raises ValueError when it is not an update."""
        try:
            update = Update.de_json(data, self.app.bot)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError("not a Telegram update") from exc
        message = update.effective_message
        if message is not None and getattr(message, "chat", None) is None:
            raise ValueError("a message without its chat")
        outcome = _WebhookOutcome()
        token = _outcome.set(outcome)  # PTB runs the handlers in this task: they see it
        try:
            await self.app.process_update(update)
        finally:
            _outcome.reset(token)
        return outcome.answered

    @staticmethod
    def _retry_later(update: object) -> None:
        """Ask Telegram to deliver this webhook update again (polling has no such channel)."""
        outcome = _outcome.get()
        if outcome is not None:
            outcome.answered = False

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait until every queued update has been handled (tests, and a graceful shutdown)."""
        await asyncio.wait_for(self.app.update_queue.join(), timeout)

    @property
    def bot_id(self) -> int:
        return self.app.bot.id

    @property
    def username(self) -> str | None:
        return self.app.bot.username

    # --- turns ----------------------------------------------------------------------------------

    async def _claimed(self, update: Update, key: str) -> bool:
        """De-duplicate a reply that is not an engine turn (/start, /help…) as turns are."""
        return await self.conversations.claim(PLATFORM, key, str(update.update_id))

    async def _send(
        self, chat_id: int, out: Outbound, root: int | None, reply_to: int | None, inbound: Inbound | None = None
    ) -> None:
        """Every part of ``out`` not sent before; in a group, as a reply to the asker, remembering
        the thread. For a turn (``inbound``), each part is recorded as it goes out, the last as the
        delivery."""
        parts = render.render(out, root)
        for number, part in enumerate(parts[out.resume_from :], start=out.resume_from + 1):
            await self._send_html(chat_id, part.text, part.keyboard, reply_to, root)
            if inbound is not None and number < len(parts):
                await self.conversations.sent_parts(inbound, number)
        if inbound is not None:
            await self.conversations.delivered(inbound)

    async def _send_html(
        self,
        chat_id: int,
        text: str,
        keyboard: InlineKeyboardMarkup | None = None,
        reply_to: int | None = None,
        root: int | None = None,
    ) -> Message:
        params = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True) if reply_to else None
        sent = await self.app.bot.send_message(chat_id, text, reply_markup=keyboard, reply_parameters=params)
        if root is not None:
            self.threads.add(chat_id, sent.message_id, root)
        return sent

    async def _reply(self, message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
        """A short reply that is not part of a case (help, notices)."""
        reply_to = None if keys.is_private(message) else message.message_id
        await self._send_html(message.chat.id, text, keyboard, reply_to)

    async def _converse(
        self, update: Update, message: Message, text: str, *, root: int | None, key: str, one_shot: bool = False
    ) -> None:
        inbound = Inbound(
            PLATFORM,
            key,
            keys.user_key(message.from_user.id if message.from_user else None),
            text=text,
            event_id=str(update.update_id),
            one_shot=one_shot,
            shared=not keys.is_private(message),
        )
        try:
            async with presence.typing(self.app.bot, message.chat.id):
                out = await self.conversations.take_turn(inbound)
        except RetryLater:
            self._retry_later(update)
            return
        except NotStarter:
            log.info("telegram turn refused: not the starter", extra={"update_id": update.update_id})
            await self._reply(message, render.esc(NOT_STARTER))
            return
        if out is None:
            return  # a redelivered update, already answered
        log.info("telegram turn", extra={"update_id": update.update_id, "kind": out.kind.value})
        await self._send(message.chat.id, out, root, None if keys.is_private(message) else message.message_id, inbound)

    def _where(self, message: Message) -> tuple[int | None, str]:
        """The thread root (None in a private chat) and the conversation key of a message."""
        if keys.is_private(message):
            return None, keys.chat_key(message.chat.id)
        root = keys.thread_root(message, self.bot_id, self.threads)
        return root, keys.thread_key(message.chat.id, root)

    # --- access ---------------------------------------------------------------------------------

    async def on_any(self, update: Update, context: Context) -> None:
        """Before every handler: let the update through, or answer politely and stop it there."""
        if self.access.open_to_anyone:
            return
        chat, user, query, message = update.effective_chat, update.effective_user, update.callback_query, update.effective_message
        if chat is None:
            raise ApplicationHandlerStop
        private = chat.type == "private"
        if (
            query is None
            and message is not None
            and not private
            and not (keys.addressed(message, self.bot_id, self.username) or (message.text or "").startswith("/"))
        ):
            return  # group chatter not meant for the bot: the handlers ignore it anyway
        text = message.text if query is None and message is not None else None
        user_id = user.id if user else None
        decision = await asyncio.to_thread(self.access.check, chat.id, user_id, text, private)
        if decision.verdict == Verdict.allowed:
            return
        if query is not None:
            await query.answer(decision.reply[:190])  # nothing stored: answering a press is idempotent
        elif message is not None and await asyncio.to_thread(self.access.should_answer, decision, chat.id, user_id):
            await self._reply(message, render.esc(decision.reply))
        raise ApplicationHandlerStop

    # --- messages -------------------------------------------------------------------------------

    async def on_text(self, update: Update, context: Context) -> None:
        """Private: every text. Group: only when mentioned or replied to."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        if not keys.is_private(message) and not keys.addressed(message, self.bot_id, self.username):
            return
        root, key = self._where(message)
        await self._converse(update, message, keys.strip_mention(message.text, self.username), root=root, key=key)

    async def on_not_text(self, update: Update, context: Context) -> None:
        """Photos, stickers, voice, documents…: a polite "text only" (in a group, when addressed)."""
        message = update.effective_message
        if message is None:
            return
        if not keys.is_private(message) and not keys.addressed(message, self.bot_id, self.username):
            return
        if await self._claimed(update, self._where(message)[1]):
            await self._reply(message, render.esc(render.TEXT_ONLY))

    # --- commands -------------------------------------------------------------------------------

    async def _static(self, update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
        message = update.effective_message
        if message is not None and await self._claimed(update, keys.chat_key(message.chat.id)):
            await self._reply(message, text, keyboard)

    async def on_start(self, update: Update, context: Context) -> None:
        await self._static(update, render.start_text())

    async def on_help(self, update: Update, context: Context) -> None:
        await self._static(update, render.help_text(self.coverage))

    async def on_unknown_command(self, update: Update, context: Context) -> None:
        """Help, in a private chat or for ``/cmd@thisbot`` (a bare ``/cmd`` may be another bot's)."""
        message = update.effective_message
        if message is not None and (keys.is_private(message) or keys.command_for_us(message, self.username)):
            await self._static(update, "I don't know that command.\n\n" + render.help_text(self.coverage))

    async def on_ddx(self, update: Update, context: Context) -> None:
        """``/ddx <text>``: a one-shot answer; in a group it starts (or answers in) a thread."""
        message = update.effective_message
        if message is None:
            return
        text = " ".join(context.args or [])
        if not text:
            await self._static(
                update, "Add the presentation after the command, e.g. <code>/ddx 62F nocturnal calf cramps</code>."
            )
            return
        if keys.is_private(message):
            root, key = None, keys.one_shot_key(message.chat.id, message.message_id)
        else:
            root, key = self._where(message)
        await self._converse(update, message, text, root=root, key=key, one_shot=True)

    async def on_new(self, update: Update, context: Context) -> None:
        """Start over: the private chat's case, or the group thread the command replies in."""
        message = update.effective_message
        if message is not None:
            root, key = self._where(message)
            await self._converse(update, message, "new", root=root, key=key)

    async def on_about(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None:
            return
        out = await self.conversations.card(" ".join(context.args or []), "/about RLS")
        if await self._claimed(update, keys.chat_key(message.chat.id)):
            reply_to = None if keys.is_private(message) else message.message_id
            await self._send(message.chat.id, out, None, reply_to)

    async def on_forget(self, update: Update, context: Context) -> None:
        """Ask first: a button only the asker can press deletes the chat's conversations (in a group,
        those the asker started; every one when the asker is a group admin)."""
        message = update.effective_message
        if message is None or message.from_user is None:
            return
        uid = message.from_user.id
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Delete everything", callback_data=keys.forget_data("yes", uid)),
                    InlineKeyboardButton("Cancel", callback_data=keys.forget_data("no", uid)),
                ]
            ]
        )
        if keys.is_private(message):
            question = "Delete everything ddxbot has stored about this chat, and your access? This cannot be undone."
        else:
            question = (
                "Delete the cases you started in this group (every case in it, if you are a group admin)? This cannot be undone."
            )
        await self._static(update, question, keyboard)

    # --- buttons --------------------------------------------------------------------------------

    async def on_callback(self, update: Update, context: Context) -> None:
        """Always answer the callback query (the client shows a spinner until then)."""
        query = update.callback_query
        if query is None:
            return
        note: str | None = None
        try:
            note = await self._press(query)
        finally:
            await query.answer(note)

    async def _press(self, query: CallbackQuery) -> str | None:
        """Handle a press; returns the short notice the button's spinner ends with, if any."""
        press = keys.parse_callback(query.data if isinstance(query.data, str) else None)
        message = query.message
        if press is None or message is None:
            return "This button has expired."
        if press.kind == keys.FORGET:
            return await self._forget(query, press)
        if not isinstance(message, Message):
            return "This question has expired; please type your answer."
        choice = self._choice(press)
        if choice is None:
            return "That option is no longer on offer."
        private = message.chat.type == "private"
        key = keys.chat_key(message.chat.id) if private else keys.thread_key(message.chat.id, press.root)
        inbound = Inbound(
            PLATFORM,
            key,
            keys.user_key(query.from_user.id),
            choice=choice,
            event_id=f"{message.chat.id}:{message.message_id}:choice",
            shared=not private,
        )
        try:
            out = await self.conversations.take_turn(inbound)
        except RetryLater:  # a double tap while the first is being answered
            out = None
        except NotStarter:
            return NOT_STARTER[:190]
        if out is None:
            return "This question was already answered."
        if out.kind == OutboundKind.error:
            return out.text[:190]
        label = keys.button_label(message.reply_markup, query.data) or render.SKIP_LABEL
        await message.edit_text(render.answered_question(message.text_html, label), reply_markup=None)
        await self._send(message.chat.id, out, press.root, None if private else message.message_id, inbound)
        return None

    def _choice(self, press: keys.Callback) -> str | None:
        if press.kind == keys.SKIP:
            return SKIP_CHOICE
        if press.kind == keys.OPTION:
            return press.value
        return keys.resolve_hashed(press.value, self.conversations.choice_ids())

    async def _forget(self, query: CallbackQuery, press: keys.Callback) -> str | None:
        if query.from_user.id != press.user_id:
            return "Only the person who asked can confirm."
        message = query.message
        assert message is not None
        if press.value != "yes":
            await self._edit(message, "Nothing was deleted.")
            return None
        chat_id, conversations, whole_chat = message.chat.id, self.conversations, True
        if message.chat.type == "private":
            deleted = await conversations.forget_under(PLATFORM, keys.chat_key(chat_id))
            deleted += await conversations.revoke(PLATFORM, keys.user_key(query.from_user.id))
            done = "Done: everything ddxbot stored about this chat has been deleted."
        elif await self._is_admin(chat_id, query.from_user.id):
            deleted = await conversations.forget_under(PLATFORM, keys.chat_key(chat_id))
            done = "Done: everything ddxbot stored about this group has been deleted."
        else:
            whole_chat = False
            deleted = await conversations.forget_under(PLATFORM, keys.chat_key(chat_id), keys.user_key(query.from_user.id))
            done = (
                "Done: the cases you started in this group have been deleted. Cases others started stay; "
                "a group admin can delete them all."
            )
        if whole_chat:
            self.threads.forget_chat(chat_id)
        log.info("telegram chat forgotten", extra={"rows": deleted})
        await self._edit(message, done)
        return None

    async def _is_admin(self, chat_id: int, user_id: int) -> bool:
        """A group's creator or administrator (Bot API getChatMember)."""
        member = await self.app.bot.get_chat_member(chat_id, user_id)
        return member.status in _ADMINS

    async def _edit(self, message: Any, text: str) -> None:
        await self.app.bot.edit_message_text(text, chat_id=message.chat.id, message_id=message.message_id, reply_markup=None)

    async def on_error(self, update: object, context: Context) -> None:
        """Log the failure without the update (it holds message text). A webhook update whose reply
        could not be sent (Bot API down, timeout) is retried; a failure that would repeat is not."""
        if isinstance(context.error, NetworkError):
            self._retry_later(update)
        log.error("telegram handler failed: %s", type(context.error).__name__)
        log.debug("telegram handler failed", exc_info=context.error)


def build_bot(settings: Settings, conversations: Conversations, *, polling: bool = False) -> TelegramBot:
    """The bot for webhook mode (token + secret) or polling (token only)."""
    if polling:
        require(settings, "telegram_bot_token")
    else:
        require(settings, "telegram_bot_token", "telegram_webhook_secret")
    access = TelegramAccess.from_settings(settings, conversations.grants)
    return TelegramBot(conversations, build_application(settings, polling=polling), access)


async def run_polling(
    settings: Settings,
    conversations: Conversations,
    *,
    until: Awaitable[Any] | None = None,
    poll_interval: float = 0.0,
    timeout: int = 10,
    ready: Callable[[TelegramBot], None] | None = None,
) -> None:
    """Long-poll getUpdates until ``until`` completes (forever by default), then stop cleanly."""
    bot = build_bot(settings, conversations, polling=True)
    await bot.start()
    updater = bot.app.updater
    assert updater is not None
    await updater.start_polling(poll_interval=poll_interval, timeout=timeout, allowed_updates=ALLOWED_UPDATES)
    if ready is not None:
        ready(bot)
    try:
        await (until if until is not None else asyncio.Event().wait())
    finally:
        await updater.stop()
        await bot.stop()


def webhook_url(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_URL as given, or with the webhook path added when it is a bare origin."""
    url = settings.telegram_webhook_url.rstrip("/")
    return url + WEBHOOK_PATH if urlparse(url).path in ("", "/") else url


async def set_webhook(settings: Settings) -> str:
    """Register the webhook URL and secret with Telegram; returns the URL."""
    require(settings, "telegram_bot_token", "telegram_webhook_secret", "telegram_webhook_url")
    app = build_application(settings, polling=False)
    url = webhook_url(settings)
    async with app.bot as bot:
        await bot.set_webhook(url=url, secret_token=settings.telegram_webhook_secret, allowed_updates=ALLOWED_UPDATES)
    return url
