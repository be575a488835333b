"""Scoring vignettes: ICD matching and reading multiple-choice options."""

from __future__ import annotations

from bot.evaluation import Evaluator, Vignette, _clean_option, icd_match


def test_icd_prefixes_match_either_way_ignoring_dots():
    assert icd_match(["G57.1"], ["G57.10"])
    assert icd_match(["M48.062"], ["M48.06"])
    assert not icd_match(["G57.3"], ["G57.1"])


def test_options_name_conditions_by_their_rarer_words(core):
    match = core.resolver.match_loosely
    assert match("Compression of the common peroneal nerve")[0] == "common_peroneal_neuropathy"
    assert match("Calcium pyrophosphate dihydrate crystal deposition")[0] == "calcium_pyrophosphate_deposition_disease"
    assert match("Lumbar muscle strain")[0] == "nonspecific_low_back_pain"
    assert match("Osteoarthritis of the hip") == ("hip_osteoarthritis", 1.0)
    assert match("Boerhaave syndrome") == (None, 0.0)


def test_option_artefacts_are_cleaned():
    assert _clean_option('Ruptured abdominal aortic aneurysm\n"') == "Ruptured abdominal aortic aneurysm"


def test_options_mode_picks_the_option_of_the_most_probable_condition(core):
    item = Vignette(
        id="own-x",
        vignette="A 30-year-old runner has burning numbness of the outer thigh after wearing a tight belt.",
        gold_icd10=["G57.1"],
        gold="Meralgia paresthetica",
        options={"A": "Meralgia paresthetica", "B": "Obturator neuropathy", "C": "Frobnication", "D": "Femoral neuropathy"},
    )
    result = Evaluator(core).run_item(item, options_mode=True)
    assert result.options_choice == "A" and result.options_correct
    assert result.unmatched_options == ["C"]
