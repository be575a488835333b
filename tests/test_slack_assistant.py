"""Slack as its users meet it in 2026: the assistant panel, the Home tab, group DMs, the manifests.

Signed requests into the real ``AsyncApp`` behind the web app, assertions on what reached the
fake Slack Web API, as in ``test_slack``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from test_slack import FULL, VAGUE, Harness, _serve, fake, harness, has_disclaimer, is_answer, is_question, service  # noqa: F401 (fixtures)

from adapters.slack.assistant import PROMPTS as PANEL_PROMPTS
from support.slack_api import TEAM_ID, Call
from support.slack_requests import mention, message, new_ts
from support.yaml_files import read_yaml

ROOT = Path(__file__).resolve().parent.parent
DM = "D0ASSIST"
MPIM = "G0GROUPDM"
STATUS = "assistant.threads.setStatus"
PROMPTS = "assistant.threads.setSuggestedPrompts"
TITLE = "assistant.threads.setTitle"


def thread_started(thread_ts: str, *, event: str = "assistant_thread_started") -> dict[str, Any]:
    """The event Slack sends when a user opens (or moves within) an assistant thread."""
    return {
        "type": event,
        "event_ts": new_ts(),
        "assistant_thread": {
            "user_id": "U0DOC",
            "channel_id": DM,
            "thread_ts": thread_ts,
            "context": {"channel_id": "C0VIEWED", "team_id": TEAM_ID, "enterprise_id": None},
        },
    }


def in_assistant_thread(text: str, thread_ts: str, **kwargs: Any) -> dict[str, Any]:
    """A user's message in an assistant thread: a threaded ``message.im``."""
    return message(text, channel=DM, channel_type="im", thread_ts=thread_ts, **kwargs)


def index(calls: list[Call], method: str, nth: int = 0) -> int:
    return [i for i, c in enumerate(calls) if c.method == method and c.status == 200][nth]


# --- the assistant panel ---------------------------------------------------------------------------


async def test_a_new_assistant_thread_gets_suggested_prompts_and_no_message(harness: Harness) -> None:
    thread = new_ts()
    assert (await harness.slack.event(thread_started(thread))).status_code == 200
    (prompts,) = await harness.fake.wait_for(PROMPTS)
    assert prompts["channel_id"] == DM and prompts["thread_ts"] == thread
    assert len(prompts["prompts"]) >= 2 and all(p["title"] and p["message"] for p in prompts["prompts"])
    await harness.settle()
    assert harness.fake.replies() == []


async def test_a_suggested_prompt_is_answered_like_any_message(harness: Harness) -> None:
    thread = new_ts()
    await harness.slack.event(thread_started(thread))
    (prompts,) = await harness.fake.wait_for(PROMPTS)
    case = next(p for p in prompts["prompts"] if p["message"] != "help")
    await harness.slack.event(in_assistant_thread(case["message"], thread))
    (reply,) = await harness.fake.wait_for("chat.postMessage")
    assert is_question(reply) or is_answer(reply), "an example prompt the engine cannot read"


async def test_assistant_message_shows_thinking_then_replies_in_its_thread(harness: Harness) -> None:
    thread = new_ts()
    await harness.slack.event(in_assistant_thread(VAGUE, thread))
    (question,) = await harness.fake.wait_for("chat.postMessage")
    assert question["channel"] == DM and question["thread_ts"] == thread and is_question(question)
    (status,) = harness.fake.sent(STATUS)
    assert status["channel_id"] == DM and status["thread_ts"] == thread and status["status"] == "is thinking…"
    assert index(harness.fake.calls, STATUS) < index(harness.fake.calls, "chat.postMessage")
    (title,) = harness.fake.sent(TITLE)
    assert title["thread_ts"] == thread and title["title"] == VAGUE

    await harness.slack.event(in_assistant_thread("skip", thread))
    posted = await harness.fake.wait_for("chat.postMessage", 2)
    assert posted[1]["thread_ts"] == thread and is_answer(posted[1])
    assert len(harness.fake.sent(STATUS)) == 2, "each turn shows the status"
    assert len(harness.fake.sent(TITLE)) == 1, "a thread is named once, by its first message"


async def test_each_assistant_thread_is_its_own_case(harness: Harness) -> None:
    first, second = new_ts(), new_ts()
    await harness.slack.event(in_assistant_thread(VAGUE, first))
    await harness.slack.event(in_assistant_thread("skip", second))  # nothing to answer in a new thread
    posted = await harness.fake.wait_for("chat.postMessage", 2)
    assert is_question(posted[0]) and posted[1]["thread_ts"] == second and not is_answer(posted[1])
    assert [t["thread_ts"] for t in harness.fake.sent(TITLE)] == [first, second]


async def test_a_long_first_message_gives_a_short_one_line_title(harness: Harness) -> None:
    text = FULL + ",\n" + " and cramps on walking" * 10
    await harness.slack.event(in_assistant_thread(text, new_ts()))
    (title,) = await harness.fake.wait_for(TITLE)
    assert len(title["title"]) <= 80 and "\n" not in title["title"] and title["title"].startswith(FULL)


async def test_a_retried_assistant_message_is_answered_once(harness: Harness) -> None:
    event = in_assistant_thread(FULL, new_ts())
    await harness.slack.event(event, event_id="EvSAME")
    await harness.slack.event(event, event_id="EvSAME", retry=1)
    await harness.settle()
    assert len(harness.fake.sent("chat.postMessage")) == 1


async def test_status_or_title_refused_still_gets_the_reply(harness: Harness) -> None:
    harness.fake.fail_once(STATUS, status=200, error="missing_scope")
    harness.fake.fail_once(TITLE, status=200, error="missing_scope")
    await harness.slack.event(in_assistant_thread(FULL, new_ts()))
    (reply,) = await harness.fake.wait_for("chat.postMessage")
    assert is_answer(reply) or is_question(reply)


async def test_the_viewed_channel_is_neither_read_nor_stored(harness: Harness) -> None:
    thread = new_ts()
    response = await harness.slack.event(thread_started(thread, event="assistant_thread_context_changed"))
    assert response.status_code == 200
    await harness.settle()
    assert harness.fake.calls == [c for c in harness.fake.calls if c.method == "auth.test"]


async def test_assistant_threads_follow_the_workspace_allowlist(fake, service) -> None:
    async for h in _serve(fake, service, slack_allowed_teams="T0OTHER"):
        await h.slack.event(thread_started(new_ts()))
        await h.slack.event(in_assistant_thread(FULL, new_ts()))
        await h.settle()
        assert [c.method for c in fake.calls if c.method != "auth.test"] == []


async def test_an_edit_in_an_assistant_thread_changes_nothing(harness: Harness) -> None:
    thread = new_ts()
    edit = message(
        "",
        channel=DM,
        channel_type="im",
        subtype="message_changed",
        message={"type": "message", "user": "U0DOC", "text": FULL, "ts": new_ts(), "thread_ts": thread},
        previous_message={"type": "message", "user": "U0DOC", "text": VAGUE, "ts": new_ts(), "thread_ts": thread},
    )
    del edit["user"]
    assert (await harness.slack.event(edit)).status_code == 200
    await harness.settle()
    assert harness.fake.replies() == [] and harness.fake.sent(STATUS) == []


# --- the Home tab --------------------------------------------------------------------------------


def home_opened(tab: str = "home") -> dict[str, Any]:
    return {"type": "app_home_opened", "user": "U0DOC", "channel": "D0HOME", "tab": tab, "event_ts": new_ts()}


async def test_home_tab_says_how_to_use_what_it_covers_its_version_and_privacy(fake, service, core) -> None:
    async for h in _serve(fake, service, retention_days=14):
        assert (await h.slack.event(home_opened())).status_code == 200
        (published,) = await fake.wait_for("views.publish")
        assert published["user_id"] == "U0DOC" and published["view"]["type"] == "home"
        text = json.dumps(published["view"])
        families = Counter(c.family for c in core.kb.conditions.values())
        assert families and all(f"{family} ({count})" in text for family, count in families.items())
        assert f"{len(core.kb.conditions)} conditions" in text and core.kb.version in text
        assert "14 days" in text and "/ddx forget" in text and "Forget this conversation" in text
        assert "@mention" in text and "/ddx" in text
        assert has_disclaimer({"blocks": published["view"]["blocks"]})
        assert len(published["view"]["blocks"]) <= 100


async def test_opening_the_messages_tab_publishes_nothing(harness: Harness) -> None:
    assert (await harness.slack.event(home_opened("messages"))).status_code == 200
    await harness.settle()
    assert harness.fake.sent("views.publish") == []


# --- group DMs -----------------------------------------------------------------------------------


async def test_group_dms_are_answered_like_channels_on_mention(harness: Harness) -> None:
    await harness.slack.event(message(FULL, channel=MPIM, channel_type="mpim"))  # chatter, no mention
    await harness.settle()
    assert harness.fake.replies() == []

    asked = mention(VAGUE, channel=MPIM)
    await harness.slack.event(asked)
    await harness.slack.event(message(f"<@U0BOT> {VAGUE}", channel=MPIM, channel_type="mpim", ts=asked["ts"]))
    (question,) = await harness.fake.wait_for("chat.postMessage")
    assert question["channel"] == MPIM and question["thread_ts"] == asked["ts"] and is_question(question)

    await harness.slack.event(message("skip", channel=MPIM, channel_type="mpim", thread_ts=asked["ts"]))
    posted = await harness.fake.wait_for("chat.postMessage", 2)
    assert posted[1]["thread_ts"] == asked["ts"] and is_answer(posted[1])
    await harness.settle()
    assert len(harness.fake.sent("chat.postMessage")) == 2, "the mention's message event got a second reply"


# --- the Request URL and the manifests -----------------------------------------------------------


async def test_an_unsigned_url_verification_is_refused(harness: Harness) -> None:
    body = json.dumps({"token": "legacy", "challenge": "abc123", "type": "url_verification"})
    response = await harness.http.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 401 and "abc123" not in response.text


def manifests() -> dict[str, dict[str, Any]]:
    folder = ROOT / "adapters" / "slack"
    found = {p.name: read_yaml(p) for p in sorted(folder.glob("manifest*.yaml"))}
    assert set(found) == {"manifest.yaml", "manifest-socket.yaml"}
    return found


def test_manifests_subscribe_to_what_the_app_handles_with_the_scopes_it_needs() -> None:
    needs = {  # event subscription -> the bot scope Slack requires for it
        "app_mention": "app_mentions:read",
        "message.channels": "channels:history",
        "message.groups": "groups:history",
        "message.im": "im:history",
        "message.mpim": "mpim:history",
        "assistant_thread_started": "assistant:write",
        "assistant_thread_context_changed": "assistant:write",
        "app_home_opened": None,
    }
    for name, manifest in manifests().items():
        events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
        scopes = set(manifest["oauth_config"]["scopes"]["bot"])
        assert events == set(needs), name
        assert {s for s in needs.values() if s} | {"chat:write", "commands"} <= scopes, name
        features = manifest["features"]
        assert features["app_home"]["home_tab_enabled"] is True and features["app_home"]["messages_tab_enabled"] is True
        view = features["assistant_view"]
        assert "not a diagnosis" in view["assistant_description"]
        assert view["suggested_prompts"] == PANEL_PROMPTS, f"{name}: the panel's prompts differ from the app's"
