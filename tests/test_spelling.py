"""British and American spellings are one word where words are compared as words (bot/spelling.py):
the knowledge is written in British English, and many clinicians and case reports write American."""

from __future__ import annotations

import numpy as np
import pytest

from bot.spelling import american
from support.reading import assert_reads


@pytest.mark.parametrize(
    ("british", "us"),
    [
        ("haemoptysis", "hemoptysis"),
        ("oedema", "edema"),
        ("diarrhoea", "diarrhea"),
        ("tumour", "tumor"),
        ("behaviour", "behavior"),
        ("centre", "center"),
        ("fibre", "fiber"),
        ("paediatric", "pediatric"),
    ],
)
def test_a_british_spelling_becomes_the_american(british: str, us: str):
    assert american(british) == us
    assert american(us) == us


@pytest.mark.parametrize("word", ["four", "hour", "your", "acre", "here", "fracture", "aerobic", "shoe"])
def test_words_that_only_look_british_keep_their_spelling(word: str):
    assert american(word) == word


def test_a_case_s_words_are_the_same_in_either_spelling_and_number(core):
    british = "Oedema of both ankles, haemoptysis and a tumour in the centre of the right lung on the films."
    us = "Edema of both ankles, hemoptysis and tumors in the center of the right lung on the film."
    assert core.extractor.extract(british).words == core.extractor.extract(us).words


def test_an_american_word_resembles_the_british_description(core):
    model = core.model
    bleed = model.index_of("subarachnoid_haemorrhage")
    hemorrhage = model.resemblance.similarity({"subarachnoid": 1, "hemorrhage": 1})
    assert model.resemblance.known({"hemorrhage": 1})
    assert hemorrhage[bleed] >= np.sort(hemorrhage)[-3]  # among the three it resembles most


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("microscopic hematuria on two dipsticks", "lab_haematuria"),
        ("an x-ray shows extensive fecal loading of the colon", "imaging_faecal_loading"),
        ("a mass in the left atrium on echo, likely a tumor", "imaging_atrial_mass"),
        ("a large hemorrhage in both retinas on fundoscopy", "sign_retinal_haemorrhages_infant"),
    ],
)
def test_the_reader_reads_a_british_phrase_written_the_american_way(core, text: str, finding: str):
    assert_reads(core, text, finding, None)
