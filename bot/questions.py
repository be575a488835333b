"""Which clarifying question to ask next, by expected value of information.

For each question that applies and that the text has not already answered, the expected
reduction in entropy of the differential is computed over its options, with conditions weighted
by severity so that answers separating a dangerous condition count more. Nothing is hard-coded
about which question comes first: timing, position and laterality lead for limb complaints
because they separate those conditions most.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.differential import DifferentialModel, Posterior
from knowledge.schema import Question, QuestionOption

_MIN_GAIN = 0.01  # nats; below this no question is worth the clinician's time


@dataclass(frozen=True)
class QuestionTable:
    question: Question
    answered_by: frozenset[str]
    option_given_condition: np.ndarray  # [conditions, options], rows normalised


class QuestionPlanner:
    def __init__(self, model: DifferentialModel):
        self.model = model
        self.tables = {qid: self._table(q) for qid, q in model.kb.questions.items()}

    def _table(self, q: Question) -> QuestionTable:
        m = self.model
        columns = []
        for opt in q.options:
            col = np.zeros(len(m.conditions))
            for fid in opt.present:
                col += m.log_likelihood(m.finding_index[fid], present=True)
            for fid in opt.absent:
                col += m.log_likelihood(m.finding_index[fid], present=False)
            columns.append(col)
        logs = np.stack(columns, axis=1)
        logs -= np.logaddexp.reduce(logs, axis=1, keepdims=True)
        answered = q.answered_by or [f for o in q.options for f in (*o.present, *o.absent)]
        return QuestionTable(q, frozenset(answered), np.exp(logs))

    def eligible(self, post: Posterior, asked: list[str]) -> list[QuestionTable]:
        known = post.present | post.absent
        out = []
        for qid, table in self.tables.items():
            q = table.question
            if qid in asked or table.answered_by & known:
                continue
            if q.applies_if_any and not (set(q.applies_if_any) & post.present):
                continue
            out.append(table)
        # A complaint's own question stands in for a generic one that settles the same findings
        # (how the breathlessness came on, not how "it" started): a near tie in their gain must
        # not decide which wording the clinician gets.
        specific = set().union(*(t.answered_by for t in out if t.question.applies_if_any))
        return [t for t in out if t.question.applies_if_any or not t.answered_by & specific]

    def weighted(self, post: Posterior) -> np.ndarray:
        """The posterior weighted by what a miss costs: the distribution a question should narrow."""
        weighted = post.probability * self.model.severity_weight
        return weighted / weighted.sum()

    def expected_gain(self, table: QuestionTable, weighted: np.ndarray) -> float:
        joint = weighted[:, None] * table.option_given_condition  # [c, o]
        p_option = joint.sum(axis=0)
        after = joint / np.where(p_option > 0, p_option, 1.0)
        return _entropy(weighted) - float(np.sum(p_option * _entropy_columns(after)))

    def next_question(self, post: Posterior, asked: list[str]) -> Question | None:
        """The most informative question, or None when none is worth asking."""
        best, best_gain = None, _MIN_GAIN
        weighted = self.weighted(post)
        for table in self.eligible(post, asked):
            gain = self.expected_gain(table, weighted)
            if gain > best_gain:
                best, best_gain = table.question, gain
        return best

    def grading_question(self, post: Posterior, asked: list[str]) -> Question | None:
        """A question that grades the leading condition's severity, when one is still unanswered."""
        leader = self.model.condition_ids[int(post.order()[0])]
        return next((t.question for t in self.eligible(post, asked) if leader in t.question.grades), None)

    def leader_is_clear(self, post: Posterior) -> bool:
        # By the findings alone: the case's words sharpen the ranking, but what a question would
        # settle is still unsettled when the findings leave it so.
        return float(post.by_findings.max()) >= self.model.kb.scoring.leader_clear


def option_by_id(question: Question, option_id: str) -> QuestionOption | None:
    return next((o for o in question.options if o.id == option_id), None)


def _entropy(p: np.ndarray) -> float:
    nz = p[p > 0]
    return float(-(nz * np.log(nz)).sum())


def _entropy_columns(p: np.ndarray) -> np.ndarray:
    safe = np.where(p > 0, p, 1.0)
    return -(p * np.log(safe)).sum(axis=0)
