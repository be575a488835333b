"""How people write on a phone: young people's slang and intensifiers ("literally", "super"), a
BP "checked and it was ...", a friend group that "has it", and the lay words of parents and
patients for eyes, feeds, chests and heights. Each text is ours; each must read what a clinician
reads in it and not the old misreading."""

from __future__ import annotations

import pytest

from support.reading import assert_reads, ranked


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # intensifiers inside a phrase, and "right" as an adverb
        ("my eyes were literally glued shut this morning", "sign_purulent_eye_discharge", None),
        ("her face is super puffy around the eyes", "sign_periorbital_oedema", None),
        ("the cramps start right when my period starts", "quality_cramp", "lat_right"),
        ("a sore red lump right by the lashes", "sign_eyelid_lump", "lat_right"),
        # what the phone says of pee, blood pressure, friends and pimples
        ("it stings like crazy when i pee", "sym_dysuria", None),
        ("i have to go every 15 min", "sym_urinary_frequency", None),
        ("his wee has gone coke coloured", "sym_dark_urine", None),
        ("she's weeing loads less than normal", "sym_oliguria", None),
        ("nan checked her blood pressure at the chemist and it was 168/94", "sign_raised_bp", None),
        ("half my friends have it too", "rf_sick_contacts", None),
        ("a bump on my eyelid that looks like a pimple", "sign_pustules", "sign_acne"),
        ("my period is 1.5 weeks late and the test i did came back positive", "lab_positive_pregnancy_test", None),
        # parents' and patients' words for eyes, feeds, chests and heights
        ("both eyes red, and in the morning they were stuck shut", "sign_purulent_eye_discharge", None),
        ("eyelids glued together when he wakes", "sign_purulent_eye_discharge", None),
        ("it started in one eye and then spread to the other", "lat_both_eyes", "lat_one_eye"),
        ("only taking about half of her feeds since yesterday", "sym_poor_feeding_infant", None),
        ("his chest sounds crackly and wheezy", "sign_crackles", None),
        ("my knees are crackly on the stairs", None, "sign_crackles"),
        ("she is six foot one and very thin", None, "site_foot"),
        ("she has lost so much weight since Easter", "sym_weight_loss", None),
        # "like crazy", a pop heard, a cut on the pitch, a head tipped back, a night of drinking
        ("my head spins like crazy every time i turn over in bed", "sym_vertigo_on_turning_in_bed", None),
        ("heard a massive pop in my knee at netball", "sym_felt_pop", None),
        ("my knee went when i cut right at footy", "site_knee", ["lat_right", "lat_unilateral"]),
        (
            "the room spins when i tip my head back in the shower",
            "sym_vertigo_on_looking_up",
            ["site_low_back", "sign_head_tilt"],
        ),
        (
            "drank way too much, threw up like 12 times, now blood in the sick",
            ["rf_alcohol", "sym_vomiting"],
            "trigger_vomiting_retching",
        ),
        # diarrhoea had for months is diarrhoea now; blood "sometimes" in it makes it bloody
        ("i've had diarrhoea for about 6 weeks", "sym_diarrhoea", "sym_diarrhoeal_illness"),
        ("she's had diarrhoea recently and now weak legs", "sym_diarrhoeal_illness", None),
        ("runny poo 4 times a day, diarrhoea most days, sometimes with blood", "sym_bloody_diarrhoea", None),
        ("the trainer heard a murmur that got louder when she stood up", "sign_murmur_valsalva", None),
        ("i sleep in my contacts most nights", "rf_contact_lens", None),
        ("there's a little white spot on the coloured part of my eye", "sign_corneal_opacity", None),
        # a chest pain that is still there, and one that rest takes away
        ("central chest pain that started about 30 minutes ago", "timing_constant", None),
        ("tight chest for the past 45 minutes", "timing_constant", None),
        ("chest ache walking uphill, gone with a short rest", "relief_rest", "timing_rest"),
    ],
)
def test_phone_chat_wording(core, text, expected, not_expected):
    assert_reads(core, text, expected, not_expected)


@pytest.mark.parametrize(
    ("text", "not_first"),
    [
        # crushing pain still there after 40 minutes, sweaty and grey: an infarction, not angina
        (
            "61M crushing central chest pain to the jaw, started 40 minutes ago shovelling snow, sweaty and grey, smoker",
            "stable_angina",
        ),
    ],
)
def test_a_persistent_crushing_pain_is_not_stable_angina(core, text, not_first):
    assert ranked(core, text)[0] != not_first


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "my son is 5 months, snotty for 2 days, now wheezy and crackly, breathing fast, only taking half his bottles",
            "bronchiolitis",
        ),
        ("tender red bump on the edge of my lower eyelid at the lashes, looks like a pimple with a yellow head", "hordeolum"),
    ],
)
def test_phone_chat_cases(core, text, first):
    assert ranked(core, text)[0] == first
