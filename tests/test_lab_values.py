"""Lab values written as numbers, in our own words (analytes.yaml and the `lab` rules of findings):
for each analyte a value past the threshold, a value within it, and a value of a different analyte
with a similar name (CSF against blood, urine against serum, a percentage against a count) that
must not be taken for it."""

from __future__ import annotations

import pytest

from bot.measurements import MeasurementReader


def _present(core, text: str) -> set[str]:
    return core.extractor.extract(text).present


# (text, finding that must be read)
MEETS = [
    # Glasgow Coma Scale
    ("On arrival his Glasgow Coma Scale score is 7.", "sign_unresponsive"),
    ("gcs of 6 at the scene", "sign_unresponsive"),
    ("GCS 12/15 after the fall", "sym_reduced_consciousness"),
    ("her Glasgow coma score was 13", "sym_reduced_consciousness"),
    # CSF
    ("LP: CSF white cell count 640 cells/mm3", "lab_csf_pleocytosis"),
    ("csf wcc 35 x10^6/L", "lab_csf_pleocytosis"),
    ("CSF protein 1.6 g/L", "lab_csf_protein_high"),
    ("csf protein 95 mg/dL", "lab_csf_protein_high"),
    ("CSF glucose 1.1 mmol/L", "lab_csf_bacterial"),
    ("CSF glucose 18 mg/dL", "lab_csf_bacterial"),
    ("CSF:serum glucose ratio 0.2", "lab_csf_bacterial"),
    ("the opening pressure was 38 cm H2O", "lab_csf_high_opening_pressure"),
    ("opening pressure 310 mm H2O", "lab_csf_high_opening_pressure"),
    ("opening pressure of 3 cmH2O", "lab_csf_low_opening_pressure"),
    # kidney and electrolytes
    ("BUN 56 mg/dL", "lab_high_creatinine"),
    ("blood urea nitrogen is 41 mg/dL", "lab_high_creatinine"),
    ("urea 19.5 mmol/L", "lab_high_creatinine"),
    ("chloride 84 mmol/L", "lab_low_chloride"),
    ("bloods came back with a urea concentration of 22 mmol/L", "lab_high_creatinine"),
    ("his plasma sodium concentration is 117 mmol/L", "lab_low_sodium"),
    ("serum chloride 91 mEq/L", "lab_low_chloride"),
    ("HCO3 38", "lab_metabolic_alkalosis"),
    ("FENa 0.3%", "lab_low_urine_sodium"),
    ("fractional excretion of sodium of 4.5%", "lab_granular_casts"),
    ("sweat chloride 92 mmol/L", "lab_positive_sweat_test"),
    # blood and hormones
    ("transferrin saturation 71%", "lab_high_transferrin_saturation"),
    ("prolactin 180 ng/mL", "lab_high_prolactin"),
    ("prolactin 95 µg/L", "lab_high_prolactin"),
    ("retic count 9%", "lab_reticulocytosis"),
    ("reticulocytes 0.1%", "lab_low_reticulocytes"),
    ("CD4 count 45 cells/uL", "rf_untreated_hiv"),
    ("his CD4+ count is 120/mm3", "rf_untreated_hiv"),
    ("COHb 31%", "lab_high_cohb"),
    ("absolute neutrophil count 350/mm3", "lab_severe_neutropenia"),
    ("ANC 900 cells/uL", "lab_neutropenia"),
    ("eosinophil count 2,300/uL", "lab_eosinophilia"),
    ("absolute lymphocyte count 600/mm3", "lab_lymphopenia"),
    ("PSA 14.2 ng/mL", "lab_high_psa"),
    # heart and lungs
    ("QTc 540 ms", "test_ecg_long_qt"),
    ("corrected QT interval 0.52 s", "test_ecg_long_qt"),
    ("post-bronchodilator FEV1/FVC 0.58", "test_obstructive_spirometry"),
    ("FEV1/FVC ratio 49%", "test_obstructive_spirometry"),
    # echo, blood gas and eye
    ("Echo shows an ejection fraction of 25%.", "imaging_lv_systolic_dysfunction"),
    ("EF of 30% on the echo", "imaging_lv_systolic_dysfunction"),
    ("LVEF 60%", "imaging_preserved_ef"),
    ("the ejection fraction is estimated at 30-35%", "imaging_lv_systolic_dysfunction"),
    ("arterial pH of 7.18 on the gas", "lab_metabolic_acidosis"),
    ("pH 7.53, pCO2 normal", "lab_metabolic_alkalosis"),
    ("pleural fluid pH 7.05", "test_pleural_infection"),
    ("umbilical arterial pH 6.88", "lab_cord_acidosis"),
    ("IOP 54 mmHg in the left eye", "sign_raised_iop"),
    ("intraocular pressure of 31 mm Hg", "sign_raised_iop"),
    ("IOP 17/46 mmHg", "sign_raised_iop"),  # right/left: the second eye's pressure is read too
    # cognitive scores
    ("MMSE 18/30", "test_low_cognitive_score"),
    ("her MoCA was 21/30", "test_low_cognitive_score"),
    ("Montreal Cognitive Assessment score of 24", "test_low_cognitive_score"),
    # ascites, clotting factors, ECG
    ("ascitic fluid neutrophils 480 cells/mm3", "lab_ascitic_neutrophils_high"),
    ("ascitic PMN 300", "lab_ascitic_neutrophils_high"),
    ("SAAG 1.4 g/dL", "lab_high_saag"),
    ("serum-ascites albumin gradient 16 g/L", "lab_high_saag"),
    ("SAAG 0.6", "lab_low_saag"),
    ("factor IX 2%", "lab_low_factor_viii_ix"),
    ("factor VIII activity 5 IU/dL", "lab_low_factor_viii_ix"),
    ("PR interval 280 ms", "test_ecg_av_block"),
    ("PR interval of 0.26 s", "test_ecg_av_block"),
    # newborn, gynaecology, kidney
    ("Apgar score at 5 minutes was 4", "sign_low_apgar"),
    ("5-minute Apgar 3", "sign_low_apgar"),
    ("A 63-year-old woman; endometrial thickness 11 mm", "imaging_thick_endometrium"),
    ("A 58-year-old woman: the endometrium measuring 8 mm on transvaginal scan", "imaging_thick_endometrium"),
    ("A 70-year-old woman, endometrial thickness 3 mm", "imaging_thin_endometrium"),
    ("proteinuria 6 g/day", "lab_nephrotic_range_proteinuria"),
    ("24-hour urine protein 4.2 g/24h", "lab_nephrotic_range_proteinuria"),
    ("uPCR 450 mg/mmol", "lab_nephrotic_range_proteinuria"),
    ("urine protein:creatinine ratio 90 mg/mmol", "lab_proteinuria"),
    ("urine ACR 45 mg/mmol", "lab_proteinuria"),
    ("Ascitic tap: neutrophils 480 cells/mm3, albumin 11 g/L", "lab_ascitic_neutrophils_high"),
    ("Pleural fluid: pH 7.0, LDH 900", "test_pleural_infection"),
    ("ABG: pH 7.21, pCO2 3.1 kPa", "lab_metabolic_acidosis"),
    ("CSF: WCC 500/mm3, blood: WCC 19", "lab_leukocytosis"),  # the blood's heading follows the CSF's
]

# (text, finding that must NOT be read): a value within the threshold
WITHIN = [
    ("GCS 15", "sym_reduced_consciousness"),
    ("GCS 11", "sign_unresponsive"),
    ("CSF white cell count 2/mm3", "lab_csf_pleocytosis"),
    ("CSF protein 0.3 g/L", "lab_csf_protein_high"),
    ("csf protein 32 mg/dL", "lab_csf_protein_high"),
    ("CSF glucose 3.6 mmol/L", "lab_csf_bacterial"),
    ("CSF glucose 62 mg/dL", "lab_csf_bacterial"),
    ("opening pressure 17 cm H2O", "lab_csf_high_opening_pressure"),
    ("opening pressure 17 cm H2O", "lab_csf_low_opening_pressure"),
    ("BUN 14 mg/dL", "lab_high_creatinine"),
    ("urea 5.1 mmol/L", "lab_high_creatinine"),
    ("chloride 103 mmol/L", "lab_low_chloride"),
    ("bicarbonate 25 mmol/L", "lab_metabolic_alkalosis"),
    ("FENa 1.4%", "lab_low_urine_sodium"),
    ("FENa 1.4%", "lab_granular_casts"),
    ("sweat chloride 22 mmol/L", "lab_positive_sweat_test"),
    ("transferrin saturation 28%", "lab_high_transferrin_saturation"),
    ("prolactin 11 ng/mL", "lab_high_prolactin"),
    ("reticulocytes 1.1%", "lab_reticulocytosis"),
    ("reticulocytes 1.1%", "lab_low_reticulocytes"),
    ("CD4 count 610 cells/mm3", "rf_untreated_hiv"),
    ("COHb 1.2%", "lab_high_cohb"),
    ("absolute neutrophil count 3,200/mm3", "lab_neutropenia"),
    ("eosinophil count 200/mm3", "lab_eosinophilia"),
    ("PSA 1.1 ng/mL", "lab_high_psa"),
    ("QTc 420 ms", "test_ecg_long_qt"),
    ("FEV1/FVC 0.81", "test_obstructive_spirometry"),
    ("FEV1/FVC 78%", "test_obstructive_spirometry"),
    ("LVEF 45%", "imaging_lv_systolic_dysfunction"),  # mildly reduced: neither finding
    ("LVEF 45%", "imaging_preserved_ef"),
    ("EF 60%", "imaging_lv_systolic_dysfunction"),
    ("pH 7.40", "lab_metabolic_acidosis"),
    ("pH 7.40", "lab_metabolic_alkalosis"),
    ("pleural fluid pH 7.45", "test_pleural_infection"),
    ("cord pH 7.24", "lab_cord_acidosis"),
    ("IOP 15 mmHg", "sign_raised_iop"),
    ("MMSE 28/30", "test_low_cognitive_score"),
    ("MoCA 27/30", "test_low_cognitive_score"),
    ("ascitic PMN count 120/mm3", "lab_ascitic_neutrophils_high"),
    ("SAAG 0.7 g/dL", "lab_high_saag"),
    ("SAAG 1.8", "lab_low_saag"),
    ("factor VIII 110%", "lab_low_factor_viii_ix"),
    ("PR interval 160 ms", "test_ecg_av_block"),
    ("Apgar score at 5 minutes was 9", "sign_low_apgar"),
    ("A 60-year-old woman, endometrial thickness 3 mm", "imaging_thick_endometrium"),
    ("proteinuria 1.2 g/day", "lab_nephrotic_range_proteinuria"),
    ("uPCR 80 mg/mmol", "lab_nephrotic_range_proteinuria"),
]

# (text, finding that must NOT be read): a value of a different analyte with a similar name
MIMICS = [
    # CSF values are not the blood's, and the blood's are not the CSF's
    ("CSF glucose 1.8 mmol/L", "lab_low_glucose"),
    ("CSF glucose 30 mg/dL", "lab_low_glucose"),
    ("blood glucose 2.1 mmol/L", "lab_csf_bacterial"),
    ("CSF white cell count 900 cells/mm3", "lab_leukocytosis"),
    ("WCC 18.2", "lab_csf_pleocytosis"),
    # urine and sweat values are not the serum's
    ("urine chloride 8 mmol/L", "lab_low_chloride"),
    ("sweat chloride 85 mmol/L", "lab_low_chloride"),
    ("sweat chloride 85 mmol/L", "sym_sweating"),
    ("urine urea 250 mmol/L", "lab_high_creatinine"),
    ("urinary sodium 12 mmol/L", "lab_low_sodium"),
    # a urine pH is no blood pH, and names no acid-base finding by itself
    ("urine pH 7.8", "lab_metabolic_alkalosis"),
    ("urine pH 5.0", "lab_inappropriately_alkaline_urine"),
    # percentages and ratios that share a word with another value
    ("free PSA 9%", "lab_high_psa"),
    ("PSA density 0.3", "lab_high_psa"),
    ("absolute reticulocyte count 45 x10^9/L", "lab_reticulocytosis"),
    ("neutrophils 82%", "lab_severe_neutropenia"),
    ("SpO2 99% on air", "lab_high_cohb"),
    ("QT interval 520 ms", "test_ecg_long_qt"),  # uncorrected: the rule is on the QTc
    ("CD4:CD8 ratio 0.4", "rf_untreated_hiv"),
    ("prolactin 450 mU/L", "lab_high_prolactin"),  # mU/L is not read (no conversion): never taken as ng/mL
    # the scale's name is not coma or scaly skin
    ("Glasgow Coma Scale score is 14", "sign_unresponsive"),
    ("Glasgow Coma Scale score is 14", "sign_scaly_plaques"),
    ("Glasgow Coma Scale score is 15", "sym_reduced_consciousness"),
    # another ventricle, fluid or sample is not the left ventricle's or the blood's
    ("RVEF 22%", "imaging_lv_systolic_dysfunction"),
    ("urine pH 5", "lab_metabolic_acidosis"),
    ("vaginal pH 7.0", "lab_metabolic_acidosis"),
    ("pleural fluid pH 7.05", "lab_metabolic_acidosis"),
    ("cord pH 6.9", "lab_metabolic_acidosis"),  # the baby's, named by its own finding
    ("pH 6.95 on the arterial gas", "lab_cord_acidosis"),
    ("ascitic fluid neutrophils 480 cells/mm3", "lab_severe_neutropenia"),
    ("ascitic fluid neutrophils 480 cells/mm3", "lab_neutropenia"),
    ("ascitic fluid white cell count 900 cells/mm3", "lab_leukocytosis"),
    ("ascitic albumin 12 g/L", "lab_low_albumin"),
    ("serum albumin 1.4 g/dL", "lab_low_saag"),
    # a score's maximum is no second value, and a coma scale is no cognitive test
    ("GCS 14/15", "test_low_cognitive_score"),
    ("MoCA 19/30", "lab_metabolic_acidosis"),
    ("MMSE 18/30", "sign_raised_iop"),
    # look-alike names and units
    ("factor VII 10%", "lab_low_factor_viii_ix"),
    ("factor XI 20%", "lab_low_factor_viii_ix"),
    ("QRS duration 240 ms", "test_ecg_av_block"),
    ("Apgar 4 at 1 minute and 9 at 5 minutes", "sign_low_apgar"),  # the 1-minute score predicts little
    ("A 29-year-old woman, endometrial thickness 12 mm", "imaging_thick_endometrium"),  # before the menopause
    ("proteinuria 4+ on dipstick", "lab_nephrotic_range_proteinuria"),  # a grade, not grams
    ("ACR 2010 criteria are met", "lab_proteinuria"),
    ("urine ACR 400 mg/mmol", "lab_nephrotic_range_proteinuria"),  # albumin, not protein: no rule on it
    ("ICP 30 mmHg", "sign_raised_iop"),
    # a bare name in a list headed by another specimen is that specimen's value
    ("Urinalysis: pH 7.0, protein 2+, blood negative", "lab_metabolic_acidosis"),
    ("Urine dipstick: SG 1.020, pH 7.5, nitrites positive", "lab_metabolic_alkalosis"),
    ("CSF: protein 1.2 g/L, glucose 1.5 mmol/L", "lab_low_glucose"),
    ("Ascitic tap: neutrophils 480 cells/mm3, albumin 11 g/L", "lab_severe_neutropenia"),
]


@pytest.mark.parametrize(("text", "finding"), MEETS)
def test_a_value_past_the_threshold_reads_the_finding(core, text, finding):
    assert finding in _present(core, text)


@pytest.mark.parametrize(("text", "finding"), WITHIN)
def test_a_value_within_the_threshold_does_not(core, text, finding):
    assert finding not in _present(core, text)


@pytest.mark.parametrize(("text", "finding"), MIMICS)
def test_a_similar_analyte_is_not_misread(core, text, finding):
    assert finding not in _present(core, text)


def test_the_scale_words_of_the_glasgow_coma_scale_read_no_skin_or_coma(core):
    present = _present(core, "Her Glasgow Coma Scale score is 13.")
    assert "sym_reduced_consciousness" in present
    assert not present & {"sign_unresponsive", "sign_scaly_plaques", "sign_rash"}
    assert "exam_gcs_normal" in _present(core, "Glasgow Coma Scale score is 15")


@pytest.mark.parametrize(
    ("text", "analyte", "value"),
    [
        ("BUN 28 mg/dL", "bun", 28.0),
        ("BUN 10 mmol/L", "bun", 28.0),  # urea's two nitrogens: 1 mmol/L = 2.8 mg/dL
        ("urea 60 mg/dL", "urea", 10.0),  # the urea molecule, 60 g/mol
        ("CSF glucose 45 mg/dL", "csf_glucose", 2.5),
        ("csf protein 120 mg/dL", "csf_protein", 1.2),
        ("opening pressure 250 mm H2O", "csf_opening_pressure", 25.0),
        ("QTc 0.48 s", "qtc", 480.0),
        ("FEV1/FVC 64%", "fev1_fvc", 0.64),
        ("eosinophil count 1,500/mm3", "eosinophils", 1.5),
        ("absolute neutrophil count 400", "neutrophils", 0.4),  # no unit: above 100 is per mm3
        ("neutrophils 6.2", "neutrophils", 6.2),
        ("CD4 count 0.15 x10^9/L", "cd4", 150.0),
        ("SAAG 16 g/L", "saag", 1.6),
        ("SAAG 1.4", "saag", 1.4),  # no unit: up to 4 is g/dL
        ("PR interval 0.22 s", "pr_interval", 220.0),
        ("24-hour urine protein 4500 mg/24h", "urine_protein_24h", 4.5),
        ("endometrial thickness 1.1 cm", "endometrial_thickness", 11.0),
    ],
)
def test_units_convert_to_the_analytes_own(core, text, analyte, value):
    reader = MeasurementReader(core.kb)
    readings = [r for r in reader.read(text) if r.analyte == analyte]
    assert readings and readings[0].value == pytest.approx(value, rel=0.01)


def test_a_plain_prolactin_number_is_not_read(core):
    # ng/mL and mU/L differ about twentyfold: without a written unit the value is not guessed
    assert not MeasurementReader(core.kb).read("prolactin 600")


def test_every_finding_named_here_exists(core):
    # a misspelt id would make a "not read" test pass for nothing
    named = {finding for _, finding in MEETS + WITHIN + MIMICS}
    assert named <= set(core.kb.findings)


@pytest.mark.parametrize("text", ["proteinuria 3", "uPCR 450", "PCR 450", "urine ACR 45"])
def test_a_urine_protein_without_its_unit_is_not_read(core, text):
    # grams a day, mg/mmol and a dipstick grade differ too much to guess; "PCR" may be a viral test
    assert not MeasurementReader(core.kb).read(text)


@pytest.mark.parametrize(
    ("text", "fluid", "blood"),
    [
        (
            "A spinal tap was done and showed a white cell count of 1,200/mm3 and glucose 25 mg/dL",
            "lab_csf_pleocytosis",
            "lab_low_glucose",
        ),
        (
            "knee aspiration (arthrocentesis) yielded turbid fluid with a white cell count of 90,000/uL",
            "lab_septic_synovial_fluid",
            "lab_leukocytosis",
        ),
    ],
)
def test_a_value_after_a_procedure_in_its_sentence_is_that_fluids(core, text, fluid, blood):
    found = _present(core, text)
    assert fluid in found and blood not in found


def test_a_value_in_the_next_sentence_is_the_bloods_again(core):
    found = _present(core, "Lumbar puncture is normal. Blood glucose is 2.1 mmol/L.")
    assert "lab_low_glucose" in found


def test_a_table_under_a_fluids_heading_is_that_fluids(core):
    """Exam stems set results out one per line under a heading; a bare name there is the fluid's."""
    text = (
        "Temp 38.9 C.\nSpinal fluid results:\nWhite cells 3,100/mm3 (mostly neutrophils)\nProtein 240 mg/dL\n"
        "Glucose 20 mg/dL\nBlood tests:\nPlatelets 95,000/mm3"
    )
    found = _present(core, text)
    assert {"lab_csf_pleocytosis", "lab_csf_protein_high", "lab_csf_bacterial", "lab_low_platelets"} <= found
    assert not found & {"lab_low_wcc", "lab_low_glucose"}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("BP 170/95 on the left arm and 130/80 on the right arm", {"sign_interarm_bp_difference"}, set()),
        ("pressure 118/70 in his right arm, 124/72 in his left arm", set(), {"sign_interarm_bp_difference"}),
        ("In the arms the pressure is 165/92; in the legs it is 120/80.", {"sign_arm_leg_bp_gradient", "sign_raised_bp"}, set()),
        ("BP 128/76 in both arms and 140/80 at the ankles", set(), {"sign_arm_leg_bp_gradient"}),
    ],
)
def test_pressures_on_two_limbs_tell_their_difference(core, text, present, absent):
    found = core.extractor.extract(text)
    assert present <= found.present and absent <= found.absent


@pytest.mark.parametrize("text", ["white cells 9,800/mm3 (18% eosinophils)", "Differential:\nEosinophils 15%\nNeutrophils 55%"])
def test_a_share_of_eosinophils_is_read_as_such(core, text):
    assert "lab_eosinophilia" in _present(core, text)


def test_a_usual_share_of_eosinophils_denies_eosinophilia(core):
    assert "lab_eosinophilia" in core.extractor.extract("eosinophils 2%").absent


def test_a_tuberculin_skin_test_is_read_by_its_millimetres_not_as_hard_skin(core):
    found = core.extractor.extract("Mantoux test shows 14 mm of induration at 72 hours")
    assert "rf_tuberculosis" in found.present and "sign_induration" not in found.present
    assert "rf_tuberculosis" in core.extractor.extract("tuberculin skin test: 3 mm").absent


def test_a_table_row_after_prose_is_the_bloods(core):
    # the heading is a sentence back, with a sentence of prose between: no table
    found = _present(core, "Lumbar puncture was done. She then had bloods.\nGlucose 40 mg/dL")
    assert "lab_low_glucose" in found


def test_a_joint_fluid_of_inflammatory_range_is_not_septic(core):
    found = _present(core, "arthrocentesis: synovial white cell count 18,000/uL")
    assert "lab_inflammatory_synovial_fluid" in found and "lab_septic_synovial_fluid" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("free T4 raised, TSH < 0.05 mU/L", "lab_low_tsh"),
        ("CRP greater than 150", "lab_high_esr_crp"),
        ("platelets <10 x10^9/L", "lab_low_platelets"),
    ],
)
def test_a_limit_in_place_of_a_value_is_read_on_its_side(core, text, expected):
    assert expected in _present(core, text)


def test_a_limit_on_the_other_side_of_a_threshold_reads_nothing(core):
    assert "lab_high_hba1c" not in _present(core, "her HbA1c has been below 7% for years")


def test_a_value_measured_and_normal_denies_the_findings_of_its_threshold(core):
    found = core.extractor.extract("temperature 36.9, pulse 76, BP 124/78, RR 14, sats 98% on air, sodium 140")
    assert {
        "sym_fever",
        "sign_tachycardia",
        "sign_hypotension",
        "sign_tachypnoea",
        "sign_hypoxia",
        "lab_low_sodium",
    } <= found.absent
    assert not found.present & {"sym_fever", "sign_tachycardia", "lab_low_sodium"}


def test_a_fever_told_stays_present_beside_a_normal_temperature_now(core):
    found = core.extractor.extract("fevers for 4 days, temperature 37.3 in clinic")
    assert "sym_fever" in found.present
    assert "sym_fever" not in found.absent


def test_a_limit_denies_nothing_on_its_other_side(core):
    """'Troponin <5' is below the threshold; '>200' says nothing of a low value."""
    found = core.extractor.extract("CRP >200")
    assert "lab_high_esr_crp" in found.present
    assert not {f for f in found.absent if f.startswith("lab_")}


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("her sodium dropped to 121 after the marathon", "lab_low_sodium"),
        ("potassium rose to 6.8 on the ward", "lab_high_potassium"),
    ],
)
def test_a_value_told_as_a_change_to_it_is_read(core, text, present):
    assert present in core.extractor.extract(text).present


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("Full blood count, U&E and LFTs were all normal.", {"lab_low_haemoglobin", "lab_low_sodium", "lab_high_transaminases"}),
        ("a normal CBC", {"lab_leukocytosis", "lab_low_platelets"}),
        ("TFTs within normal limits", {"lab_high_tsh", "lab_low_tsh"}),
    ],
)
def test_a_panel_said_normal_denies_the_findings_of_its_analytes(core, text, denied):
    assert denied <= core.extractor.extract(text).absent


def test_a_panel_normal_but_for_one_value_keeps_that_value(core):
    found = core.extractor.extract("electrolytes normal except a sodium of 124")
    assert "lab_low_sodium" in found.present
    assert "lab_low_sodium" not in found.absent


@pytest.mark.parametrize(
    ("text", "present", "not_absent"),
    [
        ("platelets 250 -> 90 over three days", "lab_low_platelets", "lab_low_platelets"),
        ("creatinine went from 80 to 290 after the contrast", "lab_high_creatinine", "lab_high_creatinine"),
        ("Hb 12.9 then 7.4 after the bleed", "lab_low_haemoglobin", "lab_low_haemoglobin"),
    ],
)
def test_a_trend_is_read_by_its_last_value_and_its_first_denies_nothing(core, text, present, not_absent):
    found = core.extractor.extract(text)
    assert present in found.present
    assert not_absent not in found.absent


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("lipase over 3 times the upper limit of normal", "lab_high_lipase"),
        ("ALT 8x ULN", "lab_high_transaminases"),
        ("she has lost 9 kg since the summer", "sym_weight_loss"),
        ("put on 3 stone in a year", "sym_weight_gain"),
    ],
)
def test_multiples_of_the_upper_limit_and_weight_told_by_its_amount(core, text, present):
    assert present in core.extractor.extract(text).present


def test_a_count_of_times_a_day_is_no_trend(core):
    assert "lab_high_potassium" not in core.extractor.extract("K 4 to 6 times a day").present


def test_a_unitless_value_plausible_in_two_units_denies_nothing(core):
    """'Hb 13' is g/dL; a value that two units' ranges both hold says nothing against either side."""
    from bot.measurements import _plausible_in_two

    haemoglobin = core.kb.analytes["hemoglobin"]
    assert not _plausible_in_two(haemoglobin, 13)
    assert "lab_low_haemoglobin" in core.extractor.extract("Hb 13").absent


def test_a_value_told_roughly_and_a_rate_in_bpm_without_a_name_are_read(core):
    assert "sign_tachycardia" in core.extractor.extract("HR roughly 125, sweaty").present
    assert "sign_hypoxia" in core.extractor.extract("sats about 86% on air").present
    assert "sign_tachycardia" in core.extractor.extract("his smartwatch showed 172 bpm while resting").present
    assert "sign_bradycardia" not in core.extractor.extract("FHR 95 bpm on the CTG").present


def test_a_list_of_tests_said_normal_denies_the_analytes_it_names_among_others(core):
    found = core.extractor.extract("Renal profile, ferritin level, thyroid antibodies, and a urine screen were normal.")
    assert {"lab_low_ferritin", "lab_high_ferritin"} <= found.absent
    values = core.extractor.extract("Her ferritin is 6, and the clotting screen is normal.")
    assert "lab_low_ferritin" in values.present


def test_a_negative_result_named_before_its_test_denies_it(core):
    found = core.extractor.extract("She had a negative pregnancy test and a negative D-dimer in clinic.")
    assert {"pregnancy", "lab_high_d_dimer"} <= found.absent
    kept = core.extractor.extract("with negative blood cultures and a raised CRP")
    assert "lab_high_esr_crp" in kept.present


def test_an_inappropriately_normal_pth_takes_its_meaning_from_the_calcium(core):
    high = core.extractor.extract("adjusted calcium 3.0 mmol/L and the PTH is inappropriately normal")
    assert "lab_high_pth" in high.present and "lab_low_pth" not in high.present
    low = core.extractor.extract("calcium 1.7 mmol/L, PTH inappropriately normal")
    assert "lab_low_pth" in low.present and "lab_high_pth" not in low.present


def test_an_hcg_far_above_the_usual_is_very_high(core):
    assert "lab_very_high_hcg" in core.extractor.extract("8 weeks by dates, serum hCG 250,000 IU/L").present
    assert "lab_very_high_hcg" not in core.extractor.extract("serum hCG 3,400 IU/L").present


# --- a value read against the normal range the message states beside it ---------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Caeruloplasmin came back at 9 mg/dL (normal 20-35).", "lab_low_caeruloplasmin"),
        ("serum haptoglobin 12 mg/dL (reference range 40-200 mg/dL)", "lab_haemolysis"),
        ("The serum iron was 25 µg/dL (normal range 60-170).", "lab_iron_deficient_indices"),
        ("24-hour urine copper 310 µg (normal < 40 µg)", "lab_high_urinary_copper"),
        ("Fasting insulin 300 µU/mL (N = 3-25).", "lab_high_insulin"),
        ("Ejection fraction is 25% (normal is 55% or greater).", "imaging_lv_systolic_dysfunction"),
    ],
)
def test_a_result_outside_its_stated_range_is_named(core, text, expected):
    assert expected in _present(core, text)


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("Caeruloplasmin 28 mg/dL (normal 20-35).", "lab_low_caeruloplasmin"),
        ("serum haptoglobin 90 mg/dL (reference range 40-200 mg/dL)", "lab_haemolysis"),
        ("24-hour urine copper 22 µg (normal < 40 µg)", "lab_high_urinary_copper"),
        # a number that is not a range is no reference: nothing is named
        ("Caeruloplasmin 9 mg/dL (seen 2 times)", "lab_low_caeruloplasmin"),
    ],
)
def test_a_result_within_its_stated_range_names_nothing_abnormal(core, text, not_expected):
    assert not_expected not in _present(core, text)


def test_an_unknown_test_with_a_stated_range_reads_as_before(core):
    """No phrase of the vocabulary names the result: nothing is made up."""
    text = "Serum zonulin 90 ng/mL (normal 20-50)."
    assert core.extractor.extract(text).present == core.extractor.extract("Serum zonulin 90 ng/mL.").present


@pytest.mark.parametrize(
    "text",
    [
        # haemoglobin fractions with the share first or after the name; 3.5% or more is raised (BSH 2010)
        "Hb electrophoresis: 95% HbA, 1% HbF and 4.8% HbA2",
        "HbA2 is 6.1% on HPLC",
    ],
)
def test_a_raised_hba2_reads_as_the_trait(core, text):
    present = core.extractor.extract(text).present
    assert "lab_haemoglobinopathy_screen" in present, (text, sorted(present))


def test_a_normal_hba2_denies_the_trait(core):
    assert "lab_haemoglobinopathy_screen" in core.extractor.extract("electrophoresis shows 2.6% HbA2").absent


@pytest.mark.parametrize(
    "text",
    [
        "her 8 am cortisol is 2 μg/dL",  # the Greek mu
        "her 8 am cortisol is 2 µg/dL",  # the micro sign
        "her 8 am cortisol is 2 mcg/dL",
        "her 8 am cortisol is 2 ug/dL",
        "Cortisol (8 AM) 2 μg/dL",
    ],
)
def test_a_micro_unit_reads_however_micro_is_spelt(core, text):
    assert "lab_cortisol_low_value" in _present(core, text)


def test_a_milli_unit_is_no_micro_unit(core):
    # cholesterol is read in mmol/L only; "mmol" must not turn into a micro spelling of it
    assert MeasurementReader(core.kb).read("cholesterol 6 μmol/L") == []


@pytest.mark.parametrize(
    "text, expected, unexpected",
    [
        # a differential's percentage with the white count is the cell's absolute count
        ("WBC 31,000/mm3 with 85% lymphocytes", {"lab_lymphocytosis"}, set()),
        ("White blood cells 1,900/mm3\nSegmented neutrophils 15%", {"lab_neutropenia"}, set()),
        # in a table each share is its own line's: neutrophils 72% are no eosinophils
        (
            "Leukocyte count 8,000/mm3\nNeutrophils 72%\nEosinophils 1%\nLymphocytes 24%",
            set(),
            {"lab_eosinophilia", "lab_lymphocytosis"},
        ),
    ],
)
def test_a_differential_share_with_the_white_count_is_a_count(core, text, expected, unexpected):
    present = _present(core, text)
    assert expected <= present
    assert not unexpected & present


def test_a_share_without_a_white_count_gives_no_count(core):
    readings = MeasurementReader(core.kb).read("lymphocytes 80%")
    assert [r.analyte for r in readings] == ["lymphocyte_share"]
