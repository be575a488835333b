"""Conversation keys, de-duplication keys and message text, computed from Slack payloads.

Pure functions over Slack's JSON, so that events and button clicks agree on which conversation
they belong to, and so that an @mention delivered both as ``app_mention`` and as ``message``
(or redelivered by a retry) maps to one processed-event id in the database.
"""

from __future__ import annotations

import re
from typing import Any

PLATFORM = "slack"

# Message subtypes that are a person writing something new; everything else (edits, deletions,
# joins, bot posts, channel topic changes…) never starts or continues a turn.
_USER_SUBTYPES = {None, "file_share", "thread_broadcast"}

_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


def team_of(team_id: str | None, enterprise_id: str | None = None) -> str:
    """The workspace part of every key (an org-wide install may have no team id)."""
    return team_id or enterprise_id or "-"


def is_direct_message(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im"


def is_dm_channel(channel_id: str) -> bool:
    """Slack's direct-message channel ids start with D (block_actions carry no channel_type)."""
    return channel_id.startswith("D")


def reply_thread(event: dict[str, Any]) -> str | None:
    """Where the bot answers: the event's thread, its own ts in a channel, no thread in a plain DM."""
    if event.get("thread_ts"):
        return str(event["thread_ts"])
    if is_direct_message(event):
        return None
    return str(event["ts"])


def conversation_key(team: str, channel: str, thread_ts: str | None) -> str:
    """``team:channel:thread_ts``; ``team:channel`` for a DM that is not threaded."""
    return f"{team}:{channel}:{thread_ts}" if thread_ts else f"{team}:{channel}"


def event_conversation_key(team: str, event: dict[str, Any]) -> str:
    return conversation_key(team, str(event["channel"]), reply_thread(event))


def message_event_id(channel: str, ts: str) -> str:
    """One id per Slack message: retries and the app_mention/message pair share it."""
    return f"{channel}:{ts}"


def action_thread(body: dict[str, Any]) -> str | None:
    """The thread a clicked question lives in, derived the way ``reply_thread`` placed it."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    if message.get("thread_ts"):
        return str(message["thread_ts"])
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id", ""))
    if is_dm_channel(channel):
        return None
    return str(container.get("message_ts") or message.get("ts"))


def user_teams(body: dict[str, Any]) -> set[str]:
    """The poster's own workspace(s) as a request names them: ``user_team``/``source_team``/``team``
    of an event (Slack Connect and Enterprise Grid set them to the poster's workspace), the
    clicker's ``user.team_id`` of an interaction. Slash commands carry the invoker's ``team_id`` on
    the request itself (the gate's team). Empty when the request names none."""
    event = body.get("event") or {}
    found = {event.get("user_team"), event.get("source_team"), event.get("team")}
    user = body.get("user")
    if isinstance(user, dict):
        found.add(user.get("team_id"))
    return {team for team in found if isinstance(team, str) and team}


def user_key(team: str, user: str | None) -> str:
    return f"{team}:{user or '-'}"


def is_answerable_message(event: dict[str, Any]) -> bool:
    """A message written by a person: no bot or app post, no edit, deletion or channel notice."""
    if event.get("bot_id") or event.get("bot_profile"):
        return False
    if event.get("subtype") not in _USER_SUBTYPES:
        return False
    return bool(event.get("user")) and bool(event.get("ts")) and bool(event.get("channel"))


def clean_text(text: str | None, bot_user_id: str | None) -> str:
    """The text for the engine: the bot's mention removed and Slack's &amp;/&lt;/&gt; decoded."""
    text = text or ""
    if bot_user_id:
        text = _MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text).strip()
