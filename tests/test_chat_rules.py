"""General reading rules and hard limits that the chat presentations showed missing, each in our
own words: a denial written as one word, "back" that is no body part, a temperature in Fahrenheit
that is no age, a measured blood pressure, surgery and cancer shorthand, a distance walked, a
comparison side, relief by "goes after", and conditions that cannot occur at a given age."""

from __future__ import annotations

import pytest

from bot.messages import OutboundKind


def _read(core, text: str):
    return core.extractor.extract(text)


@pytest.mark.parametrize("text", ["8yo limping, afebrile", "apyrexial, knee sore", "temperature normal, calf ache"])
def test_afebrile_denies_fever(core, text):
    found = _read(core, text)
    assert "sym_fever" in found.absent and "sym_fever" not in found.present


@pytest.mark.parametrize(
    "text",
    [
        "flew back from the conference, calf swollen",
        "weakness came on, back to normal by tea time",
        "since he came back from holiday, ankle puffy",
    ],
)
def test_back_as_an_adverb_is_no_back_complaint(core, text):
    assert "site_low_back" not in _read(core, text).present


def test_back_as_a_body_part_still_reads(core):
    assert "site_low_back" in _read(core, "pain in his lower back since he got back from the gym").present


def test_a_temperature_in_fahrenheit_is_no_age_or_sex(core):
    found = _read(core, "IVDU, T 102.2F, back pain")
    assert "sym_fever" in found.present
    assert not {"sex_female", "age_child", "age_older"} & found.present
    found = _read(core, "59F, temp 99.1F")
    assert {"sex_female", "age_middle_aged"} <= found.present and "sym_fever" not in found.present


@pytest.mark.parametrize(
    ("text", "raised"), [("BP 150/95", True), ("BP 138/92", True), ("BP 124/78", False), ("BP 82/50", False)]
)
def test_measured_blood_pressure_of_140_90_or_more_is_raised(core, text, raised):
    assert ("sign_raised_bp" in _read(core, text).present) is raised


def test_cancer_written_ca_after_the_organ_but_calcium_stays_calcium(core):
    assert "rf_cancer" in _read(core, "known breast ca, new back pain").present
    found = _read(core, "Ca 1.9, cramps")
    assert "lab_low_calcium" in found.present and "rf_cancer" not in found.present


@pytest.mark.parametrize(
    "text", ["s/p TKR 10 days ago, calf swollen", "day 4 post THR", "ORIF of the ankle last week, calf tender"]
)
def test_joint_replacement_and_fixation_shorthand_is_surgery(core, text):
    assert "rf_recent_surgery" in _read(core, text).present


def test_parts_of_the_foot_are_the_foot(core):
    assert "site_foot" in _read(core, "swollen warm midfoot").present


def test_saddle_numbness_as_patients_describe_it(core):
    found = _read(core, "cannot feel the toilet paper, has not passed urine today")
    assert {"sym_saddle_anaesthesia", "sym_urinary_dysfunction"} <= found.present


@pytest.mark.parametrize("text", ["calf pain after 150m", "thigh pain at 100 yards, has to stop"])
def test_a_distance_walked_is_walking(core, text):
    assert "trigger_exertion" in _read(core, text).present


def test_a_length_is_no_distance_walked(core):
    assert "trigger_exertion" not in _read(core, "calf 3 cm bigger than the other, 2 days").present


def test_the_comparison_side_is_not_the_complaint_side(core):
    found = _read(core, "L calf 2cm bigger vs R")
    assert "lat_left" in found.present and "lat_right" not in found.present


def test_goes_after_resting_is_relief_by_rest(core):
    found = _read(core, "calf pain walking, goes after resting")
    assert "relief_rest" in found.present and "timing_rest" not in found.present


def test_lay_words_for_ascending_weakness_and_a_preceding_illness(core):
    found = _read(core, "weak legs creeping up over days, had diarrhoea a fortnight ago")
    assert {"sym_ascending", "sym_diarrhoeal_illness"} <= found.present


def test_the_scope_reads_shorthand(narrow_chat):
    out = narrow_chat.say("22M c/o R wrist pain after a fall", one_shot=True)
    assert out.kind == OutboundKind.scope
    assert out.scope.uncovered[0] == "arm, shoulder or hand"


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("8yo girl, knee pain and swelling for 2 weeks", "knee_osteoarthritis"),
        ("9 yo boy, hip pain and limp", "hip_osteoarthritis"),
        ("30M stiff aching hips and shoulders in the mornings", "polymyalgia_rheumatica"),
    ],
)
def test_conditions_that_cannot_occur_at_that_age_are_never_shown(chat, text, never):
    out = chat.say(text, one_shot=True)
    assert never not in {e.condition_id for e in out.answer.entries}


@pytest.mark.parametrize(
    "text", ["58F, calf cramps, also had cramps in pregnancy 25 years ago", "leg cramps, as in her last pregnancy"]
)
def test_a_past_pregnancy_is_no_current_one(core, text):
    assert "pregnancy" not in _read(core, text).present


def test_a_current_pregnancy_still_reads_beside_a_time_ago(core):
    assert "pregnancy" in _read(core, "31 weeks pregnant, calf pain from 3 days ago").present


def test_radiation_down_the_back_of_the_leg_says_where(core):
    found = _read(core, "pain shooting down the back of the leg")
    assert {"quality_shooting", "site_posterior_thigh"} <= found.present


def test_a_delivery_weeks_ago_is_still_postpartum(core):
    assert "postpartum" in _read(core, "after a caesarean 3 weeks ago, swollen left calf").present


@pytest.mark.parametrize(
    "text", ["her legs have gone weak since this morning", "weak legs, struggling to stand", "weakness in his legs over a day"]
)
def test_legs_weak_in_the_plural_is_weakness_of_both_legs(core, text):
    assert "sign_paraparesis" in _read(core, text).present


@pytest.mark.parametrize(
    "text", ["right leg weak after the fall", "weakness of the left leg, foot drop", "tired, legs feel weak and heavy"]
)
def test_one_weak_leg_is_no_paraparesis(core, text):
    assert "sign_paraparesis" not in _read(core, text).present


@pytest.mark.parametrize(
    "text", ["no feeling from the waist down", "numbness below his nipples", "numb up to the navel since lunch"]
)
def test_numbness_below_a_landmark_of_the_trunk_is_a_sensory_level(core, text):
    assert "sign_sensory_level" in _read(core, text).present


@pytest.mark.parametrize("text", ["numb below the knees in a stocking pattern", "numb toes and soles"])
def test_numbness_of_the_limbs_is_no_sensory_level(core, text):
    assert "sign_sensory_level" not in _read(core, text).present


@pytest.mark.parametrize(
    ("text", "both"),
    [
        ("cold numb toes on the right", {"sym_cold_foot", "quality_numbness"}),
        ("swollen painful calf since the flight", {"quality_swelling", "quality_pain", "site_calf"}),
        ("sudden cold aching leg this morning", {"sign_sudden_cold_limb", "quality_pain"}),
    ],
)
def test_a_describing_word_inside_a_phrase_keeps_the_phrase_and_itself(core, text, both):
    assert both <= _read(core, text).present


def test_a_describing_word_inside_a_phrase_shares_its_negation(core):
    found = _read(core, "no cold numb toes")
    assert {"sym_cold_foot", "quality_numbness"} <= found.absent and not found.present & {"sym_cold_foot", "quality_numbness"}


@pytest.mark.parametrize(
    "text", ["always had cold feet, sudden low back pain today", "cold feet for years, toes numb", "cold weather, foot sore"]
)
def test_a_cold_limb_is_sudden_only_when_said_so_in_one_phrase(core, text):
    assert "sign_sudden_cold_limb" not in _read(core, text).present


def test_a_noun_between_two_words_joins_no_phrase(core):
    assert "sym_cold_foot" not in _read(core, "cold sweat foot pain").present


@pytest.mark.parametrize(
    "text",
    ["stented yesterday via the right femoral artery, groin sore", "had an angiogram on Monday, bruised groin"],
)
def test_a_recent_arterial_puncture_in_the_groin_is_read(core, text):
    assert "rf_femoral_catheterisation" in _read(core, text).present


def test_a_ct_angiogram_is_no_arterial_puncture(core):
    assert "rf_femoral_catheterisation" not in _read(core, "CT angiogram of the legs showed a blocked artery").present


@pytest.mark.parametrize("text", ["screams when we stretch her toes", "severe pain with passive extension of the great toe"])
def test_pain_named_before_a_passive_stretch_is_the_stretch_test(core, text):
    found = _read(core, text)
    assert "sign_pain_on_stretch" in found.present and "site_toes" not in found.present


def test_pain_on_moving_a_toe_actively_is_no_stretch_test(core):
    found = _read(core, "pain on bending her big toe, swollen joint")
    assert "sign_pain_on_stretch" not in found.present and "site_toes" in found.present


@pytest.mark.parametrize(
    "text",
    [
        "5 year old girl limping on the left since a cold last week, hip sore, no fever, walks on it",
        "7yo boy limping after a viral illness, sore hip, apyrexial, still walking",
    ],
)
def test_a_limping_child_is_never_self_care(chat, text):
    out = chat.say(text, one_shot=True)
    assert out.kind == OutboundKind.answer and out.answer.urgency.level != "self_care"


def test_an_urgency_floor_needs_a_source_or_a_judgement():
    from pydantic import ValidationError

    from knowledge.schema import UrgencyFloor

    with pytest.raises(ValidationError):
        UrgencyFloor(all_of=["sign_limp"], at_least="routine", reason="examine in person")
    assert UrgencyFloor(all_of=["sign_limp"], at_least="routine", reason="examine in person", judgement=True)


@pytest.mark.parametrize(
    ("text", "known"), [("RA pt with a hot knee", "rf_arthritis_history"), ("OA patient, knee clicks", "rf_arthritis_history")]
)
def test_a_patient_named_by_a_condition_in_capitals_has_it(core, text, known):
    assert known in _read(core, text).present


def test_a_patient_named_otherwise_has_nothing_more(core):
    assert _read(core, "the elderly patient has a sore knee").present == _read(
        core, "the elderly man has a sore knee"
    ).present - {"sex_male"}


def test_a_bakers_cyst_known_from_before_is_history_not_todays_scan(core):
    found = _read(core, "history of a baker's cyst, calf tight today")
    assert "rf_known_bakers_cyst" in found.present and "imaging_baker_cyst" not in found.present


@pytest.mark.parametrize(
    "text",
    [
        "known arthritis in the knee, calf suddenly swollen and painful",
        "sudden swelling and pain in the calf, osteoarthritis of the knee",
    ],
)
def test_a_calf_that_swelled_suddenly_is_at_least_urgent(chat, text):
    out = chat.say(text, one_shot=True)
    assert out.answer.urgency.level in ("urgent", "emergency")


@pytest.mark.parametrize("text", ["flew home from Lisbon on Sunday, calf tight", "just flown in from Singapore, ankle puffy"])
def test_a_flight_named_by_its_place_is_travel(core, text):
    found = _read(core, text)
    assert "rf_recent_flight" in found.present and "site_low_back" not in found.present


def test_flies_that_bite_are_no_flight(core):
    assert "rf_recent_flight" not in _read(core, "fly bites on both shins").present


def test_a_lump_said_not_to_go_back_in_is_irreducible(core):
    found = _read(core, "groin bulge that will not go back in since this morning")
    assert "sign_irreducible_tender_lump" in found.present and "sign_reducible_lump" not in found.present


def test_a_lump_that_goes_back_in_stays_reducible(core):
    found = _read(core, "groin lump, goes back in when he lies down")
    assert "sign_reducible_lump" in found.present and "sign_irreducible_tender_lump" not in found.present


def test_the_summary_leaves_out_age_bands_a_stated_age_rules_out(chat):
    out = chat.say("58M crushing central chest pain, sweaty", one_shot=True)
    assert "middle-aged" in out.answer.title
    assert "baby" not in out.answer.title and "newborn" not in out.answer.title
