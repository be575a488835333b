"""Chat-style presentations in our own words (tests/chat_presentations/*.yaml), one test each.

Each case is written the way clinicians write in a team chat and states what a clinician would
expect of the answer: the condition within rank N, conditions that must not be shown (they cannot
apply to this patient), the red-flag banner, the urgency, and whether the knowledge covers the
complaint at all. A case the bot cannot yet read carries ``xfail: "<reason>"`` (strict), so the
gap stays visible and a fix shows as an unexpected pass.

Case keys: ``text``; ``then`` (replies, in order, to the questions the bot asks; remaining
questions are skipped); ``asks`` (the id of the first question); ``expect`` (a condition id or a
list, each within ``within``, default 3); ``absent`` (ids never shown nor named in the banner);
``banner`` (true, false, a condition name a banner line must name, or
``either`` where a clinician would accept a banner or none); ``urgency`` (a level or a
list of acceptable levels); ``urgency_at_least`` (a level); ``covered`` (false: no differential,
a scope answer); ``uncovered`` (the first complaint the scope answer names); ``xfail``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.messages import Outbound, OutboundKind

HERE = Path(__file__).parent / "chat_presentations"
LEVELS = ["emergency", "urgent", "routine", "self_care"]  # most urgent first
KEYS = {
    "name",
    "text",
    "then",
    "asks",
    "expect",
    "within",
    "absent",
    "banner",
    "urgency",
    "urgency_at_least",
    "covered",
    "uncovered",
    "xfail",
}


def load_cases() -> list[tuple[str, dict]]:
    """(file:name, case) for every case of every file, in file order."""
    return [
        (f"{path.stem}:{case['name']}", case)
        for path in sorted(HERE.glob("*.yaml"))
        for case in yaml.safe_load(path.read_text())["cases"]
    ]


def _param(cid: str, case: dict):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(case, id=cid, marks=marks)


CASES = load_cases()


@dataclass
class Run:
    out: Outbound
    asked: list[str]
    order: list[str]  # every condition by posterior, highest first ([] when no answer)
    present: list[str]
    absent: list[str]


def run(chat, case: dict) -> Run:
    """Drive the engine as a clinician would: one shot, or the message then the replies."""
    asked: list[str] = []
    if not case.get("then"):
        out = chat.say(case["text"], one_shot=True)
    else:
        out = chat.say(case["text"])
        for reply in case["then"]:
            if out.kind == OutboundKind.question:
                asked.append(out.question.question_id)
            out = chat.say(reply)
        while out.kind == OutboundKind.question:
            out = chat.say("skip")
    order: list[str] = []
    state = chat.state
    if out.kind == OutboundKind.answer:
        model = chat.core.model
        post = model.score(set(state.present), set(state.absent), words=state.words)
        order = [model.condition_ids[i] for i in post.order()]
    return Run(out, asked, order, list(state.present) if state else [], list(state.absent) if state else [])


def problems(case: dict, r: Run, names: dict[str, str]) -> list[str]:
    """What the answer gets wrong against the case, in words a reviewer can act on (``names``:
    condition id -> the name a banner line uses)."""
    out, found = r.out, []
    if case.get("then") and not r.asked:
        found.append("no question was asked, so the replies were follow-ups, not answers")
    if case.get("asks") and r.asked[:1] != [case["asks"]]:
        found.append(f"first question {r.asked[:1]}, expected {case['asks']}")
    if case.get("covered") is False:
        if out.kind == OutboundKind.answer:
            found.append("a differential was given for a complaint outside the knowledge")
        elif "I cover presentations of" not in out.text:
            found.append(f"the reply does not say what is covered: {out.text[:120]!r}")
        if case.get("uncovered") and (out.scope is None or out.scope.uncovered[:1] != [case["uncovered"]]):
            found.append(f"uncovered {out.scope.uncovered if out.scope else None}, expected {case['uncovered']!r}")
        return found
    if out.kind != OutboundKind.answer:
        return [f"no answer: {out.kind.value}: {out.text[:160]!r}"]
    answer = out.answer
    if not answer.scope.covered:
        found.append(f"scope not covered: {answer.scope.uncovered}")
    within = case.get("within", 3)
    expected = case.get("expect", [])
    for cid in [expected] if isinstance(expected, str) else expected:
        rank = r.order.index(cid) + 1
        if rank > within:
            found.append(f"{cid} at rank {rank}, expected within {within}")
    shown = {e.condition_id for e in answer.entries}
    banner = " ".join(answer.banner).lower()
    for cid in case.get("absent", []):
        if cid in shown:
            found.append(f"{cid} is shown ({next(e.tier for e in answer.entries if e.condition_id == cid)})")
        if names[cid].lower() in banner:
            found.append(f"{cid} is named in the banner")
    want = case.get("banner")
    if want is True and not answer.banner:
        found.append("no red-flag banner")
    elif want is False and answer.banner:
        found.append(f"unexpected banner: {answer.banner}")
    elif isinstance(want, str) and want != "either" and want.lower() not in banner:
        found.append(f"banner does not name {want!r}: {answer.banner}")
    level = answer.urgency.level
    accepted = case.get("urgency")
    if accepted and level not in ([accepted] if isinstance(accepted, str) else accepted):
        found.append(f"urgency {level}, expected {accepted}")
    floor = case.get("urgency_at_least")
    if floor and LEVELS.index(level) > LEVELS.index(floor):
        found.append(f"urgency {level}, expected at least {floor}")
    return found


def describe(r: Run) -> str:
    """The answer in brief, for a failure message."""
    if r.out.kind != OutboundKind.answer:
        return f"reply: {r.out.kind.value}; read: {r.present}"
    a = r.out.answer
    return (
        f"top 5: {r.order[:5]}\nurgency: {a.urgency.level} ({'; '.join(a.urgency.reasons)})\n"
        f"banner: {a.banner}\nread: {r.present}; denied: {r.absent}\nquestions: {r.asked}"
    )


@pytest.mark.parametrize("case", [_param(cid, c) for cid, c in CASES])
def test_chat_presentation(chat, case):
    r = run(chat, case)
    found = problems(case, r, {cid: c.name for cid, c in chat.core.kb.conditions.items()})
    assert not found, "; ".join(found) + "\n" + describe(r)


def test_the_cases_are_well_formed(core):
    """Names unique, keys known, ids in the knowledge, and each answer case asserts rank,
    banner and urgency (absences where a condition cannot apply)."""
    names = [cid for cid, _ in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 150
    for cid, case in CASES:
        assert set(case) <= KEYS, f"{cid}: unknown keys {set(case) - KEYS}"
        expected = case.get("expect", [])
        for cond in ([expected] if isinstance(expected, str) else expected) + case.get("absent", []):
            assert cond in core.kb.conditions, f"{cid}: unknown condition {cond}"
        if case.get("covered") is not False:
            assert case.get("expect") and "banner" in case, f"{cid}: asserts no rank or banner"
            assert case.get("urgency") or case.get("urgency_at_least"), f"{cid}: asserts no urgency"
