"""Clarifying questions, follow-ups and bad input: through the pure engine, and (the tests that
need no look at the state) through the toy platform on the port as well, as any platform runs them."""

from __future__ import annotations

import pytest

from bot.messages import SKIP_CHOICE, OutboundKind

LIMB_QUESTIONS = {"timing", "position", "laterality"}


def test_vague_complaint_is_asked_timing_position_or_laterality_first(conversation):
    out = conversation.say("leg spasms")
    assert out.kind == OutboundKind.question
    assert out.question.question_id in LIMB_QUESTIONS
    assert out.question.number == 1 and out.question.of == 3


def test_question_never_repeats_what_the_text_said(conversation):
    out = conversation.say("left leg spasms at night")
    assert out.kind == OutboundKind.question
    asked = [out.question.question_id]
    while out.kind == OutboundKind.question:
        out = conversation.choose(out.question.options[0].id)
        if out.kind == OutboundKind.question:
            asked.append(out.question.question_id)
    assert "laterality" not in asked and "timing" not in asked
    assert len(asked) <= 3
    assert out.kind == OutboundKind.answer


def test_answering_a_question_changes_the_posterior(chat, core):
    out = chat.say("leg spasms")
    before = core.model.score(set(chat.state.present), set(chat.state.absent)).probability.copy()
    chat.choose(out.question.options[0].id)
    after = core.model.score(set(chat.state.present), set(chat.state.absent)).probability
    assert abs(after - before).max() > 0.01


def test_typed_answers_work_like_buttons(chat):
    out = chat.say("leg spasms")
    first = out.question
    out = chat.say("1")
    assert first.question_id in chat.state.asked
    assert chat.state.pending != first.question_id
    assert out.kind in (OutboundKind.question, OutboundKind.answer)


@pytest.mark.parametrize("how", ["button", "text", "just answer"])
def test_skip_answers_at_once(conversation, how):
    assert conversation.say("leg spasms").kind == OutboundKind.question
    out = conversation.choose(SKIP_CHOICE) if how == "button" else conversation.say("skip" if how == "text" else how)
    assert out.kind == OutboundKind.answer
    assert out.disclaimer


def test_new_finding_after_answer_reranks_and_says_what_moved(conversation):
    conversation.say("62M with right calf pain", one_shot=True)
    out = conversation.say("the right calf is swollen and tender, he had knee surgery last week")
    assert out.kind == OutboundKind.answer
    assert out.answer.changes
    top = [e.condition_id for e in out.answer.entries if e.tier in ("most_likely", "do_not_miss")]
    assert "deep_vein_thrombosis" in top
    assert any("Deep vein thrombosis" in c for c in out.answer.changes)


def test_why_not_gives_for_and_against_for_this_case(conversation):
    conversation.say("nocturnal calf cramps in a 70 year old, relieved by stretching, no swelling", one_shot=True)
    out = conversation.say("why not DVT?")
    assert out.kind == OutboundKind.card
    assert out.card.condition_id == "deep_vein_thrombosis"
    assert out.card.case is not None
    assert any("swelling" in r.text for r in out.card.case.reasons_against)
    assert out.disclaimer


def test_workup_and_red_flags_for_leader_or_named_condition(conversation):
    conversation.say("nocturnal leg cramps in a 70 year old", one_shot=True)
    out = conversation.say("workup")
    assert out.kind == OutboundKind.card and out.card.focus == "workup" and out.card.workup
    out = conversation.say("red flags for cauda equina")
    assert out.card.condition_id == "cauda_equina_syndrome"
    assert out.card.red_flags


def test_new_resets_the_conversation(chat):
    chat.say("leg spasms at night", one_shot=True)
    out = chat.say("new")
    assert out.kind == OutboundKind.message
    assert chat.state.present == [] and chat.state.phase == "collecting"


@pytest.mark.parametrize("text", ["new mum, wrist pain on the thumb side when I lift the baby", "new rash on both shins"])
def test_a_message_that_starts_with_new_is_a_case_not_the_command(chat, text):
    out = chat.say(text, one_shot=True)
    assert out.kind == OutboundKind.answer
    assert chat.state.present


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("?!...", "no words"),
        ("x" * 4001, "4,000"),
        ("the quarterly report is due", "couldn't recognise"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_state(chat, text, words):
    chat.say("left calf pain", one_shot=True)
    before = chat.state
    out = chat.say(text)
    assert out.kind == OutboundKind.error
    assert words in out.text
    assert chat.state == before


@pytest.mark.parametrize("who", ["a 45 year old woman", "he feels a bit off", "3 yo boy, left side, since yesterday"])
def test_who_the_patient_is_without_a_problem_is_kept_and_the_problem_asked(chat, who):
    out = chat.say(who, one_shot=True)
    assert out.kind == OutboundKind.message and "What is the problem?" in out.text
    kept = set(chat.state.present)
    answer = chat.say("calf pain and swelling", one_shot=True)
    assert answer.kind == OutboundKind.answer
    assert kept <= set(chat.state.present)


def test_option_not_on_offer_is_refused_and_state_kept(chat):
    out = chat.say("leg spasms")
    before = chat.state
    for bad in ("timing:no_such_option", "no_such_question:x", "red_flags:none"):
        if bad.split(":")[0] == out.question.question_id:
            continue
        refused = chat.choose(bad)
        assert refused.kind == OutboundKind.error
        assert "no longer on offer" in refused.text
        assert chat.state == before


def test_bad_answer_to_a_question_repeats_its_options(chat):
    out = chat.say("leg spasms")
    before = chat.state
    refused = chat.say("the quarterly report is due")
    assert refused.kind == OutboundKind.error
    assert out.question.text in refused.text and "skip" in refused.text
    assert chat.state == before


def test_condition_names_resolve_despite_typos_and_accents(core):
    assert core.resolver.resolve("guillain barre") == "guillain_barre_syndrome"
    assert core.resolver.resolve("meralgia parasthetica") == "meralgia_paresthetica"
    assert core.resolver.resolve("DVT") == "deep_vein_thrombosis"
    assert core.resolver.resolve("frobnication syndrome") is None
    assert core.resolver.resolve("Reiter’s syndrome") == core.resolver.resolve("Reiter's syndrome") == "reactive_arthritis"


def test_unknown_condition_in_follow_up_is_named(conversation):
    conversation.say("calf pain", one_shot=True)
    out = conversation.say("why not frobnication syndrome?")
    assert out.kind == OutboundKind.error
    assert "frobnication syndrome" in out.text


def test_a_superscript_digit_is_not_an_option_number(conversation):
    """Found by the fuzz test: '²' passes str.isdigit() but int() refuses it."""
    assert conversation.say("leg spasms").kind == OutboundKind.question
    assert conversation.say("²").kind in (OutboundKind.question, OutboundKind.answer, OutboundKind.error)


def test_a_state_stored_before_the_enums_reads_and_stores_the_same(chat):
    """Phase and tier became string enums: a state stored as plain strings reads into them, and
    is stored again as the same JSON."""
    import json

    from bot.engine import ConversationState, Phase
    from bot.messages import Tier

    chat.say("nocturnal calf cramps in a 70 year old", one_shot=True)
    stored = json.loads(json.dumps(chat.state.to_dict()))  # as the database holds it: plain strings
    assert stored["phase"] == "answered" and "most_likely" in stored["last_tiers"].values()
    state = ConversationState.from_dict(stored)
    assert state.phase is Phase.answered
    assert all(isinstance(tier, Tier) for tier in state.last_tiers.values())
    assert json.loads(json.dumps(state.to_dict())) == stored
    assert chat.say("why not DVT?").card.case is not None  # a card's case for a listed condition reads its tier


def test_normal_vital_signs_are_read_back_once_each_not_as_every_threshold(chat):
    out = chat.say("52M productive cough for 4 days, T 37.1, pulse 84, BP 132/78, sats 98% on air", one_shot=True)
    title = out.answer.title
    for quantity in ("temperature", "heart rate", "blood pressure", "oxygen saturation"):
        assert title.count(f"{quantity} in the normal range") == 1, title
    assert "hypothermia" not in title and "NEWS2" not in title


def test_a_raised_reading_places_its_quantity_without_the_thresholds_it_stays_under(chat):
    title = chat.say("34F sore throat 2 days, temp 38.4, no cough", one_shot=True).answer.title
    assert "fever" in title and "no cough" in title
    assert "temperature in the normal range" not in title and "40 C" not in title
