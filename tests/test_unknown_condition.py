"""A condition the knowledge does not hold: said plainly, with the closest whole condition names."""

from __future__ import annotations

import re

import pytest

from bot.messages import OutboundKind


def suggested(text: str) -> list[str]:
    m = re.search(r"The closest conditions it holds: (.+)\.$", text)
    return m.group(1).split("; ") if m else []


@pytest.mark.parametrize(
    "question",
    [
        "why not SSSA?",
        "why not Erdheim-Chester disease?",
        "explain Castleman disease",
        "what about the frobnication syndrome?",
        "workup for XYZ",
    ],
)
def test_an_unknown_name_is_not_in_my_knowledge_and_only_real_names_are_offered(chat, core, question):
    out = chat.say(question)
    assert out.kind == OutboundKind.error
    assert "is not in my knowledge" in out.text
    names = {c.name for c in core.kb.conditions.values()}
    assert all(s in names for s in suggested(out.text)), out.text


def test_an_abbreviation_is_not_matched_letter_by_letter(chat):
    out = chat.say("why not TTP?")
    assert suggested(out.text) == []
    assert "Did you mean" not in out.text


def test_a_misspelt_name_offers_the_condition_meant(chat):
    out = chat.say("why not restles legs?")
    assert "Restless legs syndrome" in suggested(out.text)


def test_suggestions_name_each_condition_once(core):
    found = core.resolver.suggest("restles legs syndrom", n=5)
    assert len(found) == len(set(found)) and found[0] == "Restless legs syndrome"


def test_an_abbreviation_one_letter_off_another_is_not_that_condition(chat):
    out = chat.say("why not SSSA?")  # not sick sinus syndrome (SSS)
    assert out.kind == OutboundKind.error and "is not in my knowledge" in out.text


def test_a_name_is_not_the_start_of_another_word(chat):
    out = chat.say("why not Pert?")  # not Perthes disease
    assert out.kind == OutboundKind.error and "is not in my knowledge" in out.text
