"""Conversation keys, thread roots, addressing and callback data, computed from Telegram objects.

Pure functions, so that messages and button presses agree on which conversation they belong to.
Keys: ``<chat_id>`` for a private chat, ``<chat_id>:<root>`` for a thread of replies in a group
(``root`` = the message that started it), ``<chat_id>:ddx<message_id>`` for a private ``/ddx``.
Every key of a chat starts with ``<chat_id>``, which is how ``/forget`` finds them all.

A button carries its thread root in its ``callback_data`` (at most 64 bytes), so a press is routed
to the right conversation after a restart or by another worker, without a lookup.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, MessageEntity

PLATFORM = "telegram"
CALLBACK_LIMIT = 64  # bytes, Bot API limit for callback_data
SKIP = "s"
OPTION = "o"
HASHED = "h"  # an option whose id is too long: a digest, resolved against the knowledge base
FORGET = "f"


def chat_key(chat_id: int) -> str:
    return str(chat_id)


def thread_key(chat_id: int, root: int | None) -> str:
    """The chat's conversation (private) or one thread of replies in it (group)."""
    return f"{chat_id}:{root}" if root is not None else chat_key(chat_id)


def one_shot_key(chat_id: int, message_id: int) -> str:
    """A private ``/ddx`` answers on its own, beside the chat's running case."""
    return f"{chat_id}:ddx{message_id}"


def user_key(user_id: int | None) -> str:
    return str(user_id) if user_id is not None else "-"


def is_private(message: Message) -> bool:
    return message.chat.type == "private"


# --- addressing in groups ----------------------------------------------------------------------


def replies_to_bot(message: Message, bot_id: int) -> bool:
    reply = message.reply_to_message
    return bool(reply and reply.from_user and reply.from_user.id == bot_id)


def mentions_bot(message: Message, bot_id: int, username: str | None) -> bool:
    """An ``@username`` mention of this bot, or a text mention of its user, in text or caption."""
    handle = f"@{username}".lower() if username else None
    parsed = {**message.parse_entities(), **message.parse_caption_entities()}
    for entity, text in parsed.items():
        if entity.type == MessageEntity.MENTION and handle and text.lower() == handle:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
    return False


def addressed(message: Message, bot_id: int, username: str | None) -> bool:
    """Privacy-mode friendly: in a group the bot speaks only when mentioned or replied to."""
    return replies_to_bot(message, bot_id) or mentions_bot(message, bot_id, username)


def command_for_us(message: Message, username: str | None) -> bool:
    """``/cmd@thisbot`` in a group (a bare ``/cmd`` may be meant for another bot)."""
    command = (message.text or "").split(maxsplit=1)[0] if message.text else ""
    _, _, target = command.partition("@")
    return bool(username) and target.lower() == (username or "").lower()


def strip_mention(text: str, username: str | None) -> str:
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


# --- threads -----------------------------------------------------------------------------------


class ThreadIndex:
    """Which thread a message the bot sent belongs to (bounded, in this process).

    Telegram names the thread root itself in supergroups (``message_thread_id``) and the buttons
    carry it; this covers replies to a bot answer in basic groups while the process lives.
    """

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._roots: OrderedDict[tuple[int, int], int] = OrderedDict()

    def add(self, chat_id: int, message_id: int, root: int) -> None:
        self._roots[(chat_id, message_id)] = root
        while len(self._roots) > self.size:
            self._roots.popitem(last=False)

    def get(self, chat_id: int, message_id: int) -> int | None:
        return self._roots.get((chat_id, message_id))

    def forget_chat(self, chat_id: int) -> None:
        for k in [k for k in self._roots if k[0] == chat_id]:
            del self._roots[k]


def thread_root(message: Message, bot_id: int, index: ThreadIndex) -> int:
    """The message that started the group thread ``message`` belongs to (or starts)."""
    reply = message.reply_to_message
    if reply is not None and replies_to_bot(message, bot_id):
        root = root_from_markup(reply.reply_markup) or index.get(message.chat.id, reply.message_id)
        if root is not None:
            return root
    if message.message_thread_id and not message.is_topic_message:
        return message.message_thread_id  # a supergroup's reply thread: Telegram knows its root
    if reply is not None and replies_to_bot(message, bot_id):
        return reply.message_id  # a bot message from before a restart, in a basic group
    return message.message_id


# --- callback data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Callback:
    """A decoded button press."""

    kind: str  # OPTION | HASHED | SKIP | FORGET
    root: int | None = None
    value: str = ""  # the option id, its digest, or "yes"/"no" for FORGET
    user_id: int | None = None  # FORGET: only the person who asked may confirm


def _root_text(root: int | None) -> str:
    return "-" if root is None else str(root)


def _fits(data: str) -> bool:
    return len(data.encode()) <= CALLBACK_LIMIT


def digest(choice: str) -> str:
    return hashlib.sha256(choice.encode()).hexdigest()[:16]


def option_data(root: int | None, choice: str) -> str:
    """``o:<root>:<question>:<option>``, or a digest when the ids are too long for 64 bytes."""
    data = f"{OPTION}:{_root_text(root)}:{choice}"
    if _fits(data):
        return data
    data = f"{HASHED}:{_root_text(root)}:{digest(choice)}"
    if not _fits(data):
        raise ValueError("thread root too long for callback data")
    return data


def skip_data(root: int | None) -> str:
    return f"{SKIP}:{_root_text(root)}"


def forget_data(answer: str, user_id: int) -> str:
    return f"{FORGET}:{answer}:{user_id}"


def parse_callback(data: str | None) -> Callback | None:
    """The press, or None for data this bot did not make."""
    if not data:
        return None
    kind, _, rest = data.partition(":")
    if kind == FORGET:
        answer, _, user = rest.partition(":")
        return Callback(FORGET, value=answer, user_id=int(user)) if user.lstrip("-").isdecimal() else None
    if kind not in (OPTION, HASHED, SKIP):
        return None
    root_text, _, value = rest.partition(":")
    if root_text != "-" and not root_text.lstrip("-").isdecimal():
        return None
    return Callback(kind, None if root_text == "-" else int(root_text), value)


def resolve_hashed(value: str, choices: Iterable[str]) -> str | None:
    return next((c for c in choices if digest(c) == value), None)


def root_from_markup(markup: InlineKeyboardMarkup | None) -> int | None:
    """The thread root a question's buttons carry (when the user replies to a question)."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            parsed = parse_callback(button.callback_data if isinstance(button.callback_data, str) else None)
            if parsed is not None and parsed.kind != FORGET and parsed.root is not None:
                return parsed.root
    return None


def button_label(markup: InlineKeyboardMarkup | None, data: str | None) -> str | None:
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
