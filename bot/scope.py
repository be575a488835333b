"""Which of a message's complaints the knowledge covers (``knowledge/data/scope.yaml``).

A clinical bot must say when a presentation is outside what it knows: a crushing chest pain gets
"I do not cover chest complaints", not a lower-limb differential built from the words "arm" and
"sweaty". Complaints come from the findings the reader found (negation already applied) and, for
complaints the findings vocabulary does not hold, from the cluster's own words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.messages import URGENCY_TITLES, ScopeView, UrgencyView
from knowledge import Knowledge
from knowledge.schema import Cluster, FindingGroup, Urgency

_CLAUSE_END = re.compile(r"[.;,:!?\n]|\bbut\b")
_CLINICAL = {FindingGroup.symptom, FindingGroup.sign, FindingGroup.lab, FindingGroup.imaging}


def _family_findings(kb: Knowledge) -> dict[str, str]:
    """Each clinical finding whose conditions are mostly of one family, with that family: the
    vocabulary a family brought, which raises the family's complaint cluster."""
    general = set(kb.scope.general_findings) if kb.scope else set()
    pairs = Counter(
        (link.finding, cond.family) for cond in kb.conditions.values() for link in cond.findings if link.frequency != "against"
    )
    totals: Counter[str] = Counter()
    top: dict[str, tuple[str, int]] = {}
    for (fid, family), n in pairs.items():
        totals[fid] += n
        if n > top.get(fid, ("", 0))[1]:
            top[fid] = (family, n)
    owned = {}
    for fid, (family, n) in top.items():
        finding = kb.findings[fid]
        if finding.group in _CLINICAL and not finding.neutral and fid not in general and 2 * n > totals[fid]:
            owned[fid] = family
    return owned


@dataclass(frozen=True)
class _Compiled:
    cluster: Cluster
    findings: frozenset[str]
    pattern: re.Pattern | None


class ScopeReader:
    """Built once from the knowledge's scope data."""

    def __init__(self, kb: Knowledge):
        data = kb.scope
        self._covers = data.covered_labels() if data else []
        self._covered = list(data.covered) if data else []
        self._labels = {c.id: c.label for c in data.clusters} if data else {}
        owned = _family_findings(kb)
        self._clusters = [self._compile(c, owned) for c in data.clusters] if data else []
        words = sorted(data.negations, key=len, reverse=True) if data else []
        self._negation = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b") if words else None
        alarms = sorted({p.lower() for p in data.emergency_phrases}, key=len, reverse=True) if data else []
        self._alarm = re.compile(r"(?<![\w/])(?:" + "|".join(map(re.escape, alarms)) + r")(?![\w/])") if alarms else None
        self._emergency = {fid for fid, f in kb.findings.items() if f.emergency}
        self._red_flags = {fid for fid, f in kb.findings.items() if f.red_flag}
        self._label = {fid: f.label for fid, f in kb.findings.items()}
        self._rules = kb.scoring.urgency

    @staticmethod
    def _compile(c: Cluster, owned: dict[str, str]) -> _Compiled:
        phrases = sorted({p.lower() for p in c.phrases}, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w/])(?:" + "|".join(map(re.escape, phrases)) + r")(?:e?s)?(?![\w/])") if phrases else None
        families = set(c.families)
        return _Compiled(c, frozenset(c.findings) | {f for f, fam in owned.items() if fam in families}, pattern)

    @property
    def covers(self) -> list[str]:
        """Labels of the covered clusters, for the clinician."""
        return self._covers

    def complaints(self, text: str, present: set[str]) -> list[str]:
        """Cluster ids the message raises, in the order it first raises them. ``present`` holds
        what its findings imply too (the reader's output does: a calf is a lower limb)."""
        lowered = text.lower()
        hits: list[tuple[int, int, str]] = []
        for order, c in enumerate(self._clusters):
            at = self._first_asserted(lowered, c.pattern) if c.pattern else None
            if at is None and c.findings & present:
                at = len(lowered)  # raised by a finding: after any cluster the words place
            if at is not None:
                hits.append((at, order, c.cluster.id))
        return [cid for _, _, cid in sorted(hits)]

    def assess(self, complaints: list[str]) -> ScopeView:
        """Covered unless the complaints raise some cluster and no covered one: fever with a hot
        swollen knee is covered (the knee is), fever or chest pain alone is not."""
        covered = set(self._covered)
        uncovered = [c for c in complaints if c not in covered]
        return ScopeView(
            covered=bool(covered & set(complaints)) or not uncovered,
            complaints=[self._labels[c] for c in complaints],
            uncovered=[self._labels[c] for c in uncovered],
            covers=self.covers,
        )

    def urgency(self, text: str, present: set[str]) -> UrgencyView | None:
        """How urgent an out-of-scope message sounds, from its own words and findings (no
        differential stands behind it): an emergency discriminator makes it an emergency, a red
        flag urgent; None when neither is there (the reply then says urgency was not assessed)."""
        lowered = text.lower()
        reasons = [f"{self._label[f]}" for f in sorted(present & self._emergency)]
        if self._alarm:
            at = self._first_asserted(lowered, self._alarm)
            found = self._alarm.match(lowered, at) if at is not None else None
            if found and not any(found.group(0) in r for r in reasons):
                reasons.append(found.group(0))
        floors = [f for f in self._rules.floors if f.met(present)] if self._rules else []  # suicide risk, out of scope too
        advice = list(dict.fromkeys(f.advice for f in floors if f.advice))
        flags = sorted(present & self._red_flags)
        level: Urgency | None = None
        why: list[str] = []
        if reasons:
            level, why = Urgency.emergency, [f"emergency sign: {r}" for r in reasons]
        elif flags:
            level, why = Urgency.urgent, [f"red flag: {self._label[f]}" for f in flags]
        for floor in floors:  # a floor is never undercut: a suicide plan is an emergency even beside a red flag
            if level is None or floor.at_least.rank < level.rank:
                level = floor.at_least
                why.append(floor.reason)
        return UrgencyView(level.value, why, advice) if level else None

    def _first_asserted(self, text: str, pattern: re.Pattern) -> int | None:
        """Where the first phrase that no negation in its clause denies begins."""
        for m in pattern.finditer(text):
            start = max((b.end() for b in _CLAUSE_END.finditer(text, 0, m.start())), default=0)
            if self._negation and self._negation.search(text, start, m.start()):
                continue
            return m.start()
        return None


def areas_text(labels: Iterable[str]) -> str:
    """Covered areas in one line: a label may hold commas itself ("leg, knee, ankle or foot")."""
    return "; ".join(labels)


def scope_text(view: ScopeView) -> str:
    """The plain answer when a presentation is outside what the knowledge covers."""
    covers = areas_text(view.covers)
    if view.uncovered:
        head = f"The main complaint here ({view.uncovered[0]}) is outside what my knowledge covers"
        if len(view.uncovered) > 1:
            head += f"; so is {'; '.join(view.uncovered[1:])}"
    else:
        head = "I couldn't find a clinical presentation in that"
    if view.urgency:
        lead = f"Urgency: {URGENCY_TITLES[view.urgency.level]} ({'; '.join(view.urgency.reasons)}).\n\n"
    else:
        lead = "Urgency: not assessed (outside what I cover; no emergency sign or red flag read).\n\n"
    return (
        f"{lead}{head}. I cover presentations of the {covers}, and I will not build a differential from a "
        "few words outside that. Assess it by your usual pathway (urgently if you are worried), or "
        "describe a presentation I cover — site, symptom, timing and side, e.g. \"left calf pain and "
        "swelling for 3 days\"."
    )
