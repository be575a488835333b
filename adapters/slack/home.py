"""The App Home tab: how to use ddxbot, what its knowledge covers, its version, and what it keeps.

Slack shows the Home tab when a user opens the app (``app_home_opened`` with ``tab: "home"``);
the view is published per user with ``views.publish``. Everything on it about the knowledge is
read from the loaded knowledge, so it is never out of date with what the bot answers from.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blocks
from bot.coverage import NOT_A_DIAGNOSIS, PURPOSE, Coverage
from bot.messages import DISCLAIMER

log = logging.getLogger(__name__)

USAGE = (
    "*How to use it*\n"
    "• *Assistant panel:* open ddxbot from the top bar (or its Messages tab) and describe a presentation, "
    "e.g. \"62F, nocturnal calf cramps, no swelling, on furosemide\". Each thread is one case.\n"
    "• *In a channel or group DM:* invite the bot and @mention it with the presentation; it answers in the "
    "thread, and every reply in that thread refines the case.\n"
    "• It asks up to three questions (click or type; \"skip\" answers now), then gives four tiers: single "
    "most likely, other likely, do not miss, rare — each with the findings for and against.\n"
    "• Follow-ups: add findings, \"why not DVT?\", \"workup\", \"red flags\", \"new\".\n"
    "• `/ddx <presentation>` a one-shot answer only you see; `/ddx about <condition>` a condition card."
)


def privacy_text(retention_days: int) -> str:
    """What is stored, for how long, and how to delete it, as the README states it."""
    return (
        "*Privacy*\n"
        "• ddxbot stores each conversation's messages and replies in its own database, to continue the case. "
        "Message text is never written to its logs.\n"
        f"• Conversations untouched for {retention_days} days are deleted automatically.\n"
        "• *Forget this conversation* (the button under an answer) deletes one thread at once; "
        "`/ddx forget` deletes every conversation in which you spoke last.\n"
        "• Each answer leaves one audit row: the knowledge version and the conditions shown, never text.\n"
        "• Nothing you write is sent anywhere but this Slack workspace."
    )


def home_view(coverage: Coverage, retention_days: int) -> dict[str, Any]:
    """The Home tab's view: a ``home`` view of header, sections and the disclaimer."""
    return {
        "type": "home",
        "blocks": [
            blocks.header("ddxbot"),
            blocks.section(blocks.escape(f"{PURPOSE} {NOT_A_DIAGNOSIS}")),
            {"type": "divider"},
            blocks.section(USAGE),
            {"type": "divider"},
            blocks.section("*What the knowledge covers*\n" + blocks.escape(coverage.summary())),
            blocks.context(f"Knowledge version `{blocks.escape(coverage.version)}`"),
            {"type": "divider"},
            blocks.section(privacy_text(retention_days)),
            blocks.context(f":information_source: *Professional disclaimer:* {blocks.escape(DISCLAIMER)}"),
        ],
    }


class HomeTab:
    """Publishes the Home tab when a user opens it; the view is built once (the knowledge is fixed
    for the life of the process)."""

    def __init__(self, coverage: Coverage, retention_days: int) -> None:
        self.view = home_view(coverage, retention_days)

    async def on_opened(self, event: dict[str, Any], client: AsyncWebClient) -> None:
        """``app_home_opened``: the Messages tab needs nothing; the Home tab gets the view."""
        if event.get("tab") != "home" or not event.get("user"):
            return
        try:
            await client.views_publish(user_id=str(event["user"]), view=self.view)
        except SlackApiError as exc:
            log.warning("slack home tab not published: %s", exc.response.get("error"))
