"""How much a case's own words resemble each condition's description.

The reader turns a message into findings of a fixed vocabulary; a long case also holds clues the
vocabulary has no finding for (a named sign, an exposure, a word from a biopsy or a film) that a
condition's name, summary and finding labels use. The resemblance is the cosine of TF-IDF vectors
of the case's words and of each condition's text; the differential weighs it in as a likelihood
factor (``scoring.yaml``: ``resemblance_weight``). Words every condition uses weigh next to
nothing; words of no condition are not kept at all, so a case's words are stored (with its
findings) only as far as the knowledge itself uses them.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial

import numpy as np

from knowledge import Knowledge
from knowledge.schema import Condition, Frequency

_WORD = re.compile(r"[a-z][a-z0-9\-]+")
_SHORTEST = 3  # letters: "of", "to", "mg" carry nothing a condition's text tells apart


def words(text: str, stop: frozenset[str], lemma: Callable[[str], str]) -> list[str]:
    """The words of ``text`` a resemblance compares: three letters or more, no stop word, each as
    ``lemma`` gives it (``matching.lemma_in``: "tumours" and "tumor" are one word, as are "oedema"
    and "edema")."""
    return [lemma(w) for w in _WORD.findall(text.lower()) if len(w) >= _SHORTEST and w not in stop]


def condition_text(cond: Condition, kb: Knowledge) -> str:
    """What a condition is said to be: its names, summary and the findings it shows (not those
    against it, which a case naming them would otherwise resemble)."""
    shown = [kb.findings[link.finding].label for link in cond.findings if link.frequency != Frequency.against]
    return " ".join([cond.name, *cond.synonyms, cond.summary, *shown])


class Resemblance:
    """Per word, the conditions whose text uses it and its weight there: one sparse table (rows are
    words), kept as three flat arrays, since a numpy array per word held 8 MB in every worker."""

    def __init__(self, kb: Knowledge, conditions: list[Condition]):
        self.size = len(conditions)
        stop = frozenset(w.lower() for w in kb.language.resemblance_stop_words)
        from bot.matching import english_lemmas, lemma_in  # spaCy's table: only when the tables are built

        lemmas = {**english_lemmas(), **kb.language.lemma_exceptions}  # as the reader's (PhraseReader.lemma)
        lemma = partial(lemma_in, lemmas)

        def docs() -> Iterator[Counter[str]]:  # read twice rather than held: a web worker keeps its peak
            return (Counter(words(condition_text(c, kb), stop, lemma)) for c in conditions)

        used_by = Counter(w for doc in docs() for w in doc)
        vocabulary = sorted(used_by)
        self.row = {w: i for i, w in enumerate(vocabulary)}  # word -> its row
        self.idf = np.array([math.log(self.size / (1 + used_by[w])) for w in vocabulary], dtype=np.float32)
        rows, condition, weight = array("i"), array("i"), array("f")
        for ci, doc in enumerate(docs()):
            tf_idf = {self.row[w]: (1 + math.log(n)) * float(self.idf[self.row[w]]) for w, n in doc.items()}
            norm = math.sqrt(sum(v * v for v in tf_idf.values())) or 1.0
            for r, v in tf_idf.items():
                rows.append(r)
                condition.append(ci)
                weight.append(v / norm)
        by_row = np.argsort(np.frombuffer(rows, dtype=np.int32), kind="stable")
        self.start = np.searchsorted(np.frombuffer(rows, dtype=np.int32)[by_row], np.arange(len(vocabulary) + 1)).astype(np.int32)
        self.condition = np.frombuffer(condition, dtype=np.int32)[by_row]  # row r: start[r]:start[r + 1]
        self.weight = np.frombuffer(weight, dtype=np.float32)[by_row]

    def known(self, counts: dict[str, int]) -> dict[str, int]:
        """Of a case's words, those some condition's text uses: all a conversation keeps."""
        return {w: n for w, n in counts.items() if w in self.row}

    def _cells(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        r = self.row[word]
        span = slice(self.start[r], self.start[r + 1])
        return self.condition[span], self.weight[span]

    def similarity(self, words: dict[str, int]) -> np.ndarray:
        """Cosine of the case's words with each condition's text (0 for a case of no known word)."""
        out = np.zeros(self.size, dtype=np.float64)
        query = {w: (1 + math.log(n)) * float(self.idf[self.row[w]]) for w, n in words.items() if w in self.row and n > 0}
        norm = math.sqrt(sum(v * v for v in query.values()))
        if not norm:
            return out
        for w, v in query.items():
            conditions, weights = self._cells(w)
            out[conditions] += weights * (v / norm)
        return out

    def shared(self, ci: int, words: dict[str, int], limit: int) -> list[str]:
        """The case's words that weigh most towards condition ``ci`` (to say why it moved)."""
        scored = []
        for w in words:
            if w not in self.row:
                continue
            conditions, weights = self._cells(w)
            hit = np.flatnonzero(conditions == ci)
            if hit.size:
                scored.append((float(weights[hit[0]] * self.idf[self.row[w]]), w))
        return [w for _, w in sorted(scored, reverse=True)[:limit]]
