"""Who may use a Telegram bot: the allowlists, else the access code, else anyone (with a warning).

A Telegram bot is reachable by anyone who finds its username. With ``TELEGRAM_ALLOWED_CHATS`` /
``TELEGRAM_ALLOWED_USERS`` only those chats and users are answered. Without an allowlist and
with ``TELEGRAM_ACCESS_CODE``, an unknown user is asked for the code (in a private chat, so that
it is not shown to a group) before anything medical; a user who sends it is remembered in the
database, for every worker, for as long as the code stays the same (a grant keeps a fingerprint of
its code). A few wrong codes lock the user out for a while, counted in the database so that every
worker agrees. Refusals are polite, say nothing internal, are logged with ids, and are answered
once per window: a flood of refused messages costs one counter row, not a row per message.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from bot.conversations import AccessGrants
from bot.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "telegram"
REFUSED = "Sorry — this ddxbot is private to the clinical team that runs it. Ask your team's admin for access."
ASK_CODE = "This ddxbot needs an access code before it can help. Send me the code your team's admin gave you, in a private chat."
WRONG_CODE = "That is not the access code. {left} more wrong code(s) and you will have to wait {minutes} minutes."
LOCKED = "Too many wrong access codes. Please wait {minutes} minutes, then send the code again."
GRANTED = "Thank you — you have access now. Describe a presentation to begin, or send /help."
_SALT = b"ddxbot telegram access grant"  # fixed: every worker must derive the same fingerprint


class Verdict(str, Enum):
    allowed = "allowed"
    refused = "refused"  # an allowlist is set and this chat/user is not on it
    ask_code = "ask_code"  # no allowlist: the access code is needed first
    wrong_code = "wrong_code"  # a wrong code, with tries left
    locked = "locked"  # too many wrong codes: locked out for a while
    granted = "granted"  # the message was the access code: the user is in from now on


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reply: str = ""
    throttled: bool = False  # a refusal anyone can repeat at will: answered once per window


def fingerprint(code: str) -> str:
    """What a grant stores of the code it was given for: a slow salted hash, never the code. A new
    ``TELEGRAM_ACCESS_CODE`` has another fingerprint, so old grants no longer count."""
    return hashlib.pbkdf2_hmac("sha256", code.encode(), _SALT, 100_000).hex()[:32] if code else ""


@dataclass
class TelegramAccess:
    chats: frozenset[str]
    users: frozenset[str]
    code: str
    store: AccessGrants
    tries: int = 5
    lock: timedelta = timedelta(minutes=15)
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        self.fingerprint = fingerprint(self.code)

    @classmethod
    def from_settings(cls, settings: Settings, store: AccessGrants) -> TelegramAccess:
        return cls(
            Settings.ids(settings.telegram_allowed_chats),
            Settings.ids(settings.telegram_allowed_users),
            settings.telegram_access_code.strip(),
            store,
            max(1, settings.telegram_code_tries),
            timedelta(minutes=settings.telegram_code_lock_minutes),
        )

    @property
    def open_to_anyone(self) -> bool:
        return not (self.chats or self.users or self.code)

    def describe(self) -> str:
        """One line for the start-up log: how the bot is gated."""
        if self.chats or self.users:
            return f"Telegram: answering {len(self.chats)} allowed chat(s) and {len(self.users)} allowed user(s) only"
        if self.code:
            return "Telegram: no allowlist is set — the bot is open, and unknown users must send TELEGRAM_ACCESS_CODE first"
        return (
            "Telegram: the bot is OPEN to anyone who finds it — set TELEGRAM_ALLOWED_CHATS / TELEGRAM_ALLOWED_USERS "
            "or TELEGRAM_ACCESS_CODE"
        )

    def check(self, chat_id: int, user_id: int | None, text: str | None, private: bool) -> Decision:
        """The decision for a message (``text``) or a button press (``text`` None). Blocking (database)."""
        user = str(user_id) if user_id is not None else ""
        if self.chats or self.users:
            if str(chat_id) in self.chats or user in self.users:
                return Decision(Verdict.allowed)
            return self._log(Decision(Verdict.refused, REFUSED, throttled=True), chat_id, user)
        if not self.code or (user and self.store.has_grant(PLATFORM, user, self.fingerprint)):
            return Decision(Verdict.allowed)
        if not (private and user and text is not None):  # a group, or a button: never a code attempt
            return self._log(Decision(Verdict.ask_code, ASK_CODE, throttled=True), chat_id, user)
        minutes = max(1, round(self.lock.total_seconds() / 60))
        if self.store.locked_until(PLATFORM, user) is not None:  # the code is not even compared
            return self._log(Decision(Verdict.locked, LOCKED.format(minutes=minutes), throttled=True), chat_id, user)
        if hmac.compare_digest(text.strip().encode(), self.code.encode()):
            self.store.grant(PLATFORM, user, self.fingerprint)
            return self._log(Decision(Verdict.granted, GRANTED), chat_id, user)
        failures, locked = self.store.access_failed(PLATFORM, user, self.tries, self.lock)
        if locked is not None:
            return self._log(Decision(Verdict.locked, LOCKED.format(minutes=minutes)), chat_id, user, failures=self.tries)
        if failures == 1:  # most likely a first message, not a guess: ask for the code
            return self._log(Decision(Verdict.ask_code, ASK_CODE), chat_id, user, failures=failures)
        reply = WRONG_CODE.format(left=self.tries - failures, minutes=minutes)
        return self._log(Decision(Verdict.wrong_code, reply), chat_id, user, failures=failures)

    def should_answer(self, decision: Decision, chat_id: int, user_id: int | None) -> bool:
        """Whether to send the refusal: a throttled one only for the first message of the window, so
        that a flood costs one counter row and one reply, not one of each per message."""
        if not decision.throttled:
            return True
        return self.store.count_refusal(PLATFORM, str(user_id) if user_id is not None else f"chat:{chat_id}") == 1

    @staticmethod
    def _log(decision: Decision, chat_id: int, user: str, failures: int | None = None) -> Decision:
        extra = {"chat_id": chat_id, "user_id": user} | ({"failures": failures} if failures is not None else {})
        log.info("telegram access: %s", decision.verdict.value, extra=extra)
        return decision
