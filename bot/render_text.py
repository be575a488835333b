"""Plain-text rendering of an ``Outbound`` for the terminal (and as the fallback text elsewhere)."""

from __future__ import annotations

from bot.messages import TIER_TITLES, URGENCY_TITLES, AnswerView, CardView, Entry, Focus, Outbound, OutboundKind, QuestionView


def render_text(out: Outbound) -> str:
    if out.kind == OutboundKind.question and out.question:
        body = render_question(out.question)
    elif out.kind == OutboundKind.answer and out.answer:
        body = render_answer(out.answer)
    elif out.kind == OutboundKind.card and out.card:
        body = render_card(out.card)
    else:
        body = out.text
    if out.disclaimer:
        body += f"\n\nProfessional disclaimer: {out.disclaimer}"
    return body


def render_question(q: QuestionView) -> str:
    lines = [q.preamble, f"Question {q.number} of at most {q.of}: {q.text}"] if q.preamble else [q.text]
    lines += [f"  {i}. {o.label}" for i, o in enumerate(q.options, 1)]
    lines.append("  (type a number, or your own words; \"skip\" answers now)")
    return "\n".join(lines)


def entry_line(e: Entry) -> str:
    """'Name (primary ICD-10) — likely' followed by the reasons, as one paragraph."""
    code = f" ({e.primary_icd10})" if e.icd10 else ""
    head = f"{e.name}{code} — {e.band or _percent(e.posterior)}"
    return head + "\n" + "\n".join(f"    {r}" for r in reason_lines(e))


def reason_lines(e: Entry) -> list[str]:
    lines = []
    if e.reasons_for:
        lines.append("For: " + "; ".join(r.text for r in e.reasons_for) + ".")
    if e.reasons_against:
        lines.append("Against: " + "; ".join(r.text for r in e.reasons_against) + ".")
    lines += e.criteria
    return lines


def render_answer(a: AnswerView) -> str:
    lines = []
    if a.urgency:
        lines += [urgency_line(a), *advice_lines(a), ""]
    if a.banner:
        lines += ["URGENT — red flags present:"] + [f"  ! {b}" for b in a.banner] + [""]
    lines.append(f"Differential diagnosis for: {a.title}")
    if a.changes:
        lines += ["", "What changed:"] + [f"  • {c}" for c in a.changes]
    for tier, title in TIER_TITLES.items():
        entries = a.tier(tier)
        if entries:
            lines += ["", title]
            lines += [f"  • {entry_line(e)}" for e in entries]
    lines += coverage_lines(a)
    lines += ["", "Follow up: add findings, \"why not <condition>?\", \"workup\", \"red flags\", or \"new\"."]
    return "\n".join(lines)


def urgency_line(a: AnswerView) -> str:
    """'Urgency: Urgent — same day (red flag: …)': the first line of every answer."""
    u = a.urgency
    if u is None:
        return ""
    why = f" ({'; '.join(u.reasons[:3])})" if u.reasons else ""
    return f"Urgency: {URGENCY_TITLES.get(u.level, u.level)}{why}"


def advice_lines(a: AnswerView) -> list[str]:
    """A floor's own instruction (suicide risk), under the urgency line wherever it applies."""
    return list(a.urgency.advice) if a.urgency else []


def coverage_lines(a: AnswerView) -> list[str]:
    """What the answer does not account for: complaints outside the knowledge, lone findings."""
    lines = []
    if a.scope and a.scope.uncovered:
        lines.append(f"Not covered by this knowledge: {'; '.join(a.scope.uncovered)} — assess separately.")
    if a.unexplained:
        lines.append(f"Not explained by any condition listed: {'; '.join(a.unexplained)}.")
    return ["", *lines] if lines else []


def render_card(c: CardView) -> str:
    lines = [f"{c.name} ({', '.join(c.icd10)})", c.summary]
    if c.case:
        lines += ["", f"In this case: rank {c.case.rank}, {c.case.band or _percent(c.case.posterior)}"]
        lines += [f"  {line}" for line in reason_lines(c.case)] or ["  No finding so far moves it."]
    if c.focus == Focus.all and c.key_features:
        lines += ["", "Key features: " + "; ".join(c.key_features) + "."]
    if c.focus in (Focus.all, Focus.workup) and c.workup:
        lines += ["", "First workup:"] + [f"  • {w}" for w in c.workup]
    if c.focus in (Focus.all, Focus.red_flags):
        flags = "; ".join(c.red_flags) if c.red_flags else "none listed for this condition"
        lines += ["", f"Red flags: {flags}."]
    lines += ["", "Sources:"] + [f"  • {s}" for s in c.sources]
    return "\n".join(lines)


def _percent(p: float) -> str:
    return "<1%" if p < 0.01 else f"{p:.0%}"
