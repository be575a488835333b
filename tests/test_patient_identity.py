"""A follow-up's pronoun refers to the patient already described; only a plain restatement changes
the sex or the age band the conversation holds."""

from __future__ import annotations

import pytest

SEXES = {"sex_female", "sex_male"}
FIRST = "nocturnal calf cramps in a 62 year old woman"


def sexes(chat) -> set[str]:
    return set(chat.state.present) & SEXES


def ages(chat, core) -> set[str]:
    return {f for f in chat.state.present if core.kb.findings[f].age_range}


@pytest.mark.parametrize(
    "follow_up", ["he is diabetic", "his sugars have been high for years, type 2 diabetes", "she is diabetic"]
)
def test_a_pronoun_keeps_the_stated_sex_and_age(chat, core, follow_up):
    chat.say(FIRST)
    chat.say("skip")
    before = ages(chat, core)
    out = chat.say(follow_up)
    assert out.answer is not None
    assert sexes(chat) == {"sex_female"}
    assert ages(chat, core) == before == {"age_middle_aged"}
    assert "rf_diabetes" in chat.state.present
    assert " male" not in out.answer.title


def test_a_pronoun_gives_the_sex_when_none_was_stated(chat):
    chat.say("nocturnal calf cramps, 62 years old")
    chat.say("skip")
    chat.say("he is diabetic")
    assert sexes(chat) == {"sex_male"}


@pytest.mark.parametrize("correction", ["actually a man", "sorry, the patient is male"])
def test_an_explicit_restatement_replaces_the_sex(chat, correction):
    chat.say(FIRST)
    chat.say("skip")
    chat.say(correction)
    assert sexes(chat) == {"sex_male"}


def test_a_restated_age_replaces_the_age_band(chat, core):
    chat.say(FIRST)
    chat.say("skip")
    chat.say("correction: she is 78 years old")
    assert ages(chat, core) == {"age_older"}
    assert sexes(chat) == {"sex_female"}
