"""Telegram: private chats, group threads, commands, inline-keyboard questions, webhook and polling.

The public surface is small: ``build_bot`` (the PTB ``Application`` with its handlers, wrapped in
a ``TelegramBot``), ``run_polling``, ``set_webhook``, ``render`` (HTML parts for an ``Outbound``)
and ``TelegramConfigError``. The webhook route lives in ``adapters.web``.
"""

from adapters.telegram.app import TelegramBot, TelegramConfigError, build_bot, run_polling, set_webhook
from adapters.telegram.render import Part, render

__all__ = ["Part", "TelegramBot", "TelegramConfigError", "build_bot", "render", "run_polling", "set_webhook"]
