"""Platform-neutral messages: one ``Inbound`` in, one ``Outbound`` out.

Adapters translate a platform event into an ``Inbound`` and render an ``Outbound``; nothing here
knows Slack or Telegram, so every platform and every test drives the same engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum, StrEnum

# What the bot says it does, on every platform (the engine's "help", Telegram's /help).
HELP_TEXT = (
    "Describe the patient's presentation in a sentence — site, what it feels like, timing, side, "
    "age and history (e.g. \"62F, nocturnal calf cramps, no swelling, on furosemide\"). I may ask "
    "up to three short questions, then give a tiered differential.\n"
    "Then: add findings (\"he is diabetic\"), ask \"why not DVT?\", \"explain RLS\", \"workup\", "
    "\"red flags\", or say \"new\" to start over. \"skip\" answers at once."
)

DISCLAIMER = (
    "For healthcare professionals. This is decision support from a curated knowledge base, not a "
    "diagnosis: it can be incomplete or wrong for this patient. Verify against current guidelines "
    "and primary sources, and rely on your own clinical judgement."
)

SKIP_CHOICE = "skip"
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone UTF-16 half: not a character, not encodable


@dataclass(frozen=True)
class Inbound:
    """One user turn: free text, or the choice of an option of the pending question."""

    platform: str
    conversation_key: str
    user_key: str
    text: str | None = None
    choice: str | None = None  # "<question_id>:<option_id>" or SKIP_CHOICE
    event_id: str | None = None  # platform delivery id, for de-duplication
    one_shot: bool = False  # answer at once, ask nothing (slash commands, `ddxbot ask`, eval)
    shared: bool = False  # written where others can write too (a channel, a group): the starter's rule applies

    def __post_init__(self) -> None:
        for name in ("conversation_key", "user_key", "text", "choice", "event_id"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, storable(value))


def storable(value: str) -> str:
    """``value`` as every database and spaCy take it: a lone surrogate (JSON "\\ud800") becomes
    U+FFFD, and NUL (JSON "\\u0000", which PostgreSQL refuses in text) is dropped."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


class OutboundKind(str, Enum):
    question = "question"
    answer = "answer"
    card = "card"  # a condition: explanation for this case, workup, red flags, sources
    message = "message"  # help, confirmations
    scope = "scope"  # the presentation is outside what the knowledge covers (text says so)
    error = "error"  # bad input; the conversation is unchanged


@dataclass
class OptionView:
    id: str  # "<question_id>:<option_id>", what a button sends back as Inbound.choice
    label: str


@dataclass
class QuestionView:
    question_id: str
    text: str
    options: list[OptionView]
    number: int  # 1-based
    of: int  # at most this many questions
    preamble: str = ""  # what the bot understood so far


@dataclass
class Reason:
    finding_id: str
    text: str  # reads well after "For:" or "Against:"
    weight: float  # log likelihood ratio this finding contributed


class Tier(StrEnum):
    """The four parts of an answer (string-valued: stored states and replies keep plain strings)."""

    most_likely = "most_likely"
    other_likely = "other_likely"
    do_not_miss = "do_not_miss"
    rare = "rare"
    not_listed = "not_listed"  # a condition card's case: the answer did not list the condition


class Focus(StrEnum):
    """What a condition card shows: everything, or the workup or red flags only."""

    all = "all"
    workup = "workup"
    red_flags = "red_flags"


@dataclass
class Entry:
    condition_id: str
    name: str
    icd10: list[str]
    tier: Tier
    rank: int  # rank by posterior among all conditions, 1-based
    posterior: float
    reasons_for: list[Reason] = field(default_factory=list)
    reasons_against: list[Reason] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)  # "IRLSSG 2014: 3 of 4 items met (…)"
    band: str = ""  # "likely": what answers show instead of the exact posterior

    @property
    def primary_icd10(self) -> str:
        """The one code an answer shows: the knowledge lists the primary, most specific code first
        (every code stays in the condition card and in ``--json``)."""
        return self.icd10[0] if self.icd10 else ""


@dataclass
class UrgencyView:
    """The disposition of an answer and why: emergency | urgent | routine | self_care."""

    level: str
    reasons: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)  # what to do now, in a floor's own words


URGENCY_TITLES = {
    "emergency": "EMERGENCY — act now",
    "urgent": "Urgent — same day",
    "routine": "Routine",
    "self_care": "Self care",
}


@dataclass
class ScopeView:
    """Which of the presentation's complaints the knowledge covers."""

    covered: bool
    complaints: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)  # what the knowledge does cover
    urgency: UrgencyView | None = None  # a scope reply's own: how urgent the message sounds


TIER_TITLES = {
    Tier.most_likely: "Single most likely diagnosis",
    Tier.other_likely: "Other likely diagnoses",
    Tier.do_not_miss: "Do not miss",
    Tier.rare: "Rare diagnoses",
}


@dataclass
class AnswerView:
    title: str  # the presentation as understood, e.g. "nocturnal · leg · buttock · muscle spasms"
    entries: list[Entry]
    banner: list[str] = field(default_factory=list)  # urgent red-flag lines, shown first
    changes: list[str] = field(default_factory=list)  # what moved since the last answer
    knowledge_version: str = ""
    urgency: UrgencyView | None = None
    scope: ScopeView | None = None
    unexplained: list[str] = field(default_factory=list)  # findings no listed condition explains

    def tier(self, name: Tier) -> list[Entry]:
        return [e for e in self.entries if e.tier == name]


@dataclass
class CardView:
    condition_id: str
    name: str
    icd10: list[str]
    summary: str
    key_features: list[str]
    workup: list[str]
    red_flags: list[str]
    sources: list[str]
    case: Entry | None = None  # for/against in this conversation, when there is one
    focus: Focus = Focus.all


@dataclass
class Outbound:
    kind: OutboundKind
    text: str = ""
    question: QuestionView | None = None
    answer: AnswerView | None = None
    card: CardView | None = None
    scope: ScopeView | None = None  # set on scope replies
    resume_from: int = 0  # parts of a split reply already sent, when a retry takes over its delivery

    @property
    def disclaimer(self) -> str | None:
        """Every reply with medical content carries the disclaimer."""
        if self.kind in (OutboundKind.answer, OutboundKind.card):
            return DISCLAIMER
        return None

    def to_dict(self) -> dict:
        data = _plain(self)
        del data["resume_from"]  # delivery bookkeeping, not part of the reply
        data["disclaimer"] = self.disclaimer
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Outbound:
        """The inverse of ``to_dict``: a stored reply, sent again when its first delivery died."""
        question, answer, card = data.get("question"), data.get("answer"), data.get("card")
        return cls(
            OutboundKind(data["kind"]),
            data.get("text", ""),
            question=QuestionView(**{**question, "options": [OptionView(**o) for o in question["options"]]})
            if question
            else None,
            answer=_answer(answer) if answer else None,
            card=CardView(
                **{
                    **card,
                    "focus": Focus(card.get("focus", Focus.all)),
                    "case": _entry(card["case"]) if card.get("case") else None,
                }
            )
            if card
            else None,
            scope=_scope(data["scope"]) if data.get("scope") else None,
            resume_from=data.get("resume_from", 0),
        )


def _answer(data: dict) -> AnswerView:
    urgency, scope = data.get("urgency"), data.get("scope")
    return AnswerView(
        **{
            **data,
            "entries": [_entry(e) for e in data["entries"]],
            "urgency": UrgencyView(**urgency) if urgency else None,
            "scope": _scope(scope) if scope else None,
        }
    )


def _scope(data: dict) -> ScopeView:
    urgency = data.get("urgency")
    return ScopeView(**{**data, "urgency": UrgencyView(**urgency) if urgency else None})


def _entry(data: dict) -> Entry:
    return Entry(
        **{
            **data,
            "tier": Tier(data["tier"]),
            "reasons_for": [Reason(**r) for r in data["reasons_for"]],
            "reasons_against": [Reason(**r) for r in data["reasons_against"]],
        }
    )


def _plain(value):
    """JSON-ready copy of a view (``dataclasses.asdict`` deep-copies every leaf: 5x slower)."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value
