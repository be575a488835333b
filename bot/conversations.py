"""The one door a chat platform uses: take a turn, record its delivery, and everything around it.

Slack, Telegram, the terminal and any new platform call this module and nothing below it (the
service, the store, the engine): a rule ``tests/test_architecture.py`` checks by reading imports.
Every method is async: the engine and the store are synchronous and run on the turn threads
(``bot.turns``), a conversation's turns and a user's one at a time and in order; delivery records
and other short writes run on the default pool, never queued behind turns, which keeps short the
window in which a killed worker leaves a duplicate.

The delivery contract: ``take_turn`` returns the reply, or None when the event was already
answered; it raises ``RetryLater`` while a first delivery of the same event may still be under
way (the platform asks to be called again: a 503) and ``NotStarter`` when someone other than the
starter writes in a conversation that is not shared. Once a reply (or part of a split one) is
out, the platform calls ``delivered`` (or ``sent_parts``), so that a retry sends nothing (or the
rest only).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from bot.collector import collector_paused
from bot.coverage import Coverage
from bot.delivery import NotStarter, RetryLater
from bot.engine import ConversationState, Core, card_lookup, condition_card, handle
from bot.messages import Inbound, Outbound, OutboundKind
from bot.settings import Settings
from bot.turns import DEFAULT_THREADS, TurnRunner, lanes_of
from knowledge import Knowledge

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.service import ConversationService
    from bot.store import Store

__all__ = ["AccessGrants", "Conversations", "Housekeeping", "NotStarter", "OneShot", "RetryLater"]


class AccessGrants(Protocol):
    """What a platform's access gate keeps in the database (blocking calls: run them off the loop)."""

    def has_grant(self, platform: str, user_key: str, fingerprint: str) -> bool: ...
    def grant(self, platform: str, user_key: str, fingerprint: str) -> None: ...
    def locked_until(self, platform: str, user_key: str) -> datetime | None: ...
    def access_failed(self, platform: str, user_key: str, tries: int, lock: timedelta) -> tuple[int, datetime | None]: ...
    def count_refusal(self, platform: str, user_key: str) -> int: ...


@dataclass(frozen=True)
class OneShot:
    """A one-shot answer and the clarifying question the bot would have asked first (or None)."""

    reply: Outbound
    question: dict[str, Any] | None


class Conversations:
    """The port. ``service`` None: the terminal's storeless mode (``ask`` without ``--save``)."""

    def __init__(self, service: ConversationService | None, core: Core | None = None, threads: int = DEFAULT_THREADS):
        if service is None and core is None:
            raise ValueError("a storeless port needs the core")
        self._service = service
        self.core: Core = core if core is not None else service.core  # type: ignore[union-attr]
        self._runner = TurnRunner(threads)
        self.coverage = Coverage.of(self.core.kb)

    @classmethod
    def open(cls, settings: Settings, core: Core | None = None, *, platform: bool = True) -> Conversations:
        """The port on the configured database and knowledge (default: the bundled one, or
        ``KNOWLEDGE_DIR``). For a chat ``platform`` with the settings' rate limit, delivery lease
        and sharing; for the terminal without. Raises ``SchemaError`` when the schema is not current."""
        from bot.service import ConversationService, for_platforms

        store = _open_store(settings)
        if core is None:
            with collector_paused():  # a worker's full collections then skip the core's objects
                core = Core.default()
        service = for_platforms(settings, store, core) if platform else ConversationService(store, core)
        return cls(service, threads=settings.turn_threads)

    @classmethod
    def storeless(cls, core: Core) -> Conversations:
        return cls(None, core)

    @property
    def _store(self) -> Store:
        if self._service is None:
            raise RuntimeError("this port was opened without a database")
        return self._service.store

    @property
    def knowledge_version(self) -> str:
        return self.core.kb.version

    @property
    def grants(self) -> AccessGrants:
        """The access grants, for a platform's gate (``adapters.telegram.access``)."""
        return self._store

    # --- turns ----------------------------------------------------------------------------------

    async def take_turn(self, inbound: Inbound, *, must_exist: bool = False) -> Outbound | None:
        """The reply to ``inbound`` (see the module's delivery contract). ``must_exist``: answer only
        in a conversation that already exists (a channel thread's plain messages)."""
        return await self._runner.run(self._turn, inbound, must_exist, lanes=lanes_of(inbound))

    def _turn(self, inbound: Inbound, must_exist: bool) -> Outbound | None:
        if self._service is None:
            return handle(None, inbound, self.core)[1]
        if must_exist and not self._service.store.has_conversation(inbound.platform, inbound.conversation_key):
            return None
        return self._service.handle(inbound)

    async def one_shot(self, inbound: Inbound) -> OneShot:
        """An answer at once, with the question it would have asked first (the terminal's ``ask``)."""
        if self._service is None:  # nothing stored: the engine's own state is the answer's
            state, out = handle(None, inbound, self.core)
        else:
            reply = await self.take_turn(inbound)
            if reply is None:  # a fresh key per ask: never a duplicate
                raise RuntimeError("a one-shot turn was taken as a duplicate")
            out = reply
            state = ConversationState.from_dict(
                await asyncio.to_thread(self._store.load_state, inbound.platform, inbound.conversation_key)
            )
        return OneShot(out, self._would_ask(state) if out.kind == OutboundKind.answer else None)

    def _would_ask(self, state: ConversationState) -> dict[str, Any] | None:
        post = self.core.model.score(set(state.present), set(state.absent), words=state.words)
        q = self.core.planner.next_question(post, [])
        if q is None:
            return None
        return {"id": q.id, "text": q.text, "options": [{"id": f"{q.id}:{o.id}", "label": o.label} for o in q.options]}

    async def delivered(self, inbound: Inbound) -> None:
        """The reply reached the platform: a later retry of the same delivery sends nothing."""
        if self._service is not None:
            await asyncio.to_thread(self._service.delivered, inbound)

    async def sent_parts(self, inbound: Inbound, parts: int) -> None:
        """The first ``parts`` messages of a split reply are out: a retry that takes over sends the rest."""
        if self._service is not None:
            await asyncio.to_thread(self._service.sent_parts, inbound, parts)

    async def claim(self, platform: str, key: str, event_id: str) -> bool:
        """Claim an event that is not an engine turn (a help text): False when it was claimed before.
        True when the database is down: answering twice beats not answering."""
        return await asyncio.to_thread(self._claim, platform, key, event_id)

    def _claim(self, platform: str, key: str, event_id: str) -> bool:
        from sqlalchemy.exc import OperationalError

        from bot.store import DuplicateEvent

        try:
            with self._store.turn(platform, key, event_id):
                pass
        except DuplicateEvent:
            return False
        except OperationalError:
            return True
        return True

    # --- questions about conversations ---------------------------------------------------------

    async def is_conversation(self, platform: str, key: str) -> bool:
        return await asyncio.to_thread(self._store.has_conversation, platform, key)

    async def is_starter(self, platform: str, key: str, user_key: str) -> bool:
        """Whether ``user_key`` started the conversation (or nobody is recorded as its starter)."""
        return await asyncio.to_thread(self._store.starter, platform, key) in (None, "", user_key)

    async def card(self, subject: str, example: str) -> Outbound:
        """The card of a condition a clinician names, or a message that says why not (``example``
        shows the platform's own command in it)."""
        return await asyncio.to_thread(card_lookup, subject, self.core, example)

    def exact_card(self, subject: str) -> tuple[Outbound | None, list[str]]:
        """The card of a condition by id or name, else None and the closest names (``kb show``)."""
        cid = subject if subject in self.core.kb.conditions else self.core.resolver.resolve(subject)
        if cid is None:
            return None, self.core.resolver.suggest(subject)
        return Outbound(OutboundKind.card, card=condition_card(cid, self.core)), []

    def choice_ids(self) -> Iterator[str]:
        """Every answer a question button can carry (``question:option``)."""
        return (f"{q.id}:{o.id}" for q in self.core.kb.questions.values() for o in q.options)

    # --- forgetting, retention and health ------------------------------------------------------

    async def forget(self, platform: str, key: str) -> int:
        return await asyncio.to_thread(self._store.forget, platform, key)

    async def forget_user(self, platform: str, user_key: str) -> int:
        return await asyncio.to_thread(self._store.forget_user, platform, user_key)

    async def forget_under(self, platform: str, key: str, started_by: str | None = None) -> int:
        """Every conversation under ``key`` (a chat's threads), or only those ``started_by`` began."""
        return await asyncio.to_thread(self._store.forget_under, platform, key, started_by)

    async def revoke(self, platform: str, user_key: str) -> int:
        return await asyncio.to_thread(self._store.revoke, platform, user_key)

    async def purge(self, older_than: timedelta) -> dict[str, int]:
        return await asyncio.to_thread(self._store.purge, older_than)

    async def ping(self) -> bool:
        return await asyncio.to_thread(self._store.ping)

    def close(self) -> None:
        """Stop the turn threads (after the platforms stopped)."""
        self._runner.shutdown()

    @property
    def lanes(self) -> int:
        """Lanes with a turn waiting or running (tests: nothing is left behind)."""
        return self._runner.lanes


class Housekeeping:
    """The database alone, without the knowledge: retention, access grants, and the schema check a
    command makes before it starts workers. Raises ``SchemaError`` when the schema is not current."""

    def __init__(self, settings: Settings):
        self._store = _open_store(settings)

    async def purge(self, older_than: timedelta) -> dict[str, int]:
        return await asyncio.to_thread(self._store.purge, older_than)

    def grants(self) -> list[Any]:
        """Every access grant: platform, user key, code fingerprint, when granted and last used."""
        return self._store.grants()

    async def revoke(self, platform: str, user_key: str) -> int:
        return await asyncio.to_thread(self._store.revoke, platform, user_key)

    def close(self) -> None:
        self._store.engine.dispose()


def _open_store(settings: Settings) -> Store:
    """The configured store (imported here: the storeless ``ask`` never loads the database driver)."""
    from bot.db_timeouts import Timeouts
    from bot.store import Store

    return Store(settings.effective_database_url, upgrade=settings.upgrades_itself, timeouts=Timeouts.from_settings(settings))


def load_core(kb: Knowledge | None) -> Core:
    """The engine core on ``kb``, else the default one (built once per process)."""
    return Core(kb) if kb is not None else Core.default()


@contextmanager
def database(settings: Settings) -> Iterator[Engine]:
    """The configured database's engine without the store's schema check (the ``db`` commands)."""
    from bot.store import make_engine

    engine = make_engine(settings.effective_database_url)
    try:
        yield engine
    finally:
        engine.dispose()
