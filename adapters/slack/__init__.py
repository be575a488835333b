"""Slack: mentions, DMs, threads, Block Kit questions and answers, and the /ddx slash command.

The public surface is small: ``build_bot`` (an ``AsyncApp`` with its listeners, for HTTP or
Socket Mode), ``render`` (Block Kit for an ``Outbound``) and ``SlackConfigError``. The ASGI
route lives in ``adapters.web``; Socket Mode in ``adapters.slack.socket_mode``.
"""

from adapters.slack.app import SlackBot, SlackConfigError, build_bot, make_client
from adapters.slack.blocks import Rendered, render

__all__ = ["Rendered", "SlackBot", "SlackConfigError", "build_bot", "make_client", "render"]
