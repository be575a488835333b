"""What a message asks for, besides new findings: commands and questions about a condition.

"new", "skip", "help", "why not DVT?", "explain RLS", "workup", "red flags for cauda equina",
"about meralgia". Condition names resolve through the knowledge's names and synonyms, with a
fuzzy fallback for typos.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process

from bot.spelling import american
from knowledge import Knowledge
from knowledge.phrases import normalise_phrase

# The whole message: "new mum, wrist pain when I lift the baby" is a case, not the command.
_RESET = re.compile(r"^(?:/?new|reset|start over|restart|new case|new patient)\W*$", re.I)
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
_STOP = (
    _GENERIC
    | _MECHANISM
    | {"a", "an", "and", "or", "in", "on", "to", "with", "by", "due", "from", "for", "at", "its", "over", "left", "right"}
)


def name_key(text: str) -> str:
    """Names compare without accents, hyphens or apostrophes and in one spelling: 'Guillain-Barré'
    = 'guillain barre', "Reiter’s" = "Reiter's" = 'reiters', 'haematoma' = 'hematoma'."""
    plain = unicodedata.normalize("NFKD", re.sub(r"['’‘`]", "", text)).encode("ascii", "ignore").decode()
    key = normalise_phrase(re.sub(r"-", " ", plain).replace("  ", " "))
    return american(key)


def name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", name) if w not in _STOP]


_MIN_NEAR_MISS = 6  # letters a name needs before a near-miss spelling is taken as meant (SSSS is not SSS)


def _distinctive(name: str) -> str:
    return " ".join(w for w in name.split() if w not in _GENERIC)


class ConditionResolver:
    """Finds the condition a clinician means by a name, abbreviation or near-miss spelling."""

    def __init__(self, kb: Knowledge):
        self._kb = kb
        self._display = {cid: cond.name for cid, cond in kb.conditions.items()}

    @cached_property
    def _names(self) -> dict[str, str]:
        """Every name, synonym and id by its key; built on the first name asked, not at start-up:
        eleven thousand keys cost a tenth of a second that a one-shot ``ask`` never uses."""
        names: dict[str, str] = {}
        for cid, cond in self._kb.conditions.items():
            for phrase in [cond.name, *cond.synonyms, cid.replace("_", " ")]:
                names.setdefault(name_key(phrase), cid)
        return names

    def resolve(self, text: str) -> str | None:
        query = name_key(re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I))
        if not query:
            return None
        if query in self._names:
            return self._names[query]
        for name in sorted(self._names, key=len, reverse=True):  # a known name inside the text
            if len(name) > 2 and re.search(rf"\b{re.escape(name)}\b", query):
                return self._names[name]
        # the first words of a longer name ("restless legs"), never part of a word ("dress" is not "dressler")
        starts = [name for name in self._names if len(query) >= 5 and name.startswith(query + " ")]
        if starts:
            return self._names[min(starts, key=len)]
        if len(query) < _MIN_NEAR_MISS:  # an abbreviation one letter off another ("HFMD", "FMD") is another name
            return None
        for name in difflib.get_close_matches(query, self._names, n=3, cutoff=0.8):
            # "frobnication syndrome" is not "ITB friction syndrome": the distinctive words must match too
            if difflib.SequenceMatcher(None, _distinctive(query), _distinctive(name)).ratio() >= 0.8:
                return self._names[name]
        return None

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """The names of the conditions whose name or synonym is most like ``text``, for a message
        about a name the knowledge does not hold. Whole names are compared, and abbreviations
        neither asked nor offered: "MI" is as like "MS" as "TM", which says nothing."""
        query = name_key(text)
        if len(query) < _MIN_SUGGESTED:
            return []
        names = [name for name in self._names if len(name) >= _MIN_SUGGESTED]
        hits = process.extract(query, names, scorer=fuzz.ratio, limit=None, score_cutoff=_SUGGEST_CUTOFF)
        conditions = dict.fromkeys(self._names[name] for name, _score, _index in hits)
        return [self._display[cid] for cid in list(conditions)[:n]]
