"""The reading layer on chat-style wording, in our own words: measured values, shorthand,
lemmas and typos, direction (relief, aggravation, stopped drugs), denials, inserted words,
exam and report language."""

from __future__ import annotations

import pytest

from support.reading import assert_reads


def _present(core, text: str) -> set[str]:
    return core.extractor.extract(text).present


def _absent(core, text: str) -> set[str]:
    return core.extractor.extract(text).absent


# --- measured values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("obs: BP 82/48, HR 124", {"sign_hypotension", "sign_tachycardia"}),
        ("pulse 118/min, BP 86/52 mmHg", {"sign_hypotension", "sign_tachycardia"}),
        ("temp 39.4 on arrival", {"sym_fever"}),
        ("T 102.1F overnight", {"sym_fever"}),
        ("SpO2 87% on room air, RR 30", {"sign_hypoxia", "sign_tachypnoea"}),
        ("sats 90 %", {"sign_hypoxia"}),
        ("pulse 44 and irregular", {"sign_bradycardia"}),
        ("CRP 95 and WCC 16.2", {"lab_high_esr_crp", "lab_leukocytosis"}),
        ("CK 15,400", {"lab_high_ck", "lab_ck_markedly_high"}),
        ("K 2.7 Na 119", {"lab_low_potassium", "lab_low_sodium"}),
        ("capillary glucose 2.4 mmol/L", {"lab_low_glucose"}),
        ("glucose 41 mg/dL", {"lab_low_glucose"}),
        ("glucose 16 mmol/l", {"lab_high_glucose"}),
        ("ABPI 0.55 on the right", {"test_abi_low"}),
        ("D-dimer 1.8", {"lab_high_d_dimer"}),
        ("urinary sodium 8 mEq/L", {"lab_low_urine_sodium"}),
        ("d-dimer 900 ng/mL", {"lab_high_d_dimer"}),
        ("Hb 8.1", {"lab_low_haemoglobin"}),
        ("Hb 81 g/L", {"lab_low_haemoglobin"}),
        ("creatinine 310 umol/L", {"lab_high_creatinine"}),
        ("leukocyte count 14,200/mm3", {"lab_leukocytosis"}),
        ("plasma osmolality 258 mOsm/kg", {"lab_low_serum_osmolality"}),
        ("serum osm 342", {"lab_high_osmolality"}),
        ("APTT 71 s, platelets normal", {"lab_prolonged_aptt"}),
        ("prothrombin time 24 seconds", {"lab_high_inr"}),
        ("hs-trop 380 ng/L", {"lab_high_troponin"}),
        ("troponin I 2.1 ng/mL", {"lab_high_troponin"}),
        ("BNP 1,200", {"lab_high_bnp"}),
        ("NT-proBNP 3500 ng/L", {"lab_high_bnp"}),
        ("ABG: PaO2 6.9 kPa on air", {"sign_hypoxia"}),
        ("platelet count 38,000/mm3", {"lab_low_platelets"}),
        ("FSH 71 IU/L twice, no periods for a year", {"lab_high_fsh"}),
    ],
)
def test_measured_values_become_findings(core, text, expected):
    assert expected <= _present(core, text)


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("BP 128/76, HR 78, temp 36.9, sats 98%", {"sign_hypotension", "sign_tachycardia", "sym_fever", "sign_hypoxia"}),
        ("T 98.6F", {"sym_fever"}),
        ("K 4.1, Na 139, CRP 3", {"lab_low_potassium", "lab_low_sodium", "lab_high_esr_crp"}),
        ("T2 bright signal in the cord", {"sym_fever"}),  # an MRI sequence is no temperature
        ("d-dimer 300 ng/mL", {"lab_high_d_dimer"}),
        ("Hb 135 g/L", {"lab_low_haemoglobin"}),
        ("leucocyte count 7,900/mm3", {"lab_leukocytosis"}),
        ("urine: WBC 40/hpf", {"lab_leukocytosis"}),  # a count per field is no blood count
        ("urinalysis: WBC 1–2/hpf, RBC 0-3/hpf", {"lab_low_wcc", "lab_cytopenia"}),  # nor is a range of one
        ("48M, PsA 3 years ago, now a sore knee", {"lab_high_psa"}),  # a number of years is no value
        ("differential: lymphocytes 45%, neutrophils 50%", {"lab_lymphocytosis"}),  # a share is no count
        ("urine osmolality 180 mOsm/kg", {"lab_low_serum_osmolality"}),  # urine is not serum
        ("urine sodium 9 mmol/L", {"lab_low_sodium", "lab_severe_hyponatraemia"}),  # nor is its sodium
        ("serum osmolality 288", {"lab_low_serum_osmolality", "lab_high_osmolality"}),
        ("aPTT 31 s", {"lab_prolonged_aptt"}),
        ("troponin 0.01", {"lab_high_troponin"}),
        ("pt 46 yrs old, fell", {"lab_high_inr"}),  # "pt" is the patient, not a prothrombin time
        ("BNP 60 pg/mL", {"lab_high_bnp"}),
        ("platelets 310,000/mm3", {"lab_low_platelets"}),
        ("FSH 7 on day 3", {"lab_high_fsh"}),
        ("which type of tumour causes this?", {"trigger_gripping"}),  # "type" is no typing at a keyboard
    ],
)
def test_normal_or_implausible_values_add_nothing(core, text, not_expected):
    assert not (not_expected & _present(core, text))


def test_child_heart_rate_limits_differ_from_adults(core):
    assert "sign_tachycardia" not in _present(core, "8 month old, HR 150, crying")
    assert "sign_tachycardia" in _present(core, "40 year old, HR 150")
    assert "sign_tachycardia" in _present(core, "3 yo boy, HR 165")
    assert "sign_tachypnoea" not in _present(core, "18 month old with RR 32")
    assert "sign_tachypnoea" in _present(core, "adult, RR 32")


def test_units_convert_through_the_molar_mass(core):
    reader = core.extractor._measurements
    (reading,) = reader.read("glucose 5.5 mmol/L")
    assert reading.analyte == "glucose"
    assert reading.value == pytest.approx(99.1, abs=0.2)  # mg/dL
    (reading,) = reader.read("T 100.4 F")
    assert reading.value == pytest.approx(38.0, abs=0.01)


def test_bmi_is_a_measurement_not_a_mass(core):
    found = _present(core, "body mass index 33, knee pain")
    assert "rf_obesity" in found and "sign_palpable_mass" not in found
    assert "rf_obesity" not in _present(core, "BMI 23")


# --- chat shorthand ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c/o LBP x2d", {"site_low_back", "quality_pain", "duration_days"}),
        ("hx T2DM, HTN and CKD", {"rf_diabetes", "rf_hypertension"}),
        ("PMHx ESRD on HD", {"rf_dialysis"}),
        ("IVDU, fevers", {"rf_ivdu", "sym_fever"}),
        ("on the OCP", {"rf_estrogen"}),
        ("SOB and CP since this morning", {"sym_dyspnoea", "sym_chest_pain"}),
        ("b/l calf cramps", {"lat_bilateral", "quality_cramp", "site_calf"}),
        ("R thigh numb", {"lat_right", "site_thigh", "quality_numbness"}),
        ("cant pee since last night", {"sym_urinary_dysfunction"}),
        ("feels numb down below", {"sym_saddle_anaesthesia"}),
        ("pale and clammy", {"sym_sweating"}),
        ("back from a long haul flight", {"rf_immobility"}),
        ("calf pain 2/52", {"duration_weeks"}),
    ],
)
def test_chat_shorthand_is_read(core, text, expected):
    assert expected <= _present(core, text)


def test_travel_is_not_the_lower_back(core):
    found = _present(core, "long haul flight from Sydney, now a swollen calf")
    assert "site_low_back" not in found
    assert "rf_immobility" in found


def test_a_lone_capital_side_letter_is_a_side_but_a_level_is_not(core):
    assert "lat_left" in _present(core, "L leg swollen")
    assert "lat_left" not in _present(core, "L4 nerve root")


# --- lemmas and typos --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she collapsed in the kitchen", "sym_syncope"),
        ("both calves swollen", "site_calf"),
        ("cramping in the feet", "site_foot"),
        ("numbess in the toes", "quality_numbness"),  # one letter missing
        ("parasthesia of the shin", "quality_tingling"),
        ("swolen ankle", "quality_swelling"),
    ],
)
def test_word_forms_and_one_letter_typos_match(core, text, expected):
    assert expected in _present(core, text)


def test_short_words_and_real_words_are_not_corrected(core):
    # "months" is an English word one letter from "mouths"; short words are never corrected.
    assert core.extractor._phrases._norm("months") == "month"
    assert core.extractor._phrases._norm("lag") == "lag"


# --- direction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("buttock pain that eases when he sits", {"relief_flexion"}, {"trigger_sitting"}),
        ("legs feel better walking around", {"relief_movement"}, {"trigger_exertion"}),
        ("calf ache on walking that settles standing still", {"trigger_exertion", "relief_rest"}, set()),
        ("back pain worse when she sits", {"trigger_sitting"}, {"relief_flexion"}),
        ("pain worse lying down, better sitting up", set(), {"relief_lying"}),
        ("cramps improve with stretching", {"relief_stretching"}, set()),
        ("resting helps the calf pain", {"relief_rest"}, {"timing_rest"}),
        ("better sitting, worse walking", {"relief_flexion", "trigger_exertion"}, {"relief_movement", "trigger_sitting"}),
        ("worse walking, better sitting", {"relief_flexion", "trigger_exertion"}, {"relief_movement", "trigger_sitting"}),
    ],
)
def test_relief_and_aggravation_are_distinct(core, text, expected, not_expected):
    found = _present(core, text)
    assert expected <= found
    assert not (not_expected & found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("central chest pain, easier if she sits forward", {"relief_sitting_forward"}),
        ("sharp chest pain, it is better when he leans forward", {"relief_sitting_forward"}),
        ("low back pain, worse when he sits", {"trigger_sitting"}),
        ("morning headaches that are worse when she lies down", {"sym_raised_pressure_headache"}),
    ],
)
def test_a_change_told_with_its_own_subject_reads_as_the_phrase(core, text, expected):
    """ "If he sits forward" states when the pain eases, not a hypothetical pain."""
    assert expected <= _present(core, text)


@pytest.mark.parametrize(
    "text", ["now needs 3 extra pillows", "has been sleeping on four pillows", "propped up on 5 pillows at night"]
)
def test_a_count_inside_a_phrase_is_read_in_digits_or_words(core, text):
    assert "sym_orthopnoea" in _present(core, text)


@pytest.mark.parametrize(
    "text", ["enlarged occipital and cervical lymph nodes", "firm enlarged submandibular or cervical lymph nodes on both sides"]
)
def test_a_word_coordinated_inside_a_phrase_keeps_the_phrase(core, text):
    assert "sign_cervical_lymphadenopathy" in _present(core, text)


def test_a_coordinated_word_that_is_a_phrase_keeps_its_own_finding(core):
    assert "sym_itchy_eyes" in _present(core, "eyes itchy and watering since spring")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she vomited and the vomit looked bloody", "sym_haematemesis"),
        ("his urine was very dark this week", "sym_dark_urine"),
        ("stools pale and floating", "sym_pale_stools"),
        ("both ankles are really swollen by the evening", "quality_swelling"),
    ],
)
def test_an_adjective_after_its_noun_reads_as_the_phrase(core, text, expected):
    assert expected in _present(core, text)


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("38F fitting for 3 minutes, no prior history of epilepsy", "rf_epilepsy"),
        ("leg swelling, no history of DVT", "rf_previous_vte"),
        ("52M who has never smoked, cough for 3 months", "rf_smoking"),
    ],
)
def test_a_denied_history_and_never_deny_what_follows(core, text, denied):
    found = core.extractor.extract(text)
    assert denied in found.absent and denied not in found.present


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("51F who has not had a smear for 12 years reports bleeding after sex", "sym_postcoital_bleeding"),
        ("she has not had a period for 6 months and has a milky discharge from both nipples", "sym_galactorrhoea"),
    ],
)
def test_a_denial_ends_where_a_new_clause_begins(core, text, kept):
    assert kept in _present(core, text)


def test_a_value_that_falls_is_no_fall(core):
    found = core.extractor.extract("sats fell from 95% to 86% on walking across the room")
    assert not ({"rf_fall", "rf_trauma"} & found.present)
    assert "rf_fall" in core.extractor.extract("she fell down the stairs last night").present


@pytest.mark.parametrize("text", ["watery non-bloody diarrhoea since Sunday", "4 days of non bloody diarrhea"])
def test_non_written_onto_a_word_denies_the_word_not_the_symptom(core, text):
    found = core.extractor.extract(text)
    assert "sym_diarrhoea" in found.present and "sym_bloody_diarrhoea" in found.absent
    assert "sym_rectal_bleeding" not in found.present


@pytest.mark.parametrize(
    "text",
    [
        "smokes 20 cigarettes a day, cough for 3 weeks",
        "a pack a day, cough for 3 weeks",
        "a bottle of wine a day, jaundiced for 3 weeks",
        "sleeps only 4 hours a night, low mood for 3 weeks",
        "works 14 hours per day, headaches for 3 weeks",
        "gets 5 hours of sleep, tired for 3 weeks",
    ],
)
def test_a_rate_per_day_is_no_duration(core, text):
    found = core.extractor.extract(text)
    assert "duration_weeks" in found.present and "duration_days" not in found.present


def test_severe_grades_the_symptom_it_stands_before(core):
    assert "quality_severe_pain" not in _present(core, "10 weeks pregnant with severe nausea and vomiting")
    assert "quality_severe_pain" not in _present(core, "heavy drinker, nystagmus and severe ataxia")
    assert "quality_severe_pain" in _present(core, "severe pain in the left loin")


def test_a_true_hypothetical_still_asserts_nothing(core):
    assert "sym_chest_pain" not in _present(core, "if he ever gets chest pain he should ring 999")


@pytest.mark.parametrize(
    "text",
    ["stopped her warfarin a month ago", "off the OCP since June", "came off apixaban last year", "no longer on rivaroxaban"],
)
def test_a_stopped_drug_is_not_current_use(core, text):
    assert not ({"med_anticoagulant", "rf_estrogen"} & _present(core, text))


def test_a_current_drug_still_counts(core):
    assert "med_anticoagulant" in _present(core, "takes warfarin for AF")
    assert "rf_estrogen" in _present(core, "started the pill in May")


def test_a_relatives_history_is_not_the_patients(core):
    found = _present(core, "his brother had a DVT; father diabetic")
    assert not ({"rf_previous_vte", "rf_diabetes"} & found)
    assert "rf_diabetes" in _present(core, "diabetic, father had a stroke")


# --- "non-" and "negative for" -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("calf non-tender", "sign_muscle_tenderness"),
        ("non-smoker", "rf_smoking"),
        ("back pain, non-radiating", "quality_shooting"),
        ("dipstick negative for proteinuria", "lab_proteinuria"),
        ("knee examined, without effusion", "sign_joint_effusion"),
        ("neg for fever", "sym_fever"),
    ],
)
def test_non_and_negative_for_are_denials(core, text, denied):
    found = core.extractor.extract(text)
    assert denied in found.absent and denied not in found.present


# --- phrases with an inserted word -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pitting of her nails", {"sign_nail_changes"}),
        ("swelling of both legs", {"quality_swelling", "lat_bilateral"}),
        ("thrombus in the right femoral vein", {"imaging_dvt_ultrasound", "lat_right"}),
    ],
)
def test_an_inserted_possessive_side_or_count_keeps_the_phrase(core, text, expected):
    assert expected <= _present(core, text)


# --- exam and report language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("Achilles reflex 2+ bilaterally", {"site_achilles", "quality_pain"}),
        ("power 5/5 at the hip and knee", {"site_hip", "site_knee"}),
        ("hip strength tested and normal", {"site_hip"}),
        ("body mass index 27", {"sign_palpable_mass"}),
        ("The abdomen is soft and not distended.", {"site_abdomen"}),
        ("The abdomen is unremarkable to palpation.", {"site_abdomen"}),
        ("His hands and wrists look normal.", {"site_hand", "site_wrist"}),
        ("The rest of his examination is unremarkable.", {"timing_rest"}),
        ("Saturation is 97% measured at the left index finger.", {"site_fingers", "lat_left"}),
    ],
)
def test_exam_language_is_no_complaint_site(core, text, not_expected):
    assert not (not_expected & _present(core, text))


def test_a_soft_lump_is_still_a_complaint(core):
    assert "site_groin" in _present(core, "soft swelling in the left groin for a month")


def test_a_site_with_a_symptom_is_still_a_complaint_site(core):
    assert "site_hip" in _present(core, "hip pain, worse on stairs; hip power 5/5")
    assert "site_calf" in _present(core, "tender calf on examination")
    assert "site_wrist" in _present(core, "her wrist is sore although it looks normal")


def test_a_two_item_list_reads_in_either_order(core):
    found = _present(core, "reduced sensation to temperature and pain below the umbilicus")
    assert "sign_dissociated_sensory_loss" in found


def test_reflexes_that_cannot_be_elicited_are_areflexia(core):
    assert "sign_areflexia" in _present(core, "reflexes could not be elicited in either leg")
    assert "sign_areflexia" not in _present(core, "ankle jerks brisk")
    # the ankle's alone are its own sign, not areflexia throughout
    assert "sign_reduced_ankle_reflex" in _present(core, "ankle jerks could not be elicited on either side")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sudden paralysis of both her legs", "sign_paraparesis"),
        ("had an embolectomy of the femoral artery yesterday", "rf_recent_revascularisation"),
    ],
)
def test_general_rules_cover_what_long_phrases_did(core, text, expected):
    assert expected in _present(core, text)


# --- chat-style presentations: numbers, shorthand and direction move the answer ----------

CHAT = [
    ("55M c/o L calf swelling x3d after a long haul flight, calf tender, HR 104", "deep_vein_thrombosis", 3),
    ("48F b/l leg pain, cant pee since this morning, numb down below, LBP x1w", "cauda_equina_syndrome", 2),
    ("61M IVDU, LBP x3w, T 38.6, CRP 160, tender over L2", "vertebral_osteomyelitis", 5),
    (
        "52M DM2, red hot swollen shin spreading fast, pain out of proportion, BP 84/50, HR 128, T 39.1",
        "necrotising_fasciitis",
        3,
    ),
    ("38M found on the floor after a night out, dark urine, thighs tender, CK 48,000, K 6.1", "rhabdomyolysis", 2),
    ("70M AF off his warfarin, sudden cold white R leg, no pulses below the groin", "acute_limb_ischaemia_embolic", 2),
    ("24M woke with weakness of both legs after a carb-heavy meal, K 2.1, no sensory loss", "hypokalaemic_periodic_paralysis", 2),
    (
        "67M claudication in the buttocks on walking, settles when he sits or bends forward, can cycle fine",
        "lumbar_spinal_stenosis",
        2,
    ),
    (
        "59M calf cramp on walking 100 yards, settles standing still, ABPI 0.55, smoker",
        "peripheral_artery_disease_femoropopliteal",
        3,
    ),
    ("34M hot swollen R knee, T 38.9, WCC 17, cant weight bear", "septic_arthritis", 3),
]


@pytest.mark.parametrize(("text", "expect", "within"), CHAT, ids=[c[1] for c in CHAT])
def test_chat_presentations_rank_the_condition(core, text, expect, within):
    assert expect in core.kb.conditions
    found = core.extractor.extract(text)
    post = core.model.score(found.present, found.absent)
    order = [core.model.condition_ids[i] for i in post.order()]
    assert order.index(expect) + 1 <= within, f"rank {order.index(expect) + 1}; top: {order[:5]}"


def test_relief_on_sitting_does_not_read_as_sitting_pain(core):
    """Neurogenic claudication eased by sitting must not look like pain on sitting."""
    found = core.extractor.extract("buttock pain on walking that eases when she sits down")
    assert "relief_flexion" in found.present and "trigger_sitting" not in found.present


def test_obstetric_notation_is_not_a_typo_for_pregnant(core):
    assert "pregnancy" not in _present(core, "34F gravida 2 para 2, back pain")


def test_report_language_has_its_own_findings(core):
    found = _present(core, "pelvic x-ray: narrowing and sclerosis of both sacroiliac joints")
    assert "imaging_sacroiliitis" in found
    found = _present(core, "duplex: non-compressible left popliteal vein")
    assert "imaging_dvt_ultrasound" in found and "site_popliteal" not in found


# --- whole-body wording (chest and breathing) ----------------------------------------------------


def test_a_cough_that_worsens_a_pain_is_its_trigger_not_a_cough(core):
    found = _present(core, "low back ache, much worse when she coughs or sneezes")
    assert "trigger_cough_sneeze" in found and "sym_cough" not in found
    assert "sym_cough" in _present(core, "dry cough for ten days")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("10 day old with fast breathing", {"age_newborn", "age_infant", "age_child"}, set()),
        ("a 6 week old baby, off feeds", {"age_infant"}, {"age_newborn"}),
        ("5yo with a wheeze", {"age_child"}, {"age_infant", "age_newborn"}),
    ],
)
def test_ages_in_days_and_weeks_and_the_baby_bands(core, text, present, absent):
    found = core.extractor.extract(text)
    assert present <= found.present and absent <= found.absent


def test_a_blood_pressure_over_52_is_no_number_of_weeks(core):
    found = _present(core, "BP 88/52, cough 2/52")
    assert "sign_hypotension" in found and "duration_weeks" in found
    assert "duration_chronic" not in found  # 88 weeks would be a chronic complaint


def test_an_operation_named_by_its_procedure_is_recent_surgery(core):
    assert "rf_recent_surgery" in _present(core, "breathless two days after a laparoscopic cholecystectomy")
    assert "rf_recent_surgery" in _present(core, "post-thyroidectomy, stridor")


@pytest.mark.parametrize(("text", "hypercapnic"), [("gas: pCO2 9.2 kPa", True), ("PaCO2 58 mmHg", True), ("pCO2 40", False)])
def test_a_blood_gas_co2_is_read_in_either_unit(core, text, hypercapnic):
    """Hypercapnia is a PaCO2 above 6.0 kPa (45 mmHg), BTS oxygen guideline 2017."""
    assert ("lab_hypercapnia" in _present(core, text)) is hypercapnic


@pytest.mark.parametrize(
    "text",
    ["pregnant 30 weeks, headache and puffy ankles", "G1 at 34/40 with itchy palms", "8+2/40, spotting and cramps"],
)
def test_a_gestation_is_pregnancy_not_how_long_it_has_lasted(core, text):
    found = _present(core, text)
    assert {"pregnancy", "sex_female"} <= found
    assert not {"duration_weeks", "duration_months"} & found


def test_blood_results_of_the_liver_and_pancreas_are_read(core):
    found = _present(core, "epigastric pain into the back, lipase 1450 U/L, bilirubin 48 umol/L, ALT 35")
    assert {"lab_high_lipase", "lab_high_bilirubin"} <= found
    assert "lab_high_transaminases" not in found  # ALT 35 is within the reference range


def test_a_history_of_recurrent_urine_infections_is_read(core):
    assert "rf_uti" in _present(core, "34F, gets recurrent urinary tract infections, now fevers and loin pain")


@pytest.mark.parametrize(
    "text, stage",
    [
        ("9 weeks pregnant with spotting", "gest_first_trimester"),
        ("G3P2 at 22/40, headache", "gest_second_trimester"),
        ("pregnant 36 weeks, itchy palms and soles", "gest_third_trimester"),
    ],
)
def test_a_gestation_in_weeks_is_its_trimester(core, text, stage):
    found = core.extractor.extract(text)
    assert stage in found.present
    assert not {"gest_first_trimester", "gest_second_trimester", "gest_third_trimester"} - {stage} & found.present


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lactate 4.8 on the gas", "lab_high_lactate"),
        ("eGFR 34 on his last bloods", "lab_low_egfr"),
        ("VBG pH 7.21, HCO3 13", "lab_metabolic_acidosis"),
        ("plt 41 this morning", "lab_low_platelets"),
        ("INR 2.4, not on warfarin", "lab_high_inr"),
        ("serum bhCG 2300 IU/L, empty uterus", "lab_positive_pregnancy_test"),
    ],
)
def test_blood_gas_kidney_clotting_and_hcg_values_are_read(core, text, expected):
    assert expected in _present(core, text)


def test_a_negative_hcg_value_denies_pregnancy(core):
    found = core.extractor.extract("31F RIF pain, hCG 2 IU/L")
    assert "pregnancy" in found.absent and "pregnancy" not in found.present


@pytest.mark.parametrize(
    "text",
    ["teenager, fever, spots that don't fade when pressed", "rash which does not blanch, fever"],
)
def test_a_rash_said_not_to_blanch_is_the_non_blanching_rash(core, text):
    found = core.extractor.extract(text)
    assert "sign_non_blanching_rash" in found.present and "sign_pallor" not in found.absent


def test_a_blanching_rash_is_a_rash_that_denies_the_purpuric_one(core):
    found = core.extractor.extract("4yo temp 38.6, blanching rash on his tummy")
    assert "sign_rash" in found.present
    assert "sign_non_blanching_rash" in found.absent and "sign_non_blanching_rash" not in found.present


def test_spots_of_a_rash_are_not_vaginal_spotting(core):
    assert "sym_vaginal_bleeding" not in _present(core, "itchy red spots on his arms")
    assert "sym_vaginal_bleeding" in _present(core, "light spotting at 7 weeks")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("neuts 0.3, temp 38.5, chemo last week", {"lab_severe_neutropenia", "rf_recent_chemotherapy", "sym_fever"}),
        ("MCV 72, ferritin 6", {"lab_microcytosis", "lab_low_ferritin"}),
        ("blood ketones 4.2, glucose 28 mmol/L, fruity breath", {"lab_high_ketones", "lab_high_glucose", "sign_ketotic_breath"}),
        ("HbA1c 8.2%", {"lab_high_hba1c"}),
        ("hba1c 58 mmol/mol", {"lab_high_hba1c"}),
        ("Na 121", {"lab_severe_hyponatraemia", "lab_low_sodium"}),
        ("wrist pain after FOOSH, tender snuffbox", {"trigger_foosh", "sign_snuffbox_tenderness", "site_wrist", "quality_pain"}),
        ("tingling in thumb index and middle fingers waking her at night", {"sym_tingling_median_fingers", "timing_nocturnal"}),
        ("pain in her right arm", {"site_upper_limb", "lat_right", "quality_pain"}),
        ("sore shoulder, can't reach up to the shelf", {"site_shoulder", "site_upper_limb"}),
        ("numb hands and feet", {"site_hand", "sym_hand_symptoms", "quality_numbness"}),
        ("changing mole with irregular border", {"sign_mole_changing", "sign_mole_irregular_border"}),
        ("back from nigeria with fever", {"rf_travel_malaria_area", "sym_fever"}),
        ("floppy 6 week old baby, high pitched cry", {"sign_floppy_infant", "sym_high_pitched_cry", "age_young_infant"}),
        ("honey coloured crusts on the chin", {"sign_honey_crusts"}),
        ("swam in a river in kenya", {"rf_freshwater_exposure"}),
        ("bitten by a stray dog in bali", {"rf_animal_bite"}),
        ("MCV 108", {"lab_macrocytosis"}),
        ("plt 720", {"lab_high_platelets"}),
    ],
)
def test_whole_body_skin_blood_hormone_and_arm_wordings_are_read(core, text, expected):
    assert expected <= _present(core, text)


def test_an_hba1c_percentage_below_the_diabetes_threshold_is_not_high(core):
    assert "lab_high_hba1c" not in _present(core, "HbA1c 6.1%")


@pytest.mark.parametrize("text", ["BM 31, vomiting", "glucose 24, drowsy"])
def test_a_glucose_between_20_and_40_without_a_unit_is_not_read(core, text):
    """Severe hypoglycaemia in mg/dL or a DKA glucose in mmol/L: opposite emergencies, no guess."""
    found = _present(core, text)
    assert "lab_low_glucose" not in found and "lab_high_glucose" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [("BM 2.1, sweaty", "lab_low_glucose"), ("glucose 31 mmol/L", "lab_high_glucose"), ("glucose 28 mg/dL", "lab_low_glucose")],
)
def test_a_glucose_with_a_unit_or_outside_the_doubtful_band_is_read(core, text, expected):
    assert expected in _present(core, text)


def test_free_in_a_hormone_name_negates_nothing(core):
    found = core.extractor.extract("on amiodarone, weight loss, free T4 high")
    assert {"med_amiodarone", "sym_weight_loss"} <= found.present
    assert not found.absent & {"med_amiodarone", "sym_weight_loss"}


def test_pain_free_movement_does_not_deny_the_rest_of_the_sentence(core):
    found = core.extractor.extract("painful arc, worse reaching overhead, elbow movements pain-free")
    assert {"sym_painful_arc", "trigger_overhead"} <= found.present
    assert "quality_pain" not in found.absent


@pytest.mark.parametrize(
    ("text", "kept"), [("sudden weak right leg, arm ok, 70M", "site_lower_limb"), ("hip pain, knee fine", "site_hip")]
)
def test_a_body_part_said_to_be_ok_is_not_the_complaint(core, text, kept):
    found = _present(core, text)
    assert kept in found and not {"site_upper_limb", "site_knee"} & found


def test_a_breastfeeding_mother_is_not_a_lactate_value(core):
    assert "rf_breastfeeding" not in _present(core, "lactate 1.2, abdominal pain")
    assert "rf_breastfeeding" in _present(core, "lactating mother, sore red breast")


@pytest.mark.parametrize(
    "text, meant, not_meant",
    [
        ("2 month old, failure to thrive", "sym_faltering_growth", "sym_sweating_with_feeds"),
        ("odynophagia for a week, on inhaled steroids", "sym_odynophagia", "sym_sore_throat"),
        ("confused, jaundiced, liver flap", "sign_asterixis", "sign_liver_stigmata"),
        ("dyschezia every month", "trigger_defecation", "sym_dyspareunia"),
        ("tinnitus whooshing in the ear in time with her pulse", "sym_pulsatile_tinnitus", "sym_hearing_loss"),
        ("toddler, dull drum with fluid behind the eardrum", "sign_middle_ear_effusion", "sign_bulging_red_eardrum"),
        ("conductive hearing loss on the left", "sign_conductive_hearing_loss", "sign_sensorineural_hearing_loss"),
        ("on gentamicin for a week, now unsteady", "med_aminoglycoside", "med_lithium"),
        ("on lithium, coarse tremor", "med_lithium", "med_aminoglycoside"),
        ("known MS, new numb leg", "rf_multiple_sclerosis", "sym_manic_features"),
        ("disinhibited and eating sweets", "sym_disinhibition", "sym_manic_features"),
        ("visual hallucinations at night", "sym_visual_hallucinations", "sym_seizure"),
        ("woke up deaf in the right ear", "sym_sudden_hearing_loss", "sym_sleep_disturbance"),
        ("left eye red since yesterday, gritty", "sym_red_eye", "sym_itch"),
        ("painful eye, halos, vomiting", "sym_haloes", "sym_vertigo"),
        ("eyes itchy and watering", "sym_itchy_eyes", "sym_itch"),
        ("stabbing face pain, lasts seconds", "timing_attack_seconds", "sym_chest_pain"),
        ("pain over the face when touching the face", "trigger_facial_stimulus", "trigger_neck_pressure"),
        ("fever, neck stiffness and a purpuric rash", "sign_non_blanching_rash", "sym_itch"),
        ("CT angiogram shows an LVO", "imaging_large_vessel_occlusion", "imaging_acute_infarct"),
        ("right ptosis and small pupil after neck pain", "sign_horner", "sign_mid_dilated_pupil"),
        ("80F pain in the jaw when chewing, scalp tender", "sym_jaw_claudication", "trigger_facial_stimulus"),
        ("convinced the neighbours have a plot to kill him", "sym_paranoia", "sym_anxiety"),
        ("washes her hands and cleans repeatedly, thoughts of contamination", "sym_compulsions", "sym_low_mood"),
        (
            "child with a lump on the neck that rises when she protrudes the tongue",
            "sign_moves_with_tongue_protrusion",
            "sign_palpable_mass",
        ),
        ("behaving inappropriately with strangers", "sym_disinhibition", "sym_manic_features"),
        ("grandad can't hear the tv any more", "sym_hearing_loss", "sym_tinnitus"),
        ("knocked out for a minute after falling off his bike", "sym_loc_after_head_injury", "sym_seizure"),
        ("brief loss of consciousness after the injury, now drowsy", "sym_loc_after_head_injury", "sym_seizure"),
        ("?sepsis, temp 39.2, HR 124", "sign_sepsis", "rf_ards_trigger"),
        ("cricked neck since this morning", "sign_torticollis", "sym_craniocervical_dystonia"),
        ("fell yesterday and can't put weight on it", "sign_unable_to_bear_weight", "trigger_standing"),
        ("difficulty rising from chairs for months", "sign_proximal_weakness", "trigger_standing"),
        (
            "struggles raising her arms above shoulder level to hang washing",
            "sym_arm_raising_difficulty",
            "trigger_bending_lifting",
        ),
    ],
)
def test_a_phrase_reads_as_the_finding_it_names(core, text, meant, not_meant):
    found = _present(core, text)
    assert meant in found and not_meant not in found


def test_a_seizure_that_has_stopped_is_not_an_emergency_sign_but_one_still_going_is(core):
    findings = core.kb.findings
    assert findings["sym_seizure"].red_flag and not findings["sym_seizure"].emergency
    assert "sym_seizure_prolonged" in _present(core, "still fitting after 10 minutes")
    assert findings["sym_seizure_prolonged"].emergency


# --- a baby's gestation at birth is not a pregnancy ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "newborn girl, born at 31 weeks' gestation, grunting and working hard to breathe",
        "2 week old delivered at 29+4 weeks, apnoeas",
        "ex-prem boy born at 35 weeks, now 6 weeks old and vomiting after feeds",
    ],
)
def test_a_preterm_birth_is_the_babys_risk_factor_not_a_pregnancy(core, text):
    found = _present(core, text)
    assert "rf_premature_infant" in found
    assert not {"pregnancy", "gest_third_trimester", "gest_second_trimester"} & found


def test_a_term_birth_is_neither_premature_nor_a_pregnancy(core):
    found = _present(core, "5 day old born at 40 weeks, jaundiced since yesterday")
    assert not {"rf_premature_infant", "pregnancy", "gest_third_trimester"} & found


def test_weeks_of_pregnancy_still_give_the_trimester(core):
    assert {"pregnancy", "gest_third_trimester"} <= _present(core, "31 weeks pregnant with a headache")


# --- how patients and carers write --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my daughter has just flown back from Ghana and has a fever", {"rf_travel_malaria_area", "sex_female", "sym_fever"}),
        ("my husband is a smoker and is coughing up blood", {"rf_smoking", "sex_male", "sym_haemoptysis"}),
        ("our son keeps being sick and is on antibiotics for his ear", {"rf_recent_antibiotics", "sex_male"}),
    ],
)
def test_a_relative_the_message_is_about_is_the_patient(core, text, expected):
    assert expected <= _present(core, text)


def test_a_relative_who_reports_is_not_the_patient(core):
    """ "Says" reports: the patient is the one the report is about."""
    found = core.extractor.extract("wife says he kicks his legs about all night")
    assert "sex_male" in found.present and "sex_female" not in found.present


def test_collateral_history_from_a_relative_is_the_patients(core):
    found = core.extractor.extract("61M found confused; his wife says he drinks heavily every night")
    assert "rf_alcohol" in found.present
    assert "rf_alcohol" not in core.extractor.extract("61M confused; his wife drinks heavily every night").present


def test_a_relatives_own_history_of_symptoms_is_not_the_patients(core):
    found = core.extractor.extract("15M bleeding gums after a dental extraction; an uncle had a history of joint swelling")
    assert "sign_joint_effusion" not in found.present
    assert "sign_joint_effusion" in core.extractor.extract("15M with a history of joint swelling").present


def test_a_relatives_past_illness_stays_family_history(core):
    found = _present(core, "my mother had breast cancer at 40, I have a lump in my breast")
    assert "sym_breast_lump" in found
    assert "rf_smoking" not in _present(core, "swollen calf, my dad was a heavy smoker")


@pytest.mark.parametrize(
    ("text", "years", "sex"),
    [
        ("three year old with a barking cough", 3, None),
        ("eight month old, off her feeds", 0.67, None),
        ("my dad is 71 and has crushing chest pain", 71, "sex_male"),
        ("my nan's 90, more confused today", 90, "sex_female"),
        ("I'm 44 and get headaches every morning", 44, None),
        ("I am 29, painful periods", 29, None),
        ("itchy rash on my back, 38 woman", 38, "sex_female"),
        ("Female 66, short of breath", 66, "sex_female"),
        ("hot swollen knee in a man, 59", 59, "sex_male"),
        ("our daughter is 14 months and has had a fever for 4 days", 1.17, "sex_female"),
        ("I'm 37 (f) and my ears are ringing", 37, "sex_female"),
        ("im 59 m, short of breath on stairs", 59, "sex_male"),
        ("F 66, dizzy when she stands", 66, "sex_female"),
        ("a gent of 83 with a cough", 83, "sex_male"),
        ("70 yo gent, swollen ankles", 70, "sex_male"),
        ("woman in her early thirties, pelvic pain", 32, "sex_female"),
        ("in his late 70s and more muddled", 78, "sex_male"),
        ("my 5mo keeps being sick after feeds", 0.42, None),
    ],
)
def test_ages_as_patients_and_carers_write_them(core, text, years, sex):
    found = core.extractor.extract(text)
    assert found.age == pytest.approx(years, abs=0.01)
    if sex:
        assert sex in found.present


@pytest.mark.parametrize(
    "text",
    [
        "I'm 30 weeks pregnant with a headache",
        "I'm 2 weeks late",
        "woman 3 children, tired",
        "I'm 5 foot 4 and 90 kg",
        "she is 3 days post-op with a sore calf",
    ],
)
def test_numbers_that_are_not_ages(core, text):
    assert core.extractor.extract(text).age is None


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("newborn girl grunting an hour after birth, delivered to a 31-year-old G2P1", "age_newborn"),
        ("newborn born at 34 weeks to a 26 year old primip, fast breathing", "age_newborn"),
        ("6 week old, her 29-year-old mother says she feeds poorly", "age_young_infant"),
    ],
)
def test_a_parents_age_is_not_the_babys(core, text, band):
    found = core.extractor.extract(text)
    assert band in found.present and "age_young_adult" not in found.present


@pytest.mark.parametrize(
    "text", ["boy born at 30 weeks, grunting within minutes of birth", "36 hour old girl, yellow since this morning"]
)
def test_a_baby_hours_old_is_a_newborn(core, text):
    assert "age_newborn" in _present(core, text)


def test_hours_after_a_delivery_are_the_mothers(core):
    assert "age_newborn" not in _present(core, "2 hours after delivery she has heavy bleeding")


def test_a_relative_the_message_is_about_keeps_the_age(core):
    assert core.extractor.extract("my 34 year old mother has chest pain").age == 34


def test_a_birth_at_term_is_no_pregnancy(core):
    found = core.extractor.extract("2 day old boy, delivered at term, now jaundiced")
    assert "pregnancy" not in found.present and "age_newborn" in found.present


def test_an_age_in_months_is_not_also_the_duration(core):
    found = _present(core, "my son is 20 months, runny nose since yesterday")
    assert "duration_chronic" not in found


@pytest.mark.parametrize(
    ("text", "fever"),
    [
        ("she has had a temperature since last night", True),
        ("running a temp and off his food", True),
        ("he has a temperature of 36.9 and feels fine", False),
        ("sneezing and a temperature since the weekend", True),
        ("her pulse and a temperature of 37.1 were recorded", False),
    ],
)
def test_having_a_temperature_is_a_fever_unless_it_is_measured(core, text, fever):
    assert ("sym_fever" in _present(core, text)) is fever


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she is breathing very fast", "sign_tachypnoea"),
        ("the mole is really getting bigger", "sign_mole_changing"),
    ],
)
def test_intensifiers_inside_a_phrase(core, text, expected):
    assert expected in _present(core, text)


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("my heart is going so fast", "trigger_fasting"),
        ("the pain comes even when I sit still", "timing_evening"),
    ],
)
def test_words_that_only_look_like_a_finding(core, text, not_expected):
    assert not_expected not in _present(core, text)


def test_for_no_reason_denies_nothing_after_it(core):
    found = core.extractor.extract("my face swells up for no reason and I get itchy welts")
    assert "sign_urticaria" in found.present and not found.absent


# --- exam-stem shapes: a site after its sign, a uterus sized in weeks, reported values ------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tender to deep palpation in the right lower quadrant", "sign_rif_tenderness"),
        ("there is marked tenderness over the epigastric area", "sign_epigastric_tenderness"),
        ("tenderness at the costovertebral angle on the left", "sign_renal_angle_tenderness"),
        ("CT reveals a mass in the head of the pancreas", "imaging_pancreatic_mass"),
        ("MRI: a solid mass in the cerebellum, with hydrocephalus", "imaging_brain_tumour"),
    ],
)
def test_a_site_told_after_its_sign_is_that_sites_sign(core, text, expected):
    assert expected in _present(core, text)


def test_a_uterus_sized_in_weeks_is_enlarged_not_pregnant(core):
    found = core.extractor.extract("bimanual exam: irregular uterus, the size of a 14-week gestation; hCG negative")
    assert "sign_bulky_uterus" in found.present
    assert "pregnancy" not in found.present and "gest_second_trimester" not in found.present


@pytest.mark.parametrize(
    ("text", "expected"),
    [("cough for the past month", "duration_weeks"), ("tired over the last year", "duration_chronic")],
)
def test_the_past_month_is_a_duration(core, text, expected):
    assert expected in _present(core, text)


def test_last_year_alone_is_no_duration(core):
    assert "duration_chronic" not in _present(core, "she broke her wrist last year and now has a cough")


@pytest.mark.parametrize("text", ["her periods have got heavier", "menses are longer and heavier than before"])
def test_periods_said_to_be_heavier_are_heavy_bleeding(core, text):
    assert "sym_heavy_menstrual_bleeding" in _present(core, text)


def test_periods_denied_heavy_are_not(core):
    assert "sym_heavy_menstrual_bleeding" not in _present(core, "periods regular and not heavy")


def test_well_demarcated_on_a_scan_is_no_skin_sign(core):
    found = _present(core, "MRI shows a well-demarcated lesion in the frontal lobe")
    assert "sign_demarcated_raised_border" not in found and "sign_erythema" not in found
    assert "sign_demarcated_raised_border" in _present(core, "a well-demarcated red rash on the shin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("her sodium was measured at 118 mmol/L", "lab_low_sodium"),
        ("TSH is found to be 15 mU/L", "lab_high_tsh"),
        ("a creatinine of approximately 3.1 mg/dL", "lab_high_creatinine"),
    ],
)
def test_a_value_reported_with_a_verb_is_read(core, text, expected):
    assert expected in _present(core, text)


def test_severe_distress_is_no_severe_pain(core):
    assert "quality_severe_pain" not in _present(core, "arrives in severe respiratory distress")


def test_a_triggered_pain_is_no_trigger_finger(core):
    assert "sym_finger_triggering" not in _present(core, "facial pain triggered by brushing her teeth")


def test_a_transplantation_is_a_transplant(core):
    assert "rf_organ_transplant" in _present(core, "two years after a kidney transplantation")


# --- a denial over a list that ends with "and" -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("He denies headache, photophobia, neck stiffness, and rash.", {"sym_headache", "sym_photophobia", "sign_rash"}),
        (
            "She denied chest pain, palpitations, syncope and ankle swelling.",
            {"sym_chest_pain", "sym_palpitations", "sym_syncope"},
        ),
        ("There is no cough, haemoptysis, weight loss and night sweats.", {"sym_cough", "sym_haemoptysis", "sym_weight_loss"}),
    ],
)
def test_a_denial_covers_a_list_ended_by_and(core, text, denied):
    found = core.extractor.extract(text)
    assert denied <= found.absent and not denied & found.present


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("no fever, no flank pain, dipstick nitrites and leucocytes positive", "lab_urine_infection"),
        ("no fever, calf red and hot", "sign_erythema"),
        ("no hives, lips swollen and voice hoarse", "sym_hoarse_voice"),
    ],
)
def test_a_chat_clause_after_a_denial_stands(core, text, kept):
    assert kept in _present(core, text)


# --- a result written after its test ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("HLA-B27 negative", "lab_hla_b27"),
        ("anti-dsDNA negative, complement normal", "lab_anti_dsdna"),
        ("c-ANCA negative", "lab_anca_pr3"),
    ],
)
def test_a_test_written_negative_is_denied(core, text, denied):
    found = core.extractor.extract(text)
    assert denied in found.absent and denied not in found.present


def test_negative_after_a_comma_denies_only_its_own_test(core):
    assert "lab_spherocytes" in _present(core, "spherocytes on film, DAT negative")


def test_an_organisms_stain_denies_nothing(core):
    assert "lab_blood_culture_positive" in _present(core, "blood cultures grow gram-negative rods")


def test_absence_of_a_sign_is_no_absence_seizure(core):
    assert "sym_absence_spells" not in _present(core, "ECG shows an absence of ST changes")


def test_two_describing_words_joined_by_a_comma_describe_one_noun(core):
    assert "sym_steatorrhoea" in _present(core, "two weeks of wind and oily, foul-smelling diarrhoea after a hiking trip")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("he slipped on ice and struck his head", "rf_head_injury"),
        ("a distended abdomen with a positive fluid wave", "sign_ascites"),
        ("she now gets full easily and has lost weight", "sym_early_satiety"),
        ("cramping pain following meals for months", "sym_postprandial_abdominal_pain"),
        ("decreased libido and erectile problems", "sym_low_libido"),
    ],
)
def test_exam_wordings_of_common_findings(core, text, expected):
    assert expected in _present(core, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("washes the kitchen surfaces 15 times a day and cannot stop", "sym_compulsions"),
        ("worried all day by thoughts about dirt and germs", "sym_obsessions"),
        ("convinced the neighbours have a plot to harm him", "sym_paranoia"),
        ("fine linear haemorrhages under the nails of both hands", "sign_endocarditis_stigmata"),
        ("her eyes are gritty and the sclera dry", "sym_dry_eyes"),
    ],
)
def test_exam_wordings_of_mental_state_and_stigmata(core, text, expected):
    assert expected in _present(core, text)


# --- requests from the exam-wording rounds --------------------------------------------------------


def test_a_new_clause_with_has_ends_a_denial(core):
    found = core.extractor.extract("a woman who has not had a smear for 8 years has bleeding after intercourse")
    assert "sym_postcoital_bleeding" in found.present


def test_weeks_after_obstetric_notation_are_the_gestation(core):
    found = _present(core, "G3P2 at 32 weeks with a headache and swollen hands")
    assert {"pregnancy", "gest_third_trimester"} <= found and "duration_chronic" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Mood: low. Affect: blunted.", "sym_negative_symptoms"), ("Insight: poor", "sym_lack_of_insight")],
)
def test_a_structured_note_label_and_value_read_as_the_phrase(core, text, expected):
    assert expected in _present(core, text)


def test_a_soft_non_tender_abdomen_denies_abdominal_tenderness(core):
    found = core.extractor.extract("abdomen soft and non-tender, bowel sounds normal")
    assert "sign_abdominal_tenderness" in found.absent and "sign_muscle_tenderness" not in found.absent


def test_a_patients_pernicious_anaemia_is_their_own(core):
    found = _present(core, "known pernicious anaemia, now numb feet")
    assert "rf_pernicious_anaemia" in found and "rf_family_history_gastric_cancer" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("took about 50 aspirin last night, ringing in the ears", "rf_salicylate_overdose"),
        ("swallowed 25 of her amitriptyline an hour ago", "rf_tca_overdose"),
        ("has taken a whole packet of paracetamol", "rf_paracetamol_overdose"),
    ],
)
def test_tablets_counted_out_are_an_overdose(core, text, expected):
    assert expected in _present(core, text)


def test_a_couple_of_tablets_are_no_overdose(core):
    assert "rf_paracetamol_overdose" not in _present(core, "took 2 paracetamol for a headache")


def test_a_mothers_pregnancy_history_counts_for_her_baby(core):
    assert "rf_maternal_sti" in _present(core, "a 3 week old with snuffles, the mother had no antenatal care")


def test_a_dilated_heart_chamber_is_no_brain_ventricle(core):
    found = _present(core, "echo: the right ventricle is normal but there is a dilated left ventricle")
    assert "imaging_ventriculomegaly" not in found and "imaging_lv_dilatation" in found


def test_flutter_with_2_to_1_block_is_no_heart_block(core):
    found = _present(core, "narrow complex tachycardia at 150, flutter waves with 2:1 block")
    assert "test_ecg_sawtooth_flutter" in found and "test_ecg_fixed_pr_dropped" not in found


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("rough gritty papules on sun-exposed skin", "sign_rough_scaly_spot", "sym_gritty_eye"),
        ("a newborn of a diabetic mother is jittery at 3 hours", "sym_jittery_baby", "quality_inner_restlessness"),
    ],
)
def test_a_word_of_one_organ_is_not_read_in_another(core, text, expected, not_expected):
    found = _present(core, text)
    assert expected in found and not_expected not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("burning over the anterolateral region of the thigh", "site_lateral_thigh"),
        ("aching in the lower part of the back for a week", "site_low_back"),
        ("a sore patch on the inner area of the left thigh", "site_medial_thigh"),
    ],
)
def test_a_part_of_a_region_is_the_region_with_its_aspect(core, text, expected):
    assert expected in _present(core, text)


def test_feeling_well_between_waking_and_worsening_is_a_lucid_interval(core):
    text = "knocked out for a minute playing rugby; once he came round he was fine for an hour, then the headache started"
    assert "sym_lucid_interval" in _present(core, text)


@pytest.mark.parametrize("text", ["ankle jerks are absent, knee jerks normal", "no ankle jerks and the plantars are upgoing"])
def test_absent_ankle_jerks_alone_are_no_areflexia(core, text):
    found = _present(core, text)
    assert "sign_reduced_ankle_reflex" in found and "sign_areflexia" not in found


def test_a_fortnight_is_two_weeks(core):
    assert "duration_weeks" in _present(core, "feeling flat and tearful for the past fortnight")


@pytest.mark.parametrize(
    "text", ["my 3 year old never looks up when we call him", "she fails to answer when her teacher speaks to her"]
)
def test_not_answering_when_called_is_a_hearing_sign_not_a_coma(core, text):
    found = _present(core, text)
    assert "sym_no_response_to_sound" in found and "sym_reduced_consciousness" not in found


def test_words_in_quotation_marks_are_read(core):
    assert "rf_recent_viral_illness" in _present(core, "he had a 'cold' ten days ago and now his chest hurts")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("eating or swallowing worsens the pain", "sym_odynophagia"), ("coughing makes the pain worse", "trigger_cough_sneeze")],
)
def test_an_activity_that_worsens_the_pain_is_pain_on_it(core, text, expected):
    found = _present(core, text)
    assert expected in found and "course_progressive" not in found


def test_a_patient_concerned_about_a_lump_has_the_lump(core):
    assert "sym_breast_lump" in _present(core, "a 45-year-old is worried about a lump in her right breast")


def test_a_worry_about_a_diagnosis_asserts_nothing(core):
    assert "sign_neck_stiffness" in _present(core, "neck stiffness")
    assert "sign_neck_stiffness" not in _present(core, "the GP is concerned about possible neck stiffness")


@pytest.mark.parametrize(
    "text", ["VA 6/36 on the left, 6/6 on the right", "acuity 20/20 OD, 20/100 OS after the injury", "vision 20/400 both eyes"]
)
def test_a_snellen_acuity_of_6_12_or_20_40_or_worse_is_reduced_acuity(core, text):
    found = core.extractor.extract(text)
    assert found.present & {"sign_reduced_visual_acuity", "sym_vision_loss"}
    assert not {"pregnancy", "duration_chronic", "duration_weeks"} & found.present


def test_a_snellen_like_fraction_after_a_time_word_stays_a_duration(core):
    found = _present(core, "blurred vision for 6/12, worse at night")
    assert "duration_chronic" in found and "sign_reduced_visual_acuity" not in found


def test_a_typeset_minus_sign_reads_as_a_hyphen(core):
    assert "lab_metabolic_acidosis" in _present(core, "venous gas: HCO3\u2212 12 mmol/L")


@pytest.mark.parametrize(
    "text",
    ["has about 8 pints of lager every night", "he gets through half a bottle of whisky a day, drinks 1 bottle of whisky daily"],
)
def test_four_or_more_drinks_a_day_is_heavy_drinking(core, text):
    assert "rf_alcohol" in _present(core, text)


def test_two_drinks_a_day_is_not_called_heavy(core):
    assert "rf_alcohol" not in _present(core, "she has 2 glasses of wine a day with dinner")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on palpation the liver edge reaches 5 cm below the costal margin", "sign_hepatomegaly"),
        ("spleen felt 3 fingerbreadths below the left costal margin", "sign_splenomegaly"),
    ],
)
def test_an_organ_felt_below_the_costal_margin_is_enlarged(core, text, expected):
    assert expected in _present(core, text)


def test_a_lymph_node_told_before_its_site_is_that_sites_node(core):
    assert "sign_virchow_node" in _present(core, "a hard, fixed lymph node in the left supraclavicular fossa")


@pytest.mark.parametrize(
    ("text", "late"), [("LMP was six weeks ago, some spotting", True), ("her last period was 3 weeks ago", False)]
)
def test_a_last_period_over_five_weeks_ago_is_a_late_period(core, text, late):
    assert ("sym_missed_period" in _present(core, text)) is late


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on PR a hard, craggy, nodular prostate", "sign_hard_irregular_prostate"),
        ("speculum: a friable, inflamed cervix that bleeds on contact", "sign_mucopurulent_cervicitis"),
        ("bimanual: a bulky, boggy and tender uterus", "sign_boggy_uterus"),
    ],
)
def test_each_word_of_a_run_of_describing_words_meets_the_noun(core, text, expected):
    assert expected in _present(core, text)


def test_a_run_whose_words_name_nothing_with_the_noun_is_left_whole(core):
    found = _present(core, "a slowly growing, painless, rubbery and mobile lump in front of his left ear")
    assert "sign_parotid_lump" in found


def test_a_denied_run_joined_by_or_stays_denied(core):
    found = core.extractor.extract("no warm or swollen joints on examination")
    assert "sign_joint_effusion" in found.absent and "sign_joint_effusion" not in found.present


def test_right_hand_is_a_hand_not_handedness(core):
    found = _present(core, "burning pain in her right hand at night")
    assert {"site_hand", "lat_right"} <= found and "demo_handedness" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the direct antiglobulin test came back positive", "lab_positive_dat"),
        ("her Coombs test is positive", "lab_positive_dat"),
        # a describing word after a noun of several words, as it is after one
        ("on the repeat test the reticulocyte count was high", "lab_reticulocytosis"),
        ("his white cell count is elevated", "lab_leukocytosis"),
    ],
)
def test_a_result_said_after_the_tests_name_reads_as_the_result(core, text, expected):
    assert expected in _present(core, text)


def test_a_dexamethasone_suppression_test_is_no_steroid_taken(core):
    found = _present(core, "an overnight dexamethasone suppression test fails to suppress cortisol")
    assert "lab_high_cortisol" in found and "med_steroid" not in found and "timing_nocturnal" not in found


@pytest.mark.parametrize("text", ["he gets out of breath when lying flat", "her hands go white in the cold"])
def test_lay_words_for_orthopnoea_and_raynaud_are_read(core, text):
    assert _present(core, text) & {"sym_orthopnoea", "sym_raynaud", "sym_triphasic_colour_change"}


def test_a_review_of_systems_negative_for_a_list_denies_the_list(core):
    found = core.extractor.extract("Systems review was negative for chills, cough, or haemoptysis; she has had a fever")
    assert {"sym_cough", "sym_haemoptysis"} <= found.absent and "sym_fever" in found.present


def test_weeks_of_gestation_are_no_age(core):
    found = core.extractor.extract("she is 30 weeks' gestation with a headache")
    assert "pregnancy" in found.present and not {"age_infant", "age_child"} & found.present


@pytest.mark.parametrize(
    "text", ["had an operation for a hernia 15 years ago, now calf pain", "knee surgery as a teenager, now calf pain"]
)
def test_an_operation_years_ago_is_no_recent_surgery(core, text):
    assert "rf_recent_surgery" not in _present(core, text)


def test_a_joint_replacement_last_week_is_recent_surgery(core):
    assert "rf_recent_surgery" in _present(core, "calf swelling a week after her hip replacement")


def test_a_cd4_count_named_as_t_lymphocytes_is_read(core):
    assert "rf_untreated_hiv" in _present(core, "HIV, CD4+ T-lymphocyte count 120/mm3, off treatment")


def test_money_spent_in_thousands_is_reckless_spending(core):
    assert "sym_impulsivity" in _present(core, "over the past week she has spent $12,500 on designer clothes")


def test_speech_said_to_be_pressured_is_pressured_speech(core):
    assert "sym_pressured_speech" in _present(core, "his speech was rapid and pressured")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bloods: raised serum levels of prolactin", "lab_high_prolactin"),
        ("her cycles have become irregular since the spring", "sym_irregular_periods"),
        ("on auscultation bowel sounds are reduced", "sign_absent_bowel_sounds"),
    ],
)
def test_a_level_a_cycle_and_bowel_sounds_told_as_a_sentence_are_read(core, text, expected):
    assert expected in _present(core, text)


def test_a_feeling_denied_with_its_verb_is_denied(core):
    found = core.extractor.extract("since his wife died he is sad and tearful but doesn't feel worthless")
    assert "sym_worthlessness_guilt" in found.absent and "sym_worthlessness_guilt" not in found.present


def test_a_birth_years_ago_is_no_postpartum_state(core):
    assert "postpartum" not in _present(core, "tremor and weight loss, she had her second baby four years ago")


def test_hours_a_day_is_a_rate_not_a_duration(core):
    found = _present(core, "she has spent hours a day checking the locks for years")
    assert "duration_days" not in found and "duration_chronic" in found


@pytest.mark.parametrize(
    "text", ["type 1 diabetic for 20 years, now chest pain for 2 hours", "on warfarin for years; 2 days of a swollen calf"]
)
def test_how_long_a_history_item_has_lasted_is_not_the_complaints_duration(core, text):
    found = _present(core, text)
    assert "duration_chronic" not in found and "duration_days" in found


def test_what_is_left_after_a_resolution_is_present(core):
    found = core.extractor.extract("the weakness has settled apart from a mild left facial droop")
    assert "sym_facial_weakness" in found.present


def test_a_typographic_hyphen_in_an_age_is_read(core):
    assert core.extractor.extract("a 42\u2010year\u2010old man with chest pain").age == 42


def test_a_cherry_red_spot_is_the_retinas_and_red_spots_on_varices_the_oesophagus(core):
    assert "sign_pale_retina_cherry_spot" in _present(core, "sudden loss of vision in the right eye, fundus: cherry red spot")
    assert "test_endoscopy_varices" in _present(core, "endoscopy: varices with cherry red spots on the varices")


def test_since_she_got_up_dates_the_onset_and_is_no_standing_trigger(core):
    assert "trigger_standing" not in _present(core, "left arm weak and numb since he got up this morning")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my son has purple dots on his legs that won't go away when I press a glass against them", "sign_non_blanching_rash"),
        ("her pee smells awful and it burns", "sym_dysuria"),
        ("my big toe is absolute agony", "quality_severe_pain"),
        ("can't even have the sheet on it, that's how bad my toe is", "sign_exquisite_tenderness"),
        ("ugly twisted veins on my calves", "sign_varicose_veins"),
        ("it hurts when I go and there's blood when I wipe", "sym_painful_defecation"),
    ],
)
def test_lay_words_for_the_glass_test_stinging_urine_agony_and_veins_are_read(core, text, expected):
    assert expected in _present(core, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("His grandfather on his mother's side had a history of easy bruising.", "rf_family_history_bleeding"),
        ("Her father had epilepsy.", "rf_family_history_epilepsy"),
        ("an older sister with migraine", "rf_family_history_migraine"),
    ],
)
def test_a_relatives_finding_is_the_family_history_it_names(core, text, expected):
    found = core.extractor.extract(text)
    assert expected in found.present
    assert not {"sign_petechiae", "sym_seizure", "rf_epilepsy", "rf_migraine"} & found.present


def test_a_relatives_broad_finding_names_no_particular_family_history(core):
    """A parent's diabetes or cancer is not the particular kind a family-history phrase names."""
    found = core.extractor.extract("Her mother has type 2 diabetes and her father had lung cancer.")
    assert not {f for f in found.present if f.startswith("rf_family_history")}


def test_a_relatives_denied_finding_makes_no_family_history(core):
    assert "rf_family_history_epilepsy" not in _present(core, "Her father never had epilepsy.")


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("Ultrasound: stones in the gallbladder were not seen.", "imaging_gallstones"),
        ("On CT a pleural effusion is not demonstrated.", "imaging_pleural_effusion"),
        ("fundi checked, papilloedema not present", "sign_papilloedema"),
        ("heart sounds normal; a pericardial rub was not heard", "sign_pericardial_rub"),
        ("ascites not detected on bedside scan", "sign_ascites"),
    ],
)
def test_a_thing_looked_for_and_not_found_is_denied(core, text, denied):
    found = core.extractor.extract(text)
    assert denied in found.absent
    assert denied not in found.present


def test_not_seen_by_a_doctor_denies_nothing_after_it(core):
    assert "sym_fever" in _present(core, "she was not seen by anyone until today and has a fever")


def test_the_baby_a_woman_delivers_is_neither_the_patients_sex_nor_her_age(core):
    found = core.extractor.extract(
        "A 34-year-old woman delivers a healthy baby boy at term; an hour later she is pale and bleeding."
    )
    assert {"sex_female", "postpartum"} <= found.present
    assert not {"sex_male", "demo_boy", "age_infant"} & found.present


@pytest.mark.parametrize(
    "text",
    ["gave birth to a baby girl yesterday", "her baby was born by emergency section last night", "she delivered twins this week"],
)
def test_a_delivery_told_with_its_baby_is_the_postpartum_state(core, text):
    assert "postpartum" in _present(core, text)


@pytest.mark.parametrize(
    ("text", "present", "not_present"),
    [
        ("woke up this morning unable to hear in the left ear", "timing_on_waking", "sym_sleep_disturbance"),
        ("he woke up with his face drooping on one side", "timing_on_waking", "sym_sleep_disturbance"),
        ("keeps waking up and cannot get back to sleep", "sym_sleep_disturbance", "timing_on_waking"),
        ("she wakes up unable to move for a few seconds", "timing_on_waking", "onset_sudden"),
    ],
)
def test_waking_up_with_a_complaint_dates_its_onset(core, text, present, not_present):
    found = _present(core, text)
    assert present in found
    assert not_present not in found


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("4 mo, off feeds and febrile", 4 / 12),
        ("5wk with a rattly cough", 5 * 7 / 365.25),
        ("10 months girl, pulling at her ear", 10 / 12),
        ("18mo at nursery and off her food", 1.5),
        ("9 mo has had a rash since Sunday", 0.75),
    ],
)
def test_a_chat_that_opens_with_a_babys_age_gives_the_age(core, text, years):
    found = core.extractor.extract(text)
    assert found.age == pytest.approx(years, rel=0.01)
    assert not {f for f in found.present if f.startswith("duration_")}


@pytest.mark.parametrize(
    ("text", "years", "sex"),
    [
        ("My knee has been swollen for a week. F 52.", 52, "sex_female"),
        ("burning when I pee since Monday, woman 28", 28, "sex_female"),
        ("temp 38.4, HR 112, sats 95%, M 67", 67, "sex_male"),
    ],
)
def test_an_age_and_sex_signed_at_the_end_of_a_message(core, text, years, sex):
    found = core.extractor.extract(text)
    assert found.age == years and sex in found.present


def test_a_duration_at_the_start_of_a_message_stays_a_duration(core):
    found = core.extractor.extract("4 months of a dry cough in a smoker")
    assert found.age is None
    assert "duration_1_to_6_months" in found.present


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("T38.9 and rigors", {"sym_fever"}),
        ("temp 38.6 HR 130", {"sym_fever", "sign_tachycardia"}),
        ("D+V since last night, abdo SNT", {"sym_diarrhoea", "sym_vomiting"}),
    ],
)
def test_chat_notation_for_temperature_heart_rate_and_gut_symptoms(core, text, present):
    found = core.extractor.extract(text)
    assert present <= found.present
    assert not {f for f in found.present if f.startswith("duration_") and "HR" in text}


@pytest.mark.parametrize(
    "text", ["she began to walk at 13 months", "sat unsupported at 6 months and walked at the age of 12 months"]
)
def test_a_milestone_told_with_its_age_is_no_trigger_nor_duration(core, text):
    found = _present(core, text)
    assert "trigger_exertion" not in found
    assert not {f for f in found if f.startswith("duration_")}


def test_a_drug_asked_for_is_not_one_taken(core):
    assert "med_deliriogenic" not in _present(core, "in a lot of pain and asking for morphine")
    assert "med_deliriogenic" in _present(core, "on morphine for her pain")


def test_a_toxicology_test_said_negative_denies_substance_use(core):
    assert "rf_substance_use" in _absent(core, "The urine toxicology test was negative.")


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("neutrophils 0.3 × 109/L after chemotherapy", "lab_neutropenia"),
        ("eosinophil cell count 2.1 × 109/L", "lab_eosinophilia"),
        ("platelets 30 × 109/L", "lab_low_platelets"),
    ],
)
def test_a_power_of_ten_that_lost_its_superscript_is_read(core, text, present):
    assert present in _present(core, text)


def test_a_list_of_tests_before_its_negative_result_is_denied_whole(core):
    found = core.extractor.extract("Serology for HIV, hepatitis B and hepatitis C was negative.")
    assert {"rf_immunosuppression", "rf_liver_disease"} <= found.absent
    assert not {"rf_immunosuppression", "rf_liver_disease"} & found.present


def test_a_complaint_before_a_negative_test_is_not_denied(core):
    found = core.extractor.extract("calf swollen, D-dimer negative")
    assert "quality_swelling" in found.present
    assert "lab_high_d_dimer" in found.absent


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("Her vital signs are within normal limits.", {"sym_fever", "sign_tachycardia", "sign_hypotension", "sign_hypoxia"}),
        ("normal obs on arrival", {"sym_fever", "sign_tachypnoea"}),
        ("Heart and lung examination is unremarkable.", {"sign_heart_murmur", "sign_crackles", "sign_wheeze"}),
        ("Abdominal exam normal.", {"sign_abdominal_tenderness"}),
        ("Neurological examination is normal.", {"sign_focal_neurology"}),
    ],
)
def test_a_normal_examination_denies_its_usual_abnormal_signs(core, text, denied):
    assert denied <= _absent(core, text)


def test_a_normal_examination_with_an_exception_denies_nothing(core):
    found = core.extractor.extract(
        "Vital signs are normal apart from a pulse of 124. Neurological exam is normal except for a right facial droop."
    )
    assert "sign_tachycardia" in found.present
    assert "sign_focal_neurology" not in found.absent


def test_a_complaint_after_a_sneeze_is_the_sneeze_trigger_not_a_cold(core):
    found = _present(core, "sharp pain in the lower back when she sneezed this morning")
    assert "trigger_cough_sneeze" in found
    assert "sym_coryza" not in found


@pytest.mark.parametrize(
    ("text", "present", "not_present"),
    [
        ("a faint macular rash over the chest", "sign_rash", "sym_syncope"),
        ("there is a faint early diastolic murmur", "sign_diastolic_murmur", "sym_syncope"),
        ("it feels as if the room is spinning round her", "sym_vertigo", None),
        ("takes aspirin 75 mg every morning", "med_antiplatelet", "rf_salicylate_overdose"),
    ],
)
def test_describing_words_that_name_no_finding_of_their_own(core, text, present, not_present):
    found = _present(core, text)
    assert present in found
    assert not_present is None or not_present not in found


def test_a_pregnancy_planned_is_no_pregnancy(core):
    assert "pregnancy" not in _present(core, "32F, migraines, planning a pregnancy next year")


@pytest.mark.parametrize(
    ("text", "present", "not_present"),
    [
        # a pain's quality is no baby's teething
        ("a gnawing pain in the upper stomach for a month", "sym_epigastric_ruq_pain", "sym_teething_signs"),
        ("my 7 month old is gnawing on everything and dribbling", "sym_teething_signs", None),
        # an anti-inflammatory every day is both the stomach's risk and a headache medicine's overuse
        ("he takes ibuprofen every day for his knees", "rf_nsaid_use", None),
        ("she takes ibuprofen every day for her headaches", "med_analgesic_overuse", None),
        # bleeding told of a lump, a nose or a mole is theirs, not vaginal
        ("a crusted lump on his cheek that bleeds a little when he shaves", None, "sym_light_vaginal_bleeding"),
        ("her nose bleeds a little every morning", None, "sym_light_vaginal_bleeding"),
        ("she is 8 weeks pregnant and bleeding a little since last night", "sym_light_vaginal_bleeding", None),
        # places told in chat: "only" between words, a side without "on the", a bump or a band
        ("smelly yellow discharge from only the right nostril for days", "sym_unilateral_foul_nasal_discharge", None),
        ("a sore bump on the lower eyelid since Monday", "sign_eyelid_lump", None),
        ("a blistering rash came up in a band around her waist", "sign_dermatomal_vesicular_rash", None),
        ("stabbing pain left side of chest since this morning", "sym_chest_pain", None),
        # describing words stacked with commas and an intensifier, and a word after the noun
        ("she passed black, sticky, very smelly stools this morning", "sym_melaena", None),
        # a clot the patient had is a previous one; one the patient has is not
        ("he had a DVT after his knee operation years ago", "rf_previous_vte", None),
        ("she has a DVT in her left calf on the scan", None, "rf_previous_vte"),
        # cauda equina in a patient's words (saddle numbness, bladder sensation and emptying)
        (
            "since this morning she has numbness around the bottom and trouble emptying the bladder",
            "sym_saddle_anaesthesia",
            None,
        ),
        ("he says he can't feel when he passes urine any more", "sym_urinary_dysfunction", None),
        # a suicide plan's preparations told by a relative (NICE NG225: plans and preparations)
        ("my daughter has given away her belongings and has tablets saved up", "sym_suicide_plan_or_attempt", None),
        # depression and a birth told in a mother's own words
        ("since my baby came I cry every day and don't enjoy anything", "sym_anhedonia", None),
        ("I feel like a failure as a parent and cry all the time", "sym_worthlessness_guilt", None),
        ("two months after the baby was born she stopped sleeping", "postpartum", "age_infant"),
        # a cause that cannot be found denies nothing; a ball and a tip in a man's words
        ("he has bruises he can't explain and tiny purple dots on his arms", "sign_petechiae", None),
        ("swelling in the ball on the left since Friday", "sym_scrotal_swelling", None),
        ("stinging when he pees and some discharge from the tip", "sym_urethral_discharge", None),
        # a symptom that has not stopped goes on; eating that has not stopped is no poor appetite
        ("the baby hasn't stopped vomiting since lunchtime", "sym_vomiting", None),
        ("his appetite is fine, he has not stopped eating", None, "sym_loss_of_appetite"),
        # the look and the words of a heart attack told by a relative
        ("she went grey and clammy at the bus stop", "sym_sweating", None),
        ("he felt sick after his dinner", "sym_nausea", None),
        ("the ache came on while mowing the lawn", "trigger_exertion", None),
        ("her jaw and right arm ache when she walks up the hill", "sym_anginal_equivalent_pain", None),
        # an illness that "has had" lasting till now goes on; medicines kept up are no overdose
        ("she's had diarrhoea for three days and feels faint", "sym_diarrhoea", "sym_diarrhoeal_illness"),
        ("he kept taking all his pills through the tummy bug", None, "sym_suicide_plan_or_attempt"),
        ("since the weekend she has been barely passing urine", "sym_oliguria", None),
        ("his right nostril keeps bleeding after he blows his nose", "sym_epistaxis", None),
        # frequency told by the clock and the loo; neck glands told as big
        ("she's going to the toilet every hour and it stings", "sym_urinary_frequency", None),
        ("his neck glands are huge and his throat is sore", "sign_cervical_lymphadenopathy", None),
        # a flight or drive of four hours or more is a long one (WHO WRIGHT 2007)
        ("she got off a 12 hour flight from Singapore yesterday", "rf_immobility", None),
        ("after a 9-hr drive to the coast his calf swelled", "rf_immobility", None),
        ("a 2 hour flight to Spain last month", None, "rf_immobility"),
    ],
)
def test_plain_words_read_in_their_place(core, text, present, not_present):
    assert_reads(core, text, present, not_present)


# Wordings of the fourteenth session, each line a class in our own words: the finding it reads and
# the misreading it no longer makes.
@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # A relative's heart attack is a family history of heart disease, not the patient's own.
        ("31F, racing heart on and off; her father died of a heart attack at 49", "rf_family_history_ihd", "rf_vascular_disease"),
        ("his older brother had a myocardial infarction in his forties", "rf_family_history_ihd", "rf_known_ihd"),
        ("family history of heart attacks, now central chest tightness", "rf_family_history_ihd", "rf_vascular_disease"),
        # "as" is a word of its own (the lemma table's plural of the letter "a" had made it an
        # article): "family history of" alone no longer reads as "family history of AS".
        ("family history of stroke; sudden chest pain", None, "rf_family_history_spa"),
        ("family history of stroke; sudden chest pain", None, "rf_vascular_disease"),
        ("inflammatory back pain, family history of AS", "rf_family_history_spa", None),
        # A night out is a social evening, not a complaint at night; one spent drinking is a binge.
        ("26M, tight central chest pain since a night out on Friday", "sym_chest_pain", "timing_nocturnal"),
        ("threw up all morning after a night out on the booze", "rf_alcohol", "timing_nocturnal"),
        ("her cough keeps her up at night", "timing_nocturnal", None),
        # The one a relative reports on is the patient, named as the relative names them.
        (
            "A 22-year-old man comes with his father, who says his son has been hearing voices since spring.",
            "sym_hallucinations",
            None,
        ),
        ("8-year-old girl, rash on the legs; her mother reports that her daughter has had a fever for 3 days", "sym_fever", None),
        # One the patient tells of is someone else: a sick contact.
        ("41F with watery diarrhoea since Sunday; she says her son had diarrhoea last week as well", "rf_sick_contacts", None),
        # A stated band stands over one only implied: a teenage girl is no child under 12.
        ("a teenage girl with painful periods", "age_adolescent", "age_child"),
        ("a girl of 8 with tummy ache", "age_child", "age_adolescent"),
        # A symptom denied outright stands over one only implied (uveitis implies a red eye).
        ("on steroid drops for six weeks after an attack of uveitis; today the eye is white", "sym_uveitis", "sym_red_eye"),
        # ... but a pain denied at one site is not denied at another.
        ("my back went lifting a box, no pain down my legs", "quality_pain", None),
        # A time ago dates the history item before it when the complaint is told as now; an
        # operation long ago is no recent surgery.
        ("had a hysterectomy many years ago and now has sudden pelvic pain", "sym_pelvic_pain", "rf_recent_surgery"),
        ("hysterectomy 12 years ago and now sudden pelvic pain", "sym_pelvic_pain", "duration_chronic"),
        ("knee replacement 4 weeks ago, now a fever and an oozing wound", "rf_recent_surgery", "duration_weeks"),
    ],
)
def test_wordings_read_as_what_they_say(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


@pytest.mark.parametrize(
    ("text", "relatives", "patients"),
    [
        # a sentence that opens as the family history is the relatives', whatever it names
        ("Family history is notable for a brother and an uncle who have migraine with aura.", set(), {"sym_migraine_aura"}),
        ("His family history includes a father who died of a heart attack at 50.", {"rf_family_history_ihd"}, set()),
    ],
)
def test_a_family_history_sentence_is_the_relatives(core, text, relatives, patients):
    found = _present(core, text)
    assert relatives <= found and not (patients & found), sorted(found)


def test_the_patients_clause_after_the_family_history_stays_the_patients(core):
    found = _present(core, "Family history is notable for bowel cancer in his father; he has had rectal bleeding for a month.")
    assert "sym_rectal_bleeding" in found


@pytest.mark.parametrize(
    ("text", "history", "now"),
    [
        # a complaint named in the medical history is the illness the patient had
        ("Past medical history is notable for migraine with aura and asthma.", "rf_migraine", "sym_migraine_aura"),
        ("Her history is significant for recurrent uveitis, now resolved.", "rf_previous_uveitis", "sym_uveitis"),
        (
            "He was treated last year for an irregular heartbeat and now has a cough.",
            "rf_atrial_fibrillation",
            "sym_irregular_heartbeat",
        ),
    ],
)
def test_a_complaint_in_the_medical_history_is_the_history_it_stands_for(core, text, history, now):
    found = _present(core, text)
    assert history in found and now not in found, sorted(found)


def test_a_complaint_told_now_stays_a_complaint(core):
    assert "sym_migraine_aura" in _present(core, "She has had migraine with aura since this morning, zigzag lines then headache.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # describing words stacked before a noun with only spaces between them
        ("a red watery gritty eye since Tuesday", "sym_red_eye"),
        ("he has a sore itchy red eye", "sym_red_eye"),
        # describing words after "is", each said of the subject
        ("his ear is blocked, itchy and painful", "sym_ear_pain"),
        ("my eyes are gritty and itchy", "sym_itchy_eyes"),
        # a band of blisters on the skin now is a shingles rash, not shingles before
        ("she has a blistering rash in a band round her waist", "sign_dermatomal_vesicular_rash"),
    ],
)
def test_describing_words_are_each_said_of_their_noun(core, text, expected):
    assert expected in _present(core, text)


@pytest.mark.parametrize(
    "text",
    [
        "a blistering rash in a band across his back since Friday",
        "sudden fear with a racing heart that lasted 10 minutes",
        "a tight chest on walking that lasted 5 minutes and eased with rest",
    ],
)
def test_how_long_something_lasted_is_no_transient_deficit_or_past_shingles(core, text):
    found = _present(core, text)
    assert "sym_transient_deficit" not in found and "rf_previous_shingles" not in found


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a relative with an age before him is the patient, whatever the verb; without one, family history
        ("my 75 year old dad had a stroke in 2019 and now has a fever", "rf_stroke_history", None),
        ("I have a cough; my dad had a stroke at 60", None, "rf_stroke_history"),
        # readings of a home device
        ("the home monitor showed 196/118 this morning", "sign_very_high_bp", None),
        ("her oxygen level is reading 89% on the oximeter", "sign_spo2_91_or_less", "site_fingers"),
        ("pain score 8/10 on the monitor", None, "sign_hypotension"),
        # a medicine for high blood pressure says it is high, taken or stopped
        ("she takes tablets for her blood pressure", "rf_hypertension", None),
        ("he ran out of his blood pressure pills last week", "rf_hypertension", "med_antihypertensive"),
        # stools every few days are infrequent; the days are no duration
        ("I only open my bowels every 5 days", "sym_infrequent_stools", "duration_days"),
        # what something has become is how it is
        ("his speech has gradually become slurred", "sym_dysarthria", None),
        ("her eyes have gone yellow", "sign_jaundice", None),
        # a child playing normally is a well child; after a fit it is the recovery
        ("a runny nose but he is playing normally", None, "sym_full_recovery_within_hour"),
        ("a febrile fit this morning, now playing normally", "sym_full_recovery_within_hour", None),
        # lay words for signs
        ("his wee has gone brown like cola", "sym_dark_urine", None),
        ("there is a throbbing lump in his tummy", "sign_pulsatile_abdominal_mass", None),
        ("a rattly cough since Sunday", "sym_productive_cough", None),
        ("since her stroke she splutters when eating", "rf_aspiration_risk", None),
        ("I was convinced I was going to die", "sym_impending_doom", None),
        ("cloudy vision in the left eye for a year", "sym_blurred_vision", None),
        ("my heart suddenly started racing", "sym_palpitations", None),
        ("his sugars have been low all week", None, "sym_low_mood"),
    ],
)
def test_carers_devices_and_lay_words(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # "o/e" is on examination; a comma ends what "irregular" says of periods
        ("firm bulky uterus o/e", "sign_bulky_uterus", None),
        ("heavy periods, irregular pulse", "sym_heavy_menstrual_bleeding", "sym_irregular_periods"),
        # weeks "with my second" or "gone" are a gestation, not an age
        ("28 weeks with my second and my ankles are huge", "gest_third_trimester", "age_infant"),
        ("I'm 10 weeks gone", "gest_first_trimester", None),
        # "whenever" is "when"; "tiny" may sit inside a phrase
        ("she coughs whenever she drinks", "sym_choking_on_liquids", None),
        ("a band of tiny blisters on her back", "sign_dermatomal_vesicular_rash", None),
        # a tremor told with "at rest" apart from it is a rest tremor
        ("tremor of his left thumb, mostly at rest", "sign_rest_tremor", None),
        # Parkinson's, mania, a suicide plan and bird exposure in a family's words
        ("his handwriting has got smaller", "sign_bradykinesia", None),
        ("her face looks blank these days", "sign_hypomimia", None),
        ("he talks non stop and hardly sleeps", "sym_pressured_speech", None),
        ("she has been giving her things away", "sym_suicide_plan_or_attempt", None),
        ("he races pigeons at weekends", "rf_organic_antigen_exposure", None),
        ("since her stroke she has been weak", "rf_stroke_history", None),
        # a person who has been low is low in mood; a level that has been low is not
        ("she's been very low since the baby came", "sym_low_mood", None),
    ],
)
def test_shorthand_gestation_and_family_words(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # relatives by their everyday British names: the patient when reported on, else family history
        ("my mum has had a cough for a fortnight", "sex_female", None),
        ("my grandad keeps falling over", "sex_male", None),
        ("I found a lump in my breast; my nan had breast cancer", "rf_family_history_breast_ovarian_cancer", None),
        ("I get headaches, my gran had a stroke", None, "rf_stroke_history"),
        # a newborn's risk told of the mother is the baby's, and a carer's job is the carer's
        ("baby 2 days old, mum had prolonged rupture of membranes", "rf_prolonged_rupture_of_membranes", None),
        ("my 3 year old has a cough and my mum is a nurse", None, "rf_healthcare_worker"),
        # "breath" written for "breathe", and breathlessness told lying down
        ("I cant breath properly since last night", "sym_dyspnoea", None),
        ("her side hurts when taking deep breaths", "sym_pleuritic_chest_pain", None),
        ("it is hard to breathe when I lie down", "sym_orthopnoea", None),
    ],
)
def test_relatives_by_their_everyday_names(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a missing thing named as a noun, as reports write it, is the finding that it is missing
        ("the chest film shows absence of the thymus", "imaging_absent_thymus", None),
        ("there is a lack of bowel sounds on auscultation", "sign_absent_bowel_sounds", None),
        ("there was absence of fever throughout", None, "sym_fever"),
        # and a thing described, named as a noun
        ("examination finds enlargement of the spleen", "sign_splenomegaly", None),
        ("she has a diffuse enlargement of the thyroid gland", "sign_goitre", None),
        ("the film shows dilatation of the small bowel loops", "imaging_dilated_bowel", None),
    ],
)
def test_absence_told_as_a_noun(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a woman's age opening a birth told for the baby's sake: the patient is the newborn
        (
            "A 31-year-old woman with type 2 diabetes has a caesarean section and delivers a girl of 4.6 kg. "
            "An hour later the baby is jittery and sweaty. What explains the baby's symptoms?",
            "age_newborn",
            "pregnancy",
        ),
        (
            "A 31-year-old woman with type 2 diabetes has a caesarean section and delivers a girl of 4.6 kg. "
            "An hour later the baby is jittery and sweaty. What explains the baby's symptoms?",
            "rf_maternal_diabetes",
            "age_young_adult",
        ),
        ("A 38-year-old woman goes into labour at term and a boy is born with a cleft lip.", "sex_male", "sex_female"),
        # a birth told for her own sake stays hers
        (
            "A 31-year-old woman delivers a healthy boy. The next day she is short of breath. What is the diagnosis?",
            "postpartum",
            "age_newborn",
        ),
    ],
)
def test_a_birth_told_for_the_babys_sake_makes_the_newborn_the_patient(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_a_newborns_rates_are_judged_by_a_newborns_ranges(core):
    """A breathing rate of 40 is fast for the mother whose age opened the case, normal for her newborn."""
    found = core.extractor.extract(
        "A 30-year-old woman delivers a boy at 39 weeks. The newborn's respiratory rate is 40/min and he is floppy. "
        "What is the cause of the newborn's floppiness?"
    )
    assert "age_newborn" in found.present and "sign_tachypnoea" not in found.present, sorted(found.present)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # an earlier neurological episode told as one that got better is a previous episode that resolved
        ("Last spring he had an episode of numbness in both legs which resolved.", "rf_previous_neuro_episode_resolved", None),
        ("a year ago she had a bout of weakness of the left arm that went away", "rf_previous_neuro_episode_resolved", None),
        # not an episode of anything
        ("last year he had an episode of chest pain that resolved", None, "rf_previous_neuro_episode_resolved"),
    ],
)
def test_an_earlier_neurological_episode_that_got_better(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "denied", "kept"),
    [
        ("tired and pale; coeliac serology negative", "coeliac", "pale"),
        ("no blood in the stool, but she has lost weight", "stool", "weight"),
        ("B12 and folate are normal; the tongue is smooth", "folate", "tongue"),
        ("denies any rash or joint pains; the spleen is palpable", "rash", "spleen"),
    ],
)
def test_words_a_case_denies_do_not_count_towards_resemblance(core, text, denied, kept):
    """The case's words weigh in by resemblance: a denied word must not make it read like the
    conditions it denies."""
    words = core.extractor.extract(text).words
    assert denied not in words and kept in words, words


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # pain on palpation is tenderness, of the site it names
        ("pain upon palpation of the right lower quadrant", "sign_rif_tenderness", None),
        ("discomfort on deep palpation over the lateral epicondyle", "sign_lateral_epicondyle_tenderness", None),
        ("there is pain on palpation of the hyoid", "sym_neck_pain", None),
        # tender nodes with their side between
        ("tender bilateral cervical lymphadenopathy", "sign_tender_cervical_nodes", None),
    ],
)
def test_pain_on_palpation_is_tenderness(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_stopping_cold_turkey_is_no_gooseflesh(core):
    """'Cold turkey' tells how a drug was stopped (at once), not the piloerection it was named for."""
    assert "sign_piloerection" not in core.extractor.extract("he once tried to quit drinking cold turkey").present


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # consciousness regained after a head injury, then lost or dulled again: a lucid interval
        (
            "Knocked out for a minute when his head hit the kerb, he recovered consciousness and walked home; "
            "two hours later he became drowsy.",
            "sym_lucid_interval",
            None,
        ),
        ("She recovered consciousness quickly and has stayed alert since.", None, "sym_lucid_interval"),
    ],
)
def test_a_lucid_interval_told_as_it_happened(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        ("coughing up blood-tinged sputum for two days", "sym_haemoptysis", None),
        # cold symptoms that got better and then worse again: a viral illness with a second one on it
        (
            "aches and a runny nose five days ago, which improved at first before worsening again with a high fever",
            "rf_recent_viral_illness",
            None,
        ),
    ],
)
def test_blood_tinged_and_a_second_illness_after_a_cold(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # psychotic experiences told as what happens, not by name
        ("my son says the neighbours have been spying on him through the walls", "sym_delusions", None),
        ("he is sure that strangers follow him to work", "sym_delusions", None),
        ("a voice in her head keeps telling her to hurt herself", "sym_command_hallucinations", None),
        ("staff hear him talking to people when nobody is in the room", "sym_hallucinations", None),
        # ordinary talk and watching are neither
        ("she is talking to people about her worries", None, "sym_hallucinations"),
        ("his wife watches him closely since the fall", None, "sym_delusions"),
    ],
)
def test_psychotic_experiences_told_as_what_happens(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # the back of a place or vehicle is where someone was, not the patient's back
        ("he was shouting in the back of the taxi", None, "site_low_back"),
        ("she sits at the back of the class and daydreams", None, "site_low_back"),
        ("aching in the back of her thigh", "site_thigh", None),
        # driven into the back of a car is a collision still
        ("a van drove into the back of my car this morning", "trigger_vehicle_collision", None),
    ],
)
def test_the_back_of_a_place_is_no_back(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a heart attack named by its kind is the ECG or troponin result that defines it
        ("the paramedics' ECG showed an inferior STEMI", "test_ecg_st_elevation", None),
        ("admitted overnight with an NSTEMI", "lab_high_troponin", "test_ecg_st_elevation"),
        ("cardiology confirmed a non-ST-elevation myocardial infarction", "lab_high_troponin", "test_ecg_st_elevation"),
        # ... but one years ago is no result now
        ("he had a STEMI four years ago and now has ankle swelling", None, "test_ecg_st_elevation"),
        # an eye surgically removed or repaired is surgery on the eye
        ("his right eye was enucleated after the crash", "rf_recent_eye_surgery", None),
        ("a corneal transplant in the left eye last month", "rf_recent_eye_surgery", None),
        # a life never without a partner is the need to be cared for (DSM-5 dependent personality)
        ("she has never been single since she was sixteen", "sym_excessive_dependence", None),
        ("he goes from one relationship to the next, panicking when alone", "sym_excessive_dependence", None),
    ],
)
def test_named_events_read_as_what_they_stand_for(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a urine dipstick graded in pluses is that substance in the urine
        ("dip of the urine: 2+ blood, no nitrites", "lab_haematuria", None),
        ("Urine dipstick\nBlood: 3+\nLeukocytes: negative", "lab_haematuria", None),
        ("urine shows glucose 3+ and ketones 2+", "sym_glycosuria", None),
        ("urine shows glucose 3+ and ketones 2+", "lab_ketonuria", None),
        # trace is no positive grade
        ("urine dip: trace blood only", None, "lab_haematuria"),
        # blood passed in the urine, told plainly
        ("this morning he urinated blood", "lab_haematuria", None),
    ],
)
def test_urine_results_told_in_the_dipsticks_grades(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # habits listed after a denial with commas only are all denied
        ("he denies tobacco, alcohol intake, recreational drug use.", None, "rf_alcohol"),
        ("he denies tobacco, alcohol intake, recreational drug use.", None, "rf_substance_use"),
        # a habit told with its own verb is a clause of its own
        ("denies smoking, drinks a bottle of wine a night", "rf_alcohol", None),
        # a complaint then a place is two clauses still
        ("denies chest pain, swollen right calf", "site_calf", None),
    ],
)
def test_habits_listed_after_a_denial(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # "right" that names no side
        ("she came in right away after the fall", None, "lat_right"),
        ("right now the pain is bearable", None, "lat_right"),
        ("he insists everything be done the right way", None, "lat_right"),
        ("otherwise I feel all right", None, "lat_right"),
        # ... and the side still, beside it
        ("right after lunch his right hand went numb", "lat_right", None),
        ("which foot? the right one", "lat_right", None),
    ],
)
def test_right_that_names_no_side(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a meal told first, then how soon the illness followed
        ("he ate fried rice at a takeaway about two hours before the vomiting started", "onset_hours_after_food", None),
        ("she had lunch at the canteen an hour before the cramps began", "onset_hours_after_food", None),
        ("he ate breakfast three hours before his appointment", None, "onset_hours_after_food"),
        # ulcers that keep coming back, however worded
        ("there have been repeated recurrences of gastric and duodenal ulcers", "sym_refractory_ulcers", None),
        ("endoscopy found an ulcer in the third part of the duodenum", "sym_refractory_ulcers", None),
        # a shape among the words that describe an organ
        ("bimanual exam: a firm, irregularly shaped, enlarged uterus", "sign_bulky_uterus", None),
    ],
)
def test_meals_ulcers_and_shapes(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a last period three months ago or more is secondary amenorrhoea
        ("a 24-year-old whose last menstrual period was five months ago", "sym_amenorrhoea", None),
        ("LMP 2 months ago, cycles were regular", None, "sym_amenorrhoea"),
        # puberty told at an age when it is on time is not early
        ("a 15-year-old boy, pubic hair and voice breaking since 13", None, "sign_early_puberty_signs"),
        ("my 5-year-old daughter has pubic hair and body odour", "sign_early_puberty_signs", None),
        # a school is no mood
        ("she plays in the high school band", None, "sym_elevated_mood"),
    ],
)
def test_periods_puberty_and_school(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # feelings listed after one "feel" are each felt
        ("lately she has been feeling exhausted and low", "sym_low_mood", None),
        ("he feels tired, hopeless and irritable", "sym_hopelessness", None),
        ("she does not feel tired and low", None, "sym_low_mood"),
        # low mood told as lasting two years or more is the chronic low-grade depression of DSM-5-TR
        ("he has felt low most days for the last four years but still works", "sym_low_grade_chronic_depression", None),
        ("she has felt low for a fortnight since the break-up", None, "sym_low_grade_chronic_depression"),
    ],
)
def test_feelings_and_how_long_they_last(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a test asked for to be sure is reassurance seeking
        ("he keeps asking for a CT scan of his head to make sure it is nothing serious", "sym_health_anxiety", None),
        ("she wants more blood tests just in case", "sym_health_anxiety", None),
        ("he asks for an x-ray of the ankle", None, "sym_health_anxiety"),
        # investigations repeated and all normal
        (
            "she has had several scans and endoscopies over two years; they have all been normal",
            "sym_multiple_unexplained_symptoms",
            None,
        ),
        ("an extensive work-up for the fever was negative", None, "sym_multiple_unexplained_symptoms"),
    ],
)
def test_reassurance_seeking_and_normal_investigations(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # the neurological examination as exam stems word it
        (
            "on testing, joint proprioception is poor: impaired position sense at both big toes",
            "sign_loss_vibration_proprioception",
            None,
        ),
        ("reduced pain and temperature sensation over both shoulders", "sign_dissociated_sensory_loss", None),
        ("both arms resist passive movement equally through the range", "sign_cogwheel_rigidity", None),
        ("power is 3 out of 5 in the left leg", "quality_weakness", None),
        ("power is 5 out of 5 throughout", None, "quality_weakness"),
        ("on arrival she was not responsive to voice or pain", "sign_unresponsive", None),
        # the heart and the aorta
        ("CT angiography: Stanford type A dissection", "imaging_dissection_flap", None),
        ("a sharp pain between her scapulae", "site_thoracic_back", None),
        # a level raised in serum and urine alike
        ("raised serum and urine methylmalonic acid", "lab_low_b12", None),
    ],
)
def test_examination_wording_by_class(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a modifier before a specimen and its test
        ("bloods show an elevated serum urea and a raised plasma creatinine", "lab_high_creatinine", None),
        ("low serum calcium on the morning bloods", "lab_low_calcium", None),
        # the prothrombin time in capitals beside a clotting test or a result; 'pt' in chat is the patient
        ("clotting: PT and APTT both normal", None, "lab_high_inr"),
        ("PT markedly prolonged at 24 seconds", "lab_high_inr", None),
        ("pt complains of chest pain", "sym_chest_pain", None),
        # a negative antiglobulin test denies a positive one
        ("the direct antiglobulin test was negative", None, "lab_positive_dat"),
        # smear, mood and vision words exam stems use
        ("the blood film shows hypersegmented neutrophils", "lab_hypersegmented_neutrophils", None),
        ("she has felt sad and tearful since the move", "sym_low_mood", None),
        ("he has lost interest in fishing, which he used to love", "sym_anhedonia", None),
        ("a slow decline in her vision over a year", "sym_vision_loss", None),
    ],
)
def test_lab_mood_and_vision_words(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # words that name no finding in these senses
        ("he was arrested last year for shoplifting", None, "sign_cardiac_arrest"),
        ("her teacher reports she daydreams in class", None, "rf_voice_overuse"),
        ("the tremor stopped abruptly when he was distracted", None, "onset_sudden"),
        ("the nystagmus fatigues on repeated positioning", None, "sym_fatigue"),
        ("a faint pink rash over the trunk", None, "sym_syncope"),
        ("he tends to fall to the left when he stands", None, "rf_trauma"),
        ("he jumps from one topic to another without pause", "sym_manic_features", "trigger_jumping"),
        ("her mind goes blank when she is anxious", None, "sym_absence_spells"),
        ("a tingling that runs down both arms when she bends her neck", None, "trigger_exertion"),
        ("an electric feeling running down his back", None, "sym_fatigue"),
        # ... and still do in theirs
        ("I've been so run down lately", "sym_fatigue", None),
        ("she arrested in the ambulance on the way in", "sign_cardiac_arrest", None),
    ],
)
def test_words_that_name_no_finding_in_this_sense(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # personality and anxiety traits told in everyday words (DSM-5-TR criteria as behaviour)
        ("he turns up in mismatched clothes and a winter hat in July", "sign_eccentric_appearance", None),
        ("she says she has a sixth sense and can sense what others are thinking", "sym_magical_thinking", None),
        ("he is terrified of being abandoned by his partner", "sym_unstable_relationships", None),
        ("she describes feeling empty inside most of the time", "sym_chronic_emptiness", None),
        ("she dresses provocatively and flirts with the physician at each visit", "sym_attention_seeking", None),
        ("he avoids parties because he fears being judged", "sym_social_fear", None),
        ("he requests opioids by name and says nothing else helps", "rf_external_incentive", None),
        ("she spends hours washing her hands and fears contamination", "sym_compulsions", None),
        ("his arms stay in whatever position the nurse leaves them", "sign_catatonic_posture_mutism", None),
        ("she talks rapidly and is difficult to interrupt", "sym_pressured_speech", None),
        # a dramatic change is no trait
        ("a dramatic improvement after the first dose", None, "sym_attention_seeking"),
    ],
)
def test_traits_told_as_behaviour(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # ear, eye and neck signs as exam stems describe them
        ("the tuning fork on the vertex: Weber test is heard louder in the left ear", "sign_weber_lateralised", None),
        ("otoscopy: both tympanic membranes appear normal", "sign_normal_tm", None),
        ("there is tenderness over the frontal sinuses on percussion", "sign_sinus_tenderness", None),
        ("the red reflex is reduced in the right eye", "sign_abnormal_red_reflex", None),
        ("on palpation the left globe feels hard", "sign_raised_iop", None),
        ("fundoscopy shows new vessel formation at the disc", "sign_retinal_neovascularisation", None),
        # results told as '[test] is [result]'
        ("his reticulocyte count is increased at 9%", "lab_reticulocytosis", None),
        ("the QTc is prolonged on the ECG", "test_ecg_long_qt", None),
        ("a monospot test is positive", "lab_monospot_positive", None),
        ("the thin film shows ring forms within red cells", "lab_malaria_film_positive", None),
        ("the smear shows sickled red cells", "lab_sickle_cells_hbs", None),
        # history told with a negated verb
        ("the boy has never been vaccinated", "rf_unvaccinated", None),
        ("she did not take chemoprophylaxis for her trip to Ghana", "rf_no_malaria_prophylaxis", None),
    ],
)
def test_ear_eye_and_results_as_stems_word_them(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # power graded per limb: arm and leg on one side, or both legs
        ("on examination power is 2/5 in the left upper and lower limbs", "sign_hemiparesis", None),
        ("right arm and leg strength is 3/5, the left side is normal", "sign_hemiparesis", None),
        ("he has 4/5 power in the right arm and 3/5 in the right leg", "sign_hemiparesis", None),
        ("strength is 5/5 in the left upper and lower extremities", None, "sign_hemiparesis"),
        ("power is 2/5 in both lower limbs with a sensory level", "sign_paraparesis", None),
        ("leg power is 3/5 bilaterally", "sign_paraparesis", None),
        ("power 3/5 in the arms and 5/5 in the lower limbs", None, "sign_paraparesis"),
        # adjectives of a pupil listed with commas, and a field lost slowly
        ("after the fall there is a dilated, nonreactive left pupil", "sign_pupil_dilated_unreactive_predicate", None),
        ("over some years she has noticed progressive tunnel vision", "sym_constricted_visual_field", "sym_syncope_prodrome"),
    ],
)
def test_weakness_by_limb_and_pupils_by_adjective(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a relative who had something: theirs, or the family history it makes
        ("She is 40. Her mother developed memory loss in her seventies.", None, "sym_memory_loss"),
        ("His maternal uncle lost his sight in his thirties.", None, "sym_vision_loss"),
        ("Her mother has similar headaches.", "rf_family_history_migraine", "sym_headache"),
        ("His mother has noticed that he has a rash on his legs.", "sign_rash", None),
        ("His mother has been giving him paracetamol for the fever.", "sym_fever", None),
        # "severe" alone grades a pain only in a sentence that tells of one
        ("there was a severe bout of coughing last night", "sym_cough", "quality_severe_pain"),
        ("she reports severe spinning dizziness on standing", "sym_vertigo", "quality_severe_pain"),
        ("the headache is severe and came on at once", "quality_severe_pain", None),
        # a site's pain and where it goes share the word "pain"
        ("sudden tearing chest pain radiating to the back", "sym_chest_pain", None),
        ("dull right upper quadrant pain radiating to the right shoulder", "sym_pain_to_right_shoulder", "sym_chest_pain"),
        ("crushing central chest pain radiating to the left arm", "sym_chest_pain_radiating_arm_jaw", None),
    ],
)
def test_relatives_severity_and_radiation(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a conviction of persecution, control or possession is a delusion, whoever is named
        ("she is convinced her neighbours are poisoning her water supply", "sym_delusions", None),
        ("he insists that the television is broadcasting his thoughts", "sym_delusions", None),
        ("she believes her daughter is possessed by a demon", "sym_delusions", None),
        ("he believes the rash started after a new soap", None, "sym_delusions"),
        # a loss told as a change, and sounds and spinning told by their verbs
        ("since the flu he can no longer hear on the left side", "sym_hearing_loss", None),
        ("she is no longer able to climb the stairs without stopping", None, "quality_pain"),
        ("his left ear roars all day", "sym_tinnitus", None),
        ("when she rolls over the room whirls", "sym_vertigo", None),
        ("the corneal reflex is decreased on the left", "sign_corneal_reflex_absent", None),
        # an infarction told as history, and meningitis in the past
        ("Past history includes an NSTEMI six years ago.", "rf_known_ihd", "lab_high_troponin"),
        ("he has a history of STEMI treated with a stent", "rf_known_ihd", "test_ecg_st_elevation"),
        ("two months ago she was treated for meningococcal meningitis", "rf_previous_meningitis", None),
    ],
)
def test_beliefs_losses_and_past_events(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a telling verb after a denial starts what is told, not denied
        ("she denies weight loss and states that the bloating comes after meals", "trigger_meals", None),
        ("he denies chest pain but says he gets breathless climbing stairs", "sym_exertional_dyspnoea", "sym_chest_pain"),
        # a return appointment is booked, not a condition set
        ("while booking his return visit you notice he seems emotionless and cold", "sym_detached_loner", None),
    ],
)
def test_telling_after_a_denial_and_follow_up(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        ("an MRI of the sacroiliac joints shows erosions and sclerosis on both sides", "imaging_sacroiliitis", None),
        ("the pelvic x-ray shows the SI joints are fused", "imaging_sacroiliitis", None),
    ],
)
def test_sacroiliac_imaging_by_what_it_finds(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a time ago that dates a history item, when the complaint has its own time
        ("He gave up smoking 15 years ago and has had a hoarse voice for 4 weeks.", "duration_weeks", "duration_over_2_years"),
        ("She came off warfarin three months ago; this morning her speech became slurred.", None, "duration_1_to_6_months"),
        # a time ago with nothing nearer still dates the complaint
        ("She lost her job 2 months ago and has felt low since.", "duration_1_to_6_months", None),
    ],
)
def test_a_time_ago_of_a_history_item(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a mass an image shows is the image's finding
        ("CT of the abdomen shows a 5-cm mass in the left kidney", None, "sign_palpable_mass"),
        ("on examination a firm mass is palpable under the skin of the forearm", "sign_palpable_mass", None),
        # looking up is a faint's trigger only beside a faint or a dizzy turn
        ("she cannot look up and her pupils react poorly to light", None, "trigger_neck_pressure"),
        ("he blacked out while looking up to hang a picture", "trigger_neck_pressure", None),
        # how a patient walks is the gait, not walking as a trigger
        ("he walks with a wide-based gait and cannot walk heel to toe", "sign_wide_based_gait", "trigger_exertion"),
        ("she walks unsteadily and has fallen twice", "sym_unsteady_gait", "trigger_exertion"),
        ("his calf cramps after walking 100 metres", "trigger_exertion", None),
    ],
)
def test_images_triggers_and_gaits(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # dorsal column sensation found intact is a normal examination, not a dissociated loss
        ("Sensation to light touch, vibration and proprioception is intact.", None, "sign_dissociated_sensory_loss"),
        ("pain and temperature are lost below T6 but proprioception is intact", "sign_dissociated_sensory_loss", None),
        # older and depot antipsychotics are dopamine blockers
        ("she has had monthly fluphenazine injections for years", "med_dopamine_blocker", None),
        # a pupil told by its size, and two sizes apart
        ("the right pupil measures 8 mm and is nonreactive", "sign_pupil_dilated_unreactive_predicate", None),
        ("the left pupil is 2 mm and the right 5 mm in the same light", "sign_anisocoria", None),
        ("the right pupil is 4 mm and the left pupil is 4 mm", None, "sign_anisocoria"),
        # one swollen disc is not papilloedema
        ("on fundoscopy the left optic disc is swollen", "sign_optic_disc_swelling", "sign_papilloedema"),
    ],
)
def test_sensation_drugs_pupils_and_discs(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # everyday words that are also a finding's words, in their everyday sense
        ("she takes regular business trips to Singapore", None, "rf_fall"),
        ("he tripped over a step and fell onto his wrist", "rf_fall", None),
        ("he was the driver in a motorway pile-up", "trigger_vehicle_collision", "sym_anal_lump"),
        ("he skips meetings at work because he fears being judged", None, "trigger_jumping"),
        ("the worry dates back to her teens", None, "site_low_back"),
        ("she locked the front door and would not let anyone in", None, "sym_locking"),
        ("he spends hours memorising train timetables", None, "trigger_exertion"),
    ],
)
def test_everyday_words_in_their_everyday_sense(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # the body's signs of anxiety are not sites of a complaint
        ("when he has to present at work his palms sweat and his heart pounds", "sym_sweating", "site_palm"),
        ("in meetings her face goes red and she stumbles over her words", "sym_blushing", "sign_erythema"),
    ],
)
def test_signs_of_anxiety_are_not_sites(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a plain denial right before a phrase that begins with its verb
        ("she has not had a seizure since starting the tablets", None, "sym_seizure"),
        ("he has not heard voices at any point", None, "sym_hallucinations"),
        # a time after a delivery told with the delivery described
        ("two months after an uneventful vaginal delivery she feels hot and shaky", "postpartum", None),
        # a journey to or from a country named by its name
        ("he got back from a month in Guatemala last week", "rf_recent_travel_abroad", None),
        ("she returned from a hiking trip in Colorado", None, "rf_recent_travel_abroad"),
    ],
)
def test_denials_deliveries_and_journeys(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # the length of a marriage is no duration of the complaint
        ("her husband of 52 years died in the spring and she cannot sleep", "rf_bereavement", "duration_over_2_years"),
        # a described sign, and a pile of work
        ("on arrival his pupils are the size of pinheads and he is barely breathing", "sign_pinpoint_pupils", None),
        ("she lets the dishes pile up and stays in bed", None, "sym_anal_lump"),
    ],
)
def test_marriages_pinheads_and_piles_of_work(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # the items of an "or" list after a denial that ran into its first phrase are denied too
        ("he has not heard voices or seen things that others cannot see", None, "sym_hallucinations"),
        ("she has never made herself vomit, used laxatives, or exercised to lose weight", None, "med_laxative_misuse"),
        # a clause of its own after the denial is not one of its items
        ("she has not had a fever, and her cough is worse at night", "sym_cough", None),
    ],
)
def test_items_of_a_denied_or_list(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_a_report_describes_a_lesion_with_stacked_adjectives(core):
    assert_reads(core, "chest CT shows a spiculated peripheral mass in the left lower lobe", "imaging_lung_mass", None)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a relative whose own verb is the finding has it, not the patient
        ("a 19-year-old with heavy periods. Her older sister bruises easily", "rf_family_history_bleeding", "sign_petechiae"),
        ("his sister bruises easily and he has nosebleeds", "sym_epistaxis", "sign_petechiae"),
        # the pregnancy a patient was born after was the mother's
        ("a 22-year-old man, born after an uneventful pregnancy, has chest pain", "sym_chest_pain", "pregnancy"),
        ("she was born by normal vaginal delivery and at 24 has headaches", "sym_headache", "postpartum"),
        ("a 26-year-old, born by c-section following a difficult labour, has a cough", "rf_caesarean_birth", "pregnancy"),
        ("she is 30, born in Leeds, and 10 weeks pregnant with vomiting", "pregnancy", None),
        # a bite or a wound long ago is no exposure now; a recent one is
        ("he was bitten by a dog at the age of 6 and now has a red painful eye", None, "rf_animal_bite"),
        ("bitten by a stray dog in Bali 5 weeks ago, now agitated and drooling", "rf_animal_bite", None),
        ("she had an open fracture of the tibia many years ago and now has a fever", None, "rf_contaminated_wound"),
    ],
)
def test_what_belongs_to_a_relative_a_birth_or_long_ago(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # what was never had before is had now, for the first time
        ("she went rigid and jerked all over; she has never had a seizure before", "sym_seizure", None),
        ("he has never felt chest pain like this before", "sym_chest_pain", None),
        ("he has never felt chest pain like this before", "sym_first_event", None),
        # a reason for what was not done is told, not denied
        ("he has avoided dating for fear of being rejected", "sym_fear_of_rejection", None),
        ("she rarely goes out because she is afraid of crowds", "sym_agoraphobic_fear", None),
        # "neither ... nor" denies both
        ("the patch is neither itchy nor painful", None, "sym_itch"),
        # "non" belongs to the word it is written onto
        ("a firm non-tender inguinal node on the left", "sign_inguinal_lymphadenopathy", None),
        ("non-bloody diarrhoea for a week", "sym_diarrhoea", "sym_bloody_diarrhoea"),
        # a place a rash spares is not affected; a rash on the palms and soles is a palmar-plantar rash
        ("a scaly rash on the trunk that spares the palms and soles", "sign_rash", "site_palms_soles"),
        ("a copper-coloured rash on the palms and soles", "sign_palm_sole_rash", "sign_hand_foot_vesicles"),
        # idioms in their everyday sense
        ("she says her sister gossips about her behind her back", None, "site_low_back"),
        ("he was caught shoplifting last month", None, "sym_locking"),
        ("his knee catches and locks when he turns", "sym_locking", None),
        ("she spends her evenings on art projects", None, "rf_hiv_known"),
        ("HIV diagnosed in 2015, on ART with an undetectable viral load", "rf_hiv_known", None),
        ("she keeps sobbing during the consultation", None, "sym_dyspnoea"),
        ("he says he hears no voices", None, "sym_loss_of_voice"),
        ("epigastric pain that waxes and wanes", "sym_epigastric_pain", "rf_shaving_hair_removal"),
        ("vitamin C every day to combat a cold", None, "rf_traumatic_event"),
        ("she came back from a camping trip with a rash", None, "rf_fall"),
        ("he tripped over the cat and hit his head", "rf_fall", None),
        # thinner body hair is no excess hair
        ("he has noticed sparse facial hair and a low libido", "sign_loss_of_body_hair", "sign_hirsutism"),
    ],
)
def test_denials_reasons_spared_places_and_idioms(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_a_duration_within_a_denial_is_not_denied(core):
    assert "duration_chronic" not in core.extractor.extract("she has not been able to work for years").absent


def test_a_fever_of_exactly_38_is_a_fever(core):
    assert "sym_fever" in core.extractor.extract("temperature 38.0°C (100.4°F), pulse 96").present


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        # a parent named by an age is the patient, unless someone's parent or bringing a child
        ("a 41-year-old mother of three has had a cough for a month", 41.0, "sex_female"),
        ("a 58-year-old father of two has central chest pain", 58.0, "sex_male"),
        ("his 79-year-old mother has dementia; he has a headache", None, "sex_male"),
        ("a 30-year-old father brings his 5-year-old daughter with a rash", 5.0, "sex_female"),
    ],
)
def test_a_parent_named_by_an_age(core, text, age, sex):
    found = core.extractor.extract(text)
    assert (found.age, sex in found.present) == (age, True)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a blood pressure's arm is where it was taken, not a complaint's place
        ("blood pressure in the left arm is 162/98 mm Hg", "sign_raised_bp", "site_upper_limb"),
        ("left arm blood pressure 88/50 mm Hg", None, "site_upper_limb"),
        ("a feeling of pressure on the left side of the face", "lat_left", None),
        # activity words that tell no trigger
        ("more bloods are run to look for a cause", None, "trigger_exertion"),
        ("she has been given a home exercise programme", None, "trigger_exertion"),
        ("he was found lying in a pool of his own blood", None, "rf_swimming"),
        ("she wants to lose weight before the summer", None, "sym_weight_loss"),
        ("she was told to walk more and lose weight", None, "sym_weight_loss"),
        ("he started to lose weight in the spring", "sym_weight_loss", None),
        # a milestone told late, and walking that is hard
        ("she did not walk until she was 2", "sym_delayed_motor_milestones", "trigger_exertion"),
        ("he has had trouble walking for a month", "sym_unsteady_gait", "trigger_exertion"),
    ],
)
def test_places_of_a_test_and_activity_words_that_are_no_trigger(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a stabbing pain is a pain's quality, not a stab wound
        ("a sharp, stabbing pain under the ribs on the right", None, "rf_trauma"),
        ("he was stabbed in the thigh last night", "rf_trauma", None),
        # a sweet smell of a baby's urine is the maple-syrup odour
        ("a 6-day-old with poor feeding and sweet-smelling nappies", "sign_maple_syrup_odour", None),
    ],
)
def test_pain_qualities_and_a_babys_odour(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_a_short_qt_is_read_as_its_own_ecg_finding(core):
    assert_reads(core, "his ECG shows a shortened QT interval and he is constipated", "test_ecg_short_qt", "test_ecg_long_qt")


def test_an_exam_patient_information_block_gives_age_with_its_unit_and_sex(core):
    found = core.extractor.extract("Patient Information. Age: 2 days. Sex: M. Reason for visit: not moving his left arm")
    assert (round(found.age * 365.25), "sex_male" in found.present, "age_first_days_of_life" in found.present) == (2, True, True)


@pytest.mark.parametrize(
    "text",
    [
        "Age: 1 day. Spontaneous labour; the baby was delivered vaginally yesterday and her arm is floppy",
        "a 2-year-old girl born by emergency caesarean after a long labour has a fever",
    ],
)
def test_a_young_childs_birth_story_is_no_pregnancy_of_the_child(core, text):
    assert not {"pregnancy", "labour", "postpartum"} & core.extractor.extract(text).present


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # idioms of behaviour told in a psychiatric history are no body's site, pain or trigger
        ("there are piles of old post on every chair", None, "sym_anal_lump"),
        ("he holds back from getting close to anyone", None, "site_low_back"),
        ("on interview he is wary and guarded", None, "sign_peritonism"),
        ("the abdomen is soft with guarding in the right iliac fossa", "sign_peritonism", None),
        ("at work he always sits facing the door", None, "site_face"),
        ("she snaps at her children over nothing", None, "sym_clicking"),
        ("as a boy he would hurt animals", None, "quality_pain"),
        ("a long-running dispute with his landlord", None, "trigger_exertion"),
        ("she ran up large debts on her cards", None, "trigger_exertion"),
        ("she falls out with every flatmate", None, "rf_trauma"),
        ("he saw a shooting outside his shop", None, "quality_shooting"),
        ("a shooting pain into the buttock", "quality_shooting", None),
        ("she hears things that nobody else can hear", "sym_hallucinations", "sym_hearing_loss"),
        ("he says he cannot see a future for himself", "sym_hopelessness", "sym_vision_loss"),
        ("since the assault he startles easily", "sym_hypervigilance", "trigger_startle"),
        ("she has cut herself off from her family", "sym_social_withdrawal", "sym_self_harm"),
        ("he talks about himself all evening", None, "sym_paranoia"),
        ("she spent a year's savings in a week", None, "duration_over_6_months"),
        ("her mind never switches off at night", "sym_anxiety", None),
    ],
)
def test_idioms_of_behaviour_are_no_body_findings(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # "both of his", "the patient's": the plain words of the vocabulary's phrases
        ("a toddler with a bright rash on both of her cheeks", "sign_sandpaper_rash_sparing", None),
        ("a red itchy rash under the patient's breasts", "site_skin_folds", "site_breast"),
        ("the patient's mother has type 1 diabetes", "rf_family_history_diabetes_type1", None),
        # a rash's lacy pattern is no lung's
        ("a pink rash over the arms with a reticular pattern", "sign_sandpaper_rash_sparing", "imaging_interstitial_pattern"),
        ("high-resolution CT shows a reticular pattern at both bases", "imaging_interstitial_pattern", None),
        # blisters told by what fills them, and a Nikolsky sign told by rubbing
        ("small bumps filled with clear fluid on her forearms", "sign_vesicular_rash", None),
        ("the skin does not slough off with rubbing", None, "sign_nikolsky"),
        ("a red moist rash in the abdominal folds", "site_skin_folds", None),
    ],
)
def test_exam_wordings_of_the_skin(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a low oestradiol is low in both kinds of failure: the gonadotrophins tell which
        ("FSH is 72 IU/L and oestradiol is low", "lab_low_oestradiol", "lab_low_gonadotrophins"),
        ("LH and FSH are both low, with a low estradiol", "lab_low_gonadotrophins", None),
    ],
)
def test_low_oestradiol_is_its_own_finding(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a motor neurone's signs and Lhermitte's told in everyday words
        ("there is twitching of the calves and tongue", "sign_tongue_fasciculation", None),
        ("he keeps dropping cups and struggles to turn keys", "sym_clumsy_hands", None),
        ("an electric feeling shoots down her spine when she bends her head forward", "sym_lhermitte", "trigger_bending_lifting"),
    ],
)
def test_motor_and_spinal_signs_in_everyday_words(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # muscles always tight are muscle tension, not a stiff shoulder; a back is still a back
        ("her jaw and shoulders are always tense and she cannot relax", "sym_muscle_tension", "site_shoulder_girdle"),
        ("his back is tight and sore after gardening", "site_low_back", None),
        # an evening's clothes tell no time of day; to throw away is to discard
        ("she arrived in an evening gown for a morning clinic", None, "timing_evening"),
        ("he panics when his daughter tries to throw out old boxes", None, "trigger_overhead"),
        ("she was thrown from her horse onto the fence", "rf_trauma", "trigger_overhead"),
        ("his flat is filled to the ceiling with bags and boxes he cannot discard", "sym_hoarding", None),
    ],
)
def test_tension_clothes_and_clutter(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_a_few_hours_sleep_without_tiredness_is_a_reduced_need_for_sleep(core):
    assert_reads(core, "all week he has slept two hours a night yet feels full of energy", "sym_reduced_need_for_sleep", None)
    assert_reads(core, "she sleeps four hours a night and is exhausted", None, "sym_reduced_need_for_sleep")


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # each grade in a urine table is its own line's, and a negative line denies its substance
        ("Urinalysis:\nProtein 2+\nGlucose 3+\nKetones negative\nBlood negative", {"lab_proteinuria", "sym_glycosuria"}, set()),
        ("urine dipstick: protein 3+, blood negative", {"lab_proteinuria"}, {"lab_haematuria"}),
        # blood on the dipstick with no red cells is haem pigment, not bleeding
        (
            "Urine:\nBlood 3+\nRBC none\nProtein negative",
            {"lab_urine_blood_without_red_cells"},
            {"lab_haematuria", "lab_proteinuria"},
        ),
        (
            "dipstick was positive for blood, yet no red cells were seen on microscopy",
            {"lab_urine_blood_without_red_cells"},
            {"lab_haematuria"},
        ),
        ("Urinalysis: blood 2+, RBC 40/hpf", {"lab_haematuria"}, {"lab_urine_blood_without_red_cells"}),
    ],
)
def test_urine_dipstick_tables(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_negative_urine_lines_deny_their_substance(core):
    found = core.extractor.extract("Urinalysis:\nProtein 2+\nGlucose negative\nKetones negative\nBlood negative")
    assert {"sym_glycosuria", "lab_ketonuria", "lab_haematuria"} <= found.absent


def test_free_haemoglobin_in_the_urine_is_blood_without_red_cells(core):
    kb = core.kb
    assert "lab_urine_blood_without_red_cells" in kb.findings["lab_haemoglobinuria"].implies


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # a value told as a change is the later one
        ("after the infusion her pulse climbed from 88 to 126", {"sign_tachycardia"}, set()),
        ("her blood pressure fell from 142/90 to 78/40 within minutes", {"sign_hypotension"}, set()),
        ("serum sodium went from 139 to 118 mEq/L over two days", {"lab_low_sodium"}, {"lab_high_sodium"}),
        # a stabbing pain is a quality, not a stab wound
        ("sharp, stabbing, colicky flank pain", {"quality_pain"}, {"rf_trauma"}),
        # a lesion that feels cold is cold to the touch, not a patient who feels the cold
        ("a purple plaque on the shin that feels cool", set(), {"sym_cold_intolerance"}),
        # red or pink urine is blood until shown otherwise; brown or cola urine a pigment
        ("he noticed reddish urine this morning", {"lab_haematuria"}, {"sym_dark_urine"}),
        ("passing tea-coloured urine since the marathon", {"sym_dark_urine"}, set()),
    ],
)
def test_changes_qualities_touch_and_urine_colour(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # a denial taken into the list's first phrase still covers the "or" list after it
        ("there were no previous seizures, head trauma or drug use", set(), {"rf_head_injury", "rf_trauma", "rf_substance_use"}),
        # drugs smoked, binged and stopped are the drug's use and cessation, not tobacco, drink or a run
        ("he has been smoking crack most nights", {"rf_stimulant_use"}, {"rf_smoking"}),
        ("two days into the comedown after ending a meth binge", {"rf_stimulant_cessation"}, {"trigger_purine_alcohol"}),
        ("out on a cocaine run all weekend", {"rf_stimulant_use"}, {"trigger_exertion"}),
        ("he drank meths from the garage", {"rf_toxic_alcohol_ingestion"}, {"rf_stimulant_use"}),
        # sleep of 11 hours or more told with any number; a missed meeting is no jump
        ("now she sleeps nearly 14 hours every night", {"sym_long_sleep"}, set()),
        ("he skipped two meetings this month", set(), {"trigger_jumping"}),
        ("her mood has been very low, and her speech is disorganised", {"sym_disorganised_thought"}, {"sym_inattention"}),
        ("Leucocytes 1,800/mm3", {"lab_low_wcc"}, set()),
    ],
)
def test_substances_sleep_and_lists_in_narrative(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected",
    [
        # personality criteria told as acts, beliefs or fears (DSM-5-TR), not named
        ("she turns down every invitation, scared that the others would not like her", "sym_fear_of_rejection"),
        ("he cannot choose a sandwich without checking with his mother first", "sym_excessive_dependence"),
        ("he is convinced he is smarter than everyone in his department", "sym_entitlement_no_empathy"),
        ("she came to clinic wearing a sequinned top and flirting with the porter", "sym_attention_seeking"),
        ("he is unwilling to delegate, so the report is three weeks late", "sym_perfectionism_rigidity"),
        ("she spends evenings writing elaborate schedules for the household", "sym_perfectionism_rigidity"),
        # psychotic experience told by its content
        ("she says her dead grandmother talks to her from the wardrobe", "sym_hallucinations"),
        ("he insists the neighbours have been poisoning his water supply", "sym_delusions"),
        # health anxiety and a phobia the patient sees as excessive
        ("over the past year she has consulted nine different specialists about her heart", "sym_health_anxiety"),
        ("he acknowledges the fear is irrational but still cannot board a plane", "sym_phobic_fear"),
    ],
)
def test_psychiatric_criteria_told_as_behaviour(core, text, expected):
    assert expected in core.extractor.extract(text).present


@pytest.mark.parametrize(
    "text, unexpected",
    [
        ("the government is funding a new clinic", "sym_delusions"),
        ("he does not let anyone help him carry the shopping", "sym_perfectionism_rigidity"),
        ("she has seen her doctor twice about the cough", "sym_health_anxiety"),
    ],
)
def test_ordinary_acts_are_no_psychiatric_criteria(core, text, unexpected):
    assert unexpected not in core.extractor.extract(text).present


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # a test that finds nothing denies; a hormone that is undetectable is low
        ("ethanol was undetectable in his blood", set(), {"sign_intoxicated"}),
        ("his serum ethanol is undetectable although he drinks daily", {"rf_alcohol"}, {"sign_intoxicated"}),
        ("the TSH was undetectable on repeat", {"lab_low_tsh"}, set()),
        # an undetectable viral load is HIV under control, not HIV denied
        ("HIV since 2009, on ART; her viral load remains undetectable", {"rf_hiv_known"}, set()),
        # an image of a part, and a normal neurological examination
        ("an MRI of the lumbar spine was normal", {"imaging_normal_mri"}, set()),
        ("the neurological examination was entirely unremarkable", set(), {"sign_focal_neurology"}),
        # the examiner's hand, a face reddening in company, pale urine, touch, and a sunburn simile
        ("the physician rests a hand on his forearm", set(), {"sym_hand_symptoms"}),
        ("her cheeks go scarlet whenever people look at her", {"sym_blushing"}, {"sign_erythema"}),
        ("he passes litres of pale straw-coloured urine", {"lab_dilute_urine"}, {"sign_pallor"}),
        ("the shin is sensitive to the lightest touch", {"sign_allodynia"}, {"sym_photophobia"}),
        ("a sunburn-like redness spreading over the trunk", set(), {"rf_recent_sunburn_exposure"}),
    ],
)
def test_results_examiners_and_everyday_descriptions(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # an infant's hip examined as a manoeuvre is the unstable-hip sign
        ("in the nursery a clunk is felt as the right hip is abducted", {"sign_hip_instability_infant"}, set()),
        ("as the hips are adducted and pushed back, there is a click on the left", {"sign_hip_instability_infant"}, set()),
        # a murmur's timing kept apart from the word by other adjectives
        ("a loud holosystolic, blowing murmur at the apex", {"sign_pansystolic_murmur"}, set()),
        # a relative who died suddenly is family history of sudden death, not the patient's death
        ("his cousin died suddenly while swimming at 19", {"rf_family_history_sudden_death"}, set()),
        # wheeze localised to one area is a focal wheeze
        ("there is wheeze localised to the left upper zone", {"sign_focal_wheeze"}, set()),
    ],
)
def test_exam_manoeuvres_murmurs_and_focal_signs(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_no_slipped_epiphysis_under_two(core):
    found = core.extractor.extract("3 week old girl, the left hip clunks and the leg looks short")
    post = core.model.score(found.present, found.absent)
    assert post.probability[core.model.index_of("slipped_capital_femoral_epiphysis")] == 0.0


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # one "are normal" shared by a list of examined items, and normal reflexes told by grade
        ("Power, tone and reflexes in both arms are normal", {"sign_normal_reflexes"}, {"quality_weakness"}),
        ("knee and ankle reflexes are 2+ and symmetric; plantar responses are flexor", {"sign_normal_reflexes"}, set()),
    ],
)
def test_normal_examinations_told_as_lists_and_grades(core, text, present, absent):
    found = core.extractor.extract(text)
    assert present <= found.present
    assert absent <= found.absent


@pytest.mark.parametrize(
    "text, absent, present",
    [
        # a two-word denial ("never had", "not had any") carries through the "or" list after it,
        # an article before an item included
        ("he has never had fits, a head injury or drug use", {"rf_head_injury", "rf_substance_use"}, set()),
        ("she has not had any fevers, a rash or joint pain", {"sym_fever", "sign_rash", "sym_arthralgia"}, set()),
        # ... but not into a clause of its own
        ("she has never had a seizure, and a rash appeared today", {"sym_seizure"}, {"sign_rash"}),
    ],
)
def test_two_word_denials_before_an_or_list(core, text, absent, present):
    found = core.extractor.extract(text)
    assert absent <= found.absent and not absent & found.present, (text, found)
    assert present <= found.present


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # a food not eaten is a diet, not a lost appetite; no meat at all is a vegetarian diet
        ("she does not eat liquorice", set(), {"sym_loss_of_appetite"}),
        ("he doesn't eat meat", {"rf_vegan_diet"}, {"sym_loss_of_appetite"}),
        # an amount not eaten, or nothing at all, stays a lost appetite
        ("she is not eating much these days", {"sym_loss_of_appetite"}, set()),
        ("he won't eat anything", {"sym_loss_of_appetite"}, set()),
        # a share of the white cells told after the number ("85% are lymphocytes") is that cell's count
        ("white cells 21,000/mm3, of which 85% are lymphocytes", {"lab_lymphocytosis"}, set()),
    ],
)
def test_foods_not_eaten_and_shares_told_after_the_number(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # everyday words that share a stem with a sign: the verb "guard", an explosion, "private"
        ("the voices order him to guard the front door", set(), {"sign_peritonism"}),
        ("she keeps reliving the blast that injured her", set(), {"lab_blasts"}),
        ("he thinks the radio sends him private codes", set(), {"site_genital"}),
        ("the film shows circulating blasts", {"lab_blasts"}, set()),
        # "right" as correct, not a side
        ("she checks the locks because they never feel right", set(), {"lat_right"}),
        ("he insists on doing every task exactly right", set(), {"lat_right"}),
        ("everything has to be just right for him", {"sym_perfectionism_rigidity"}, {"lat_right"}),
        ("tender just right of the navel", {"lat_right"}, set()),
        # a rate of nights is no duration
        ("he wakes up shouting most nights a week", set(), {"duration_weeks"}),
        # trauma symptoms told as scenes
        ("she flinches whenever a car backfires", {"sym_hypervigilance"}, {"trigger_jumping"}),
        ("pictures of the collision keep coming back to him", {"sym_flashbacks"}, set()),
        # a belief told with certainty
        ("she is sure that others envy her", {"sym_entitlement_no_empathy"}, set()),
        ("she has always kept to herself and never had a close friend", {"sym_detached_loner"}, set()),
    ],
)
def test_everyday_words_and_behaviour_told_as_scenes(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # bedside signs told as what the examiner did and saw
        (
            "the left pupil does not constrict to its own light but does react when the torch is in the right eye",
            {"sign_rapd"},
            set(),
        ),
        ("absent direct light reflex on the left with an intact consensual reflex", {"sign_rapd"}, set()),
        ("the vibrating fork on the vertex is heard better in the right ear", {"sign_weber_lateralised"}, set()),
        (
            "as he raises his good leg against the examiner's hand, the weak heel pushes down into the couch",
            {"sign_hoover"},
            set(),
        ),
        ("touching her left palm makes her grasp the examiner's finger", {"sign_grasp_reflex"}, {"site_palm"}),
        ("a loud blowing sound is heard over the right flank", {"sign_bruit"}, {"sym_tinnitus"}),
        ("the fundus shows a milky white retina", {"sign_pale_retina_cherry_spot"}, set()),
    ],
)
def test_bedside_signs_told_in_plain_words(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a value told again later: the later one is the patient's now, and the time between is no duration
        ("potassium was 4.1 at the last clinic visit and is now 6.4 mmol/L", {"lab_high_potassium"}, set()),
        ("her haemoglobin was 13.5 g/dL in spring and is now 8.2 g/dL", {"lab_low_haemoglobin"}, set()),
        ("troponin 8 ng/L at triage and 240 ng/L six hours later", set(), {"duration_days"}),
        ("creatinine 70 umol/L before the operation and 290 umol/L now", {"lab_high_creatinine"}, set()),
        ("sodium is currently 121 mmol/L", {"lab_low_sodium"}, set()),
        # a table row of a name and one value
        ("| Potassium (mmol/L) | 2.6 |", {"lab_low_potassium"}, set()),
    ],
)
def test_values_told_later_and_table_rows(core, text, present, absent):
    found = core.extractor.extract(text)
    assert present <= found.present, (text, found.present)
    assert not absent & found.present, (text, found.present)
    assert not present & found.absent, (text, found.absent)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # an alkalaemia with a low pCO2 is respiratory; an acidaemia with a high pCO2 likewise
        ("ABG: pH 7.51, pCO2 24 mmHg, HCO3 23", {"lab_hypocapnia"}, {"lab_metabolic_alkalosis"}),
        ("ABG: pH 7.22, pCO2 72 mmHg, HCO3 28", {"lab_hypercapnia"}, {"lab_metabolic_acidosis"}),
        # ... unless the bicarbonate itself says metabolic
        ("ABG: pH 7.12, pCO2 55 mmHg, HCO3 14", {"lab_metabolic_acidosis"}, set()),
        ("ABG: pH 7.55, pCO2 48 mmHg, HCO3 38", {"lab_metabolic_alkalosis"}, set()),
    ],
)
def test_acid_base_told_by_ph_and_co2(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a denial inside a relative clause keeps to it
        ("a 66-year-old man who does not drink suddenly developed tearing chest pain", {"sym_chest_pain", "onset_sudden"}),
        ("a woman who has never smoked presented with haemoptysis", {"sym_haemoptysis"}),
        # an overdose told by the empty bottles beside the patient
        ("her flatmate found her drowsy, surrounded by pill bottles", {"rf_unknown_overdose"}),
    ],
)
def test_relative_clause_denials_and_overdose_scenes(core, text, expected):
    found = core.extractor.extract(text)
    assert expected <= found.present, (text, found.present, found.absent)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # imaging and exam results told in plain words
        ("on ultrasound the calf vein won't compress under the probe", {"imaging_dvt_ultrasound"}, {"quality_pressing_pain"}),
        ("the scan shows a black gap within the contrast in the right pulmonary artery", {"imaging_ct_pe"}, set()),
        ("the abdominal aorta measures 6.1 cm across", {"imaging_aaa"}, set()),
        ("x-ray: a shadow in the left lung with an air-filled centre", {"imaging_cavitation"}, set()),
        ("CT shows a 2 cm nodule in the left upper lobe", {"imaging_lung_mass"}, set()),
        ("the right lower chest is white, with a concave upper border", {"imaging_pleural_effusion"}, set()),
        ("a fine line runs along the right apex with no lung markings outside it", {"imaging_pneumothorax"}, set()),
        ("both kidneys are enlarged and full of numerous cysts", {"imaging_polycystic_kidneys"}, set()),
        ("Doppler: no flow reaching the right testicle", {"imaging_absent_testicular_flow"}, set()),
        (
            "there is a mass above the navel which pulsates with every heartbeat",
            {"sign_pulsatile_abdominal_mass"},
            {"sym_palpitations"},
        ),
        ("rocking the cervix makes her cry out in pain", {"sign_cervical_motion_tenderness"}, set()),
        ("the spleen can be easily felt", {"sign_splenomegaly"}, set()),
        ("her eyes have turned yellow", {"sign_jaundice"}, set()),
        ("his jugular veins fill further as he breathes in", {"sign_kussmaul_sign"}, set()),
        ("neck veins distended up to the earlobes", {"sign_raised_jvp"}, set()),
        ("the systolic pressure falls by 15 mmHg when she inhales", {"sign_pulsus_paradoxus"}, set()),
        ("the belly is barely tender despite his writhing", {"sym_pain_out_of_proportion_abdomen"}, set()),
        ("he vomited a cupful of fresh blood", {"sym_haematemesis"}, set()),
        ("the smear shows sickle-shaped red cells", {"lab_sickle_cells_hbs"}, {"test_biopsy_crescents"}),
        ("his urine was deep red this morning", {"lab_haematuria"}, {"sign_erythema"}),
    ],
)
def test_imaging_and_exam_results_in_plain_words(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, unexpected",
    [
        # what a comparison likens a symptom to did not happen
        ("the ache feels like my ribs are being crushed", {"rf_crush_or_compression"}),
        ("my tummy is as big as if I were pregnant", {"pregnancy"}),
        ("the pain came like a punch to the gut", {"trigger_punching"}),
        ("a sudden stab of pain in the side", {"rf_trauma"}),
    ],
)
def test_similes_tell_no_exposure(core, text, unexpected):
    assert_reads(core, text, None, unexpected)


def test_a_pleural_fluid_glucose_is_not_the_bloods(core):
    found = core.extractor.extract("Pleural fluid: glucose 30 mg/dL, LDH 1,400 U/L")
    assert "test_pleural_infection" in found.present
    assert not {"lab_low_glucose", "lab_high_ldh"} & found.present


@pytest.mark.parametrize(
    "text, expected",
    [
        # psychotic symptoms as a relative tells them
        ("at night he answers people who are not there", "sym_hallucinations"),
        ("his mother says he keeps laughing to himself", "sym_hallucinations"),
        ("she is sure the weather presenter sends her messages", "sym_delusions"),
        ("in conversation he drifts off topic within a sentence", "sym_disorganised_thought"),
        # personality traits told as acts and worries
        ("she turns down every invitation, afraid of being mocked", "sym_fear_of_rejection"),
        ("he says ward work is beneath him", "sym_entitlement_no_empathy"),
        ("she says there is only one right way to fold towels", "sym_perfectionism_rigidity"),
        ("he is not interested in having friends and lives alone", "sym_detached_loner"),
    ],
)
def test_psychiatric_criteria_told_as_acts(core, text, expected):
    assert_reads(core, text, expected, None)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # a patient's own tellings of findings the vocabulary names
        ("the ache goes away once I stand still for a minute", {"relief_rest"}, {"timing_rest"}),
        ("34 weeks pregnant and the baby has barely moved today", {"sym_reduced_fetal_movements"}, {"age_infant"}),
        ("he drinks every night after work", {"rf_alcohol"}, {"timing_nocturnal"}),
        ("my period is nearly three weeks late", {"sym_missed_period"}, {"duration_weeks"}),
        ("her periods have been crippling since she was 14", {"sym_dysmenorrhoea"}, set()),
        ("they have been trying to conceive for three years without success", {"rf_infertility"}, {"duration_over_2_years"}),
        ("she moved over from the Philippines last spring", {"rf_tb_exposure"}, set()),
        ("his blood pressure's high", {"sign_raised_bp"}, set()),
        ("a wet cough, now with streaks of blood in it", {"sym_haemoptysis"}, set()),
        ("a dull pain low down on my right side", {"sym_lower_abdominal_pain"}, set()),
        ("my daughter has gone skin and bone", {"sym_weight_loss"}, set()),
        ("he wears heavy jumpers in summer", set(), {"trigger_jumping"}),
        ("migraines about once a month", set(), {"duration_weeks", "duration_1_to_6_months"}),
        ("my heart suddenly takes off and I feel it thumping in my neck", {"sym_palpitations"}, set()),
        ("a heavy feeling across my chest when I climb the stairs", {"sym_chest_pain"}, set()),
        ("tiny red lines under the nails and painful lumps on the fingertips", {"sign_endocarditis_stigmata"}, {"sign_rash"}),
        ("his fingertips look like drumsticks", {"sign_clubbing"}, set()),
        ("my shoulder hurts halfway up when I lift my arm", {"sym_painful_arc"}, set()),
        ("she thinks she is fat though she is underweight", {"sym_fear_of_weight_gain"}, set()),
        ("he loses things all the time and misses deadlines", {"sym_inattention"}, set()),
        ("she blurts out answers and interrupts others", {"sym_impulsivity"}, set()),
        ("before the headache she sees zigzag lines", {"sym_migraine_aura"}, set()),
        ("my hearing has gradually faded over the last three years", {"sym_hearing_loss", "onset_gradual"}, set()),
    ],
)
def test_a_patients_own_tellings(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # chat shorthand of the ward and the clinic
        ("prev appendicectomy, now colicky pain and vomiting", {"rf_previous_abdominal_surgery"}, {"rf_recent_surgery"}),
        ("neut 0.3 after chemo, febrile", {"lab_neutropenia"}, set()),
        ("third ED visit this week", set(), {"rf_connective_tissue_disorder"}),
        ("crackles at the L 4th ICS", set(), {"med_inhaled_steroid"}),
        ("ex-smoker, 25 pack-yrs", {"rf_smoking"}, set()),
        ("fell on ice, #wrist on x-ray", {"site_wrist"}, set()),
        ("CXR: collapse of the L lower lobe", {"imaging_atelectasis"}, {"sym_syncope"}),
        ("sats 90% and dropping", set(), {"rf_trauma", "rf_fall"}),
        ("hep C status unknown", set(), {"rf_hepatitis_c"}),
        ("MAP 55 not responding to fluid boluses", set(), {"sym_reduced_consciousness"}),
        ("L nostril keeps running", {"sym_coryza"}, {"trigger_exertion"}),
        ("painful red eye, the eye feels rock hard", {"sign_raised_iop"}, {"sym_repetitive_behaviour"}),
        ("burning pain from the back round to the front of the chest", {"site_trunk"}, {"site_low_back"}),
        ("CRT 5 seconds, mottled", {"sign_peripheral_hypoperfusion"}, set()),
        ("8mo F, fever and rash", {"age_infant", "sex_female"}, set()),
        ("painless red spots on the palms and a new murmur", {"sign_endocarditis_stigmata"}, {"sign_hand_foot_vesicles"}),
    ],
)
def test_chat_shorthand_of_the_ward(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_an_unitless_glucose_between_20_and_59_is_not_read(core):
    # 48 is a hypoglycaemia in mg/dL and an HHS glucose in mmol/L: opposite emergencies
    found = core.extractor.extract("drowsy, dry, glucose 48")
    assert not {"lab_low_glucose", "lab_high_glucose"} & (found.present | found.absent)
    found = core.extractor.extract("drowsy, dry, glucose 48 mmol/L")
    assert "lab_high_glucose" in found.present


@pytest.mark.parametrize(
    "text",
    [
        # daily life kept up denies a functional decline (mild impairment, not dementia; a delusion
        # with function kept, not schizophrenia)
        "she forgets appointments but still manages her own finances",
        "he is convinced the neighbours read his post, yet still works full time",
    ],
)
def test_daily_life_kept_up_denies_a_functional_decline(core, text):
    found = core.extractor.extract(text)
    assert "sym_functional_decline" in found.absent, (text, found)


def test_a_lasting_delusion_with_function_kept_is_delusional_disorder_first(core):
    found = core.extractor.extract(
        "58-year-old woman, for a year convinced her neighbours are poisoning her garden, no hallucinations, "
        "continues to work normally"
    )
    post = core.model.score(found.present, found.absent, words=found.words)
    assert core.model.condition_ids[int(post.order()[0])] == "delusional_disorder"


@pytest.mark.parametrize(
    "text, absent, unexpected",
    [
        # a named sign told negative before its name is that sign not found
        ("RUQ tender but negative Murphy's sign", {"sign_murphys"}, {"sign_murphys"}),
        ("negative Prehn's sign on the right", {"sign_prehn_positive"}, {"sign_prehn_positive"}),
        ("negative straight leg raise test", {"sign_slr_positive"}, {"sign_slr_positive"}),
        # a side after the denial does not take it
        ("SLR negative bilaterally", {"sign_slr_positive"}, {"sign_slr_positive"}),
        # manoeuvres told as what they did not do
        ("moving the cervix didn't cause any pain", {"sign_cervical_motion_tenderness"}, set()),
        ("lifting the left testicle doesn't relieve the pain", {"sign_prehn_positive"}, {"sign_prehn_positive"}),
    ],
)
def test_signs_told_negative(core, text, absent, unexpected):
    found = core.extractor.extract(text)
    assert absent <= found.absent, (text, found)
    assert not unexpected & found.present, (text, found)


def test_a_testis_that_does_not_rise_has_no_cremasteric_reflex(core):
    assert_reads(core, "scratching the inner thigh fails to make the testicle rise up", "sign_absent_cremasteric_reflex", None)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        ("erect CXR: gas under the left hemidiaphragm", {"imaging_free_intraperitoneal_air"}, set()),
        ("his testicle is swollen and tender at the back of it", {"sym_scrotal_swelling"}, {"site_low_back"}),
        (
            "pelvic ultrasound: numerous small peripheral follicles in both ovaries",
            {"imaging_polycystic_ovaries"},
            {"sign_conjunctival_follicles"},
        ),
        ("the right ovary holds 15 follicles", {"imaging_polycystic_ovaries"}, {"sign_conjunctival_follicles"}),
    ],
)
def test_air_under_the_diaphragm_and_ovarian_follicles(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


def test_a_recent_last_period_rules_out_delivery_and_the_second_half_of_pregnancy(core):
    # a period 9 weeks ago: not postpartum, and a pregnancy (if any) under 20 weeks
    found = core.extractor.extract("24F, 9 weeks since her last period, cramping pain and some bleeding")
    assert "postpartum" in found.absent
    assert "lmp_under_20_weeks" in found.present
    post = core.model.score(found.present, found.absent, words=found.words)
    for cid in ("postpartum_haemorrhage", "placental_abruption", "uterine_inversion"):
        assert post.probability[core.model.index_of(cid)] == 0.0, cid
    # ... while a period 28 weeks ago leaves the second half of pregnancy open
    found = core.extractor.extract("31F, LMP 28 weeks ago, painful bleeding and a hard uterus")
    assert "postpartum" in found.absent and "lmp_under_20_weeks" not in found.present


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        ("sharp chest pain, eased by leaning forward", {"relief_sitting_forward"}, set()),
        ("72M hasn't PU'd since yesterday evening, lower abdo ache", {"sym_urinary_retention"}, set()),
        ("back from Thailand 3 days ago with fever", {"rf_recent_travel_abroad"}, {"word_back_as_adverb"}),
        ("flew back from Bangkok on Sunday", {"rf_recent_flight"}, set()),
        ("both legs puffy up to the knees", {"lat_bilateral", "quality_swelling"}, {"site_knee"}),
        ("headache, photophobia + neck stiffness", {"sym_photophobia", "sign_neck_stiffness"}, set()),
    ],
)
def test_more_chat_tellings(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("L ear muffled and ringing since this morning", {"sym_tinnitus", "sym_unilateral_tinnitus"}),
        ("right ear gone deaf, and it feels full", {"sym_aural_fullness"}),
        ("urine dip: protein +++, blood ++", {"lab_proteinuria", "lab_haematuria"}),
    ],
)
def test_ear_symptoms_told_after_the_ear_and_dipstick_pluses(core, text, expected):
    assert_reads(core, text, expected, None)


def test_the_time_since_a_last_period_is_no_duration_of_the_complaint(core):
    found = core.extractor.extract("LMP was 10 weeks ago; lower abdominal cramps for 2 days")
    assert "duration_days" in found.present
    assert not {"duration_weeks", "duration_1_to_6_months", "duration_chronic"} & found.present


@pytest.mark.parametrize(
    "text, found",
    [
        ("renal US: an enlarged echogenic left kidney with the absent venous signal", {"imaging_large_echogenic_kidneys"}),
        ("scan: a swollen testis with absent blood flow", {"sym_scrotal_swelling", "imaging_absent_testicular_flow"}),
        ("Doppler - enlarged R testicle with no flow", {"imaging_absent_testicular_flow"}),
    ],
)
def test_a_denial_before_its_own_noun_leaves_the_finding_before_it(core, text, found):
    """ "X with absent Y": only Y is missing; "pulses absent" still denies what it follows."""
    extraction = core.extractor.extract(text)
    assert found <= extraction.present and not found & extraction.absent, (text, sorted(extraction.present))


def test_a_denial_after_its_finding_still_denies_it(core):
    assert "sym_cough" in core.extractor.extract("cough absent, fever for 2 days").absent
    assert "sign_absent_pulses" in core.extractor.extract("foot pulses absent on the right").present


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        ("LMP two weeks ago, sharp one-sided low tummy pain since this morning", {"timing_midcycle"}, {"sym_missed_period"}),
        ("3 wks since her last period, some spotting", {"lmp_under_20_weeks"}, {"sym_missed_period"}),
        ("8 weeks since her last period, spotting", {"sym_missed_period"}, {"timing_midcycle"}),
        ("both ankles puffy, the left more than the right", {"sign_asymmetric_calf"}, set()),
        ("pitting oedema of both lower legs, worse in the right calf", {"sign_asymmetric_calf"}, set()),
        ("legs swollen to the knees", {"quality_swelling"}, {"sign_asymmetric_calf"}),
    ],
)
def test_a_period_two_weeks_ago_and_legs_swollen_one_more_than_the_other(core, text, expected, unexpected):
    """A last period two weeks ago is mid-cycle, and three weeks or less is no missed period; legs
    swollen one more than the other are asymmetric (the one-sided swelling of a DVT)."""
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        ("her thyroid-stimulating hormone is undetectable", {"lab_low_tsh"}, set()),
        ("serum thyroid stimulating hormone level was raised", {"lab_high_tsh"}, {"lab_low_tsh"}),
        ("the potassium level is low", {"lab_low_potassium"}, set()),
        ("calcium concentrations were elevated on two occasions", {"lab_high_calcium"}, set()),
        ("osmolal gap 28", {"lab_high_osmolar_gap"}, set()),
        (
            "measured osmolality 320; the difference between the measured and calculated osmolality is 24 mOsm/kg",
            {"lab_high_osmolar_gap"},
            set(),
        ),
        ("osmolar gap 4 mOsm/kg", set(), {"lab_high_osmolar_gap"}),
        ("urine shows envelope-shaped calcium oxalate crystals", {"lab_urine_calcium_oxalate_crystals"}, set()),
    ],
)
def test_results_told_by_their_level_full_name_or_gap(core, text, expected, unexpected):
    """A hormone by its full name, a result told as "the level is low", and the osmolar gap as a
    number or as the difference between measured and calculated osmolality."""
    assert_reads(core, text, expected, unexpected)


def test_a_high_insulin_is_not_also_a_high_c_peptide(core):
    """Injected insulin and the body's own excess both raise insulin; only the C-peptide tells
    them apart, so "insulin high, C-peptide low" is not read as both raised."""
    both = core.extractor.extract("hypo with glucose 2.0: insulin level was high and C-peptide was low").present
    assert {"lab_high_insulin", "lab_c_peptide_suppressed"} <= both
    assert "lab_high_insulin_c_peptide" not in both
    own = core.extractor.extract("fasting hypoglycaemia with a high C-peptide").present
    assert {"lab_high_insulin_c_peptide", "lab_high_insulin"} <= own


@pytest.mark.parametrize(
    "text, irregular",
    [
        ("PV: a firm, enlarged, irregularly-shaped uterus, mobile", True),
        ("knobbly uterus about 16 weeks' size", True),
        ("irregular uterus of 14-week size", True),
        ("bulky, globular, tender uterus", False),
    ],
)
def test_a_knobbly_uterus_is_told_from_an_evenly_enlarged_one(core, text, irregular):
    """Both are an enlarged uterus; only the irregular one is the fibroid uterus (NICE NG88)."""
    present = core.extractor.extract(text).present
    assert "sign_bulky_uterus" in present
    assert ("sign_irregular_uterus" in present) is irregular


def test_a_uterus_told_by_weeks_of_size_has_no_duration(core):
    found = core.extractor.extract("heavy periods; uterus 16 weeks' size on bimanual").present
    assert "sign_bulky_uterus" in found and not {"duration_1_to_6_months", "duration_chronic"} & found


def test_a_day_counted_in_hospital_is_an_inpatient(core):
    assert "rf_hospital_stay" in core.extractor.extract("82M day 5 in hospital after a stroke, now spiking").present
    assert "rf_hospital_stay" in core.extractor.extract("day 4 of her admission for cellulitis, new cough").present


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        ("runny motions with fresh blood for 4 days", {"sym_bloody_diarrhoea"}, set()),
        ("loose stools with streaks of blood and mucus", set(), {"sym_bloody_diarrhoea"}),
        ("frequent small bowel movements, mucoid with occasional blood", {"sym_bloody_diarrhoea"}, set()),
        ("back went while lifting a heavy box", {"trigger_bending_lifting"}, {"rf_contact_sport"}),
        ("boxing twice a week, headaches since a bout", {"rf_contact_sport"}, set()),
    ],
)
def test_stools_with_blood_and_a_box_that_is_no_boxing(core, text, expected, unexpected):
    assert_reads(core, text, expected, unexpected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("temp went up to 38.7 after the second unit", {"sym_fever"}),
        ("sats went down to 85% on air", {"sign_hypoxia"}),
        ("K came back at 6.3", {"lab_high_potassium"}),
        ("his Hb came back as 6.8", {"lab_low_haemoglobin"}),
    ],
)
def test_values_told_as_going_up_or_coming_back(core, text, expected):
    assert_reads(core, text, expected, None)


def test_a_complaint_that_came_back_at_a_time_is_no_value(core):
    found = core.extractor.extract("the pain came back at 3am").present
    assert not {f for f in found if f.startswith("lab_") or f.startswith("sign_")}
