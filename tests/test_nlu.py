"""Findings from free text: synonyms, negation and hypotheticals (medspaCy), numbers."""

from __future__ import annotations

import pytest


def test_lay_words_map_to_clinical_findings(core):
    found = core.extractor.extract("nocturnal leg and butt spasms, charley horse in the calf")
    assert {"site_buttock", "quality_spasm", "quality_cramp", "timing_nocturnal", "site_calf"} <= found.present


def test_negations_are_denied_findings(core):
    found = core.extractor.extract("Calf pain. No swelling, denies numbness. Not at night.")
    assert {"quality_swelling", "quality_numbness", "timing_nocturnal"} <= found.absent
    assert "quality_swelling" not in found.present
    assert {"site_calf", "quality_pain"} <= found.present


def test_hypothetical_and_family_mentions_count_for_nothing(core):
    found = core.extractor.extract("thigh pain; return if swelling develops; family history of diabetes")
    assert "quality_swelling" not in found.present | found.absent
    assert "rf_diabetes" not in found.present


def test_anatomical_detail_and_parents(core):
    found = core.extractor.extract("spasms in the inner thigh")
    assert {"site_medial_thigh", "site_thigh", "site_lower_limb"} <= found.present
    assert "site_lateral_thigh" not in found.present


def test_laterality_age_sex_and_abbreviations(core):
    found = core.extractor.extract("62F, left calf pain, hx DM and HTN, SOB")
    assert {
        "lat_left",
        "lat_unilateral",
        "age_middle_aged",
        "sex_female",
        "rf_diabetes",
        "rf_hypertension",
        "sym_dyspnoea",
    } <= found.present
    assert found.age == 62
    found = core.extractor.extract("45 y/o M with back pain")
    assert {"age_middle_aged", "sex_male", "site_low_back"} <= found.present
    assert "age_older" in core.extractor.extract("a 78-year-old woman").present


def test_durations_and_lab_values(core):
    found = core.extractor.extract("leg weakness for 3 days, K 2.9, CK 12,000")
    assert {"duration_days", "lab_low_potassium", "lab_high_ck"} <= found.present
    assert "duration_chronic" in core.extractor.extract("back pain for 2 years").present
    assert "lab_low_potassium" not in core.extractor.extract("K 4.1").present


def test_parts_compose_a_finding(core):
    found = core.extractor.extract("the right calf is swollen and tender")
    assert "sign_calf_tenderness" in found.present


def test_neutral_mentions_do_not_misfire(core):
    found = core.extractor.extract("knee jerks normal, pedal pulses present")
    assert not {"quality_jerks", "site_knee", "sign_absent_pulses"} & found.present
    assert "exam_reflexes_mentioned" in found.present
    assert core.model.links.present_columns([core.model.finding_index["exam_reflexes_mentioned"]]).any() == 0


def test_a_denied_mention_can_mean_a_finding(core):
    assert "sign_absent_pulses" in core.extractor.extract("no pulses in the right foot").present
    assert "sign_areflexia" in core.extractor.extract("reflexes cannot be elicited").present


def test_a_normal_finding_denies_its_abnormal_one(core):
    found = core.extractor.extract("weak legs, sensation intact")
    assert "quality_numbness" in found.absent and "exam_sensation_intact" not in found.present


def test_handedness_and_mri_sequences_are_not_sides_or_triggers(core):
    found = core.extractor.extract("a left-handed man with right leg weakness; FLAIR shows a lesion")
    assert "lat_left" not in found.present and "lat_right" in found.present
    found = core.extractor.extract("fluid-attenuated inversion recovery images are normal")
    assert "trigger_inversion" not in found.present


def test_negation_stops_at_a_comma_unless_a_list_goes_on(core):
    found = core.extractor.extract("denies chest pain, swollen left calf")
    assert "sym_chest_pain" in found.absent and "quality_swelling" in found.present
    found = core.extractor.extract("no fever, chills or sweats")
    assert "sym_fever" in found.absent


def test_a_relatives_history_is_not_the_patients(core):
    assert "rf_previous_vte" not in core.extractor.extract("her mother had a previous DVT").present
    assert "quality_jerks" in core.extractor.extract("his wife says he kicks his legs at night; jerks in sleep").present


def test_first_age_and_sex_are_the_patients(core):
    found = core.extractor.extract("A 36-year-old woman, breast cancer 15 years ago, her male partner is well")
    assert found.age == 36 and "sex_female" in found.present and "sex_male" not in found.present
    assert "sex_male" not in core.extractor.extract("walked 200m").present
    assert "duration_chronic" not in core.extractor.extract("34 weeks pregnant with leg swelling").present


def test_a_relative_named_after_an_age_is_the_patient_and_the_sex(core):
    found = core.extractor.extract("my 7 yr old daughter has had a high temperature since yesterday")
    assert found.age == 7 and "sex_female" in found.present and "sym_fever" in found.present
    found = core.extractor.extract("our 15-month-old son keeps pulling at his ear")
    assert "sex_male" in found.present and "sex_female" not in found.present
    assert "sex_male" not in core.extractor.extract("my 40 year old patient said her son has a cough").present


def test_a_carers_message_keeps_the_relatives_age_and_lay_signs(core):
    found = core.extractor.extract(
        "my grandad 81 - an hour ago his face suddenly went droopy on one side and his speech is all slurred"
    )
    assert found.age == 81 and "sex_male" in found.present and "onset_sudden" in found.present
    assert {"sym_facial_weakness", "sym_dysarthria"} <= found.present
    found = core.extractor.extract(
        "my mum (79) tripped on the rug, can't stand or put any weight on the left leg, the foot is rolled out"
    )
    assert found.age == 79 and {"rf_fall", "sign_unable_to_bear_weight", "sign_leg_shortened_externally_rotated"} <= found.present
    assert "sym_weight_gain" not in found.absent | found.present
    assert "rf_fall" not in core.extractor.extract("I have a slipped disc and pain down my leg").present


def test_a_time_ago_that_dates_a_history_item_is_not_the_complaints_when_a_nearer_onset_follows(core):
    found = core.extractor.extract("she had an op on her hip 12 days ago and since this afternoon she is breathless")
    assert "rf_recent_surgery" in found.present and "duration_days" in found.present
    assert "duration_weeks" not in found.present
    found = core.extractor.extract("split up with her partner 3 weeks ago and crying every day")
    assert "duration_weeks" in found.present


def test_words_that_only_look_alike_stay_apart(core):
    found = core.extractor.extract("since lunch I got really short of breath")
    assert "sym_dyspnoea" in found.present and "sym_height_loss" not in found.present
    assert "rf_hot_environment_exertion" not in core.extractor.extract("5 days hot swollen red calf").present
    assert "trigger_kneeling" not in core.extractor.extract("keyhole op on my knee last month").present
    assert "sym_sleep_disturbance" not in core.extractor.extract("woke up with a stiff neck").present


def test_a_complaint_that_persists_is_told_with_a_negative_that_denies_nothing(core):
    found = core.extractor.extract("a cough that won't go away and my ankles are puffy")
    assert {"sym_cough", "sign_ankle_swelling"} & found.present and not found.absent
    found = core.extractor.extract("lost weight without trying, off her food and wiped out")
    assert {"sym_weight_loss", "sym_loss_of_appetite"} <= found.present and "sym_loss_of_appetite" not in found.absent
    assert "sym_cough" in core.extractor.extract("can't stop coughing at night").present
    assert "rf_cannabis" not in core.extractor.extract("dropped a stone this year, passed a kidney stone in May").present


def test_a_woman_telling_her_weeks_is_pregnant_not_a_baby(core):
    found = core.extractor.extract("I'm 11 weeks and spotting with period pains")
    assert found.age is None and "pregnancy" in found.present and "age_young_infant" not in found.present
    assert core.extractor.extract("he is 5 weeks and not feeding").age == pytest.approx(5 / 52.18, abs=0.01)


@pytest.mark.parametrize(
    "text, age, sex, finding",
    [
        ("wife 61, drinks half a bottle of gin a night, tummy swelling", 61, "sex_female", "rf_alcohol"),
        ("my girl is 4 and has a barking cough", 4, "sex_female", "sym_barking_cough"),
        ("tired all the time, 57 m, smoker", 57, "sex_male", "rf_smoking"),
    ],
)
def test_a_carers_relative_with_an_age_then_a_habit_is_the_patient(core, text, age, sex, finding):
    found = core.extractor.extract(text)
    assert found.age == age and sex in found.present and finding in found.present


def test_a_carers_not_eating_is_a_poor_appetite(core):
    assert "sym_loss_of_appetite" in core.extractor.extract("my grandad hasn't been eating and sleeps all day").present


def test_a_denial_with_or_before_a_comma_ends_at_the_comma(core):
    found = core.extractor.extract("no nausea or vomiting, the ankle is swollen")
    assert "sym_vomiting" in found.absent and "quality_swelling" in found.present
    assert "sym_night_sweats" in core.extractor.extract("no fever, rigors or night sweats").absent


def test_a_long_message_is_read_to_its_end_in_pieces(core):
    """The NLU reads long text in sentence pieces (its cost grows faster than the length): what
    the last sentence says, and denies, still counts."""
    filler = "The patient walked to the clinic this morning and sat in the waiting room. " * 50
    found = core.extractor.extract(filler + "Calf pain. No swelling, denies numbness.")
    assert len(filler) > 3000
    assert {"quality_swelling", "quality_numbness"} <= found.absent
    assert {"site_calf", "quality_pain"} <= found.present


def test_a_gestation_written_as_a_number_is_the_stage_of_pregnancy(core):
    """Obstetric notes give the stage in weeks; the weeks are no duration of the complaint."""
    cases = {
        "31/40, itching of the hands and feet at night": "gest_third_trimester",
        "primip, 24+2 weeks, tightenings": "gest_second_trimester",
        "10 weeks pregnant and cannot keep anything down": "gest_first_trimester",
        "G3P2 at 35 weeks with a headache": "gest_third_trimester",
        "a woman of 31 at 16 weeks has lower abdominal pain": "gest_second_trimester",
        "at 38 weeks, swollen face and blurred vision": "gest_third_trimester",
    }
    for text, stage in cases.items():
        found = core.extractor.extract(text)
        assert {stage, "pregnancy"} <= found.present, text
        assert not {"duration_chronic", "duration_weeks", "duration_over_6_months"} & found.present, text


def test_weeks_that_are_a_birth_an_age_or_a_review_are_no_pregnancy(core):
    for text in (
        "born at 29 weeks, now 4 months old, wheezy",
        "he fell at 30 weeks of age",
        "a 40-year-old man, reviewed at 6 weeks after his operation",
        "a 2-year-old girl who walked at 60 weeks",
        "she delivered at 37 weeks and now has a fever",
    ):
        assert "pregnancy" not in core.extractor.extract(text).present, text


def test_a_point_in_time_is_no_duration(core):
    found = core.extractor.extract("a 50-year-old man, fine at 3 months after the stent, chest pain since this morning")
    assert "duration_chronic" not in found.present and "duration_1_to_6_months" not in found.present


def test_well_until_a_time_ago_dates_the_onset(core):
    assert "duration_days" in core.extractor.extract("well until 3 days ago, then a cough").present


def test_describing_words_between_an_age_and_a_sex_keep_the_sex(core):
    """Exam-style openings put words between the age and the sex ("a 45-year-old previously
    healthy man"); a baby's sex told with her delivery is not the mother's."""
    found = core.extractor.extract(
        "Shortly after the delivery of a male newborn, a 25-year-old first-time pregnant woman feels faint"
    )
    assert {"sex_female", "postpartum"} <= found.present and "sex_male" not in found.present
    assert "sex_male" in core.extractor.extract("a 45-year-old previously healthy man with a cough").present
    assert "sex_female" not in core.extractor.extract("a 4-year-old and his little sister, both with diarrhoea").present


def test_a_child_told_as_being_born_is_a_newborn_and_his_mother_no_older_adult(core):
    found = core.extractor.extract("A baby is born by caesarean to a 33-year-old woman and is floppy")
    assert "age_newborn" in found.present
    assert not {"age_older", "sex_female"} & found.present


def test_an_amniotic_fluid_index_under_five_centimetres_is_oligohydramnios(core):
    assert "imaging_oligohydramnios" in core.extractor.extract("scan at 30 weeks: AFI 3.5 cm").present
    assert "imaging_oligohydramnios" not in core.extractor.extract("scan at 30 weeks: AFI 14 cm").present


def test_a_little_blood_belongs_to_the_fluid_named_before_it(core):
    """ "Streaks of blood" alone names no fluid: sputum, vomit or stool comes from the nearest one
    told before it, in the same sentence or the one before."""
    sputum = core.extractor.extract("Brings up green phlegm every day. Now and then there are flecks of blood in it.")
    assert "sym_haemoptysis" in sputum.present and "sym_haematemesis" not in sputum.present
    vomit = core.extractor.extract("retched all night after a party, the last vomit had a teaspoon of bright red blood")
    assert "sym_blood_streaked_vomit" in vomit.present and "sym_haemoptysis" not in vomit.present
    stool = core.extractor.extract("runny stools 6 times a day, a few with traces of blood")
    assert "sym_rectal_bleeding" in stool.present
    assert not {"sym_haemoptysis", "sym_haematemesis", "sym_rectal_bleeding"} & core.extractor.extract("streaks of blood").present


def test_the_breast_named_apart_from_its_pain_or_lump_makes_the_breast_finding(core):
    pain = core.extractor.extract("breastfeeding, and the right breast is hot and very painful")
    assert "sym_breast_pain" in pain.present
    lump = core.extractor.extract("she found something in her left breast: a firm mobile lump that slides under the fingers")
    assert "sym_breast_lump" in lump.present
    assert not {"site_hand", "site_fingers"} & lump.present
    assert "sym_breast_pain" not in core.extractor.extract("her sister had breast cancer; she has back pain").present


def test_a_night_of_drinking_is_binge_drinking_not_heaviness_at_night(core):
    found = core.extractor.extract("retching since a heavy night out on the booze")
    assert "rf_alcohol" in found.present and not {"quality_heaviness", "timing_nocturnal"} & found.present
    shift = core.extractor.extract("chest pain during a long night shift")
    assert "rf_alcohol" not in shift.present


def test_chat_denials_without_an_apostrophe_deny(core):
    found = core.extractor.extract("he doesnt have a cough and didnt pass out, no temp")
    assert {"sym_cough", "sym_syncope", "sym_fever"} <= found.absent
    assert not {"sym_cough", "sym_syncope", "sym_fever"} & found.present


def test_slang_af_is_an_intensifier_and_a_guess_at_the_cause_is_no_finding(core):
    assert "rf_atrial_fibrillation" not in core.extractor.extract("itchy af all week").present
    assert "rf_atrial_fibrillation" in core.extractor.extract("known AF on apixaban").present
    guess = core.extractor.extract("sharp left-sided chest pain since the gym, he thinks it's a pulled muscle")
    assert "sym_chest_pain" in guess.present and "sym_felt_pop" not in guess.present
    assert "sym_dyspnoea" in core.extractor.extract("I thought it was a cold but now I cannot breathe").present


def test_a_babys_age_in_note_notation_is_an_age_and_ex_weeks_a_birth(core):
    found = core.extractor.extract("3/12 F, fever and poor feeding")
    assert found.age is not None and found.age < 0.5 and "sex_female" in found.present
    assert not {"duration_1_to_6_months", "duration_chronic"} & found.present
    prem = core.extractor.extract("ex-33/40 twin, now 5 weeks, vomiting after feeds")
    assert "pregnancy" not in prem.present


def test_a_pain_told_in_a_part_of_the_chest_or_head_is_chest_pain_or_headache(core):
    right = core.extractor.extract("a stabbing pain over the right side of my chest when I breathe")
    assert {"sym_chest_pain", "lat_right"} <= right.present
    assert "sym_headache" in core.extractor.extract("throbbing pain on the left side of her head").present
    assert "sym_chest_pain" in core.extractor.extract("denies any pain in the chest").absent
    assert "sym_chest_pain" not in core.extractor.extract("a chest infection in May, now a painful knee").present


def test_voiding_and_urinary_pain_told_with_any_preposition(core):
    assert "sym_dysuria" in core.extractor.extract("it hurts when she wees").present
    assert "sym_dysuria" in core.extractor.extract("denies pain while passing water").absent
    assert "sym_poor_urinary_stream" in core.extractor.extract("he has trouble getting started when he pees").present
    assert "sym_poor_urinary_stream" in core.extractor.extract("his stream has been very slow lately").present
    assert "sign_vaginal_prolapse" in core.extractor.extract("on examination a bulge of the front wall of the vagina").present
    assert "sign_reduced_visual_acuity" in core.extractor.extract("acuity was reduced on the right").present


def test_a_mother_telling_her_own_body_is_the_patient_not_her_baby(core):
    found = core.extractor.extract("my little one is 5 weeks old and my left breast has a hot red patch")
    assert {"sex_female", "postpartum"} <= found.present
    assert found.age is None and not {"age_infant", "age_child", "age_newborn"} & found.present
    baby = core.extractor.extract("my 4 week old is not feeding and is very sleepy")
    assert baby.age is not None and "age_infant" in baby.present


def test_blue_alone_is_no_blue_leg(core):
    """A colour without its body part (an inhaler, the sclerae) is no cyanotic limb, a red flag."""
    assert "sign_cyanotic_leg" not in core.extractor.extract("uses her blue inhaler twice a day").present
    assert "sign_cyanotic_leg" in core.extractor.extract("his foot has gone blue and cold").present


def test_a_temperature_in_a_mothers_own_story_is_hers_not_her_babys(core):
    found = core.extractor.extract("my son is 4 weeks old, my right nipple is cracked and the breast is hot, temp 38.6")
    assert {"sym_fever", "postpartum"} <= found.present
    assert "sign_fever_young_infant" not in found.present
    told = core.extractor.extract("nursing mother, little one 6 weeks old, a painful red wedge on her breast, temp 38.3")
    assert "sex_female" in told.present and "sign_fever_young_infant" not in told.present
    baby = core.extractor.extract("new mum says her 2 week old feels hot, temp 38.2, not feeding")
    assert "sign_fever_young_infant" in baby.present


def test_what_the_patient_has_now_is_not_what_they_had_before(core):
    """A past finding's "had" phrase is not met by "has" or "have": diarrhoea now is no recent
    diarrhoeal illness, shingles now is no history of shingles."""
    now = core.extractor.extract("my husband has diarrhoea and tummy cramps since yesterday")
    assert "sym_diarrhoea" in now.present and "sym_diarrhoeal_illness" not in now.present
    before = core.extractor.extract("tingling feet spreading up the legs; she had diarrhoea ten days ago")
    assert "sym_diarrhoeal_illness" in before.present
    assert "sym_diarrhoeal_illness" in core.extractor.extract("has had diarrhoea a fortnight back").present
    rash = core.extractor.extract("my dad has shingles on his back")
    assert "sign_dermatomal_vesicular_rash" in rash.present and "rf_previous_shingles" not in rash.present
    assert "rf_previous_stones" not in core.extractor.extract("he has kidney stones on the scan").present


def test_an_infection_dated_back_and_over_is_the_illness_before_the_complaint(core):
    """In a later sentence, "three weeks ago she had ..." told as over is what came before."""
    found = core.extractor.extract(
        "A 9-year-old girl has dark brown urine and puffy eyes for 2 days. Three weeks ago she had a sore throat."
    )
    assert "rf_recent_sore_throat" in found.present and "sym_sore_throat" not in found.present
    found = core.extractor.extract("Weak legs for a week, now the arms too. Ten days earlier he had watery diarrhoea.")
    assert "sym_diarrhoeal_illness" in found.present and "sym_diarrhoea" not in found.present
    # still going on, or in the first sentence that tells the complaint: the symptom now
    going_on = core.extractor.extract("Painful joints. Two weeks ago he was getting loose stools and still is.")
    assert "sym_diarrhoea" in going_on.present
    first = core.extractor.extract("Two weeks ago she had a sore throat and it is no better.")
    assert "sym_sore_throat" in first.present
    # a fever days before a rash is the rash illness's own prodrome
    prodrome = core.extractor.extract("A rash on the cheeks. A week ago he had a fever that went.")
    assert "sym_fever" in prodrome.present


def test_a_line_break_ends_a_denial_unless_the_line_was_wrapped(core):
    """A results table's "no casts" does not deny the next line; a line ending on "or" goes on."""
    table = core.extractor.extract("Urine: protein trace, no casts\nCT chest: hyperinflation, bullae at the apices")
    assert "imaging_hyperinflation" in table.present
    lines = core.extractor.extract("no fever\n\n  coughing for a week")
    assert "sym_fever" in lines.absent and "sym_cough" in lines.present
    wrapped = core.extractor.extract("no pain in the calf or\nswelling of the ankle")
    assert "quality_swelling" in wrapped.absent


@pytest.mark.parametrize(("text", "site"), [("loin pain since last night", "site_loin"), ("a sore penis", "site_penis")])
def test_a_site_phrase_holding_its_pain_says_the_pain_too(core, text, site):
    assert {site, "quality_pain"} <= core.extractor.extract(text).present


def test_drinking_told_as_occasional_denies_heavy_use_and_nothing_else(core):
    found = core.extractor.extract("Drinks alcohol occasionally; sometimes gets palpitations.")
    assert "rf_alcohol" in found.absent and "sym_palpitations" in found.present
    assert "rf_alcohol" in core.extractor.extract("she drinks heavily, most nights").present


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("Retired teacher; doesn't drink alcohol or smoke.", {"rf_alcohol", "rf_smoking"}),
        ("She does not drink or smoke.", {"rf_smoking"}),
        ("never drinks any alcohol", {"rf_alcohol"}),
    ],
)
def test_not_drinking_alcohol_is_a_habit_denied_not_a_refusal_of_fluids(core, text, denied):
    found = core.extractor.extract(text)
    assert denied <= found.absent and "sym_refusing_to_drink" not in found.present


def test_a_death_told_of_the_spouse_is_the_patients_bereavement(core):
    assert "rf_bereavement" in core.extractor.extract("poor sleep since her husband died last week").present
    # a parent's death years ago is family history, not a bereavement now
    assert "rf_bereavement" not in core.extractor.extract("his father died of a heart attack at 52").present


def test_a_result_after_a_list_of_tests_denies_each_test_and_nothing_else(core):
    found = core.extractor.extract("HIV antibody and hepatitis B surface antigen negative")
    assert {"rf_immunosuppression", "rf_liver_disease"} <= found.absent
    found = core.extractor.extract("sore swollen calf and the D-dimer negative")
    assert "quality_swelling" in found.present and "lab_high_d_dimer" in found.absent


def test_toe_in_capitals_is_the_echo_not_the_digit(core):
    assert "site_toes" not in core.extractor.extract("TOE: vegetation on the aortic valve").present
    assert "site_toes" in core.extractor.extract("stubbed my toe yesterday").present


def test_a_stiff_jaw_is_trismus(core):
    assert "sym_trismus" in core.extractor.extract("cut his hand on a fence a week ago, now his jaw is stiff").present
    assert "sym_trismus" in core.extractor.extract("jaw stiffness since yesterday").present


def test_an_organ_adjective_inside_a_clinical_phrase(core):
    """Textbook wording names the organ as an adjective: a painful penile erection is a painful
    erection, dry oral mucous membranes are clinical dehydration."""
    assert "sym_painful_erection" in core.extractor.extract("12yo with sickle cell, painful penile erection since dawn").present
    assert "sym_prolonged_erection" in core.extractor.extract("persistent penile erection after an injection").present
    assert "sign_clinical_dehydration" in core.extractor.extract("oral mucous membranes dry, cap refill 3 s").present


def test_a_fracture_without_its_bone_is_the_fracture_of_where_it_is_told(core):
    """A fracture said without its bone ("X-ray shows a displaced fracture") is an arm fracture at
    the wrist, an ankle fracture at the ankle, and no arm fracture anywhere else."""
    wrist = core.extractor.extract("fell on her hand, wrist x-ray shows a displaced fracture").present
    assert "imaging_upper_limb_fracture" in wrist
    ankle = core.extractor.extract("rolled his ankle playing football, ankle x-ray shows a comminuted fracture").present
    assert "imaging_malleolar_fracture" in ankle and "imaging_upper_limb_fracture" not in ankle
    assert "imaging_malleolar_fracture" in core.extractor.extract("fracture of the medial malleolus on the film").present


def test_wordings_the_depth_round_found_unread_or_misread(core):
    """Found by the knowledge-depth helpers: each read as its own finding, not as a neighbour's."""
    read = core.extractor.extract
    assert "sym_irritable_child" in read("our 2 year old has been irritable all night with a temperature").present
    assert "sign_axillary_node" in read("painful armpit nodes on the left").present
    assert "sign_posterior_cervical_nodes" in read("swollen glands at the back of the neck").present
    assert "sym_pleuritic_chest_pain" in read("pain catches on a deep breath since yesterday").present
    assert "sym_postnasal_drip" in read("constant post-nasal drip and throat clearing").present
    assert "sym_purulent_nasal_discharge" not in read("constant post-nasal drip and throat clearing").present
    assert "imaging_lytic_lesion" in read("skull film: several lytic lesions in the skull").present
    cf = read("known to have cystic fibrosis").present
    assert {"rf_cystic_fibrosis", "rf_malabsorption"} <= cf


def test_type_1_diabetes_is_diabetes_and_an_autoimmune_disease(core):
    for text in (
        "a type 1 diabetic since childhood",
        "known T1DM, on a pump",
        "has type one diabetes",
        "type 1 diabetes since she was nine",
    ):
        assert {"rf_diabetes", "rf_type1_diabetes_autoimmune_thyroid"} <= core.extractor.extract(text).present
    assert "rf_type1_diabetes_autoimmune_thyroid" not in core.extractor.extract("type 2 diabetic on metformin").present


def test_nil_by_mouth_is_fasting(core):
    assert "rf_ketogenic_or_fasting" in core.extractor.extract("kept nil by mouth since midnight before his operation").present


def test_the_length_of_a_stay_or_a_trip_is_not_the_complaints(core):
    trip = core.extractor.extract("home from a three-week trip to Malawi, fevers and sweats since Tuesday").present
    assert "duration_weeks" not in trip
    stay = core.extractor.extract("spent 8 months in Peru, now 2 days of bloody diarrhoea").present
    assert "duration_days" in stay and "duration_chronic" not in stay
    assert "duration_weeks" in core.extractor.extract("knee pain for 3 weeks").present


def test_a_procedure_still_to_come_is_not_recent_surgery(core):
    read = core.extractor.extract
    assert "rf_recent_surgery" not in read("on the waiting list for an operation, left groin lump for a year").present
    assert "rf_recent_surgery" not in read("booked for surgery on Friday, now a hot swollen calf").present
    assert "rf_recent_surgery" in read("four days after an operation on her bowel, now a hot swollen calf").present
    assert "quality_severe_pain" in read("awaiting review, severe pain in the shin").present


def test_a_testicle_tells_the_patient_is_male(core):
    found = core.extractor.extract("13 year old, woke with sudden pain in the left testicle").present
    assert {"sym_testicular_pain", "sex_male"} <= found


def test_a_message_is_written_out_once_for_both_the_findings_and_the_scope(core, monkeypatch):
    """The scope reads the written-out text the findings were read from; the rewrites (the
    dearest part of reading) run once per message, not once for each."""
    extractor = core.extractor
    calls = []
    shorthand = extractor._shorthand
    monkeypatch.setattr(extractor, "_shorthand", lambda text: calls.append(text) or shorthand(text))
    text = "71M c/o CP x2d, SOB, written out once"
    found = extractor.extract(text)
    written = extractor.written_out(text)
    assert len(calls) == 1
    assert "chest pain" in written.lower() and "sym_chest_pain" in found.present


def test_an_item_after_the_or_item_is_out_of_the_denied_list(core):
    """An "or" stands before a list's last item: what follows it after a comma is told as present."""
    found = core.extractor.extract("no cough or runny nose, swollen red tonsils")
    assert {"sym_cough", "sym_coryza"} <= found.absent
    assert "sign_inflamed_tonsils" in found.present
    assert "med_laxative_misuse" in core.extractor.extract("never made herself sick, took laxatives, or fasted").absent
