"""Wordings of the short, plain cases written to test symptom checkers, in our own words: a joint
told as hot, red and swollen; a home thermometer's reading; a movement the patient cannot make;
a crushing pain in the middle of the chest that rest has not eased; an injection into the joint."""

from __future__ import annotations

import pytest

from support.reading import assert_reads, ranked

# (text, findings that must be read, findings that must not)
WORDINGS = [
    # adjectives stacked before a joint, with its side between
    ("a hot, red, swollen left knee since yesterday", {"sign_warmth", "sign_monoarthritis", "site_knee"}, None),
    ("his ankle is hot and swollen", {"sign_warmth", "site_ankle"}, None),
    ("warm swollen knee after the match", {"sign_warmth", "sign_joint_effusion", "site_knee"}, None),
    # a swollen knee is the knee too, not only an effusion of no place
    ("swollen right knee for a week", {"sign_joint_effusion", "site_knee"}, None),
    # a home thermometer's reading is a temperature
    ("the thermometer said 38.7 this morning", "sym_fever", None),
    ("home thermometer reading 36.9", None, "sym_fever"),
    # a movement lost is no trigger, and a shared "cannot" reaches the second verb
    ("can't bend her knee at all", {"sign_reduced_rom", "site_knee"}, "trigger_bending_lifting"),
    ("unable to stand on it or bend it", {"sign_unable_to_bear_weight", "sign_reduced_rom"}, "trigger_bending_lifting"),
    # a crushing chest pain is no crush injury
    (
        "crushing pain in the middle of her chest",
        {"sym_crushing_chest_pain", "sym_central_chest_pain"},
        "rf_crush_or_compression",
    ),
    ("heavy central chest pain", {"sym_crushing_chest_pain", "sym_central_chest_pain"}, None),
    ("her leg was crushed under a pallet", "rf_crush_or_compression", None),
    # a pain still there after tens of minutes is persistent
    ("squeezing pain in the centre of his chest for the past 35 minutes", "timing_constant", None),
    # an injection into the joint is its own risk
    ("had a cortisone injection in the knee last week", "rf_recent_joint_injection", None),
]


@pytest.mark.parametrize(("text", "expected", "not_expected"), WORDINGS)
def test_a_symptom_checker_wording_is_read(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


def test_a_chest_pain_rest_has_not_eased_is_no_stable_angina(core):
    order = ranked(
        core,
        "A 58-year-old woman has had a crushing pain in the middle of her chest for half an hour; it began walking uphill and has not eased with rest. She is clammy and sick.",
    )
    assert order.index("stable_angina") > min(order.index("stemi"), order.index("nstemi"))
    assert {"stemi", "nstemi"} & set(order[:2])


def test_a_hot_swollen_knee_with_fever_after_an_injection_is_septic_arthritis(core):
    order = ranked(
        core,
        "70-year-old man, his knee went hot, red and swollen over two days and he can't bend it; temperature 38.6; he had an injection into the knee a fortnight ago.",
    )
    assert order[0] == "septic_arthritis"
