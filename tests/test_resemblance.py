"""A case's own words weigh in beside its findings (bot/resemblance.py): they move a condition
whose clue the finding vocabulary has no phrase for, and they never rule in what the findings
rule out, lower the disposition, or keep words that no condition uses."""

from __future__ import annotations

import numpy as np

from bot.engine import ConversationState
from bot.urgency import assess

FLOODS = (
    "A 30-year-old man comes to the clinic a week after he spent several days clearing mud and debris from "
    "houses after the river floods in his town, wading without boots. He now has a high fever, a headache "
    "behind the eyes, aching calves and thighs, and both eyes look red. He feels weak and has vomited twice. "
    "He takes no medicines and has not travelled."
)
DIVERTICULAR = (
    "A 65-year-old woman comes in with three days of pain low in the left side of her abdomen that has slowly "
    "got worse, with a temperature of 38, loose stools and poor appetite. She has known diverticular disease "
    "seen on a colonoscopy some years ago. The left iliac fossa is tender with some guarding; bowel sounds are "
    "present. CRP is 120 and the white cell count is raised."
)


def _rank(post, i: int) -> int:
    return int((post.probability > post.probability[i]).sum()) + 1


def test_words_beyond_the_vocabulary_move_the_condition_they_describe(core):
    model = core.model
    found = core.extractor.extract(FLOODS)
    words = model.resemblance.known(found.words)
    assert "floodwater" in words  # "floods" (as the reader reads it): a clue no finding names, in leptospirosis's description
    i = model.index_of("leptospirosis")
    without = model.score(found.present, found.absent)
    with_words = model.score(found.present, found.absent, words=words)
    assert _rank(with_words, i) < _rank(without, i)


def test_words_never_lift_a_condition_the_findings_rule_out_or_speak_against(core):
    model = core.model
    text = (
        "A 32-year-old man has had sudden severe pain low on the right side of his abdomen for two hours with "
        "vomiting. He has read about a twisted ovary and worries that it is his ovary twisting or a cyst that "
        "burst, as happened to his sister. The lower abdomen is tender on the right, with no guarding, and a "
        "pregnancy test was not sent. He is pale and sweaty, and the pain comes in waves into his groin."
    )
    found = core.extractor.extract(text)
    without = model.score(found.present, found.absent)
    with_words = model.score(found.present, found.absent, words=model.resemblance.known(found.words))
    assert with_words.probability[model.index_of("ovarian_torsion")] == 0.0  # a man: ruled out, whatever the words
    against = without.log_score - model.log_prior <= 0
    assert against.any()
    assert np.array_equal(with_words.log_score[against], without.log_score[against])


def test_the_disposition_is_the_findings_own(core):
    model = core.model
    found = core.extractor.extract(DIVERTICULAR)
    without = model.score(found.present, found.absent)
    with_words = model.score(found.present, found.absent, words=model.resemblance.known(found.words))
    assert not np.allclose(with_words.probability, without.probability)  # the words did move the ranking
    assert assess(model, with_words).level == assess(model, without).level


def test_denied_examined_and_others_phrases_lend_no_words(core):
    found = core.extractor.extract("low back pain for a week, no leg pain, no fever, Achilles reflexes 2+, her sister had a DVT")
    assert {"back"} <= set(found.words)
    assert not {"leg", "fever", "achilles", "reflexes", "dvt"} & set(found.words)


def test_a_conversation_keeps_only_the_knowledge_s_words_and_adds_them_up(chat):
    chat.say("calf pain and swelling since my xylophone lesson yesterday")
    first = dict(chat.state.words)
    assert "calf" in first and "xylophone" not in first  # a word no condition uses is never stored
    chat.say("the calf is red and hot")
    assert chat.state.words["calf"] == first["calf"] + 1
    assert ConversationState.from_dict(chat.state.to_dict()).words == chat.state.words


def test_a_chat_message_s_words_weigh_nothing_and_a_long_case_s_fully(core):
    model = core.model
    found = core.extractor.extract(FLOODS)
    words = model.resemblance.known(found.words)
    least, _ = core.kb.scoring.resemblance_words
    assert sum(words.values()) > least  # a case told at length: its words weigh in
    few = dict(list(words.items())[: least - 1])  # as many known words as a chat message holds
    i = model.index_of("leptospirosis")
    base = model.score(found.present, found.absent).log_score[i]
    assert model.score(found.present, found.absent, words=few).log_score[i] == base
    assert model.score(found.present, found.absent, words=words).log_score[i] > base


def test_an_answer_says_which_words_moved_a_condition(chat):
    out = chat.say(FLOODS, one_shot=True)
    entry = next(e for e in out.answer.entries if e.condition_id == "leptospirosis")
    worded = [r for r in entry.reasons_for if r.finding_id == "wording"]
    assert worded and "floodwater" in worded[0].text, entry.reasons_for
