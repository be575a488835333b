"""Telegram HTML for an ``Outbound``: escaped text, inline keyboards, and 4,096-character parts.

Everything that comes from the user or the knowledge base goes through ``html.escape``; the only
markup is ours. A long answer is split at tier boundaries (a tier too long on its own at entry
boundaries), the urgent banner comes first and the disclaimer is always on the last part.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from adapters.telegram import keys
from bot.coverage import NOT_A_DIAGNOSIS, Coverage
from bot.messages import (
    DISCLAIMER,
    HELP_TEXT,
    TIER_TITLES,
    AnswerView,
    CardView,
    Entry,
    Focus,
    Outbound,
    OutboundKind,
    QuestionView,
)
from bot.render_text import advice_lines, coverage_lines, urgency_line

LIMIT = 4096  # characters per message
LINE_LIMIT = 1000  # one reason line at most, so that any single entry fits a message
SKIP_LABEL = "Skip — just answer"

TEXT_ONLY = "I can only read text. Please describe the presentation in words (site, symptom, timing, side, age, history)."
INTRO = (
    "<b>ddxbot</b> — differential-diagnosis support for clinical teams.\n\n"
    "Describe a presentation in a sentence, e.g. <i>62F, nocturnal calf cramps, no swelling, on furosemide</i>. "
    "I may ask up to three short questions (tap an option or type the answer), then give a tiered "
    "differential: single most likely, other likely, do not miss, rare — each with the findings for and against."
)
COMMANDS = (
    "/ddx &lt;presentation&gt; — a quick one-shot answer, no questions\n"
    "/new — start a new case\n"
    "/about &lt;condition&gt; — a condition card: key features, workup, red flags, sources\n"
    "/forget — delete everything stored about this chat\n"
    "/help — this help\n\n"
    "In a group, mention me (@name) or reply to my message; each thread of replies is one case."
)


@dataclass
class Part:
    """One Telegram message: HTML text and, on the last part of a question, its keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def disclaimer_html() -> str:
    return f"<i>Professional disclaimer: {esc(DISCLAIMER)}</i>"


def start_text() -> str:
    return f"{INTRO}\n\n{COMMANDS}\n\n{disclaimer_html()}"


def help_text(coverage: Coverage) -> str:
    """How to use the bot, what its knowledge covers (families and counts) and the commands."""
    covers = f"<b>What I cover:</b> {esc(coverage.summary())} {esc(NOT_A_DIAGNOSIS)}"
    return f"{esc(HELP_TEXT)}\n\n{covers}\n\n{COMMANDS}"


def render(out: Outbound, root: int | None = None) -> list[Part]:
    """The messages for ``out``; ``root`` is the group thread the question's buttons belong to."""
    if out.kind == OutboundKind.question and out.question:
        return [render_question(out.question, root)]
    if out.kind == OutboundKind.answer and out.answer:
        return [Part(t) for t in pack(answer_sections(out.answer), disclaimer_html())]
    if out.kind == OutboundKind.card and out.card:
        return [Part(t) for t in pack(card_sections(out.card), disclaimer_html())]
    text = esc(out.text) or "…"
    if out.disclaimer:
        text += "\n\n" + disclaimer_html()
    return [Part(t) for t in pack([Section("", [text])], "")]


# --- questions ---------------------------------------------------------------------------------


def render_question(q: QuestionView, root: int | None) -> Part:
    lines = [f"<i>{esc(q.preamble)}</i>", ""] if q.preamble else []
    lines += [f"<b>Question {q.number} of at most {q.of}</b>", esc(q.text), "", "<i>Tap an option, or type your answer.</i>"]
    rows = [[InlineKeyboardButton(o.label, callback_data=keys.option_data(root, o.id))] for o in q.options]
    rows.append([InlineKeyboardButton(SKIP_LABEL, callback_data=keys.skip_data(root))])
    return Part(_clip("\n".join(lines)), InlineKeyboardMarkup(rows))


def answered_question(question_html: str, label: str) -> str:
    """The question as it was, with the choice shown and no buttons left to press."""
    tail = f"\n\n✅ <b>Answer:</b> {esc(label)}"
    body = question_html.replace("\n\n<i>Tap an option, or type your answer.</i>", "")
    return (body if len(body) + len(tail) <= LIMIT else _clip(esc(label), LIMIT - len(tail))) + tail


# --- answers and cards ---------------------------------------------------------------------------


@dataclass
class Section:
    """A heading and its chunks (entries); a section is kept in one message when it fits."""

    header: str
    chunks: list[str]

    def html(self) -> str:
        return "\n".join([self.header, *self.chunks] if self.header else self.chunks)


def answer_sections(a: AnswerView) -> list[Section]:
    sections = []
    if a.urgency:
        icon = {"emergency": "🚨 ", "urgent": "⚠️ "}.get(a.urgency.level, "")
        sections.append(Section("", [f"<b>{icon}{esc(urgency_line(a))}</b>", *(_fit("", x) for x in advice_lines(a))]))
    if a.banner:
        sections.append(Section("🚨 <b>URGENT — red flags present</b>", [_fit("‼️ ", b) for b in a.banner]))
    head = ["<b>Differential diagnosis</b>", _fit("for: ", a.title)]
    head += [f"<i>{esc(x)}</i>" for x in coverage_lines(a) if x]
    if a.changes:
        head += ["", "<b>What changed</b>"] + [_fit("• ", c) for c in a.changes]
    sections.append(Section("", head))
    for number, (tier, title) in enumerate(TIER_TITLES.items(), 1):
        entries = a.tier(tier)
        if entries:
            sections.append(Section(f"<b>{number}. {esc(title)}</b>", [entry_html(e) for e in entries]))
    follow = 'Follow up: add findings, "why not &lt;condition&gt;?", "workup", "red flags", or /new.'
    sections.append(Section("", [f"<i>{follow}</i>"]))
    return sections


def entry_html(e: Entry) -> str:
    code = f" ({esc(e.primary_icd10)})" if e.icd10 else ""
    head = f"• <b>{esc(e.name)}</b>{code} — {e.band or _percent(e.posterior)}"
    lines = [head]
    if e.reasons_for:
        lines.append(_fit("   For: ", "; ".join(r.text for r in e.reasons_for) + "."))
    if e.reasons_against:
        lines.append(_fit("   Against: ", "; ".join(r.text for r in e.reasons_against) + "."))
    lines += [_fit("   ", c) for c in e.criteria]
    return "\n".join(lines)


def card_sections(c: CardView) -> list[Section]:
    sections = [Section(f"<b>{esc(c.name)}</b> ({esc(', '.join(c.icd10))})", [_fit("", c.summary)])]
    if c.case:
        lines = [f"Rank {c.case.rank}, {c.case.band or _percent(c.case.posterior)}"]
        lines += entry_html(c.case).split("\n")[1:] or ["No finding so far moves it."]
        sections.append(Section("<b>In this case</b>", lines))
    if c.focus == Focus.all and c.key_features:
        sections.append(Section("<b>Key features</b>", [_fit("", "; ".join(c.key_features) + ".")]))
    if c.focus in (Focus.all, Focus.workup) and c.workup:
        sections.append(Section("<b>First workup</b>", [_fit("• ", w) for w in c.workup]))
    if c.focus in (Focus.all, Focus.red_flags):
        flags = "; ".join(c.red_flags) if c.red_flags else "none listed for this condition"
        sections.append(Section("<b>Red flags</b>", [_fit("", flags + ".")]))
    if c.sources:
        sections.append(Section("<b>Sources</b>", [_fit("• ", s) for s in c.sources]))
    return sections


# --- splitting -----------------------------------------------------------------------------------


def pack(sections: list[Section], tail: str, limit: int = LIMIT) -> list[str]:
    """Messages of at most ``limit`` characters, split between sections, ``tail`` on the last."""
    parts: list[str] = []
    current = ""

    def add(piece: str, sep: str = "\n\n") -> None:
        nonlocal current
        if current and len(current) + len(sep) + len(piece) <= limit:
            current += sep + piece
            return
        if current:
            parts.append(current)
        current = piece

    for section in sections:
        block = section.html()
        if len(block) <= limit:
            add(block)
            continue
        room = limit - len(section.header) - len(" <i>(continued)</i>\n")
        for i, chunk in enumerate(_clip(c, room) for c in section.chunks):  # too long: entry by entry
            if i == 0:
                add(f"{section.header}\n{chunk}" if section.header else chunk)
            elif len(current) + 1 + len(chunk) <= limit:
                current += "\n" + chunk
            else:  # the tier carries on in the next message, and says so
                add(f"{section.header} <i>(continued)</i>\n{chunk}" if section.header else chunk)
    if tail:
        add(tail)
    if current:
        parts.append(current)
    return parts


def _fit(prefix_html: str, raw: str, limit: int = LINE_LIMIT) -> str:
    """``prefix`` + escaped ``raw``, shortened (before escaping, so no entity is cut) to ``limit``."""
    text = esc(raw)
    if len(prefix_html) + len(text) <= limit:
        return prefix_html + text
    room = limit - len(prefix_html) - 1
    keep = room
    while keep > 0 and (excess := len(esc(raw[:keep])) - room) > 0:
        keep -= excess  # each character dropped shortens the escaped text by at least one
    return prefix_html + esc(raw[: max(keep, 0)]) + "…"


def _clip(piece: str, limit: int = LIMIT) -> str:
    """Last resort for one piece longer than a message: cut at a line, else outside any entity or tag."""
    if len(piece) <= limit:
        return piece
    cut = piece.rfind("\n", 0, limit)
    if cut <= 0:
        cut = limit - 1
        for opener, closer in (("&", ";"), ("<", ">")):
            at = piece.rfind(opener, 0, cut)
            if at >= 0 and piece.find(closer, at, cut) < 0:
                cut = at
    return piece[:cut] + "…"


def _percent(p: float) -> str:
    return "&lt;1%" if p < 0.01 else f"{p:.0%}"
