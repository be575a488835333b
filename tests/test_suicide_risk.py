"""Suicide risk is a red flag with its own urgent wording (NICE NG225): any answer that reads
suicidal thoughts says what to do now, under the urgency line, on every platform, whether or not
the knowledge covers the rest of the message."""

from __future__ import annotations

import json

import pytest

from adapters.slack.blocks import render as slack_render
from adapters.telegram.render import render as telegram_render
from bot.messages import Outbound
from bot.render_text import render_text

LOW_MOOD = "29F low mood for two months, not sleeping, says she would be better off dead"


def test_suicidal_thoughts_make_the_answer_urgent_with_its_own_advice(chat):
    out = chat.say(LOW_MOOD, one_shot=True)
    urgency = out.answer.urgency
    assert urgency.level in ("urgent", "emergency")
    assert any(a.startswith("Suicide risk:") for a in urgency.advice)
    lines = render_text(out).splitlines()
    assert lines[0].startswith("Urgency:") and lines[1].startswith("Suicide risk:")


def test_the_advice_reaches_slack_and_telegram_first(chat):
    out = chat.say(LOW_MOOD, one_shot=True)
    first_block = json.dumps(slack_render(out).blocks[0])
    assert "Suicide risk:" in first_block
    assert "Suicide risk:" in slack_render(out).text  # the notification text too
    assert "Suicide risk:" in telegram_render(out)[0].text


@pytest.mark.parametrize(
    "text", ["29F low mood for two months, not sleeping, denies suicidal thoughts", "29F low mood for two months"]
)
def test_no_advice_without_suicidal_thoughts(chat, text):
    out = chat.say(text, one_shot=True)
    urgency = out.answer.urgency if out.answer else out.scope.urgency
    assert urgency is None or urgency.advice == []


def test_out_of_scope_the_advice_still_shows(core):
    view = core.scope.urgency("he says he wants to die", {"sym_suicidal_thoughts"})
    assert view is not None and view.level == "urgent"
    assert view.advice and view.advice[0].startswith("Suicide risk:")


def test_the_advice_survives_the_store_round_trip(chat):
    out = chat.say(LOW_MOOD, one_shot=True)
    assert Outbound.from_dict(out.to_dict()).answer.urgency.advice == out.answer.urgency.advice


def test_a_plan_or_an_attempt_is_an_emergency_with_the_same_instruction(chat):
    out = chat.say("22M says he has a plan to kill himself, low for months", one_shot=True)
    urgency = out.answer.urgency if out.answer else out.scope.urgency
    assert urgency.level == "emergency"
    assert any(a.startswith("Suicide risk:") for a in urgency.advice)


def test_out_of_scope_a_plan_is_an_emergency_beside_its_red_flags(core):
    view = core.scope.urgency("he has a plan to kill himself", {"sym_suicide_plan_or_attempt", "sym_suicidal_thoughts"})
    assert view.level == "emergency" and view.advice
