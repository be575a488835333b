"""Answers show one ICD-10 code per condition (its first, primary one) on every platform; the
condition card and the JSON answer keep them all."""

from __future__ import annotations

import json
import re

import pytest

from adapters.slack.blocks import escape as slack_escape
from adapters.slack.blocks import render as slack_render
from adapters.telegram.render import esc as telegram_escape
from adapters.telegram.render import render as telegram_render
from bot.render_text import render_text

# A swollen painful calf lists conditions with many codes (venous thrombosis has over ten).
CASE = "painful swollen left calf for 2 days after a long flight, 55 year old woman on the pill"


@pytest.fixture
def answer(chat):
    out = chat.say(CASE, one_shot=True)
    assert out.answer is not None
    assert any(len(e.icd10) > 3 for e in out.answer.entries), "the case should list a condition with many codes"
    return out


def _slack_text(out) -> str:
    rendered = slack_render(out)
    return "\n".join(b["text"]["text"] for b in rendered.blocks if b.get("type") == "section")


def _telegram_text(out) -> str:
    return "\n".join(part.text for part in telegram_render(out))


@pytest.mark.parametrize(
    ("render", "escape"),
    [(render_text, str), (_slack_text, slack_escape), (_telegram_text, telegram_escape)],
    ids=["text", "slack", "telegram"],
)
def test_each_listed_condition_shows_its_primary_code_only(answer, render, escape):
    lines = render(answer).splitlines()
    for e in answer.answer.entries:
        line = next(ln for ln in lines if f"{escape(e.name)}" in ln and "—" in ln)
        assert f"({e.icd10[0]})" in line
        for other in e.icd10[1:]:  # a whole code: a category (I82.40) is part of its leaf's (I82.401)
            if other != e.icd10[0]:
                assert not re.search(rf"(?<![\w.]){re.escape(other)}(?![\w.])", line), (e.name, other)


def test_the_json_answer_keeps_every_code(answer):
    data = json.loads(json.dumps(answer.to_dict()))
    by_id = {e["condition_id"]: e["icd10"] for e in data["answer"]["entries"]}
    for e in answer.answer.entries:
        assert by_id[e.condition_id] == e.icd10


def test_the_condition_card_keeps_every_code(chat, core):
    out = chat.say("explain deep vein thrombosis")
    assert out.card is not None
    codes = core.kb.conditions[out.card.condition_id].icd10
    assert len(codes) > 1
    for text in (render_text(out), _slack_text(out) + str(slack_render(out).blocks), _telegram_text(out)):
        assert all(code in text for code in codes)
