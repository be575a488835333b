"""Some findings are an emergency whatever their cause (shock, a fit), and some red flags make one
condition an emergency whatever its severity class (severe-range blood pressure in pre-eclampsia)."""

from __future__ import annotations

import pytest

from bot.messages import OutboundKind


@pytest.mark.parametrize(
    "text", ["painful swollen thigh, BP 78/40, HR 130", "calf cramps then had a fit, unresponsive for a minute"]
)
def test_an_emergency_sign_makes_a_covered_answer_an_emergency(chat, text):
    out = chat.say(text, one_shot=True)
    assert out.kind == OutboundKind.answer
    assert out.answer.urgency.level == "emergency"
    assert any(r.startswith("emergency sign:") for r in out.answer.urgency.reasons)


def test_severe_range_pressure_in_late_pregnancy_is_an_emergency(chat):
    out = chat.say("35 weeks pregnant, BP 171/114, puffy ankles and a pounding headache", one_shot=True)
    assert out.answer.urgency.level == "emergency"
    assert "pre_eclampsia" in [e.condition_id for e in out.answer.entries[:3]]


def test_raised_but_not_severe_pressure_in_pregnancy_is_urgent_not_an_emergency(chat):
    out = chat.say("33 weeks pregnant, BP 144/92, ankles swollen for a week", one_shot=True)
    assert out.answer.urgency.level == "urgent"


def test_severe_range_pressure_is_read_from_either_number(core):
    assert "sign_severe_hypertension" in core.extractor.extract("BP 150/112").present
    assert "sign_severe_hypertension" in core.extractor.extract("BP 165/95").present
    found = core.extractor.extract("BP 150/100").present
    assert "sign_raised_bp" in found and "sign_severe_hypertension" not in found


@pytest.mark.parametrize("text", ["fit and well, calf pain after a run, fitting new shoes", "back seizing up when bending"])
def test_everyday_uses_of_fit_and_seize_are_no_seizure(core, text):
    assert "sym_seizure" not in core.extractor.extract(text).present


def test_a_fit_in_lay_words_is_a_seizure(core):
    assert "sym_seizure" in core.extractor.extract("had a fit this morning, now very drowsy").present


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("swollen, bluish and painful left leg", True),
        ("the whole leg has gone blue and tight", True),
        ("has a blue badge, knee pain on stairs", False),
        ("calf pain came on out of the blue", False),
    ],
)
def test_a_limb_described_as_blue_is_cyanosed_and_idioms_are_not(core, text, found):
    assert ("sign_cyanotic_leg" in core.extractor.extract(text).present) is found


def test_out_of_the_blue_is_a_sudden_onset(core):
    assert "onset_sudden" in core.extractor.extract("calf pain came on out of the blue").present


def test_do_not_miss_names_only_conditions_some_clinical_finding_supports(chat):
    """Age, sex and duration alone do not make an Achilles rupture or a septic knee a
    'do not miss' of back pain; the back itself keeps spinal and aortic causes there."""
    out = chat.say("45M low back ache for 3 days after lifting a sofa", one_shot=True)
    listed = {e.condition_id for e in out.answer.entries if e.tier in ("do_not_miss", "rare")}
    assert not listed & {"achilles_tendon_rupture", "deep_vein_thrombosis", "septic_arthritis"}
    assert "metastatic_spinal_cord_compression" in listed or "ruptured_abdominal_aortic_aneurysm" in listed
