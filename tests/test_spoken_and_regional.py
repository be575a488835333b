"""Voice notes through speech-to-text (numbers spelled out, fillers, no commas, a side corrected
aloud) and case notes in the clinical English of South Asia and Africa ("45 yr farmer", "FBS",
"step-ladder fever"). Each text is ours; each must read what a clinician hears or reads in it."""

from __future__ import annotations

import pytest

from bot.spoken import digits
from support.reading import assert_reads, ranked


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("a sixty eight year old lady", "a 68 year old lady"),
        ("sats ninety-one percent", "sats 91 percent"),
        ("temp thirty nine point two", "temp 39.2"),
        ("bp a hundred and fifty over ninety five", "bp 150 over 95"),
        ("sugar 7 point 4", "sugar 7.4"),
        ("dip shows two plus protein", "dip shows 2+ protein"),
        # a lone small number, a run that is no one number, an ordinal: as written
        ("cough for six days", "cough for six days"),
        ("one or two glasses of wine", "one or two glasses of wine"),
        ("three four times a night", "three four times a night"),
        ("her second baby", "her second baby"),
    ],
)
def test_spoken_numbers_are_written_as_digits(text, written):
    assert digits(text) == written


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # spelled-out ages and readings: never a young child for "sixty eight year old"
        ("sixty eight year old lady with a swollen leg", "age_older", ["age_under5", "age_child"]),
        ("twenty three year old man with a sore throat", "age_young_adult", "age_under5"),
        ("my dad's eighty one and more confused since yesterday", "age_older", None),
        ("temp thirty nine point eight and shivering", "sign_hyperthermia", None),
        ("her bp is a hundred and eighty over a hundred and twenty", "sign_very_high_bp", None),
        # fillers and a side corrected aloud
        ("um so she has uh a cough", "sym_cough", None),
        ("pain in the right no sorry the left ankle", "lat_left", "lat_right"),
        ("left eye er I mean right eye is sore and red", None, None),
        # how a voice note names what it feels
        ("my heart keeps going all over the place", "sym_irregular_heartbeat", None),
        ("my chest feels sort of fluttery", "sym_palpitations", None),
        ("her wee is a bit pinkish", "lab_haematuria", None),
        ("he has a big gland on his neck", "sign_cervical_lymphadenopathy", None),
        ("the pain comes and goes and he is rolling about on the bed", "sign_cannot_keep_still_pain", None),
        ("the children were rolling about on the grass", None, "sign_cannot_keep_still_pain"),
        ("30 weeks primip with a headache", "pregnancy", None),
    ],
)
def test_voice_note_wording(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


# Forty words and more without a comma: the shape of a transcript, where a denial's words run on.
_RUN_ON = (
    "so he says no headache at all really he has been coughing up green stuff for about five days "
    "and now he gets short of breath walking to the shops and his wife says he was shivering last "
    "night in bed and sweating a lot too"
)


def test_a_denial_in_a_run_on_reaches_only_its_own_words(core):
    found = core.extractor.extract(_RUN_ON)
    assert "sym_headache" in found.absent
    assert {"sym_dyspnoea", "sym_productive_cough", "sym_sweating"} <= found.present, sorted(found.present)


def test_a_transcript_without_capitals_runs_on_sooner(core):
    """Twenty-odd words in lower case without a comma: the denial is the cough's, not the rash's."""
    text = "my little boy is four and there is no cough just a rash all over his tummy and he feels really hot to touch"
    found = core.extractor.extract(text)
    assert "sym_cough" in found.absent
    assert "sign_rash" in found.present, sorted(found.present)


def test_a_spoken_list_of_denials_is_still_denied(core):
    text = (
        "she is sixty and has had a cough for two weeks now and no fever chills or night sweats that she "
        "has noticed and she has not lost weight and she still goes swimming most mornings with her friends"
    )
    found = core.extractor.extract(text)
    assert {"sym_fever", "sym_night_sweats"} <= found.absent, sorted(found.absent)
    assert "sym_cough" in found.present


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # an age in years without "old", where a note opens or after the patient
        ("45 yr farmer, cough since 3 weeks", "age_middle_aged", "duration_over_2_years"),
        ("pt 19 yr college student with fever", "age_young_adult", "duration_over_2_years"),
        ("Old lady 78 yrs, fall at home", "age_older", None),
        ("8 yr child, pain abdomen since morning", "age_child", None),
        ("2 yrs history of joint pains", "duration_over_2_years", None),
        ("Elderly gent 68 yrs with poor stream", ["sex_male", "age_older"], None),
        ("getting up 3-4 times in night to pass urine", "sym_nocturia", "trigger_standing"),
        # blood sugars named by their abbreviations
        ("FBS 210 mg/dl", "lab_high_glucose", None),
        ("RBS 64 mg/dl, sweating", "lab_low_glucose", None),
        # fever patterns as such notes name them
        ("fever with rigors on alternate days since 10 days", "timing_cyclical_fever", None),
        ("step-ladder fever since 1 week", "sym_prolonged_fever", None),
        ("had jerky movements of all four limbs then slept", "sym_seizure", "sym_chorea"),
        ("PR 124/min, BP 90/60", "sign_tachycardia", None),
        ("PR interval 240 ms", None, "sign_tachycardia"),
        ("known case, admitted twice this year needing blood", "rf_blood_transfusion", None),
        ("pain in both thighs since she got soaked in the rain", "trigger_cold", None),
        ("my daughter is 3 and since yesterday doesn't want to walk", "sign_unable_to_bear_weight", None),
        # a hostel is where a student lives, not a backpacker's bed
        ("student staying in hostel, fever since 5 days", None, "rf_bed_bug_exposure"),
    ],
)
def test_regional_clinical_wording(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # misspellings typed without autocorrect that one edit cannot settle
        ("my son has a barky caugh", "sym_barking_cough"),
        ("real bad diarreah since sunday", "sym_diarrhoea"),
        ("a sore tounge for a week", "sym_glossitis"),
        ("thick yellow flem every morning", "sym_productive_cough"),
        ("sore throte and cant swallow", "sym_sore_throat"),
        ("pain in my left ankel", "site_ankle"),
        ("postive preggo test last week", "lab_positive_pregnancy_test"),
        ("a horse voice for a month", "sym_hoarse_voice"),
        ("dizy when i stand up", "sym_dizziness"),
    ],
)
def test_misspelt_symptom_words(core, text, expected):
    assert expected in core.extractor.extract(text).present, sorted(core.extractor.extract(text).present)


def test_a_child_with_marrow_failure_and_neck_nodes_has_lymphoblastic_leukaemia_first(core):
    """ALL is the leukaemia of childhood; its nodes are often in the neck, its anaemia often severe (Malard 2020)."""
    order = ranked(
        core, "6 yr boy, 3 weeks pale and tired, bruises, bone pains, nodes in neck, Hb 5.8, platelets 22, blasts on film"
    )
    assert order.index("acute_lymphoblastic_leukaemia") < order.index("acute_myeloid_leukaemia")


def test_a_sickle_crisis_shows_its_haemolysis(core):
    """Chronic haemolysis leaves a patient in crisis pale and icteric (Yawn 2014)."""
    order = ranked(
        core, "known sickle cell, 12 yr girl, severe pain both legs after getting soaked in the rain, pale, icterus +, Hb 7"
    )
    assert order[0] == "sickle_cell_vaso_occlusive_crisis", order[:5]


def test_melaena_and_shock_after_burning_dyspepsia_is_a_bleeding_ulcer(core):
    order = ranked(
        core,
        "55M on diclofenac, burning epigastric pain for weeks, now black tarry stools and coffee-ground vomit, PR 122, BP 94/60",
    )
    assert order[0] == "bleeding_peptic_ulcer", order[:5]


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # patients' everyday English in South Asia, Africa and South-East Asia
        ("I am a 52 years man with chest pain", ["age_middle_aged", "sex_male"], "duration_over_2_years"),
        ("she is on family planning pills since 1 year", "rf_estrogen", None),
        ("my eyes look like they are popping out", "sign_thyroid_eye_disease", None),
        ("always feeling hot even in the AC", "sym_heat_intolerance", None),
        ("my menses have become scanty", "sym_light_periods", None),
        ("yellow pus coming from his left ear since months", ["sym_ear_discharge", "lat_left"], None),
        ("hearing on the right side has reduced", "sym_hearing_loss", None),
        ("no interest in anything, no hunger", ["sym_anhedonia", "sym_loss_of_appetite"], None),
        ("I wake up at 4 am and cannot sleep again", "sym_early_morning_waking", None),
        ("I feel my family will be better without me", "sym_suicidal_thoughts", None),
        ("both knees make a grinding sound on the stairs", "sign_crepitus", "sign_crackles"),
        ("applied balm and a hot water bottle, no relief", None, "rf_chronic_heat_source"),
        ("went to Mombasa and back by bus, now calf swollen", "site_calf", "site_low_back"),
    ],
)
def test_patients_everyday_english(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


def test_a_writers_guess_is_not_read_as_the_complaint(core):
    """ "Thinking it is a muscle pull" is the writer's guess: its words weigh nothing for a strain."""
    written = core.extractor.written_out("calf swollen and warm, rubbed Deep Heat thinking it is a muscle pull but no change")
    assert "muscle pull" not in written and "calf swollen" in written
