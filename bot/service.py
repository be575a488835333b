"""Runs one turn end to end: de-duplicate, load state, run the engine, persist — atomically.

Adapters call ``ConversationService.handle``; it returns None for a duplicate delivery (a Slack
retry, a Telegram redelivery) so that exactly one reply goes out.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError

from bot.engine import ConversationState, Core, handle
from bot.messages import Inbound, Outbound, OutboundKind
from bot.store import DuplicateEvent, Store

log = logging.getLogger(__name__)

UNAVAILABLE = "The bot's storage is temporarily unavailable. Nothing was lost — please resend your message in a minute."


class ConversationService:
    def __init__(self, store: Store, core: Core):
        self.store = store
        self.core = core

    def handle(self, inbound: Inbound) -> Outbound | None:
        """The reply to ``inbound``, or None when this event was already processed."""
        try:
            with self.store.turn(inbound.platform, inbound.conversation_key, inbound.event_id) as turn:
                new_state, out = handle(ConversationState.from_dict(turn.state), inbound, self.core)
                user_text = inbound.text if inbound.text is not None else f"[choice {inbound.choice}]"
                self.store.record(turn, new_state.to_dict(), inbound.user_key, user_text, out.to_dict(), self.core.kb.version)
        except DuplicateEvent:
            log.info("duplicate event ignored", extra={"platform": inbound.platform, "event_id": inbound.event_id})
            return None
        except OperationalError as exc:  # database down: say so, keep nothing half-done
            log.error("store unavailable: %s", type(exc).__name__, extra={"platform": inbound.platform})
            return Outbound(OutboundKind.error, UNAVAILABLE)
        log.info(
            "turn handled",
            extra={"platform": inbound.platform, "conversation": turn.conversation_id, "event_id": inbound.event_id, "kind": out.kind.value},
        )
        return out

    def forget(self, platform: str, key: str) -> int:
        return self.store.forget(platform, key)
