"""Runs one turn end to end: de-duplicate, load state, run the engine, persist — atomically.

The port (``bot.conversations``) calls ``ConversationService.handle`` and, once the reply is posted, ``delivered``. A
redelivered event (a Slack retry, a Telegram redelivery) gets None when its reply went out, its
stored reply when the first delivery died before posting it, and ``RetryLater`` while that first
delivery may still be under way: the adapter then answers the platform 503, and it tries again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.delivery import NotStarter, RetryLater
from bot.engine import ConversationState, Core, handle, read_ahead
from bot.messages import Inbound, Outbound, OutboundKind
from bot.settings import Settings
from bot.store import DuplicateEvent, EventInFlight, Store, utcnow

log = logging.getLogger(__name__)
_DATABASE_DOWN = (OperationalError, PoolTimeout)  # unreachable, or no pooled connection in time

UNAVAILABLE = "The bot's storage is temporarily unavailable. Nothing was lost — please resend your message in a minute."
RATE_LIMITED = "You have sent {limit} messages in the last minute, the most ddxbot takes. Please wait a minute and resend."
DEFAULT_LEASE = timedelta(seconds=30)  # below Slack's first delayed retry (1 minute)


class ConversationService:
    def __init__(self, store: Store, core: Core, lease: timedelta = DEFAULT_LEASE, rate_limit: int = 0, shared: bool = False):
        self.store = store
        self.core = core
        self.lease = lease
        self.rate_limit = rate_limit  # messages per user per minute; 0: none
        self.shared = shared  # SHARED_CONVERSATIONS: anyone in a channel or group may continue a case

    def handle(self, inbound: Inbound) -> Outbound | None:
        """The reply to ``inbound``, or None when this event was already answered (or is one more
        message over the rate limit: only the first is told). Raises ``NotStarter`` when someone
        other than its starter writes in a conversation that is not shared (nothing is kept)."""
        read_ahead(inbound, self.core)
        try:
            try:
                with self.store.turn(
                    inbound.platform,
                    inbound.conversation_key,
                    inbound.event_id,
                    user_key=inbound.user_key,
                    rate_limit=self.rate_limit,
                ) as turn:
                    if turn.over_limit:  # the conversation and its text untouched, the event not kept
                        log.info("rate limited", extra={"platform": inbound.platform, "event_id": inbound.event_id})
                        first = turn.over_limit == self.rate_limit + 1
                        return Outbound(OutboundKind.error, RATE_LIMITED.format(limit=self.rate_limit)) if first else None
                    if inbound.shared and not self.shared and turn.started_by not in ("", inbound.user_key):
                        raise NotStarter(inbound.conversation_key)  # rolls the claim back: nothing stored
                    new_state, out = handle(ConversationState.from_dict(turn.state), inbound, self.core)
                    user_text = inbound.text if inbound.text is not None else f"[choice {inbound.choice}]"
                    self.store.record(turn, new_state.to_dict(), inbound.user_key, user_text, out.to_dict(), self.core.kb.version)
            except DuplicateEvent:
                return self._redelivered(inbound)
        except _DATABASE_DOWN as exc:  # database down or stalled: say so, keep nothing half-done
            log.error("store unavailable: %s", type(exc).__name__, extra={"platform": inbound.platform})
            return Outbound(OutboundKind.error, UNAVAILABLE)
        log.info(
            "turn handled",
            extra={
                "platform": inbound.platform,
                "conversation": turn.conversation_id,
                "event_id": inbound.event_id,
                "kind": out.kind.value,
            },
        )
        return out

    def _redelivered(self, inbound: Inbound) -> Outbound | None:
        assert inbound.event_id is not None  # only events with an id can be duplicates
        extra = {"platform": inbound.platform, "event_id": inbound.event_id}
        try:
            reply = self.store.take_over(inbound.platform, inbound.event_id, self.lease)
        except EventInFlight as exc:
            log.info("redelivery while the first delivery is under way: retry later", extra=extra)
            raise RetryLater(str(exc)) from exc
        if reply is None:
            log.info("duplicate event ignored", extra=extra)
            return None
        log.warning("reply of an interrupted delivery sent again", extra=extra)
        return Outbound.from_dict(reply)

    def sent_parts(self, inbound: Inbound, parts: int) -> None:
        """The first ``parts`` messages of a split reply are out: a retry that takes over sends the
        rest only."""
        self._record_delivery(inbound, "progress", parts_sent=parts)

    def delivered(self, inbound: Inbound) -> None:
        """The reply reached the platform: a later retry of the same delivery sends nothing."""
        self._record_delivery(inbound, "delivery", delivered_at=utcnow(), reply=None)

    def _record_delivery(self, inbound: Inbound, what: str, **values: object) -> None:
        """Best effort: a database error is logged, not raised — the user has the reply; at worst a
        later retry of the same delivery repeats (part of) it."""
        if inbound.event_id is None:
            return
        try:
            self.store.update_event(inbound.platform, inbound.event_id, **values)
        except _DATABASE_DOWN as exc:
            log.error(
                "%s not recorded: %s",
                what,
                type(exc).__name__,
                extra={"platform": inbound.platform, "event_id": inbound.event_id},
            )

    def forget(self, platform: str, key: str) -> int:
        return self.store.forget(platform, key)

    def forget_user(self, platform: str, user_key: str) -> int:
        return self.store.forget_user(platform, user_key)

    def is_starter(self, platform: str, key: str, user_key: str) -> bool:
        """Whether ``user_key`` started the conversation (or nobody is recorded as its starter)."""
        return self.store.starter(platform, key) in (None, "", user_key)


def for_platforms(settings: Settings, store: Store, core: Core) -> ConversationService:
    """The service a chat platform talks to: the configured rate limit, delivery lease and sharing."""
    return ConversationService(
        store,
        core,
        lease=timedelta(seconds=settings.delivery_lease_seconds),
        rate_limit=settings.rate_limit_per_minute,
        shared=settings.shared_conversations,
    )
