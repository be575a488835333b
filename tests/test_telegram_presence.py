"""Telegram as its users expect: a profile that says what the bot covers, "typing…" while it
thinks, and a /help that lists what the knowledge covers.

The real PTB application behind the web app, its Bot API pointed at ``FakeTelegram``, as in
``test_telegram``.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

from test_telegram import FULL, GROUP, PRIVATE, VAGUE, Harness, fake, harness, is_answer, is_question, service, store  # noqa: F401 (fixtures)

from adapters.telegram import presence
from support.telegram_api import DOCTOR, message


def methods(h: Harness) -> list[str]:
    return [c.method for c in h.fake.calls]


async def test_start_up_sets_both_descriptions_beside_the_commands(harness: Harness, core) -> None:
    (long,) = harness.fake.sent("setMyDescription")
    (short,) = harness.fake.sent("setMyShortDescription")
    assert {"setMyCommands", "setMyDescription", "setMyShortDescription"} <= set(methods(harness))
    assert 0 < len(long["description"]) <= 512 and 0 < len(short["short_description"]) <= 120
    # What it covers is named by area (scope.yaml), by label or, when the labels outgrow Telegram's
    # 512 characters, in a word or two each.
    covered = {c.id: c.label for c in core.kb.scope.clusters}
    text = long["description"]
    assert all(covered[area] in text for area in core.kb.scope.covered) or all(
        area.replace("_", " ") in text for area in core.kb.scope.covered
    )
    assert f"{len(core.kb.conditions)} conditions" in long["description"]
    assert f"{len(core.kb.conditions)} " in short["short_description"]
    assert "not a diagnosis" in long["description"] and "Not a diagnosis" in short["short_description"]


async def test_typing_shows_before_the_reply_in_private_and_in_groups(harness: Harness) -> None:
    (question,) = await harness.send(message(VAGUE))
    assert is_question(question)
    order = methods(harness)
    assert order.index("sendChatAction") < order.index("sendMessage")
    (action,) = harness.fake.sent("sendChatAction")
    assert action["chat_id"] == PRIVATE and action["action"] == "typing"

    await harness.send(message(f"@ddx_test_bot {FULL}", chat_id=GROUP))
    assert harness.fake.sent("sendChatAction")[-1]["chat_id"] == GROUP


async def test_typing_is_repeated_while_a_long_turn_runs(harness: Harness, monkeypatch) -> None:
    monkeypatch.setattr(presence, "TYPING_EVERY", 0.01)
    release = threading.Event()
    handle = harness.service.handle

    def slow_handle(inbound):
        assert release.wait(10), "the test never released the turn"
        return handle(inbound)

    monkeypatch.setattr(harness.service, "handle", slow_handle)
    posted = asyncio.create_task(harness.post(message(FULL)))
    await harness.fake.wait_for("sendChatAction", 3)  # still typing: the turn has not finished
    assert harness.fake.sent("sendMessage") == []
    release.set()
    assert (await posted).status_code == 200
    await harness.bot.drain()
    sent = harness.fake.sent("sendMessage")
    assert sent and (is_question(sent[0]) or is_answer(sent))


async def test_a_refused_chat_action_still_gets_the_reply(harness: Harness) -> None:
    harness.fake.refuse.add("sendChatAction")
    (question,) = await harness.send(message(VAGUE))
    assert is_question(question) and "sendChatAction:refused" in methods(harness)


async def test_commands_and_static_replies_do_not_type(harness: Harness) -> None:
    await harness.send(message("/start"))
    await harness.send(message("/help"))
    assert harness.fake.sent("sendChatAction") == []


async def test_help_lists_what_the_knowledge_covers(harness: Harness, core) -> None:
    (reply,) = await harness.send(message("/help"))
    families = Counter(c.family for c in core.kb.conditions.values())
    assert all(f"{family} ({count})" in reply["text"] for family, count in families.items())
    assert f"{len(core.kb.conditions)} conditions" in reply["text"] and "not a diagnosis" in reply["text"]
    assert "/about" in reply["text"] and reply["chat_id"] == DOCTOR["id"]
