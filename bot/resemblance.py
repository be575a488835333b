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
from collections import Counter

import numpy as np

from knowledge import Knowledge
from knowledge.schema import Condition, Frequency

_WORD = re.compile(r"[a-z][a-z0-9\-]+")
_SHORTEST = 3  # letters: "of", "to", "mg" carry nothing a condition's text tells apart


def words(text: str, stop: frozenset[str]) -> list[str]:
    """The words of ``text`` a resemblance compares: lower case, three letters or more, no stop word."""
    return [w for w in _WORD.findall(text.lower()) if len(w) >= _SHORTEST and w not in stop]


def condition_text(cond: Condition, kb: Knowledge) -> str:
    """What a condition is said to be: its names, summary and the findings it shows (not those
    against it, which a case naming them would otherwise resemble)."""
    shown = [kb.findings[link.finding].label for link in cond.findings if link.frequency != Frequency.against]
    return " ".join([cond.name, *cond.synonyms, cond.summary, *shown])


class Resemblance:
    """Per word, the conditions whose text uses it and its weight there (a sparse table)."""

    def __init__(self, kb: Knowledge, conditions: list[Condition]):
        self.size = len(conditions)
        stop = frozenset(w.lower() for w in kb.language.resemblance_stop_words)
        docs = [Counter(words(condition_text(c, kb), stop)) for c in conditions]
        used_by = Counter(w for doc in docs for w in doc)
        self.idf = {w: math.log(self.size / (1 + n)) for w, n in used_by.items()}
        rows: dict[str, list[tuple[int, float]]] = {}
        for ci, doc in enumerate(docs):
            weights = {w: (1 + math.log(n)) * self.idf[w] for w, n in doc.items()}
            norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
            for w, v in weights.items():
                rows.setdefault(w, []).append((ci, v / norm))
        self.postings = {
            w: (np.array([ci for ci, _ in row], dtype=np.int32), np.array([v for _, v in row], dtype=np.float32))
            for w, row in rows.items()
        }

    def known(self, counts: dict[str, int]) -> dict[str, int]:
        """Of a case's words, those some condition's text uses: all a conversation keeps."""
        return {w: n for w, n in counts.items() if w in self.postings}

    def similarity(self, words: dict[str, int]) -> np.ndarray:
        """Cosine of the case's words with each condition's text (0 for a case of no known word)."""
        out = np.zeros(self.size, dtype=np.float64)
        weights = {w: (1 + math.log(n)) * self.idf[w] for w, n in words.items() if w in self.postings and n > 0}
        norm = math.sqrt(sum(v * v for v in weights.values()))
        if not norm:
            return out
        for w, v in weights.items():
            rows, values = self.postings[w]
            out[rows] += values * (v / norm)
        return out

    def shared(self, ci: int, words: dict[str, int], limit: int) -> list[str]:
        """The case's words that weigh most towards condition ``ci`` (to say why it moved)."""
        scored = []
        for w in words:
            rows, values = self.postings.get(w, (np.empty(0, dtype=np.int32), None))
            hit = np.flatnonzero(rows == ci)
            if hit.size and values is not None:
                scored.append((float(values[hit[0]]) * self.idf[w], w))
        return [w for _, w in sorted(scored, reverse=True)[:limit]]
