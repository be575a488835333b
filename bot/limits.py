"""Hard limits of a condition: what it requires (a sex, an age band, a state) and what excludes it.

A limit is a rule, not a frequency. Ovarian torsion in a man or pregnancy cramps in a woman nobody
called pregnant are not improbable, they are errors; so a ruled-out condition gets no probability
at all, and one whose requirement is unknown is scored down by how often the requirement holds
(the background rate of its findings). Every verdict reads as a sentence for the clinician.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from knowledge import Knowledge
from knowledge.schema import Condition, Requirement


@dataclass(frozen=True)
class Verdict:
    """What the limits say about one condition for one set of findings."""

    ruled_out: str | None = None  # "needs female: male stated"
    unknown: list[tuple[str, float]] = field(default_factory=list)  # ("needs pregnancy: not stated", prior)

    @property
    def log_factor(self) -> float:
        if self.ruled_out:
            return -np.inf
        return float(sum(np.log(prior) for _, prior in self.unknown))


@dataclass(frozen=True)
class _Rule:
    any_of: frozenset[str]
    contrary: frozenset[str]
    prior: float
    name: str


class HardLimits:
    """The requirements and exclusions of every condition that has any, built once."""

    def __init__(self, kb: Knowledge, conditions: list[Condition]):
        self.kb = kb
        self._exclusive: dict[str, set[str]] = {}
        for group in kb.scoring.exclusive_states:
            for fid in group:
                self._exclusive.setdefault(fid, set()).update(set(group) - {fid})
        self._limited = [(i, c) for i, c in enumerate(conditions) if c.requires or c.excludes]
        # Per requirement, what does not change from turn to turn (every turn judges them all):
        # its findings, the states that contradict it, how often it holds unstated, its name.
        self._rules = {
            i: [
                _Rule(
                    frozenset(req.any_of),
                    frozenset(o for f in req.any_of for o in self._exclusive.get(f, ())),
                    min(0.99, sum(kb.findings[f].background for f in req.any_of)),
                    self._name(req),
                )
                for req in c.requires
            ]
            for i, c in self._limited
        }
        # The findings any limit reads: a verdict depends on these alone, and most turns (of one
        # conversation, and of many) share them, so the verdicts are kept per such pair of sets.
        self._read = frozenset(f for _, c in self._limited for f in c.excludes) | frozenset(
            f for rules in self._rules.values() for rule in rules for f in (*rule.any_of, *rule.contrary)
        )
        self._judged = lru_cache(maxsize=256)(self._judge_all)

    def verdicts(
        self, present: frozenset[str] | set[str], absent: frozenset[str] | set[str]
    ) -> tuple[dict[int, Verdict], np.ndarray, np.ndarray]:
        """A verdict for each condition that has limits (by index; others have none), with those
        indices and their log factors as arrays. The result is shared: read it, never change it."""
        return self._judged(frozenset(present) & self._read, frozenset(absent) & self._read)

    def _judge_all(self, present: frozenset[str], absent: frozenset[str]) -> tuple[dict[int, Verdict], np.ndarray, np.ndarray]:
        verdicts = {i: self.judge(i, c, present, absent) for i, c in self._limited}
        return verdicts, np.array(list(verdicts), dtype=int), np.array([v.log_factor for v in verdicts.values()])

    def judge(self, i: int, cond: Condition, present, absent) -> Verdict:
        findings = self.kb.findings
        for fid in cond.excludes:
            if fid in present:
                return Verdict(ruled_out=f"ruled out by {findings[fid].label}")
        unknown = []
        for rule in self._rules[i]:
            if not rule.any_of.isdisjoint(present):
                continue
            if not rule.contrary.isdisjoint(present):  # most turns: no contrary state, nothing to sort
                contrary = min(rule.contrary.intersection(present))
                return Verdict(ruled_out=f"needs {rule.name}: {findings[contrary].label} stated")
            if rule.any_of <= absent:
                return Verdict(ruled_out=f"needs {rule.name}: denied")
            unknown.append((f"needs {rule.name}: not stated", rule.prior))
        return Verdict(unknown=unknown)

    def _name(self, req: Requirement) -> str:
        return req.label or " or ".join(self.kb.findings[f].label for f in req.any_of)
