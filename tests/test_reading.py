"""The reading layer on chat-style wording, in our own words: measured values, shorthand,
lemmas and typos, direction (relief, aggravation, stopped drugs), denials, inserted words,
exam and report language."""

from __future__ import annotations

import pytest


def _present(core, text: str) -> set[str]:
    return core.extractor.extract(text).present


def _absent(core, text: str) -> set[str]:
    return core.extractor.extract(text).absent


# --- measured values ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("obs: BP 82/48, HR 124", {"sign_hypotension", "sign_tachycardia"}),
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
        ("d-dimer 900 ng/mL", {"lab_high_d_dimer"}),
        ("Hb 8.1", {"lab_low_haemoglobin"}),
        ("Hb 81 g/L", {"lab_low_haemoglobin"}),
        ("creatinine 310 umol/L", {"lab_high_creatinine"}),
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
