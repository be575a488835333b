"""Voice notes typed out by speech-to-text, people writing in a second language, triage notes,
teenagers' texts and older people's emails, in our own words: a denial or an "if" does not reach over a new
clause, an age told with "have", nights counted in trips to the toilet, the belly of the leg, an
older person's email about fingertips like drumsticks and a rash along the same strip."""

from __future__ import annotations

from datetime import date

import pytest

from support.reading import assert_reads, ranked

# (text, findings that must be read, findings that must not)
WORDINGS = [
    # a run-on voice note: the denial or the "if" ends where a new clause with its own subject opens
    ("not been eating much I've lost weight my wee is dark", {"sym_weight_loss", "sym_dark_urine"}, None),
    (
        "if you press on her shin it leaves a dent she can't lie flat at night",
        {"sign_pitting_oedema", "sym_orthopnoea"},
        None,
    ),
    ("if he gets any chest pain he should ring 999", None, "sym_chest_pain"),
    # a denial's own object clause is still denied
    ("I don't think she has a temperature", None, "sym_fever"),
    # a faint on the toilet is the event and its trigger
    ("nearly fainted sitting on the loo this morning", {"sym_presyncope", "trigger_micturition_defecation_cough"}, None),
    ("he fainted on the toilet", {"sym_syncope", "trigger_micturition_defecation_cough"}, None),
    # voiding symptoms counted and told in lay words
    ("he's up three or four times in the night for a wee", "sym_nocturia", "trigger_standing"),
    ("the stream is so weak and slow these days", "sym_poor_urinary_stream", "quality_weakness"),
    ("he says he never feels like he's fully emptied", "sym_poor_urinary_stream", None),
    ("it dribbles at the end and takes ages to get going", "sym_poor_urinary_stream", None),
    # the belly of the leg is the calf
    ("the belly of his right leg is tight and sore", {"site_calf", "lat_right"}, {"site_abdomen", "sym_abdominal_pain"}),
    # a triage note's shorthand
    ("Hx of asthma, c/o wheeze", {"rf_asthma_history", "sign_wheeze"}, None),
    ("Hx chlamydia, treated", "rf_sexually_transmitted_infection", "sym_urethritis"),
    ("preg test positive on Monday", {"lab_positive_pregnancy_test", "pregnancy"}, None),
    ("abdo pain since yesterday", "sym_abdominal_pain", None),
    ("low abdominal pain and some spotting", "sym_lower_abdominal_pain", None),
    # "right" that only strengthens an adverb is no side; "like" before an amount is a filler
    ("her face swelled right up after the bee sting", "sign_angioedema", "lat_right"),
    ("he's put on like three kilos this week", "sym_weight_gain", None),
    # sweat that soaks the sheets, clothes too big, lashes stuck together, a dent left by a finger
    ("he sweats so much at night the sheets are soaked", "sym_drenching_sweats", None),
    ("lost so much weight her clothes are too big", "sym_weight_loss", None),
    ("eyelashes stuck together when he wakes", "sign_purulent_eye_discharge", None),
    ("shaking of his arms and legs for a minute then he was sleepy", "sym_witnessed_jerking", None),
    ("wakes in the night gasping for breath", "sym_orthopnoea", None),
    # crowds trigger dizziness only where dizziness is told
    ("she lives in a crowded flat with six others", None, "trigger_visual_motion"),
    ("dizzy and worse in crowds and supermarkets", "trigger_visual_motion", None),
    # an older person's email: drumstick fingertips, velcro at the bases, hot when others are cold
    ("his fingertips have gone round at the ends like little drumsticks", "sign_clubbing", None),
    ("the doctor said my chest sounds like velcro at the bottom", "sign_fine_end_inspiratory_crackles", None),
    ("I'm boiling when everyone else is cold", "sym_heat_intolerance", "sym_cold_intolerance"),
    ("her eyes have a startled look these days", "sign_thyroid_eye_disease", "trigger_startle"),
    ("a fullness at the front of the neck", "sign_goitre", None),
    ("a stinging pain as if I'd been scalded", "quality_burning", "sign_burn_injury"),
    ("I had chicken pox at school, years ago", None, "sign_crops_of_vesicles"),
    ("little blisters came up along the same strip as the pain", "sign_dermatomal_vesicular_rash", None),
    ("my heart has been pounding since this morning", "sym_palpitations", None),
    ("he had his new knee done a fortnight ago", "rf_recent_surgery", None),
    ("my niece is 30 weeks expecting twins", "pregnancy", {"age_infant", "age_under5"}),
    # a pronoun just after a member of staff is the staff member's
    ("I'm 70. When the practice nurse checked my pulse she said it was irregular", None, "sex_female"),
    # a text's emoji ends what was said; one side of the nose is one nostril; bad breath that stinks
    ("he won't see anyone 🙄 his feet are really swollen", "quality_swelling", None),
    ("thick green gunk out of one side of her nose", "sym_unilateral_foul_nasal_discharge", "sym_ear_discharge"),
    ("gunk coming out of his ear since swimming", "sym_ear_discharge", None),
    ("her breath stinks lately", "sym_halitosis", None),
    # a turn that ends in coming round was a loss of consciousness; a black thing stuck is a tick
    ("went grey on the commode and then came round by himself", "sym_syncope", None),
    ("a little black thing stuck on her ankle after the walk", "rf_tick_exposure", None),
    ("his calf is rock hard since the cast went on", "sign_tense_compartment", None),
    # an older person's or a ward's words: a bit of a temperature, people who aren't there, a flap
    ("I've a bit of a temperature tonight", "sym_fever", None),
    ("she sees children on the landing who aren't there", "sym_visual_hallucinations", None),
    ("when she holds her arms out her hands keep flapping", "sign_asterixis", None),
    ("his water has been smelly all week", "sym_cloudy_urine", None),
    # a form's prompts and answers, a painkiller that isn't touching it, a late period
    ("How many weeks pregnant; 30\nBlood pressure if known; 162/108", {"pregnancy", "sign_raised_bp"}, None),
    ("migraine tablets aren't touching it and now she is seeing zigzags", "sym_visual_disturbance", None),
    ("my period is nearly two weeks late", "sym_missed_period", None),
    # sight gone black in one eye, or dim for minutes and back; a runny nose on one side only
    ("this morning the vision in her left eye went totally dark", "sym_sudden_vision_loss", None),
    ("twice this week his right eye went grey for a minute and then cleared", "sym_amaurosis_fugax", None),
    ("runny nose on the right side only and it smells", "sym_unilateral_foul_nasal_discharge", None),
    # a community nurse's note: a parent worried about a symptom tells of it
    ("dad worried about a cough that keeps her up at night", "sym_cough", None),
    ("he had been dry for months and now wets the bed again", "sym_new_bedwetting", None),
    # a handover: the plan is not the story; spirits by the litre; a knee "post arthroscopy"
    (
        "calf swollen 3 days. Plan: USS booked, treatment dose LMWH given",
        "quality_swelling",
        {"med_anticoagulant", "rf_heparin_exposure"},
    ),
    ("drinks ~1L gin/day, stopped 2d ago", {"rf_alcohol", "rf_alcohol_cessation"}, None),
    ("5d post R knee arthroscopy, barely mobilising", {"rf_recent_surgery", "rf_immobility"}, None),
    ("picking at insects on the pillow that aren't there", "sym_visual_hallucinations", None),
    # an emotive patient's chest pain: eased leaning forward, worse lying on the back, scared stiff
    ("when I lean forward it nearly goes away", "relief_sitting_forward", None),
    ("the pain is worse when I lie flat on my back", None, {"site_low_back", "site_back"}),
    ("I'm scared stiff it's my heart", None, "quality_stiffness"),
    (
        "my jaw aches when I chew and my scalp is so tender I can hardly comb my hair",
        {"sym_jaw_claudication", "sym_scalp_tenderness"},
        None,
    ),
    # a care navigator's note: whistly chest, words between breaths, a test with a late period
    ("chest tight and whistly since the weekend", "sym_chest_tightness_wheeze", None),
    ("she's struggling to get words out on the phone", "sign_cannot_complete_sentences", "trigger_elbow_flexion"),
    ("period two weeks late, did a test this morning - positive", "lab_positive_pregnancy_test", None),
    ("treated for chlamydia two years ago", "rf_sexually_transmitted_infection", "sym_urethritis"),
    # night sweats told with a pronoun between; lumps that hurt when alcohol is drunk
    ("at night he sweats so much and he is losing weight", "sym_night_sweats", None),
    ("when I drink beer the lumps in my neck ache", "sign_alcohol_induced_node_pain", None),
    # a questionnaire's dashes, a bladder never quite empty, nights counted in a urinary form
    ("Age - 81   Sex - F", "sex_female", None),
    ("Weight change - up 3kg in a fortnight", "sym_weight_gain", None),
    ("Bladder feel empty after?: never quite", "sym_poor_urinary_stream", "sym_low_mood"),
    ("Main problem: weak stream\nAt night: up 4-5 times", "sym_nocturia", None),
    ("coughed up some pinkish spit this morning", "sym_haemoptysis", None),
    # a pulse all over the place; woken with the hearing gone
    ("his pulse was 128 on the machine and all over the place", "sign_irregular_pulse", None),
    ("woke up Monday with the hearing gone in her right ear", "sym_sudden_hearing_loss", None),
]


@pytest.mark.parametrize(("text", "expected", "not_expected"), WORDINGS)
def test_a_voice_note_or_second_language_wording_is_read(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


# (text, age or None): an age told with "have", as many languages tell it
AGES = [
    ("My boy has 9 years. He has a rash since Sunday.", 9),
    ("My daughter have 18 month, fever today", 1.5),
    ("I have 45 years and a cough", 45),
    ("my mum has 5 years diabetes and now a sore foot", None),
    ("he has 3 years of back pain", None),
    # a relative named with the age in brackets; a child's review named beside the patient's age
    ("The carer says mum (81) has been confused since Tuesday", 81),
    ("Visiting for baby's 1 yr review and mum (24) mentioned pain low in her tummy", 24),
    ("Main problem; cough\nAge; 38", 38),
]


def test_a_date_of_birth_gives_the_age_today(core):
    today = date.today()
    born = date(today.year - 4, 1, 1)  # four years and some days ago, whatever today is
    age = core.extractor.extract(f"Mum rang re son DOB {born:%d/%m/%Y}, rash since Sunday").age
    assert age is not None and 4 <= age < 5
    assert core.extractor.extract("DOB 31/02/2020, rash").age is None  # no such day


@pytest.mark.parametrize(("text", "age"), AGES)
def test_an_age_told_with_have_is_read(core, text, age):
    assert core.extractor.extract(text).age == age


# (case, the condition it must give first)
FIRST = [
    (
        "My father has 74 years. Since one year he wake in night three times for pee, the water come very slow and he must wait for it to start. No pain, no blood.",
        "benign_prostatic_hyperplasia",
    ),
    (
        "my husband hes seventy one um hes up three or four times in the night for a wee and the stream is so weak and he never feels like hes fully emptied no pain no blood",
        "benign_prostatic_hyperplasia",
    ),
    (
        "Mum is 80. Both her ankles have swelled right up and if you press it leaves a dent she can't lie flat she sleeps on three pillows and wakes in the night gasping for breath",
        "heart_failure_with_peripheral_oedema",
    ),
    (
        "25F, LMP 6/52 ago, preg test positive, low abdo pain on the right since this morning, spotting, felt faint on the toilet",
        "ectopic_pregnancy",
    ),
    (
        "Dear Doctor, I am 81. For a year I've had a dry cough and I get more out of breath each month. My fingertips have gone round at the ends like drumsticks and the nurse said my chest sounds like velcro at the bottom. Never smoked.",
        "idiopathic_pulmonary_fibrosis",
    ),
    (
        "Back from hiking in Devon 2 weeks ago, a red ring on my thigh growing bigger each day, clear in the middle like a bullseye, achy and tired",
        "early_lyme_disease",
    ),
    (
        "82M on the ward had a funny turn on the commode, went grey and came round by himself after 15 seconds, pulse 36 and regular",
        "complete_heart_block",
    ),
    (
        "Mr P 54 with alcohol related liver disease, muddled since last night, sleepy, hands flap when he holds his arms out, no vomiting blood",
        "hepatic_encephalopathy",
    ),
]


@pytest.mark.parametrize(("text", "first"), FIRST)
def test_a_voice_note_or_second_language_story_gives_its_condition_first(core, text, first):
    assert ranked(core, text)[0] == first
