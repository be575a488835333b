"""A minimal chat platform built on the port alone, as ``adapters/README.md`` describes.

It proves the steps there: a platform turns its own events into ``Inbound`` turns, takes them
through ``bot.conversations`` (and nothing below it), renders the reply its own way, sends it,
and records the delivery. Its "network" is a list of sent messages; each event carries an id, so
a redelivered event is answered once, as on a real platform.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.conversations import Conversations, NotStarter, RetryLater
from bot.messages import Inbound, Outbound
from bot.render_text import render_text

PLATFORM = "toy"


@dataclass
class Sent:
    """A message the toy platform delivered: its text, and the reply it rendered (for assertions)."""

    room: str
    text: str
    reply: Outbound


@dataclass
class ToyPlatform:
    """Rooms of one user each; ``post`` and ``click`` are the platform's two kinds of event."""

    conversations: Conversations
    sent: list[Sent] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=itertools.count)

    async def post(
        self, room: str, user: str, text: str, *, one_shot: bool = False, event_id: str | None = None
    ) -> Outbound | None:
        return await self._turn(Inbound(PLATFORM, room, user, text=text, one_shot=one_shot, event_id=event_id or self._id()))

    async def click(self, room: str, user: str, choice: str, *, event_id: str | None = None) -> Outbound | None:
        return await self._turn(Inbound(PLATFORM, room, user, choice=choice, event_id=event_id or self._id()))

    async def _turn(self, inbound: Inbound) -> Outbound | None:
        """Step 3 of the README: take the turn, render, send, record the delivery."""
        try:
            reply = await self.conversations.take_turn(inbound)
        except (RetryLater, NotStarter):  # a real platform answers 503, or a private note
            return None
        if reply is None:
            return None  # a redelivered event, already answered
        self.sent.append(Sent(inbound.conversation_key, render_text(reply), reply))
        await self.conversations.delivered(inbound)
        return reply

    def _id(self) -> str:
        return f"toy-{next(self._ids)}"
