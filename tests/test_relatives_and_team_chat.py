"""Wordings of relatives writing about a parent or a child, and of doctors messaging a colleague,
in our own words: the back of the eye, a lay blood count, a smartwatch's pulse, stools hard to
flush, a steroid run out of, a tuning-fork test's side, a medicine named in brackets."""

from __future__ import annotations

import pytest

from support.reading import assert_reads, ranked

# (text, findings that must be read, findings that must not)
WORDINGS = [
    # the side of a normal result or a tuning-fork test is where it was examined, not the complaint's
    ("Right ear muffled since this morning. Otoscopy normal both sides.", "lat_right", "lat_bilateral"),
    ("Rinne positive bilat, left ear feels full", "lat_left", "lat_bilateral"),
    # one small, irregular pupil is the iris stuck down, not Argyll Robertson pupils
    ("red sore eye with a small irregular pupil", "sign_small_irregular_pupil", "sign_argyll_robertson"),
    ("pupils react to near but not to light", "sign_argyll_robertson", None),
    ("the redness is mostly around the limbus", "sign_ciliary_injection", "sign_erythema"),
    # a lay "low blood count" is anaemia; all counts low is a cytopenia
    ("the GP said his blood count was low", "rf_iron_deficiency", "lab_cytopenia"),
    ("all her blood counts are low on the last test", "lab_cytopenia", None),
    ("his white blood cells came back very high", "lab_leukocytosis", None),
    ("painless lumps in her neck and armpits", "sign_generalised_lymphadenopathy", "sign_neck_lump"),
    # the back of the eye is the retina, no back pain
    ("the optician saw some bleeding at the back of her eye", None, {"site_low_back", "site_back"}),
    # what he coughs up is his sputum
    ("there is blood in what he coughs up most mornings", "sym_haemoptysis", None),
    # a steroid run out of is a steroid stopped
    ("on prednisolone for her arthritis but she ran out last week", "rf_steroid_withdrawal", None),
    # "weak and floppy" of an older man is no floppy baby
    ("Grandad is 81 and has gone weak and floppy today", None, "sign_floppy_infant"),
    ("our 4 month old is floppy and not feeding", "sign_floppy_infant", None),
    # white and clammy is the grey, sweaty look of shock, not only a faint's warning
    ("he suddenly went white and clammy in the chair", "sign_grey_and_sweaty", None),
    ("known to have a swelling on the main artery in his belly", "imaging_aaa", None),
    # the middle of the vision gone blurry is a central scotoma
    ("the middle of his vision in the left eye has gone smudged", "sym_central_vision_loss", None),
    ("the centre of her vision is fine", None, "sym_central_vision_loss"),
    # stools hard to flush float with fat; pale before bulky is the colour of fat
    (
        "his poos are pale, bulky and difficult to flush",
        "sym_steatorrhoea",
        {"sym_pale_stools", "sym_hard_stools", "sign_flushing"},
    ),
    ("pale poos and dark wee", "sym_pale_stools", None),
    ("she has gone from the 75th to the 25th centile for weight", "sym_faltering_growth", None),
    ("thin arms and legs with a pot belly", "sign_muscle_wasting", None),
    # a watch's pulse; an attack that has happened before
    ("my smartwatch says 190 and my heart is pounding", "sign_tachycardia", None),
    ("it has happened a few times before and stops on its own", "timing_episodic", None),
    ("nothing like this has happened before", "sym_first_event", "timing_episodic"),
    # usual tablets carried on with are no overdose; tablets all swallowed at once are
    ("he has still been taking all his tablets through the sickness bug", None, "sym_suicide_plan_or_attempt"),
    ("she took all her pills at once last night", "sym_suicide_plan_or_attempt", None),
    ("he has not been taking his meds since the funeral", "rf_medication_nonadherence", None),
    # a kind of medicine with its name in brackets
    ("she stopped her blood thinner (apixaban) on Friday", None, "med_anticoagulant"),
    ("takes water tablets (bendroflumethiazide)", "med_diuretic", None),
    # a face that will not move, an eye that will not shut, a drink dribbling out
    ("the right side of my face wont move since this morning", "sym_facial_weakness", None),
    (
        "she can't shut her left eye and tea dribbles out of the side of her mouth",
        {"sign_incomplete_eye_closure", "sym_facial_weakness"},
        None,
    ),
    # a calf swollen and tight is swollen too
    ("calf swollen n tight since the flight", "quality_swelling", None),
    # a shoulder tip that hurts; nightclothes soaked; a positive test with a late period
    ("the pain goes up to the tip of her shoulder and it hurts at the tip of the shoulder", "sym_shoulder_tip_pain", None),
    ("he soaks his pyjamas most nights", "sym_drenching_sweats", None),
    ("period two weeks late, positive home test on Monday", "lab_positive_pregnancy_test", None),
    # a form's bare "no" after its item denies it; a "no" that begins a phrase does not
    ("Age 52. Cough - no. Fever: no. Chest pain? No.", None, {"sym_cough", "sym_fever", "sym_chest_pain"}),
    ("back pain 3 weeks, numbness - no, weakness - no", "site_low_back", {"quality_numbness", "quality_weakness"}),
    ("knee pain - no relief from ibuprofen", "quality_pain", None),
    # "wont" written out is "will not", which meets a phrase written with "won't"
    ("the baby wont settle and her eye wont close", "sign_incomplete_eye_closure", None),
    # a care worker's plain words: urine that looks normal, a burning wee, pain under the ribs at
    # the back, people seen who are not there, sight gone like a light
    ("his wee smells and looks normal today", None, "sym_cloudy_urine"),
    ("says her wee has been burning since Tuesday", "sym_dysuria", "quality_burning"),
    ("pain on the left at the back just under the ribs", "site_loin", "site_low_back"),
    ("keeps seeing children in the corner of his room at night", "sym_visual_hallucinations", None),
    (
        "the vision in her left eye went like a light switched off",
        "onset_sudden",
        {"sym_absence_spells", "sym_racing_heart_sudden"},
    ),
    # texting: no wee since last night, a dribbly stream, up at night, cold and flu tablets,
    # talking non-stop, money spent, pain deep during sex
    ("havent been able to wee since tea time", "sym_urinary_retention", None),
    ("stream been slow n dribbly for ages n up 3 times a nite", {"sym_poor_urinary_stream", "sym_nocturia"}, None),
    ("took cold and flu tablets for my cold", "med_urinary_retention_drug", None),
    ("my mates say i wont stop talking and ive spent thousands this week", {"sym_pressured_speech", "sym_impulsivity"}, None),
    ("it hurts deep during sex on one side", "sym_dyspareunia", None),
    # a pain that comes, a few words on, when she breathes in
    ("stabbing pain low on the left of his chest when he breathes in", "sym_pleuritic_chest_pain", None),
    (
        "pain under her right ribs that is sharper when she breathes in",
        "sym_ruq_pain",
        {"sym_pleuritic_chest_pain", "sym_chest_pain"},
    ),
    # eyesight gone slowly worse, misty like a dirty window, dazzled by the sun
    ("his eyesight has got gradually worse this year", {"sym_vision_loss", "onset_gradual"}, None),
    ("like looking through frosted glass and the sun dazzles her", {"sym_blurred_vision", "sym_glare"}, None),
]


# (text, age, sex finding or None): a note that names the person, then the age
NAMED = [
    ("Mrs Joan Pike, 81. Off her food and confused since yesterday.", 81, "sex_female"),
    ("Re: Mr Osei (67) - short of breath on the stairs", 67, "sex_male"),
    ("Message about Daniel (19) in supported living: headache and a stiff neck", 19, None),
    ("Sats (93) on air, BP (110) systolic", None, None),
]


@pytest.mark.parametrize(("text", "age", "sex"), NAMED)
def test_a_named_persons_age_is_read(core, text, age, sex):
    found = core.extractor.extract(text)
    assert found.age == age
    if sex:
        assert sex in found.present


@pytest.mark.parametrize(("text", "expected", "not_expected"), WORDINGS)
def test_a_relative_or_team_chat_wording_is_read(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


# (case, the condition it must give first): stories a relative or a colleague tells
FIRST = [
    (
        "Dad is 78, tired and breathless on the hills for months, pale, his blood count was low and he's low on iron. Motions looser than they were and he's dropped a stone.",
        "colorectal_cancer",
    ),
    (
        "My father, 71, smoked all his life. Cough for four months, specks of blood in what he coughs up, hoarse for six weeks and losing weight.",
        "squamous_cell_lung_cancer",
    ),
    (
        "Nan is 84. Over three weeks straight lines look wavy in her left eye and the middle of her vision has gone blurry; faces are hard to make out.",
        "neovascular_age_related_macular_degeneration",
    ),
    (
        "My boy is 2. Since starting on normal food he's gone from the 50th to the 9th centile, tummy bloated, skinny arms and legs, poos pale, bulky and hard to flush.",
        "coeliac_disease",
    ),
    (
        "My son is 16. Out of nowhere his heart raced, his watch says 220, and it stopped just as suddenly ten minutes later. It has happened a few times before.",
        "avnrt_supraventricular_tachycardia",
    ),
    (
        "im 41 f, woke up n the left side of my face wont move, cant shut my eye, drink dribbles out the side of my mouth. ear ached yesterday",
        "bells_palsy",
    ),
    (
        "Note for the GP about Mr Frank Hale, 83. Sight getting slowly worse for a year, like looking through a dirty window, lights dazzle him at night.",
        "age_related_cataract",
    ),
    (
        "What is the problem? Dizzy spells when I turn over in bed or tip my head back, each under a minute. Since? Last week. Anything else? 58, male. Hearing loss - no. Headache - no. Numbness - no.",
        "bppv",
    ),
    (
        "Husband 76, under yearly scans for a swelling on the big blood vessel in his tummy. Sudden awful back and belly pain an hour ago, went white and clammy, pulse very fast.",
        "ruptured_abdominal_aortic_aneurysm",
    ),
]


@pytest.mark.parametrize(("text", "first"), FIRST)
def test_a_relatives_story_gives_its_condition_first(core, text, first):
    assert ranked(core, text)[0] == first


def test_a_young_mans_red_eye_with_one_small_irregular_pupil_is_uveitis(core):
    order = ranked(
        core,
        "31M, painful red right eye for 2 days, light hurts, redness around the limbus, small irregular pupil. No discharge.",
    )
    assert order[0] == "anterior_uveitis"
    assert "neurosyphilis" not in order[:10]
