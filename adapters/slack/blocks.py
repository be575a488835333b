"""Block Kit rendering of an ``Outbound``, within Slack's limits however long the answer.

Slack rejects a message whose section text exceeds 3,000 characters or that has more than 50
blocks, so long answers are packed into several sections, then compacted (reasons dropped),
and only then trimmed — rare diagnoses first, the do-not-miss tier last, the urgent banner and
the disclaimer never. All free text is mrkdwn-escaped (``&``, ``<``, ``>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.messages import SKIP_CHOICE, TIER_TITLES, AnswerView, CardView, Entry, Focus, Outbound, OutboundKind, QuestionView, Tier
from bot.render_text import advice_lines, coverage_lines, urgency_line

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_ACTIONS = 25
MAX_FALLBACK = 3000
MAX_BANNER_BLOCKS = 6

QUESTION_BLOCK = "ddx_question"  # block_id prefix of the buttons of a clarifying question
HINT_BLOCK = "ddx_hint"
CHOICE_ACTION = "ddx_choice"  # action_id prefix of option buttons (ddx_choice_1, …)
SKIP_ACTION = "ddx_skip"
SHARE_ACTION = "ddx_share"
FORGET_ACTION = "ddx_forget"
SKIP_LABEL = "Skip — just answer"

# Lowest priority first: what goes when even the compact answer does not fit in 50 blocks.
_TRIM_ORDER = [Tier.rare, Tier.other_likely, Tier.do_not_miss, Tier.most_likely]


@dataclass
class Rendered:
    """What chat.postMessage and respond() take: the notification text and the blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def escape(text: str) -> str:
    """Slack's three control characters; everything else is literal mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(out: Outbound, footer: Sequence[Block] = ()) -> Rendered:
    """Blocks for any outbound; ``footer`` (a button, a "shared by" line) goes above the disclaimer."""
    tail = list(footer)
    if out.disclaimer:
        tail.append(context(f":information_source: *Professional disclaimer:* {escape(out.disclaimer)}"))
    if out.kind == OutboundKind.question and out.question:
        body, text = question_blocks(out.question), _question_text(out.question)
    elif out.kind == OutboundKind.answer and out.answer:
        body, text = answer_blocks(out.answer, MAX_BLOCKS - len(tail)), _answer_text(out.answer)
    elif out.kind == OutboundKind.card and out.card:
        body, text = card_blocks(out.card, MAX_BLOCKS - len(tail)), f"{out.card.name}: condition card"
    else:
        prefix = ":warning: " if out.kind == OutboundKind.error else ""
        body, text = [section(s) for s in pack([prefix + escape(out.text)])][: MAX_BLOCKS - len(tail)], out.text
    return Rendered(_fallback(text, out.disclaimer), body + tail)


# --- primitives ---------------------------------------------------------------------------------


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:MAX_SECTION]}}


def context(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:MAX_SECTION]}]}
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _clip(text, MAX_HEADER), "emoji": True}}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": _clip(text, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def pack(paragraphs: Iterable[str], limit: int = MAX_SECTION) -> list[str]:
    """Join paragraphs into as few texts of at most ``limit`` characters as possible."""
    chunks: list[str] = []
    current = ""
    for para in paragraphs:
        for piece in _split(para, limit):
            if current and len(current) + 1 + len(piece) > limit:
                chunks.append(current)
                current = piece
            else:
                current = f"{current}\n{piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks


def _split(text: str, limit: int) -> list[str]:
    """A paragraph longer than a section, cut at line or word breaks, never inside an entity."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
            amp = text.rfind("&", max(0, cut - 5), cut)
            if amp > 0 and ";" not in text[amp:cut]:
                cut = amp
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return pieces


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fallback(text: str, disclaimer: str | None) -> str:
    """The notification and screen-reader text; escaped like everything else."""
    if disclaimer:
        text = f"{text}\n{disclaimer}"
    return _clip(escape(text), MAX_FALLBACK)


def _percent(p: float) -> str:
    return "<1%" if p < 0.01 else f"{p:.0%}"


# --- question -----------------------------------------------------------------------------------


def question_blocks(q: QuestionView) -> list[Block]:
    blocks = [section(s) for s in pack([escape(q.preamble)])] if q.preamble else []
    blocks.append(section(f"*Question {q.number} of at most {q.of}:* {escape(q.text)}"))
    buttons = [button(o.label, f"{CHOICE_ACTION}_{i}", o.id) for i, o in enumerate(q.options, 1)]
    buttons.append(button(SKIP_LABEL, SKIP_ACTION, SKIP_CHOICE))
    for n in range(0, len(buttons), MAX_ACTIONS):
        blocks.append(
            {"type": "actions", "block_id": f"{QUESTION_BLOCK}_{n // MAX_ACTIONS}", "elements": buttons[n : n + MAX_ACTIONS]}
        )
    blocks.append(context("Click an option, or reply in your own words; “skip” answers now.", HINT_BLOCK))
    return blocks


def _question_text(q: QuestionView) -> str:
    return f"Question {q.number} of at most {q.of}: {q.text}"


def answered_question(blocks: Sequence[Block], label: str, user_id: str) -> list[Block]:
    """The question message after a click: buttons and hint replaced by who chose what."""
    kept = [
        b
        for b in blocks
        if not str(b.get("block_id", "")).startswith((QUESTION_BLOCK, HINT_BLOCK)) and b.get("type") != "actions"
    ]
    return [*kept, context(f":white_check_mark: <@{escape(user_id)}> chose *{escape(label)}*")]


def share_footer(value: str) -> list[Block]:
    return [
        {"type": "actions", "block_id": "ddx_share", "elements": [button("Share in channel", SHARE_ACTION, value, "primary")]}
    ]


def forget_footer(key: str) -> list[Block]:
    """ "Forget this conversation", behind Slack's own confirmation dialog."""
    forget = button("Forget this conversation", FORGET_ACTION, key, "danger")
    forget["confirm"] = {
        "title": {"type": "plain_text", "text": "Forget this conversation?"},
        "text": {"type": "mrkdwn", "text": "ddxbot deletes everything it stored about this thread. This cannot be undone."},
        "confirm": {"type": "plain_text", "text": "Delete"},
        "deny": {"type": "plain_text", "text": "Cancel"},
        "style": "danger",
    }
    return [{"type": "actions", "block_id": "ddx_forget", "elements": [forget]}]


def shared_by_footer(user_id: str) -> list[Block]:
    return [context(f"Shared by <@{escape(user_id)}> from a /ddx lookup.")]


# --- answer -------------------------------------------------------------------------------------


def answer_blocks(a: AnswerView, budget: int = MAX_BLOCKS) -> list[Block]:
    """Banner, header, what changed, one or more sections per tier, the follow-up hint."""
    presentation = "\n".join([f"*Presentation:* {escape(a.title)}", *(f"_{escape(x)}_" for x in coverage_lines(a) if x)])
    head = _urgency(a) + _banner(a.banner) + [header("Differential diagnosis"), section(_clip(presentation, MAX_SECTION))]
    if a.changes:
        head.append(section(_clip("*What changed*\n" + "\n".join(f"• {escape(c)}" for c in a.changes), MAX_SECTION)))
    hint = context(escape("Reply to add findings, or ask “why not <condition>?”, “workup”, “red flags”, “new”."))
    room = budget - len(head) - 1
    tiers = {t: a.tier(t) for t in TIER_TITLES}
    for compact in (False, True):
        body = _tier_sections(tiers, {}, compact)
        if len(body) <= room:
            return head + body + [hint]
    hidden: dict[Tier, int] = {}
    for tier in _TRIM_ORDER:
        if len(_tier_sections(tiers, hidden, True)) <= room:
            break
        full, low, high = tiers[tier], 0, len(tiers[tier])  # the most entries of this tier that fit
        while low < high:
            mid = (low + high + 1) // 2
            trial = {**tiers, tier: full[:mid]}
            if len(_tier_sections(trial, {**hidden, tier: len(full) - mid}, True)) <= room:
                low = mid
            else:
                high = mid - 1
        tiers[tier], hidden[tier] = full[:low], len(full) - low
    return head + _tier_sections(tiers, hidden, True)[:room] + [hint]


def _urgency(a: AnswerView) -> list[Block]:
    """The disposition, first in every answer."""
    if not a.urgency:
        return []
    icon = {"emergency": ":rotating_light: ", "urgent": ":warning: "}.get(a.urgency.level, "")
    advice = "".join("\n" + escape(line) for line in advice_lines(a))
    return [section(_clip(icon + "*" + escape(urgency_line(a)) + "*" + advice, MAX_SECTION))]


def _banner(lines: list[str]) -> list[Block]:
    if not lines:
        return []
    paras = [":rotating_light: *URGENT — red flags present*"] + [f"• {escape(b)}" for b in lines]
    return [section(s) for s in pack(paras)][:MAX_BANNER_BLOCKS]


def _tier_sections(tiers: dict[Tier, list[Entry]], hidden: dict[Tier, int], compact: bool) -> list[Block]:
    blocks: list[Block] = []
    for tier, title in TIER_TITLES.items():
        entries = tiers[tier]
        if not entries and not hidden.get(tier):
            continue
        paras = [f"*{escape(title)}*"] + [_entry(e, compact) for e in entries]
        if hidden.get(tier):
            paras.append(f"_…and {hidden[tier]} more not shown here; ask about any condition by name._")
        blocks += [section(s) for s in pack(paras)]
    return blocks


def _entry(e: Entry, compact: bool) -> str:
    codes = f" ({escape(e.primary_icd10)})" if e.icd10 else ""
    head = f"• *{escape(e.name)}*{codes} — {e.band or _percent(e.posterior)}"
    if compact:
        return head
    lines = [head]
    if e.reasons_for:
        lines.append("      _For:_ " + escape("; ".join(r.text for r in e.reasons_for)) + ".")
    if e.reasons_against:
        lines.append("      _Against:_ " + escape("; ".join(r.text for r in e.reasons_against)) + ".")
    lines += [f"      {escape(c)}" for c in e.criteria]
    return "\n".join(lines)


def _answer_text(a: AnswerView) -> str:
    leader = a.tier(Tier.most_likely)
    text = f"Differential diagnosis for: {a.title}."
    if leader:
        text += f" Most likely: {leader[0].name}."
    if a.banner:
        text = "URGENT — red flags present. " + text
    if a.urgency:
        text = " ".join([f"{urgency_line(a)}.", *advice_lines(a), text])
    return text


# --- condition card -----------------------------------------------------------------------------


def card_blocks(c: CardView, budget: int = MAX_BLOCKS) -> list[Block]:
    """Key features, workup, red flags and sources of one condition (and this case, if any)."""
    paras = [f"*ICD-10:* {escape(', '.join(c.icd10))}" if c.icd10 else "", escape(c.summary)]
    if c.case:
        lines = [f"*In this case:* rank {c.case.rank}, {c.case.band or _percent(c.case.posterior)}"]
        lines += [line.strip() for line in _entry(c.case, compact=False).split("\n")[1:]] or ["No finding so far moves it."]
        paras.append("\n".join(lines))
    if c.focus == Focus.all and c.key_features:
        paras.append("*Key features:* " + escape("; ".join(c.key_features)) + ".")
    if c.focus in (Focus.all, Focus.workup) and c.workup:
        paras.append("*First workup*\n" + "\n".join(f"• {escape(w)}" for w in c.workup))
    if c.focus in (Focus.all, Focus.red_flags):
        paras.append(
            "*Red flags:* " + (escape("; ".join(c.red_flags)) if c.red_flags else "none listed for this condition") + "."
        )
    if c.sources:
        paras.append("*Sources*\n" + "\n".join(f"• {escape(s)}" for s in c.sources))
    body = [section(s) for s in pack(p for p in paras if p)]
    return [header(c.name), *body][:budget]
