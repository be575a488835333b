"""Socket Mode: the same bot over a WebSocket, for development without a public URL."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.slack.app import build_bot
from bot.conversations import Conversations
from bot.settings import Settings


async def run_socket_mode(settings: Settings, conversations: Conversations) -> None:
    """Connect with SLACK_APP_TOKEN and serve until cancelled; replies in flight are finished."""
    bot = build_bot(settings, conversations, socket_mode=True)  # SlackConfigError names a missing token
    handler = AsyncSocketModeHandler(bot.app, settings.slack_app_token, web_client=bot.client)
    await bot.start()
    try:
        await handler.start_async()
    finally:
        await handler.close_async()
        await bot.close()
