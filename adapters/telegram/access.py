"""Who may use a Telegram bot: the allowlists, else the access code, else anyone (with a warning).

A Telegram bot is reachable by anyone who finds its username. With ``TELEGRAM_ALLOWED_CHATS`` /
``TELEGRAM_ALLOWED_USERS`` only those chats and users are answered. Without an allowlist and
with ``TELEGRAM_ACCESS_CODE``, an unknown user is asked for the code (in a private chat, so that
it is not shown to a group) before anything medical; a user who sends it is remembered in the
database, for every worker. Refusals are polite, say nothing internal, and are logged with ids.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass, field
from enum import Enum

from bot.settings import Settings
from bot.store import Store

log = logging.getLogger(__name__)

PLATFORM = "telegram"
REFUSED = "Sorry — this ddxbot is private to the clinical team that runs it. Ask your team's admin for access."
ASK_CODE = "This ddxbot needs an access code before it can help. Send me the code your team's admin gave you, in a private chat."
GRANTED = "Thank you — you have access now. Describe a presentation to begin, or send /help."


class Verdict(str, Enum):
    allowed = "allowed"
    refused = "refused"  # an allowlist is set and this chat/user is not on it
    ask_code = "ask_code"  # no allowlist: the access code is needed first
    granted = "granted"  # the message was the access code: the user is in from now on


@dataclass
class TelegramAccess:
    chats: frozenset[str]
    users: frozenset[str]
    code: str
    store: Store
    _granted: set[str] = field(default_factory=set)  # users known to hold a grant (a cache of the table)

    @classmethod
    def from_settings(cls, settings: Settings, store: Store) -> TelegramAccess:
        return cls(Settings.ids(settings.telegram_allowed_chats), Settings.ids(settings.telegram_allowed_users),
                   settings.telegram_access_code.strip(), store)

    @property
    def open_to_anyone(self) -> bool:
        return not (self.chats or self.users or self.code)

    def describe(self) -> str:
        """One line for the start-up log: how the bot is gated."""
        if self.chats or self.users:
            return f"Telegram: answering {len(self.chats)} allowed chat(s) and {len(self.users)} allowed user(s) only"
        if self.code:
            return "Telegram: no allowlist is set — the bot is open, and unknown users must send TELEGRAM_ACCESS_CODE first"
        return ("Telegram: the bot is OPEN to anyone who finds it — set TELEGRAM_ALLOWED_CHATS / TELEGRAM_ALLOWED_USERS "
                "or TELEGRAM_ACCESS_CODE")

    def check(self, chat_id: int, user_id: int | None, text: str | None, private: bool) -> Verdict:
        """The verdict for a message (``text``) or a button press (``text`` None). Blocking (database)."""
        user = str(user_id) if user_id is not None else ""
        if self.chats or self.users:
            allowed = str(chat_id) in self.chats or user in self.users
            return Verdict.allowed if allowed else self._log(Verdict.refused, chat_id, user)
        if not self.code or self._has_grant(user):
            return Verdict.allowed
        if private and user and text is not None and hmac.compare_digest(text.strip().encode(), self.code.encode()):
            self.store.grant(PLATFORM, user)
            self._granted.add(user)
            return self._log(Verdict.granted, chat_id, user)
        return self._log(Verdict.ask_code, chat_id, user)

    def _has_grant(self, user: str) -> bool:
        if user and (user in self._granted or self.store.has_grant(PLATFORM, user)):
            self._granted.add(user)
            return True
        return False

    @staticmethod
    def _log(verdict: Verdict, chat_id: int, user: str) -> Verdict:
        log.info("telegram access: %s", verdict.value, extra={"chat_id": chat_id, "user_id": user})
        return verdict


REPLIES = {Verdict.refused: REFUSED, Verdict.ask_code: ASK_CODE, Verdict.granted: GRANTED}
