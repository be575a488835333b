"""The disposition of every answer: emergency, urgent, routine or self care, with its reasons.

It comes from two things a clinician weighs: red flags present for a condition that fits the
patient, and how much of the differential's probability lies on dangerous conditions. The
thresholds are judgements kept in ``scoring.yaml``; under-triage is the error that matters most.
"""

from __future__ import annotations

from bot.differential import DifferentialModel, Posterior
from bot.messages import UrgencyView
from knowledge.schema import Urgency


def assess(model: DifferentialModel, post: Posterior) -> UrgencyView:
    rules = model.kb.scoring.urgency
    if rules is None:
        return UrgencyView(Urgency.routine.value, ["no urgency rules in the knowledge"])
    level, reasons, advice = Urgency.self_care, [], []

    def raise_to(new: Urgency, reason: str) -> None:
        nonlocal level
        if new.rank < level.rank:
            level = new
        reasons.append(reason)

    for fid in sorted(post.present):  # shock, hypoxia, a fit: an emergency whatever the cause
        if model.kb.findings[fid].emergency:
            raise_to(Urgency.emergency, f"emergency sign: {model.kb.findings[fid].label}")

    def flag_level(fid: str, i: int) -> Urgency:
        cond = model.conditions[i]
        level = Urgency.emergency if fid in cond.emergency_flags else rules.red_flag[cond.severity]
        if level == Urgency.emergency and post.by_findings[i] < rules.emergency_flag_floor:
            return Urgency.urgent  # an unlikely condition's flag: same day, not now
        return level

    for fid, conditions in model.flagged(post):
        worst = min(conditions, key=lambda i: flag_level(fid, i).rank)
        raise_to(flag_level(fid, worst), f"red flag: {model.kb.findings[fid].label} ({model.conditions[worst].name})")
    # By the findings alone: the case's words reorder what it resembles (a complicated and a simple
    # diverticulitis read alike), while the masses were set on our labelled cases by findings.
    p = post.by_findings
    counted = p >= rules.mass_member_floor
    critical = float(p[model.critical & counted].sum())
    serious = float(p[model.dangerous & counted].sum())
    mild = float(p[model.mild].sum())
    if critical >= rules.critical_mass_emergency:
        raise_to(Urgency.emergency, f"a life- or limb-threatening condition is {model.band(critical)}")
    elif critical >= rules.critical_mass_urgent:
        raise_to(Urgency.urgent, f"a life- or limb-threatening condition is {model.band(critical)}")
    if serious >= rules.serious_mass_urgent:
        raise_to(Urgency.urgent, f"a serious condition is {model.band(serious)}")
    for floor in (f for f in rules.floors if f.met(post.present)):  # a limping child is examined, whatever its cause
        raise_to(floor.at_least, floor.reason)
        if floor.advice and floor.advice not in advice:
            advice.append(floor.advice)
    if level == Urgency.self_care and mild < rules.mild_mass_self_care:
        raise_to(Urgency.routine, "the likely causes need assessment, not only self care")
    if level == Urgency.self_care:
        reasons.append("the likely causes are self-limiting")
    return UrgencyView(level.value, reasons, advice)
