"""Slack's assistant container (the AI-app side panel), through Bolt's ``AsyncAssistant`` middleware.

A new assistant thread gets suggested prompts; each user message in it shows "is thinking…" while
the turn runs and goes through the same port (``bot.conversations``) as a channel message (one reply per
message, de-duplicated in the database, access checked by the same gate); the first message of a
thread names the thread. The channel the user is looking at (``assistant_thread_context_changed``)
is deliberately not read or stored: a differential needs only what the clinician writes.
"""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from slack_bolt.async_app import AsyncAssistant, AsyncBoltContext, AsyncSetStatus, AsyncSetSuggestedPrompts, AsyncSetTitle
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from adapters.slack import keys
from adapters.slack.keys import PLATFORM
from bot.conversations import Conversations


class SlackBot(Protocol):
    """What the panel uses of ``adapters.slack.app.SlackBot`` (named here, so neither module imports the other)."""

    conversations: Conversations

    def _tracked(self, what: str) -> AbstractAsyncContextManager[Any]: ...
    async def _converse(self, event: dict[str, Any], context: AsyncBoltContext, must_exist: bool) -> None: ...


log = logging.getLogger(__name__)

THINKING = "is thinking…"
TITLE_LIMIT = 80
PROMPTS_TITLE = "Describe a presentation, or try one of these:"
# Our own example cases (never from an evaluation set), and the help, as one-click prompts.
PROMPTS = [
    {"title": "Night-time calf cramps", "message": "62 year old woman, calf cramps at night, no swelling, on furosemide"},
    {"title": "Swollen painful calf", "message": "painful swollen left calf three days after a long-haul flight"},
    {
        "title": "Back pain into the leg",
        "message": "low back pain shooting down the back of the right leg to the foot when bending",
    },
    {"title": "How to use ddxbot", "message": "help"},
]


def thread_title(text: str) -> str:
    """The thread's name in the assistant's history: the first message, on one line, clipped."""
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LIMIT else line[: TITLE_LIMIT - 1].rstrip() + "…"


def build_assistant(bot: SlackBot) -> AsyncAssistant:
    """The middleware, its listeners bound to ``bot``; register with ``app.assistant`` after the gate."""
    assistant = AsyncAssistant()

    @assistant.thread_started
    async def started(set_suggested_prompts: AsyncSetSuggestedPrompts) -> None:
        await _quietly("setSuggestedPrompts", set_suggested_prompts(prompts=PROMPTS, title=PROMPTS_TITLE))

    @assistant.thread_context_changed
    async def context_changed() -> None:
        """Acknowledged and dropped: Bolt's default would store the viewed channel in the thread."""

    @assistant.user_message
    async def user_message(
        event: dict[str, Any], context: AsyncBoltContext, set_status: AsyncSetStatus, set_title: AsyncSetTitle
    ) -> BoltResponse | None:
        async with bot._tracked("assistant message") as outcome:
            if keys.is_answerable_message(event):
                await _quietly("setStatus", set_status(THINKING))
                text = keys.clean_text(event.get("text"), context.bot_user_id)
                team = keys.team_of(context.team_id, context.enterprise_id)
                if text and not await bot.conversations.is_conversation(PLATFORM, keys.event_conversation_key(team, event)):
                    await _quietly("setTitle", set_title(thread_title(text)))
                await bot._converse(event, context, must_exist=False)
        return outcome.response

    return assistant


async def _quietly(what: str, call: Any) -> None:
    """The panel's decorations never cost a reply: an error (an install without ``assistant:write``,
    a thread that is not an assistant thread) is logged and the turn goes on."""
    try:
        await call
    except SlackApiError as exc:
        log.warning("slack assistant %s failed: %s", what, exc.response.get("error"))
