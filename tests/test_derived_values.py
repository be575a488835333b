"""Values a case gives only as their parts, in our own words: a body mass index from a height and a
weight, a pulse pressure from a blood pressure; and a relative who "had the same", which is a
family history of whatever the complaint is."""

from __future__ import annotations

import pytest

from support.reading import assert_reads, ranked

# (text, findings that must be read, findings that must not)
DERIVED = [
    # a BMI worked out from height and weight, in metric and imperial, height before or after "tall"
    ("Man of 52, height 178 cm, weight 118 kg, loud snoring.", "rf_obesity", "sign_low_bmi"),
    ("She is 160 cm tall and weighs 41 kg and barely eats.", "sign_low_bmi", "rf_obesity"),
    ("A 38-year-old, 5 ft 6 in tall, weighing 105 kg.", "rf_obesity", None),
    ("He is 182 cm (6 ft) tall and weighs 80 kg.", None, {"rf_obesity", "sign_low_bmi"}),
    # a height is no age: "she is 5'2" tall" is no 5-year-old
    ("She is 5'2\" tall and weighs 95 kg.", "rf_obesity", "age_child"),
    # a child's BMI needs centiles, not the adult cut-offs
    ("A 9-year-old boy, 132 cm tall, weighs 26 kg.", None, {"sign_low_bmi", "rf_obesity"}),
    # a stated BMI is not replaced by a worked-out one
    ("BMI 24, height 150 cm, weight 80 kg", None, "rf_obesity"),
    # a weight alone, or a weight lost, works out nothing
    ("lost 9 kg in two months, weight now 48 kg", None, {"sign_low_bmi", "rf_obesity"}),
    # the pulse pressure of a blood pressure
    ("BP 168/48 mm Hg", "sign_wide_pulse_pressure", None),
    ("blood pressure is 124/78", None, "sign_wide_pulse_pressure"),
    # a relative who "had the same": a family history of the complaint's own kind
    ("shaky hands when she holds a cup of tea, her mother had the same", "rf_family_history_tremor", None),
    ("bad headaches with feeling sick since her teens; her mum had the same", "rf_family_history_migraine", None),
    ("gradually harder to hear, his grandfather had the same", "rf_family_history_hearing_loss", None),
    # and never a family history of something the patient does not have
    ("itchy rash on the elbows, his father had the same", None, {"rf_family_history_tremor", "rf_family_history_migraine"}),
    # a brother who has the same now is a contact, not an inheritance
    ("cough and fever for 3 days, her brother has the same", "rf_sick_contacts", "rf_family_history_same"),
]


@pytest.mark.parametrize(("text", "expected", "not_expected"), DERIVED)
def test_a_value_told_as_its_parts_is_read(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


def test_a_wide_pulse_pressure_and_a_diastolic_murmur_point_to_a_leaking_aortic_valve(core):
    order = ranked(core, "A 66-year-old man, breathless on hills, BP 176/50, an early diastolic murmur at the left sternal edge.")
    assert order[0] == "aortic_regurgitation"


def test_a_worked_out_bmi_moves_the_differential_like_a_stated_one(core):
    told = ranked(core, "A 49-year-old man snores loudly and falls asleep at his desk. BMI 38.")
    worked_out = ranked(
        core, "A 49-year-old man snores loudly and falls asleep at his desk. He is 175 cm tall and weighs 117 kg."
    )
    assert worked_out[:3] == told[:3]
