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
    # what "has not helped" denies is the relief before it, never the clause after it
    ("Antibiotics have not helped and she now has blood in her phlegm.", "sym_haemoptysis", None),
    ("Rest didn't help at all.", "timing_unrelieved_by_rest", {"relief_rest", "timing_rest"}),
    ("paracetamol and lying down have not helped", "timing_unrelieved_by_rest", "relief_rest"),
    # numbness "like sitting on a saddle", urine leaked
    ("her bum feels numb like sitting on a saddle", "sym_saddle_anaesthesia", None),
    ("he has leaked urine twice since yesterday", "sym_urinary_incontinence", None),
    # weakness told by what the patient can no longer do
    ("he could not get up from the chair this morning", "sign_proximal_weakness", None),
    ("needed the rail to get up the stairs today", "sign_proximal_weakness", {"trigger_stairs_squatting", "trigger_standing"}),
    # a gastric upset dated back and settled is the illness before the complaint
    ("Legs weak since Monday. D+V about 2 weeks ago, settled.", "sym_diarrhoeal_illness", "sym_diarrhoea"),
    # a triage note's baby, after the caller is named; a home sats monitor
    ("Caller is dad. 5mo boy, cough and fast breathing.", {"age_infant", "sex_male"}, None),
    ("home sats monitor says 91%", "sign_hypoxia", None),
    # what has "become" or "gone" so is so now
    ("her right eye has become really red and sore since Sunday", "sym_red_eye", None),
    ("his wee has gone very frothy", "sym_frothy_urine", None),
    # a comparison's likeness did not happen, even a few words on
    ("frothy urine like the foam on a pint of beer", "sym_frothy_urine", "trigger_purine_alcohol"),
    # swollen ankles that keep the mark of a sock pit
    ("ankles swell by evening and her socks leave deep marks", "sign_pitting_oedema", None),
    # an ambulance note's toddler in months, and the fit its parents saw
    ("20/12 M, hot and grizzly since lunch", {"age_toddler", "sex_male"}, "age_adolescent"),
    ("went stiff then all 4 limbs jerking for a minute, eyes rolled up", "sym_seizure", "sym_craniocervical_dystonia"),
    ("had a fit with a temperature; his mum had similar as a little girl", "rf_family_history_febrile_seizure", None),
    # two feelings after one "felt" keep a phrase that runs on past the second
    ("he felt sick and short of breath", {"sym_nausea", "sym_dyspnoea"}, None),
    ("she felt dizzy and couldn't catch her breath", {"sym_dizziness", "sym_dyspnoea"}, None),
    # what families and patients say of an older person
    ("she's on co-codamol for her hip", "med_deliriogenic", None),
    ("he hasn't had a proper motion for a week", "sym_constipation", None),
    ("the surgery said his white cells were high", "lab_leukocytosis", None),
    ("the doctor once said she had a noisy heart", "sign_heart_murmur", None),
    ("he blacked out while walking up the hill", "sym_exertional_syncope", None),
    # mania told by the one who has it
    (
        "I feel fantastic and I'm not tired at all though I sleep 3 hours; so many ideas, and my partner says I'm talking too fast",
        {"sym_elevated_mood", "sym_reduced_need_for_sleep", "sym_pressured_speech", "sym_manic_features"},
        "trigger_jumping",
    ),
    # an irregular heartbeat felt, and breath lost on the stairs
    ("my heart keeps going funny, the pulse is jumping about with no pattern", "sym_irregular_heartbeat", "trigger_jumping"),
    ("I get puffed on the stairs", "sym_exertional_dyspnoea", None),
    # a heat pack tried for a pain is a remedy, not years of heat on the skin
    ("Tried: ibuprofen and a heat pack, no better.", "rf_nsaid_use", "rf_chronic_heat_source"),
    # a home machine's blood pressure, mottled skin and an empty catheter bag
    ("his blood pressure machine gave 84 over 48", "sign_hypotension", None),
    ("her legs look blotchy and mottled purple", "sign_peripheral_hypoperfusion", None),
    (
        "she has a permanent catheter and there's hardly anything in the catheter bag",
        {"rf_urinary_catheter", "sym_oliguria"},
        None,
    ),
    # a child who will not stand or be moved, told by a parent
    ("he refuses to put any weight on his left leg", "sign_unable_to_bear_weight", "exam_weight_bearing_mentioned"),
    (
        "lying with the hip bent and won't let it be moved",
        {"sign_hip_held_flexed", "sign_pseudoparalysis"},
        "trigger_bending_lifting",
    ),
    # a parent writing for themself is the patient, not the child named
    (
        "I'm 31 with a 3-year-old, and I'm asking for myself: a late period and pain low down on one side",
        "age_young_adult",
        "age_toddler",
    ),
    # a form's answer that gives age and sex after its heading
    ("Other: 52, male. Smoker.", {"age_middle_aged", "sex_male"}, None),
    # a headache like a blow to the head is a thunderclap, not a low back or an injury
    ("came on like being hit round the back of the head with a bat", "sym_thunderclap_headache", {"site_low_back", "rf_trauma"}),
    # a family's finger monitor and a fatter calf; a pain in the side on breathing in
    ("the finger oxygen thing says 89", "sign_hypoxia", {"site_fingers", "site_hand"}),
    ("the finger monitor says 92", "sign_hypoxia", None),
    # "not herself" says she is unwell and denies nothing after it
    ("she's not herself and has a cough", "sym_cough", None),
    ("her right calf looks fatter than the left", "sign_asymmetric_calf", None),
    ("a sharp pain in his left side when he breathes in", "sym_pleuritic_chest_pain", None),
    # what a family reports of an older relative's water, thirst, sugar meter, heat and pulse
    ("going to the loo every hour and says it stings", "sym_dysuria", "trigger_allergen_exposure"),
    ("his pee came out bright red twice last month", "lab_haematuria", "sign_erythema"),
    ("she's been drinking loads and weeing all night", "sym_polyuria", "rf_alcohol"),
    ("he's drinking lots of squash because he's thirsty", None, "rf_alcohol"),
    ("her sugar meter just says HI", "lab_very_high_glucose", None),
    ("he can't bear the heat and sits with the window open in winter", "sym_heat_intolerance", None),
    ("the pulse on his blood pressure machine is about 118", "sign_tachycardia", None),
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


def test_an_older_womans_grey_sweaty_indigestion_with_jaw_and_arm_ache_is_an_infarction(core):
    order = ranked(
        core,
        "My gran is 86 and diabetic on metformin. Half an hour ago she went grey and clammy, felt sick, and says her jaw and arm ache; she calls it indigestion.",
    )
    assert {"stemi", "nstemi"} & set(order[:2])


# (case, the condition it must give first): classic stories told in plain words
FIRST = [
    (
        "39M. Pins and needles in both feet for 3 days, now in his fingers too; legs getting weaker, struggled up the stairs today. Had a tummy bug 2 weeks ago, settled.",
        "guillain_barre_syndrome",
    ),
    (
        "Bad back for years; since yesterday shooting pains down the backs of both legs, numb between my legs, and I have to strain to pee.",
        "cauda_equina_syndrome",
    ),
    (
        "70-year-old man, his knee went hot, red and swollen over two days and he can't bend it; temperature 38.6; he had an injection into the knee a fortnight ago.",
        "septic_arthritis",
    ),
]


@pytest.mark.parametrize(("text", "first"), FIRST)
def test_a_classic_story_in_plain_words_gives_its_condition_first(core, text, first):
    assert ranked(core, text)[0] == first
