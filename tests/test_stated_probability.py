"""The probability an answer states is tempered for a long case (scoring.yaml
``independent_findings``): the findings of one case travel together, so their likelihood ratios
multiplied overstate the leader. Tempering keeps every rank and tier and only states less."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

LONG_CASE = (
    "A 67-year-old man has had three days of pain low on the left of his abdomen, worse each day, with a "
    "temperature of 38.4, loose stools, nausea and no appetite. He had diverticula on a colonoscopy two years "
    "ago. His pulse is 104/min. The left lower abdomen is tender with guarding. CRP is 140 mg/L and white "
    "cells 15 x10^9/L."
)


def _scored(core, text: str):
    found = core.extractor.extract(text)
    return core.model.score(found.present, found.absent, words=found.words)


def test_a_long_case_states_its_leader_lower_and_keeps_every_rank(core):
    post = _scored(core, LONG_CASE)
    assert post.temperature > 1.0
    leader = int(post.order()[0])
    assert post.stated[leader] < post.probability[leader]
    assert np.array_equal(np.argsort(-post.stated, kind="stable")[:50], post.order()[:50])
    assert abs(float(post.stated.sum()) - 1.0) < 1e-9


def test_tempering_moves_no_condition_between_tiers(core):
    model = core.model
    post = _scored(core, LONG_CASE)
    untempered = replace(post, temperature=1.0)
    tempered_tiers = [(e.condition_id, e.tier) for e in model.tiers(post)]
    assert tempered_tiers == [(e.condition_id, e.tier) for e in model.tiers(untempered)]
    shown = model.tiers(post)[0]
    assert shown.posterior == float(post.stated[model.index_of(shown.condition_id)])
    assert shown.band == model.band(shown.posterior)


def test_a_short_message_is_stated_as_scored(core):
    post = _scored(core, "calf pain after a long flight")  # pain, calf, immobility: three findings
    assert post.present >= {"site_calf", "quality_pain", "rf_immobility"}
    assert post.temperature == 1.0
    assert post.stated is post.probability


def test_a_case_whose_words_weigh_in_is_tempered_more_than_by_its_findings(core):
    """The words retell what the findings said (scoring.yaml ``resemblance_temper``): with them
    weighing in, the temperature is above the findings' own, and the ranks stay."""
    found = core.extractor.extract(LONG_CASE)
    with_words = core.model.score(found.present, found.absent, words=found.words)
    findings_only = core.model.score(found.present, found.absent)
    assert with_words.words, "the long case's words should weigh in"
    assert with_words.temperature > findings_only.temperature > 1.0
    assert np.array_equal(np.argsort(-with_words.stated, kind="stable")[:50], with_words.order()[:50])
