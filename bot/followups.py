"""What a message asks for, besides new findings: commands and questions about a condition.

"new", "skip", "help", "why not DVT?", "explain RLS", "workup", "red flags for cauda equina",
"about meralgia". Condition names resolve through the knowledge's names and synonyms, with a
fuzzy fallback for typos.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge import Knowledge
from knowledge.phrases import normalise_phrase

_RESET = re.compile(r"^(?:/?new|reset|start over|restart|new case|new patient)\b", re.I)
_SKIP = re.compile(r"^(?:skip|just answer|answer now|answer|no more questions|go ahead)\b", re.I)
_HELP = re.compile(r"^(?:/?help|\?|what can you do)\W*$", re.I)
_ABOUT = re.compile(
    r"^(?:why not|explain|what about|how about|tell me about|about|card for|info on|could it be)\s+(.+?)\W*$",
    re.I,
)
_WORKUP = re.compile(r"^(?:work[\s-]?up|investigations?|tests?|next steps?)(?:\s+(?:for|of)\s+(.+?))?\W*$", re.I)
_WORKUP_SUFFIX = re.compile(r"^(.+?)\s+work[\s-]?up\W*$", re.I)
_RED_FLAGS = re.compile(r"^red[\s-]?flags?(?:\s+(?:for|of|in)\s+(.+?))?\W*$", re.I)


@dataclass(frozen=True)
class Intent:
    kind: str  # reset | skip | help | about | workup | red_flags
    subject: str | None = None  # the condition text, when one was named


def parse_intent(text: str) -> Intent | None:
    """A command or a question about a condition, or None when the text is clinical content."""
    t = text.strip()
    if _RESET.match(t):
        return Intent("reset")
    if _SKIP.match(t):
        return Intent("skip")
    if _HELP.match(t):
        return Intent("help")
    for pattern, kind in ((_WORKUP, "workup"), (_RED_FLAGS, "red_flags")):
        m = pattern.match(t)
        if m:
            return Intent(kind, m.group(1))
    m = _WORKUP_SUFFIX.match(t)
    if m:
        return Intent("workup", m.group(1))
    m = _ABOUT.match(t)
    if m:
        return Intent("about", m.group(1))
    return None


_GENERIC = {"syndrome", "disease", "disorder", "of", "the", "acute", "chronic", "primary", "secondary", "injury", "tear"}
# Words that say how a structure is affected, not which: "Destruction of parathyroid glands" is
# hypoparathyroidism, "Occlusion of the anterior cerebral artery" an anterior cerebral stroke.
_MECHANISM = {
    "destruction", "damage", "entrapment", "lesion", "deficit", "effect", "complication", "complicating",
    "gland", "glands", "involvement", "dysfunction", "process", "cause", "caused", "type",
    "severe", "advanced", "system", "occlusion", "occluded",
}  # fmt: skip
_MIN_SUGGESTED = 4  # shorter is an abbreviation
_SUGGEST_CUTOFF = 72  # rapidfuzz ratio of whole names, 0-100: below it they share letters, not meaning
_ABBREVIATION = re.compile(r"\(\s*([a-z0-9]{2,8})\s*(?:\)|$)")  # "(aidp)", "(nmo" cut short
_SPECIFIC = 4.5  # idf of a word in about 1% of condition names (judgement)
_STOP = (
    _GENERIC
    | _MECHANISM
    | {"a", "an", "and", "or", "in", "on", "to", "with", "by", "due", "from", "for", "at", "its", "left", "right"}
)


# British spellings as American ones: haematoma, ischaemia, oedema, diarrhoea.
_BRITISH = ((re.compile(r"(?<=[a-z])ae(?=[a-z])"), "e"), (re.compile(r"\boe(?=[a-z])"), "e"), (re.compile(r"rrhoea"), "rrhea"))


def _name_key(text: str) -> str:
    """Names compare without accents, hyphens or apostrophes and in one spelling: 'Guillain-Barré'
    = 'guillain barre', "Reiter’s" = "Reiter's" = 'reiters', 'haematoma' = 'hematoma'."""
    plain = unicodedata.normalize("NFKD", re.sub(r"['’‘`]", "", text)).encode("ascii", "ignore").decode()
    key = normalise_phrase(re.sub(r"-", " ", plain).replace("  ", " "))
    for pattern, american in _BRITISH:
        key = pattern.sub(american, key)
    return key


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", name) if w not in _STOP]


def _same_word(a: str, b: str) -> bool:
    """Equal, singular and plural ('vein', 'veins'), one inside the other ('parathyroid'), or
    sharing a long stem ('metastases')."""
    if a == b or a + "s" == b or b + "s" == a or (len(a) >= 6 and a in b):
        return True
    stem = min(len(a), len(b)) - 2
    return stem >= 7 and a[:stem] == b[:stem]


def _distinctive(name: str) -> str:
    return " ".join(w for w in name.split() if w not in _GENERIC)


class ConditionResolver:
    """Finds the condition a clinician means by a name, abbreviation or near-miss spelling."""

    def __init__(self, kb: Knowledge):
        self._names: dict[str, str] = {}
        self._primary = {_name_key(cond.name): cid for cid, cond in kb.conditions.items()}
        self._display = {cid: cond.name for cid, cond in kb.conditions.items()}
        for cid, cond in kb.conditions.items():
            for phrase in [cond.name, *cond.synonyms, cid.replace("_", " ")]:
                self._names.setdefault(_name_key(phrase), cid)
        self._document_frequency: dict[str, int] = {}
        for name in self._names:
            for w in set(_words(name)):
                self._document_frequency[w] = self._document_frequency.get(w, 0) + 1

    def resolve(self, text: str) -> str | None:
        query = _name_key(re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I))
        if not query:
            return None
        if query in self._names:
            return self._names[query]
        for name in sorted(self._names, key=len, reverse=True):  # a known name inside the text
            if len(name) > 2 and re.search(rf"\b{re.escape(name)}\b", query):
                return self._names[name]
        starts = [name for name in self._names if len(query) >= 5 and name.startswith(query)]
        if starts:
            return self._names[min(starts, key=len)]
        for name in difflib.get_close_matches(query, self._names, n=3, cutoff=0.8):
            # "frobnication syndrome" is not "ITB friction syndrome": the distinctive words must match too
            if difflib.SequenceMatcher(None, _distinctive(query), _distinctive(name)).ratio() >= 0.8:
                return self._names[name]
        return None

    def match_loosely(self, text: str) -> tuple[str | None, float]:
        """For answer options phrased as a lesion or mechanism ("Compression of the common
        peroneal nerve"): the condition whose name covers most of the option's distinctive
        words, rare words weighing more (inverse document frequency over all names).
        Returns the condition and how well it matched: 1.0 for an exact name, else below 1 by
        the share of the option's words that some name holds (and a little by the name score),
        so that between options naming the same condition the one with fewer unknown words wins.

        An abbreviation in brackets ("Acute motor axonal neuropathy (AMAN)") is tried as a
        name of its own, then left out of the words."""
        key = _name_key(text)
        if key in self._names:
            return self._names[key], 1.0
        bracketed = _ABBREVIATION.search(key)
        if bracketed:
            if bracketed.group(1) in self._names:
                return self._names[bracketed.group(1)], 1.0
            key = _ABBREVIATION.sub(" ", key).strip()
            if key in self._names:
                return self._names[key], 1.0
        words = [self._spelled(w) for w in _words(key)]
        # A word no condition name has ("sural", "vagus") only breaks ties between options that
        # name the same condition: it lowers the quality and never vetoes a match.
        known = [w for w in words if any(_same_word(w, k) for k in self._document_frequency)]
        if not known:
            return None, 0.0
        total = sum(self._idf(w) for w in known)
        best, best_score = None, 0.0
        for name, cid in self._names.items():
            name_words = _words(name)
            hits = [w for w in known if any(_same_word(w, n) for n in name_words)]
            # Generic words alone ("nerve", "pain") name no condition: the words shared must
            # carry as much as one word found in a few names only.
            if len(hits) < min(2, len(known)) or sum(self._idf(w) for w in hits) < _SPECIFIC:
                continue
            # A word found whole counts fully, one found inside another ("femoral" in
            # "genitofemoral") a little less.
            weight = sum(self._idf(w) * (1.0 if w in name_words else 0.9) for w in hits)
            score = weight / total - 0.01 * len(name_words)
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
        key = _name_key(text)
        if not _words(key):
            return set()
        pattern = re.compile(rf"\b{re.escape(key)}\b")
        return {cid for name, cid in self._primary.items() if pattern.search(name)}

    def _idf(self, word: str) -> float:
        return math.log((1 + len(self._names)) / (1 + self._document_frequency.get(word, 0)))

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """The names of the conditions whose name or synonym is most like ``text``, for a message
        about a name the knowledge does not hold. Whole names are compared, and abbreviations
        neither asked nor offered: "MI" is as like "MS" as "TM", which says nothing."""
        query = _name_key(text)
        if len(query) < _MIN_SUGGESTED:
            return []
        names = [name for name in self._names if len(name) >= _MIN_SUGGESTED]
        hits = process.extract(query, names, scorer=fuzz.ratio, limit=None, score_cutoff=_SUGGEST_CUTOFF)
        conditions = dict.fromkeys(self._names[name] for name, _score, _index in hits)
        return [self._display[cid] for cid in list(conditions)[:n]]
