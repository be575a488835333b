"""Reads multiple-choice answer options as condition names, for ``ddxbot eval --options``.

Exam options name a diagnosis the way an exam does: as a lesion or mechanism ("Compression of the
common peroneal nerve"), with an abbreviation in brackets, in British or American spelling, or
misspelt. Only the evaluation reads options, so this lives beside it; a conversation resolves
names with ``bot.followups.ConditionResolver``.
"""

from __future__ import annotations

import difflib
import math
import re

from bot.followups import name_key, name_words
from knowledge import Knowledge

_ABBREVIATION = re.compile(r"\(\s*([a-z0-9]{2,8})\s*(?:\)|$)")  # "(aidp)", "(nmo" cut short
_SPECIFIC_NAMES = 25  # a word in at most this many condition names can name one alone (judgement)


def _same_word(a: str, b: str) -> bool:
    """Equal, singular and plural ('vein', 'veins'), one inside the other ('parathyroid'), or
    sharing a long stem ('metastases')."""
    if a == b or a + "s" == b or b + "s" == a or (len(a) >= 6 and a in b):
        return True
    stem = min(len(a), len(b)) - 2
    return stem >= 7 and a[:stem] == b[:stem]


class OptionReader:
    """Built once from the knowledge: every condition name and synonym, and how rare each word is."""

    def __init__(self, kb: Knowledge):
        self._names: dict[str, str] = {}
        self._primary = {name_key(cond.name): cid for cid, cond in kb.conditions.items()}
        for cid, cond in kb.conditions.items():
            for phrase in [cond.name, *cond.synonyms, cid.replace("_", " ")]:
                self._names.setdefault(name_key(phrase), cid)
        self._document_frequency: dict[str, int] = {}
        for name in self._names:
            for w in set(name_words(name)):
                self._document_frequency[w] = self._document_frequency.get(w, 0) + 1
        # The idf of a word in _SPECIFIC_NAMES names: a count, not a share, so that a generic
        # word ("nerve") does not turn specific as the knowledge grows.
        self._specific = self._idf_of(_SPECIFIC_NAMES)

    def match_loosely(self, text: str) -> tuple[str | None, float]:
        """For answer options phrased as a lesion or mechanism ("Compression of the common
        peroneal nerve"): the condition whose name covers most of the option's distinctive
        words, rare words weighing more (inverse document frequency over all names).
        Returns the condition and how well it matched: 1.0 for an exact name, else below 1 by
        the share of the option's words that some name holds (and a little by the name score),
        so that between options naming the same condition the one with fewer unknown words wins.

        An option with an abbreviation in brackets ("Acute motor axonal neuropathy (AMAN)") is
        tried without it, then the abbreviation as a name of its own; then it is left out."""
        key = name_key(text)
        if key in self._names:
            return self._names[key], 1.0
        bracketed = _ABBREVIATION.search(key)
        if bracketed:  # the name first: an abbreviation ("AS") can stand for several conditions
            key = _ABBREVIATION.sub(" ", key).strip()
            if key in self._names:
                return self._names[key], 1.0
            if bracketed.group(1) in self._names:
                return self._names[bracketed.group(1)], 1.0
        words = [self._spelled(w) for w in name_words(key)]
        # A word no condition name has ("sural", "vagus") only breaks ties between options that
        # name the same condition: it lowers the quality and never vetoes a match.
        known = [w for w in words if any(_same_word(w, k) for k in self._document_frequency)]
        if not known:
            return None, 0.0
        total = sum(self._idf(w) for w in known)
        best, best_score = None, 0.0
        for name, cid in self._names.items():
            its_words = name_words(name)
            hits = [w for w in known if any(_same_word(w, n) for n in its_words)]
            # Generic words alone ("nerve", "pain") name no condition: the words shared must
            # carry as much as one word found in a few names only.
            if len(hits) < min(2, len(known)) or sum(self._idf(w) for w in hits) < self._specific:
                continue
            # A word found whole counts fully, one found inside another ("femoral" in
            # "genitofemoral") a little less.
            weight = sum(self._idf(w) * (1.0 if w in its_words else 0.9) for w in hits)
            score = weight / total - 0.01 * len(its_words)
            if score > best_score:
                best, best_score = cid, score
        if best_score < 0.6:
            return None, 0.0
        return best, 0.9 * len(known) / len(words) + 0.09 * best_score  # below an exact name (1.0)

    def _spelled(self, word: str) -> str:
        """A misspelt long word ("osteoarthirits") as the name word it is very close to."""
        if len(word) < 7 or word in self._document_frequency:
            return word
        close = difflib.get_close_matches(word, self._document_frequency, n=1, cutoff=0.9)
        return close[0] if close else word

    def narrower(self, text: str) -> set[str]:
        """Conditions whose name (not synonym) holds the whole of ``text``: "abdominal aortic
        aneurysm" also names the ruptured one, "stroke" every stroke. An option naming a disease
        means any of its forms."""
        key = name_key(text)
        if not name_words(key):
            return set()
        pattern = re.compile(rf"\b{re.escape(key)}\b")
        return {cid for name, cid in self._primary.items() if pattern.search(name)}

    def _idf(self, word: str) -> float:
        return self._idf_of(self._document_frequency.get(word, 0))

    def _idf_of(self, names: int) -> float:
        return math.log((1 + len(self._names)) / (1 + names))
