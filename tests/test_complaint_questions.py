"""The clarifying questions of the whole body's complaints: each complaint is first asked what
separates its dangerous causes, and the answer moves the differential that way."""

from __future__ import annotations

import pytest

from bot.messages import OutboundKind


@pytest.mark.parametrize(
    "text, first",
    [
        ("chest pain since this morning, 55M", "chest_pain_character"),
        ("headache for 2 days, 30F", "headache_red_flags"),
        ("tummy pain since last night, 25M", "abdominal_pain_site"),
        ("dizzy spells, 70F", "dizziness_kind"),
        ("short of breath, 65M", "breathlessness_onset"),
        ("back pain for a week, 45M", "red_flags"),
    ],
)
def test_each_complaint_is_asked_its_own_question_first(chat, text, first):
    out = chat.say(text)
    assert out.kind == OutboundKind.question and out.question.question_id == first


def test_a_back_pain_question_is_not_asked_of_a_headache(chat):
    out = chat.say("headache for 2 days, 30F")
    asked = []
    while out.kind == OutboundKind.question:
        asked.append(out.question.question_id)
        out = chat.say("skip") if len(asked) > 3 else chat.say("none")
    assert "red_flags" not in asked


def _leader_after(chat, text: str, answer: str) -> str:
    out = chat.say(text)
    assert out.kind == OutboundKind.question
    out = chat.say(answer)
    while out.kind == OutboundKind.question:
        out = chat.say("skip")
    return out.answer.entries[0].condition_id


@pytest.mark.parametrize(
    "answer, leaders",
    [
        ("pressing", {"stemi", "nstemi", "unstable_angina", "stable_angina"}),
        (
            "sharp, worse on breathing in",
            {"viral_pleurisy", "acute_pericarditis", "pulmonary_embolism", "primary_spontaneous_pneumothorax"},
        ),
        ("sore when the chest wall is pressed", {"costochondritis", "tietze_syndrome", "rib_fracture"}),
    ],
)
def test_the_chest_pains_character_moves_the_leader(chat, answer, leaders):
    assert _leader_after(chat, "chest pain since this morning, 45M", answer) in leaders


@pytest.mark.parametrize("complaint", ["sym_dyspnoea", "sym_headache"])
def test_a_complaints_own_onset_question_stands_in_for_the_generic_one(core, complaint):
    post = core.model.score({complaint, "age_older"}, set())
    eligible = {t.question.id for t in core.planner.eligible(post, [])}
    assert "onset" not in eligible and eligible & {"breathlessness_onset", "headache_onset"}
    assert "duration" in eligible  # a generic question that settles other findings stays
