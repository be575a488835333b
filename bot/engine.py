"""The conversation engine: a pure function of (stored state, inbound) -> (new state, outbound).

States: collecting -> asking (question n of at most K) -> answered -> follow-ups. The engine
never touches storage or a platform; ``bot.service`` persists what it returns, and every
adapter and test drives this same function.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from bot.differential import DifferentialModel, Posterior, denied
from bot.followups import ConditionResolver, Intent, parse_intent
from bot.messages import (
    HELP_TEXT,
    SKIP_CHOICE,
    AnswerView,
    CardView,
    Entry,
    Focus,
    Inbound,
    OptionView,
    Outbound,
    OutboundKind,
    QuestionView,
    Tier,
)
from bot.nlu import Extraction, FindingExtractor, exclusive_groups
from bot.questions import QuestionPlanner, option_by_id
from bot.scope import ScopeReader, areas_text, scope_text
from bot.urgency import assess as assess_urgency
from knowledge import Knowledge, load_knowledge
from knowledge.schema import FindingGroup, Frequency, Question, QuestionOption

MAX_TEXT = 4000
_GROUP_ORDER = list(FindingGroup)


class Phase(StrEnum):
    """Where a conversation is (string-valued: states stored before the enum read the same)."""

    collecting = "collecting"  # nothing answered yet
    asking = "asking"  # a clarifying question is pending
    answered = "answered"  # an answer was given: new text refines it


@dataclass
class ConversationState:
    """Everything the engine needs between turns; stored as JSON."""

    phase: Phase = Phase.collecting
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    pending: str | None = None
    last: dict[str, float] = field(default_factory=dict)  # listed condition -> posterior at last answer
    last_tiers: dict[str, Tier] = field(default_factory=dict)  # listed condition -> tier
    complaints: list[str] = field(default_factory=list)  # complaint clusters raised so far
    # The case's words that some condition's text uses, with counts (``Resemblance.known``): only
    # the knowledge's own vocabulary is kept, never the message.
    words: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> ConversationState:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "phase" in known:
            known["phase"] = Phase(known["phase"])
        if "last_tiers" in known:
            known["last_tiers"] = {cid: Tier(tier) for cid, tier in known["last_tiers"].items()}
        return cls(**known)


class Core:
    """The knowledge and everything built from it, once per process."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        self.model = DifferentialModel.cached(kb)
        self.planner = QuestionPlanner(self.model)
        self.extractor = FindingExtractor(kb)
        self.resolver = ConditionResolver(kb)
        self.exclusive = exclusive_groups(kb)
        self.scope = ScopeReader(kb)

    @staticmethod
    @lru_cache(maxsize=2)
    def default() -> Core:
        """The core on the bundled knowledge, or on ``KNOWLEDGE_DIR`` when it is set."""
        from bot.settings import get_settings

        return Core(load_knowledge(get_settings().knowledge_dir or None))


def read_ahead(inbound: Inbound, core: Core) -> None:
    """The part of a turn that needs no state: reading its text. The service calls it before it
    locks the conversation; the NLU keeps the result, so the turn under the lock finds it ready
    and holds the lock (SQLite's one write lock) for milliseconds, not for the reading."""
    text = (inbound.text or "").strip()
    if not inbound.choice and not _check_text(text) and not parse_intent(text):
        core.extractor.extract(text)


def handle(state: ConversationState | None, inbound: Inbound, core: Core) -> tuple[ConversationState, Outbound]:
    """One turn. On bad input the state is returned unchanged with an error message."""
    state = state or ConversationState()
    if inbound.choice:
        return _on_choice(state, inbound.choice, core)
    text = (inbound.text or "").strip()
    problem = _check_text(text)
    if problem:
        return state, Outbound(OutboundKind.error, problem)
    intent = parse_intent(text)
    if intent:
        return _on_intent(state, intent, core)
    return _on_text(state, text, inbound.one_shot, core)


# --- input -------------------------------------------------------------------------------------


def _check_text(text: str) -> str | None:
    if not text:
        return "The message is empty. Describe the presentation, e.g. \"nocturnal calf cramps in a 70-year-old\"."
    if len(text) > MAX_TEXT:
        return (
            f"That message is {len(text):,} characters; the limit is {MAX_TEXT:,}. "
            "Please send the key findings in a shorter message — nothing was changed."
        )
    if not re.search(r"[^\W_]", text):
        return "That message has no words in it. Describe the presentation in a sentence."
    return None


def _on_text(state: ConversationState, text: str, one_shot: bool, core: Core) -> tuple[ConversationState, Outbound]:
    question = core.kb.questions.get(state.pending) if state.phase == Phase.asking and state.pending else None
    option = _typed_option(question, text) if question else None
    if question and option:
        return _after_option(state, question, option, core)
    found = core.extractor.extract(text)
    option = _affirmed_option(question, text, found.present) if question else None
    if option:  # "yes - can't pass urine": the option's findings and the words' own findings
        found.present |= core.extractor.with_implied(set(option.present))
        found.absent = (found.absent | set(option.absent)) - found.present
    complaints = core.scope.complaints(core.extractor.written_out(text), found.present)
    if not state.present and complaints:
        view = core.scope.assess(complaints)
        if not view.covered:  # a new case outside the knowledge: say so, build nothing but urgency
            view.urgency = core.scope.urgency(text, found.present)
            return state, Outbound(OutboundKind.scope, scope_text(view), scope=view)
    if found.empty:
        if question:
            labels = "; ".join(f"{i}. {o.label}" for i, o in enumerate(question.options, 1))
            return state, Outbound(OutboundKind.error, f"I didn't catch an answer. {question.text} {labels} — or say \"skip\".")
        covers = "" if state.present else f" I cover presentations of the {areas_text(core.scope.covers)}."
        return state, Outbound(
            OutboundKind.error,
            f"I couldn't recognise a clinical finding in that.{covers} Describe site, symptom, timing and side — "
            "e.g. \"left calf pain and swelling for 3 days\". Say \"help\" for more.",
        )
    new = _merge(state, _restated(state, found, core), found.absent, core)
    new.complaints = list(dict.fromkeys([*state.complaints, *complaints]))
    new.words = dict(Counter(state.words) + Counter(core.model.resemblance.known(found.words)))
    if state.phase == Phase.collecting and not _has_complaint(new, core):
        # "a 45 year old woman", "he feels a bit off": who the patient is, kept, but no problem yet;
        # a differential from age and sex alone would be a guess dressed as an answer
        return new, Outbound(
            OutboundKind.message,
            f"Noted: {describe(new, core)}. What is the problem? Describe site, symptom, timing and side — "
            "e.g. \"left calf pain and swelling for 3 days\".",
        )
    if state.phase == Phase.answered:
        return _answer(new, core)
    if state.pending:
        new.pending = None  # the typed text answered (or overrode) the open question
    return _advance(new, core, one_shot)


# Who the patient is and how long for, with no problem named. A history or a drug may be the
# question itself ("a bead up his nose", "prediabetes", "cleft palate"), so those count.
_NOT_A_COMPLAINT = {FindingGroup.demographic, FindingGroup.laterality, FindingGroup.onset}


def _has_complaint(state: ConversationState, core: Core) -> bool:
    """Whether the case holds anything to reason on, not only the patient's age and sex or a
    side or duration of nothing named."""
    findings = core.kb.findings
    return any(not findings[f].neutral and findings[f].group not in _NOT_A_COMPLAINT for f in state.present)


def _typed_option(question: Question, text: str) -> QuestionOption | None:
    t = re.sub(r"[^\w\s'/-]", "", text.lower()).strip()
    if t.isdecimal() and 1 <= int(t) <= len(question.options):
        return question.options[int(t) - 1]
    for opt in question.options:
        if t in {opt.id.replace("_", " "), opt.label.lower(), *(s.lower() for s in opt.synonyms)}:
            return opt
    denial = _DENY.match(text)  # "no, only words": the option its words name
    return _typed_option(question, text[denial.end() :]) if denial and text[denial.end() :].strip() else None


_DENY = re.compile(r"^\s*(?:no|nope|nah|negative)\b[\s,.;:!–—-]*", re.I)


_AFFIRM = re.compile(r"^\s*(?:yes|yeah|yep|yup|y|aye|correct|positive)\b[\s,.;:!–—-]*", re.I)


def _affirmed_option(question: Question, text: str, found: set[str]) -> QuestionOption | None:
    """The option a reply in one's own words affirms: "yes" to a yes/no question, "yes, both"
    naming an option, or "yes - <words>" whose findings fall under exactly one option."""
    m = _AFFIRM.match(text)
    if not m:
        return None
    rest = text[m.end() :].strip()
    if rest:
        named = _typed_option(question, rest)
        if named:
            return named
        hits = [o for o in question.options if set(o.present) & found]
        if hits:
            return hits[0] if len(hits) == 1 else None
        if found:
            return None  # the words say something, but not which option
    yes = [o for o in question.options if o.label.lower().startswith("yes") or "yes" in (s.lower() for s in o.synonyms)]
    return yes[0] if len(yes) == 1 else None


def _on_choice(state: ConversationState, choice: str, core: Core) -> tuple[ConversationState, Outbound]:
    if choice == SKIP_CHOICE:
        if not state.present:
            return state, Outbound(OutboundKind.error, "There is nothing to answer yet: describe the presentation first.")
        return _answer(state, core)
    qid, _, oid = choice.partition(":")
    question = core.kb.questions.get(qid)
    option = option_by_id(question, oid) if question else None
    if state.phase != Phase.asking or state.pending != qid or question is None or option is None:
        return state, Outbound(
            OutboundKind.error, "That option is no longer on offer (the question was already answered or has expired)."
        )
    return _after_option(state, question, option, core)


def _after_option(state: ConversationState, question: Question, option: QuestionOption, core: Core):
    new = _merge(state, set(option.present), set(option.absent), core)
    new.pending = None
    return _advance(new, core, one_shot=False)


def _restated(state: ConversationState, found: Extraction, core: Core) -> set[str]:
    """What a message asserts, less a sex it names only by a pronoun when one is already stated:
    "he is diabetic" after "62 year old woman" refers to her. "Actually a man" restates it."""
    stated = set(state.present)
    referring = {f for group in core.exclusive if group & stated for f in found.by_pronoun & group}
    return found.present - referring


def _merge(state: ConversationState, present: set[str], absent: set[str], core: Core) -> ConversationState:
    """The findings so far with a message's (or an option's); a new sex or age band replaces the old."""
    implied = core.extractor.with_implied(present)
    present = implied - core.extractor.denied_implications(implied, present, absent)
    replaced = {f for group in core.exclusive if group & present for f in group - present}
    keep_present = (set(state.present) - absent - replaced) | present
    keep_absent = (set(state.absent) - present) | absent
    return replace(state, present=sorted(keep_present), absent=sorted(keep_absent - keep_present))


# --- flow --------------------------------------------------------------------------------------


def _posterior(state: ConversationState, core: Core) -> Posterior:
    return core.model.score(set(state.present), set(state.absent), words=state.words)


def _advance(state: ConversationState, core: Core, one_shot: bool) -> tuple[ConversationState, Outbound]:
    post = _posterior(state, core)
    limit = core.kb.scoring.max_questions
    if one_shot or len(state.asked) >= limit:
        return _answer(state, core, post)
    question = core.planner.grading_question(post, state.asked)
    if question is None and not core.planner.leader_is_clear(post):
        question = core.planner.next_question(post, state.asked)
    if question is None:
        return _answer(state, core, post)
    new = replace(state, phase=Phase.asking, pending=question.id, asked=[*state.asked, question.id])
    view = QuestionView(
        question_id=question.id,
        text=question.text,
        options=[OptionView(f"{question.id}:{o.id}", o.label) for o in question.options],
        number=len(new.asked),
        of=limit,
        preamble=f"Understood: {describe(state, core)}.",
    )
    return new, Outbound(OutboundKind.question, question=view)


def _answer(state: ConversationState, core: Core, post: Posterior | None = None) -> tuple[ConversationState, Outbound]:
    post = post or _posterior(state, core)
    entries = core.model.tiers(post)
    changes = _changes(state, entries, core) if state.last else []
    view = AnswerView(
        title=describe(state, core),
        entries=entries,
        banner=core.model.red_flag_banner(post),
        changes=changes,
        knowledge_version=core.kb.version,
        urgency=assess_urgency(core.model, post),
        scope=core.scope.assess(state.complaints),
        unexplained=core.model.unexplained(post, [core.model.index_of(e.condition_id) for e in entries]),
    )
    new = replace(
        state,
        phase=Phase.answered,
        pending=None,
        last={e.condition_id: round(e.posterior, 6) for e in entries},
        last_tiers={e.condition_id: e.tier for e in entries},
    )
    return new, Outbound(OutboundKind.answer, answer=view)


def _changes(state: ConversationState, entries: list[Entry], core: Core) -> list[str]:
    lines = []
    now = {e.condition_id: e for e in entries}
    if entries and entries[0].tier == Tier.most_likely and state.last_tiers.get(entries[0].condition_id) != Tier.most_likely:
        lines.append(f"New leader: {entries[0].name}")
    for cid in sorted(set(now) | set(state.last), key=lambda c: -abs(_p(now, c) - state.last.get(c, 0.0))):
        before, after = state.last.get(cid, 0.0), _p(now, cid)
        if abs(after - before) >= 0.02:
            name, band = core.kb.conditions[cid].name, core.model.band
            way = "up" if after > before else "down"
            moved = f"{band(before)} → {band(after)}" if band(before) != band(after) else f"{way}, still {band(after)}"
            lines.append(f"{name}: {moved}" + (f" ({way})" if band(before) != band(after) else ""))
    return lines[: core.kb.scoring.cutoffs.changes]


def _p(entries: dict[str, Entry], cid: str) -> float:
    return entries[cid].posterior if cid in entries else 0.0


# --- follow-ups --------------------------------------------------------------------------------


def _on_intent(state: ConversationState, intent: Intent, core: Core) -> tuple[ConversationState, Outbound]:
    if intent.kind == "reset":
        return ConversationState(), Outbound(OutboundKind.message, "Starting a new case. " + HELP_TEXT)
    if intent.kind == "help":
        return state, Outbound(OutboundKind.message, HELP_TEXT)
    if intent.kind == "skip":
        if not state.present:
            return state, Outbound(OutboundKind.error, "There is nothing to answer yet: describe the presentation first.")
        return _answer(state, core)
    cid = core.resolver.resolve(intent.subject) if intent.subject else _leader(state)
    if cid is None and intent.subject:
        return state, _unknown_condition(intent.subject, core)
    if cid is None:
        return state, Outbound(OutboundKind.error, "Name a condition, e.g. \"workup for DVT\", or describe a case first.")
    focus = {"about": Focus.all, "workup": Focus.workup, "red_flags": Focus.red_flags}[intent.kind]
    return state, Outbound(OutboundKind.card, card=condition_card(cid, core, state if state.present else None, focus))


def card_lookup(subject: str, core: Core, example: str) -> Outbound:
    """The card of the condition a clinician names ("/about RLS"), or a message that says why not.

    ``example`` shows the command's own syntax in the message when no condition is named.
    """
    subject = subject.strip()
    if not subject:
        return Outbound(OutboundKind.error, f"Name a condition, e.g. {example}.")
    cid = subject if subject in core.kb.conditions else core.resolver.resolve(subject)
    if cid is None:
        return _unknown_condition(subject, core)
    return Outbound(OutboundKind.card, card=condition_card(cid, core))


def _unknown_condition(subject: str, core: Core) -> Outbound:
    close = core.resolver.suggest(subject)
    hint = f" The closest conditions it holds: {'; '.join(close)}." if close else ""
    return Outbound(OutboundKind.error, f"\"{subject}\" is not in my knowledge.{hint}")


def _leader(state: ConversationState) -> str | None:
    return next((c for c, t in state.last_tiers.items() if t == Tier.most_likely), None)


def condition_card(cid: str, core: Core, state: ConversationState | None = None, focus: Focus = Focus.all) -> CardView:
    """A condition's key features, workup, red flags and sources; for/against when a case exists."""
    kb, cond = core.kb, core.kb.conditions[cid]
    usual = [x for x in cond.findings if x.frequency in (Frequency.always, Frequency.usually)]
    case = None
    if state is not None:
        post = _posterior(state, core)
        ci = core.model.index_of(cid)
        rank = int((post.probability > post.probability[ci]).sum()) + 1
        case = core.model.entry(ci, state.last_tiers.get(cid, Tier.not_listed), rank, post)
    return CardView(
        condition_id=cid,
        name=cond.name,
        icd10=list(cond.icd10),
        summary=cond.summary,
        key_features=[kb.findings[x.finding].label for x in usual],
        workup=list(cond.workup),
        red_flags=[kb.findings[f].label for f in cond.red_flags],
        sources=[f"{kb.sources[s].citation}" for s in cond.sources],
        case=case,
        focus=focus,
    )


def describe(state: ConversationState, core: Core) -> str:
    """The presentation as understood: the most specific findings, in a readable order."""
    findings = core.kb.findings
    present = set(state.present)
    implied = {p for f in present for p in core.extractor.with_implied({f}) - {f}}
    said = {f for f in present - implied if not findings[f].neutral}  # "the paramedics", "reflexes" move nothing
    shown = sorted(said, key=lambda f: (_GROUP_ORDER.index(findings[f].group), f))
    parts = [findings[f].label for f in shown]
    # An age band a stated age rules out ("no baby under 2" for a 58-year-old) was not said.
    absent = sorted(f for f in state.absent if f in findings and not findings[f].age_range)
    parts += _denials(absent, present, core.kb)
    return " · ".join(parts) if parts else "no findings yet"


def _measured(fid: str, kb: Knowledge) -> str | None:
    """The quantity a finding is first a threshold of ("blood pressure" for a systolic limit), or
    None for a finding no reading makes."""
    rules = kb.findings[fid].lab
    return (kb.analytes[rules[0].analyte].label or kb.analytes[rules[0].analyte].names[0]) if rules else None


def _denials(absent: list[str], present: set[str], kb: Knowledge) -> list[str]:
    """The denied findings as a clinician reads them back: one normal reading ("temp 36.9") denies
    every threshold of its quantity, so several denials of one quantity are told as that quantity
    in the normal range, and none at all when a present finding already places the reading."""
    placed = {_measured(f, kb) for f in present if f in kb.findings} - {None}
    by_quantity: dict[str | None, list[str]] = {}
    for fid in absent:
        by_quantity.setdefault(_measured(fid, kb), []).append(fid)
    parts = [denied(kb.findings[f]) for f in by_quantity.pop(None, [])]
    for quantity, fids in by_quantity.items():
        if quantity in placed:
            continue
        parts += [f"{quantity} in the normal range"] if len(fids) > 1 else [denied(kb.findings[fids[0]])]
    return parts
