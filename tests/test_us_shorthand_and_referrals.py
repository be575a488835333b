"""US team-chat shorthand, allied professionals' referrals and health-forum posts, in our own
words: symptoms joined by a slash ("denies CP/SOB", "+f/c/ns"), "TTP", "A&Ox1", "HLD"; a dash
that ends a denial; pale and tired as two findings; colds caught one after another; pinprick spots
on the chest; a mother on day 5; a sensorineural loss in one ear; a person who "is pale"."""

from __future__ import annotations

import pytest

from support.reading import assert_reads, ranked

# (text, findings that must be read, findings that must not)
WORDINGS = [
    ("+ f/c/ns for two weeks", {"sym_fever", "sym_night_sweats"}, None),
    ("N/V/D since yesterday", {"sym_nausea", "sym_vomiting", "sym_diarrhoea"}, None),
    ("RLQ ttp with guarding", "sign_rif_tenderness", "sign_muscle_tenderness"),
    ("ttp epigastrium, soft otherwise", "sign_epigastric_tenderness", None),
    ("upper left molar ttp over the tooth", "sign_tooth_tender_to_percussion", None),
    ("A&Ox1 on arrival", "sym_oriented_to_person_only", None),
    ("A&O x3, NAD", "exam_oriented_fully", "sym_confusion"),
    ("PMH HTN, HLD", {"rf_hypertension", "rf_hyperlipidaemia"}, None),
    ("tachy to the 120s", "sign_tachycardia", None),
    ("satting 86% on RA", "sign_hypoxia", None),
    # a dash ends a denial as a semicolon does
    ("no fever - cough is productive", "sym_cough", "sym_fever"),
    ("nothing new – the pain is constant now", "timing_constant", None),
    # pale and tired is two findings
    ("he looks pale and tired", {"sign_generalised_pallor", "sym_fatigue"}, None),
    ("she's been so tired and pale lately", {"sym_fatigue", "sign_generalised_pallor"}, None),
    # colds caught one after another are recurrent infections, not a cold trigger
    ("always getting colds and temperatures this winter", {"sym_recurrent_infections", "sym_fever"}, "trigger_cold"),
    # pinprick or purple spots on the trunk are not acne
    ("tiny purple spots on his tummy", "sign_petechiae", "sign_acne_spots"),
    ("pinprick spots on her back since Sunday", "sign_petechiae", "sign_acne_spots"),
    # a person who is pale looks pale all over; a pale foot stays a limb's
    ("He is pale and clammy", "sign_generalised_pallor", "sign_pallor"),
    ("her right foot is pale", "sign_pallor", "sign_generalised_pallor"),
    # a hedge before "the past year" keeps the duration; racing thoughts about worries are worry
    ("he has felt like this for at least the past year", "duration_over_6_months", None),
    ("lies awake with racing thoughts about money", "sym_anxiety", "sym_manic_features"),
    ("impaired concentration since the summer", "sym_cognitive_difficulty", None),
    # a parent who died of an illness is a family history, not a bereavement, unless lately
    ("his mother passed away at the age of 58 due to a heart attack", "rf_family_history_ihd", "rf_bereavement"),
    ("her mother died from cancer last month and she is not sleeping", "rf_bereavement", None),
    # a darkened patch on the back of the neck; water drunk in large volumes
    ("the hairdresser noticed a darkened area on the back of her neck", "sign_acanthosis_nigricans", None),
    ("she drinks large volumes of water", "sym_polyuria", None),
    # "her" owning a child is the mother's: the child's sex is not hers
    ("mum reports her baby boy has a fever", "sex_male", "sex_female"),
    ("mum says her 4 month old son has a fever", "sym_fever", "sex_female"),
    # a mother on day 5 has given birth
    ("mum on day 5, not sleeping, talking nonstop", "postpartum", None),
    # a sensorineural loss told of one side is asymmetric
    ("the audiogram shows asymmetry, worse on the right", "test_audiogram_asymmetric_snhl", None),
    ("a sensorineural loss in the right ear on testing", "test_audiogram_asymmetric_snhl", None),
]


@pytest.mark.parametrize(("text", "expected", "not_expected"), WORDINGS)
def test_shorthand_referral_or_forum_wording_reads_its_findings(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


@pytest.mark.parametrize(("text", "denied"), [("denies CP/SOB", {"sym_chest_pain", "sym_dyspnoea"}), ("no f/c", {"sym_fever"})])
def test_slash_joined_shorthand_is_denied_together(core, text, denied):
    assert denied <= core.extractor.extract(text).absent


FIRST = [
    (
        "Second pregnancy, 36 weeks, face and fingers puffed up over 3 days, bad headache and seeing sparkles, sore under the right ribs, BP 160/105",
        "pre_eclampsia",
    ),
    (
        "5 yo boy, a month of looking pale and tired, nosebleeds, bruises everywhere, fevers on and off",
        "acute_lymphoblastic_leukaemia",
    ),
    (
        "Mum on day 6 after her first baby, not slept for 3 nights, rapid pressured speech, past bipolar diagnosis",
        "postpartum_psychosis",
    ),
]


@pytest.mark.parametrize(("text", "first"), FIRST)
def test_a_referral_or_forum_story_gives_its_condition_first(core, text, first):
    assert ranked(core, text)[0] == first
