"""The differential core: naive Bayes over findings, four tiers, reasons from the knowledge.

Likelihood, importance and prevalence stay apart (as in DXplain and QMR): a condition's prior
comes from its prevalence class, each finding moves it by a likelihood ratio
P(finding | condition) / P(finding in the complaint population), denied findings move it by
(1 - P(f|c)) / (1 - background), and unmentioned findings count for nothing. Severity only
orders the do-not-miss tier and weights the clarifying questions. Every number is printable and
every rank is explained by the findings that moved it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.limits import HardLimits, Verdict
from bot.link_table import LinkKind, LinkTable
from bot.messages import Entry, Reason, Tier
from bot.resemblance import Resemblance
from knowledge import Knowledge
from knowledge.implications import implication_closure
from knowledge.schema import Condition, Criteria, CriterionItem, Finding, FindingGroup, Frequency, Prevalence, Severity

_DANGEROUS = (Severity.serious, Severity.critical)
_RARE = (Prevalence.rare, Prevalence.very_rare)
_NOTABLE = np.log(1.5)  # a finding moving a condition less than this is not shown as a reason


# What a state shows (a cause of the state shows it too), and what an answer must account for.
_MANIFESTATIONS = (FindingGroup.symptom, FindingGroup.sign, FindingGroup.quality, FindingGroup.lab, FindingGroup.imaging)
_EXPLAINABLE = (FindingGroup.site, *_MANIFESTATIONS)
_CONTEXT_GROUPS = (FindingGroup.demographic, FindingGroup.onset, FindingGroup.laterality)
_NOT_GROUPS = (FindingGroup.timing, FindingGroup.trigger, FindingGroup.onset, FindingGroup.laterality)
# Labels that open with what the patient does ("takes an anticoagulant", "on dialysis").
_DOES = {w: w.removesuffix("s") for w in ("takes", "uses", "drinks", "lives", "works", "eats", "feels", "needs")} | {
    "has": "have"
}
_NOT_BEFORE = frozenset({"on", "taking", "using", "recently", "started", "stopped"})


def denied(finding: Finding) -> str:
    """How a denied finding reads: 'no swelling', 'not at night', and a label told as what the
    patient does as its denial ('does not take an anticoagulant', 'not on dialysis')."""
    first, _, rest = finding.label.partition(" ")
    if rest.split(" ", 1)[0] in ("not", "never", "no"):
        return f"denied: {finding.label}"  # "has not responded to a treatment tried"
    if first in _DOES:
        return f"does not {_DOES[first]} {rest}"
    if first in _NOT_BEFORE or finding.group in _NOT_GROUPS:
        return f"not {finding.label}"
    return f"no {finding.label}"


def _normalised(log_score: np.ndarray) -> np.ndarray:
    """Probabilities from log scores (single-diagnosis assumption)."""
    weights = np.exp(log_score - log_score.max())
    return weights / weights.sum()


@dataclass
class Posterior:
    """Scores of every condition for one set of findings."""

    log_score: np.ndarray  # log prior + sum of log likelihood ratios
    probability: np.ndarray  # normalised over all conditions (single-diagnosis assumption)
    present: frozenset[str]
    absent: frozenset[str]
    limits: dict[int, Verdict]  # hard-limit verdicts of the conditions that have limits
    # The probabilities from the findings alone, before the case's words weighed in (the same
    # array when there were none): what is urgent, flagged or not to be missed goes by the higher
    # of the two (``cautious``), so that wording never lowers what the findings alone would give.
    by_findings: np.ndarray
    words: dict[str, int]  # the case's words that weighed in (empty when none did)
    worded: np.ndarray  # per condition, the log factor they gave it
    temperature: float = 1.0  # divides the log scores for the probability stated (``stated``)

    def order(self) -> np.ndarray:
        return np.argsort(-self.probability, kind="stable")

    @cached_property
    def stated(self) -> np.ndarray:
        """The probability said to the clinician. A case's findings are not independent, so their
        likelihood ratios multiplied overstate the leader as findings pile up (a long case read
        as 0.96 was right about half the time); tempering the log scores keeps the order and
        states less. Tiers, floors and urgency go by ``probability``, as before."""
        return self.probability if self.temperature == 1.0 else _normalised(self.log_score / self.temperature)

    @cached_property
    def cautious(self) -> np.ndarray:
        return self.probability if self.probability is self.by_findings else np.maximum(self.probability, self.by_findings)

    @cached_property
    def cautious_order(self) -> np.ndarray:
        return np.argsort(-self.cautious, kind="stable")


class DifferentialModel:
    """Probability tables built once from the knowledge; scoring is a few vector sums."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        s = kb.scoring
        self.condition_ids = list(kb.conditions)
        self.condition_index = {cid: i for i, cid in enumerate(self.condition_ids)}
        self.conditions: list[Condition] = [kb.conditions[c] for c in self.condition_ids]
        self.finding_ids = list(kb.findings)
        self.finding_index = {fid: i for i, fid in enumerate(self.finding_ids)}
        n_c, n_f = len(self.conditions), len(self.finding_ids)

        background = np.array([kb.findings[f].background for f in self.finding_ids])
        leak = np.array([kb.findings[f].background * s.leak_factor[kb.findings[f].group] for f in self.finding_ids])
        neutral = np.array([kb.findings[f].neutral for f in self.finding_ids])
        leak = np.where(neutral, background, leak)  # a neutral finding has a likelihood ratio of 1
        unlisted = np.minimum(leak, 0.99).astype(np.float32)
        prob = np.tile(unlisted, (n_c, 1))  # dense while built, then stored by column (LinkTable)
        kind = np.full((n_c, n_f), LinkKind.UNLISTED, dtype=np.int8)
        region_members: dict[str, list[int]] = {r: [] for r in s.exclusive_regions}
        for fi, fid in enumerate(self.finding_ids):
            region = kb.findings[fid].region
            if region in region_members:
                region_members[region].append(fi)
        self.implied = implied = implication_closure(kb)
        # Cells are gathered in lists and written to the tables at once: a numpy write per link
        # cost a fifth of a second at 1,300 conditions, on every cold start.
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        kinds: list[int] = []
        parent_best: dict[int, float] = {}  # cell (ci * n_f + fi) of an implied finding -> highest rate
        for ci, cond in enumerate(self.conditions):
            regions = {r for x in cond.findings if (r := kb.findings[x.finding].region) is not None}
            for region in regions & region_members.keys():
                prob[ci, region_members[region]] = s.anatomy_mismatch
                kind[ci, region_members[region]] = LinkKind.ANATOMY
            listed = {x.finding for x in cond.findings}
            for link in cond.findings:
                fi = self.finding_index[link.finding]
                rows.append(ci)
                cols.append(fi)
                if link.frequency == Frequency.against:
                    values.append(background[fi] * s.against_factor)
                    kinds.append(LinkKind.AGAINST)
                    continue
                value = link.frequency if isinstance(link.frequency, float) else s.frequency[link.frequency]
                values.append(value)
                kinds.append(LinkKind.LISTED)
                # What a listed finding implies occurs at least as often (the inner thigh is in the
                # leg); a child listed as rare says nothing against its parent, which keeps its
                # unlisted rate when that is higher.
                for parent in implied[link.finding] - listed:
                    cell = ci * n_f + self.finding_index[parent]
                    if value > parent_best.get(cell, -1.0):
                        parent_best[cell] = value
        prob[rows, cols] = values
        kind[rows, cols] = kinds
        cells = np.fromiter(parent_best, dtype=np.int64, count=len(parent_best))
        best = np.fromiter(parent_best.values(), dtype=np.float64, count=len(parent_best))
        p_rows, p_cols = np.divmod(cells, n_f)
        raise_ = (kind[p_rows, p_cols] == LinkKind.ANATOMY) | (prob[p_rows, p_cols] < best)
        prob[p_rows[raise_], p_cols[raise_]] = best[raise_]
        kind[p_rows[raise_], p_cols[raise_]] = LinkKind.LISTED
        self._demographic_profiles(prob, kind, background)
        self.states = self._inherit_from_states(prob, kind)
        hallmark = np.zeros((n_c, n_f), dtype=bool)
        for ci, cond in enumerate(self.conditions):
            for link in cond.findings:
                hallmark[ci, self.finding_index[link.finding]] = link.hallmark
        self.limits = HardLimits(kb, self.conditions)
        self.resemblance = Resemblance(kb, self.conditions)
        self.links = LinkTable.build(prob, kind, hallmark, unlisted, background)
        self.log_background = np.log(background)
        self.log_background_absent = np.log1p(-background)
        self.log_prior = np.log([s.prevalence_prior[c.prevalence] for c in self.conditions])
        self.severity_weight = np.array([s.severity_weight[c.severity] for c in self.conditions])
        self.dangerous = np.array([c.severity in _DANGEROUS for c in self.conditions])
        self.critical = np.array([c.severity == Severity.critical for c in self.conditions])
        self.rare = np.array([c.prevalence in _RARE for c in self.conditions])
        self.mild = np.array([c.severity == Severity.mild for c in self.conditions])
        self.must_exclude = {
            fid: [self.condition_index[c] for c in f.must_exclude.conditions] for fid, f in kb.findings.items() if f.must_exclude
        }
        # Findings that can make a condition worth naming; age, sex, side and duration alone cannot
        # (an Achilles rupture is not a "do not miss" of back pain because the patient is a man).
        self.clinical = np.array(
            [kb.findings[f].group not in _CONTEXT_GROUPS and not kb.findings[f].neutral for f in self.finding_ids]
        )

    @classmethod
    def cached(cls, kb: Knowledge) -> DifferentialModel:
        """The model with its tables from the user cache when this knowledge and code built them
        before: building them costs a tenth of a second of every cold start, loading them a few
        milliseconds. The knowledge itself is not stored again; it is attached on loading."""
        from bot import limits, link_table, matching, resemblance, spelling
        from knowledge import implications
        from knowledge.cache import cached, code_version

        sources = [
            __file__,
            limits.__file__,
            link_table.__file__,
            implications.__file__,
            resemblance.__file__,
            spelling.__file__,
            matching.__file__,
        ]
        code = code_version(sources, libraries=("numpy", "spacy-lookups-data"))
        tables = cached("tables", f"{kb.version}-{code}", lambda: cls(kb)._tables(), dict)
        model = cls.__new__(cls)
        model.__dict__.update(tables)
        model.kb = kb
        model.conditions = [kb.conditions[c] for c in model.condition_ids]
        model.limits = HardLimits(kb, model.conditions)
        return model

    def _tables(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("kb", "conditions", "limits")}

    def _demographic_profiles(self, prob: np.ndarray, kind: np.ndarray, background: np.ndarray) -> None:
        """An age band or sex a condition does not list, when it lists another of the same profile
        as usual, shares by background rate what the listed ones leave of P = 1, its likelihood
        ratio never below the floor (scoring.yaml)."""
        s = self.kb.scoring
        for group in s.demographic_profiles:
            cols = np.array([self.finding_index[f] for f in group])
            listed = kind[:, cols] == LinkKind.LISTED
            open_ = kind[:, cols] == LinkKind.UNLISTED
            left = np.maximum(1.0 - np.where(listed, prob[:, cols], 0.0).sum(axis=1), 0.0)
            share = np.where(open_, background[cols], 0.0).sum(axis=1)
            ratio = np.clip(left / np.maximum(share, 1e-12), s.profile_floor, 1.0)  # LR of each unlisted member
            # Only a profile that claims most patients ("usually" or more of some band): "often
            # older adults" says where a condition is commoner, not that it spares the young.
            claims = (listed & (prob[:, cols] >= s.frequency[Frequency.usually] - 1e-6)).any(axis=1, keepdims=True)
            rows, members = np.nonzero(open_ & claims)
            prob[rows, cols[members]] = ratio[rows] * background[cols[members]]
            kind[rows, cols[members]] = LinkKind.PROFILE

    def _inherit_from_states(self, prob: np.ndarray, kind: np.ndarray) -> list[tuple[int, list[int], np.ndarray, np.ndarray]]:
        """A cause shows its state's manifestations (hyperaldosteronism cramps through the low
        potassium it causes): it gets at least the state's frequency of each, scaled by how often
        it produces the state's signature finding. Returns (state, causes, mask of the state's
        signature, mask of its signature and manifestations)."""
        states = []
        for si, cond in enumerate(self.conditions):
            if not cond.state_of:
                continue
            signature = np.zeros(len(self.finding_ids), dtype=bool)
            for link in cond.findings:
                if link.frequency == Frequency.always or link.hallmark:
                    signature[self.finding_index[link.finding]] = True
            shown = (kind[si] == LinkKind.LISTED) & ~signature
            shown &= np.array([self.kb.findings[f].group in _MANIFESTATIONS for f in self.finding_ids])
            causes = [self.condition_index[c] for c in cond.state_of]
            for ci in causes:
                produces = prob[ci, signature & (kind[ci] == LinkKind.LISTED)]
                if produces.size:
                    inherited = np.maximum(prob[ci], produces.max() * prob[si])
                    prob[ci] = np.where(shown, inherited, prob[ci])
                    kind[ci] = np.where(shown, LinkKind.LISTED, kind[ci])
            states.append((si, causes, signature, signature | shown))
        return states

    def log_likelihood(self, fi: int, present: bool) -> np.ndarray:
        """log P(finding fi present, or absent, | each condition)."""
        if present:
            return self.links.present_columns([fi])[:, 0] + self.log_background[fi]
        return self.links.absent_columns([fi])[:, 0] + self.log_background_absent[fi]

    def score(
        self, present: set[str], absent: set[str], subset: np.ndarray | None = None, words: dict[str, int] | None = None
    ) -> Posterior:
        """Posterior over all conditions (or over ``subset`` indices, others set to zero); ``words``,
        the case's own words (``Extraction.words``), weigh in how much it reads like each one."""
        p_idx = [self.finding_index[f] for f in present if f in self.finding_index]
        a_idx = [self.finding_index[f] for f in absent if f in self.finding_index and f not in present]
        log_score = self.log_prior.copy()
        if p_idx:
            log_score += self.links.present_columns(p_idx).sum(axis=1)
        if a_idx:
            log_score += self.links.absent_columns(a_idx).sum(axis=1)
        if p_idx:
            log_score += self._hallmark_relief(p_idx)
        verdicts, limited, factors = self.limits.verdicts(present, absent)
        log_score[limited] += factors
        self._causes_over_states(log_score, p_idx, a_idx)
        if subset is not None:
            masked = np.full_like(log_score, -np.inf)
            masked[subset] = log_score[subset]
            log_score = masked
        by_findings = probability = _normalised(log_score)
        worded = np.zeros(len(self.conditions))
        s = self.kb.scoring
        share = 0.0  # how fully the words weigh in: nil for a short message, 1 for a long case
        if words:  # only for conditions the findings speak for: wording never lifts one they speak against
            least, full = s.resemblance_words
            share = float(np.clip((sum(words.values()) - least) / (full - least), 0.0, 1.0))
            weight = s.resemblance_weight * share
            if weight > 0:
                worded = np.where(log_score - self.log_prior > 0, weight * self.resemblance.similarity(words), 0.0)
                log_score = log_score + worded
                probability = _normalised(log_score)
        used = dict(words) if words and worded.any() else {}
        unit = s.independent_findings
        told = present - {p for f in present for p in self.implied.get(f, ())}  # a calf, not also a leg
        temperature = max(1.0, math.sqrt(len(told) / unit)) if unit else 1.0
        if used:  # the words retell the findings they were read with: counted twice, they overstate
            temperature *= 1.0 + s.resemblance_temper * share
        return Posterior(
            log_score, probability, frozenset(present), frozenset(absent), verdicts, by_findings, used, worded, temperature
        )

    def _hallmark_relief(self, p_idx: list[int]) -> np.ndarray:
        """With a hallmark present, unlisted findings lower a condition by at most the floor."""
        hall = self.links.hallmark_columns(p_idx).any(axis=1)
        if not hall.any():
            return np.zeros(len(self.conditions))
        unlisted = self.links.kind_columns(p_idx) == LinkKind.UNLISTED
        drag = np.where(unlisted, np.minimum(self.links.present_columns(p_idx), 0.0), 0.0).sum(axis=1)
        floor = np.log(self.kb.scoring.hallmark_unlisted_floor)
        return np.where(hall & (drag < floor), floor - drag, 0.0)

    def _causes_over_states(self, log_score: np.ndarray, p_idx: list[int], a_idx: list[int]) -> None:
        """With a state's signature present (low potassium), a cause that its prior and other
        findings favour over the state is not outranked by the state alone (hyperaldosteronism
        with resistant hypertension over hypokalaemia; with a diuretic, the state stays first)."""
        lift = np.log(self.kb.scoring.cause_own_evidence)
        for si, causes, signature, state_own in self.states:
            if not np.isfinite(log_score[si]) or not signature[p_idx].any():
                continue
            # Given the state, its manifestations say nothing about which cause produced it.
            own_p = [f for f in p_idx if not state_own[f]]
            own_a = [f for f in a_idx if not state_own[f]]
            present, absent = self.links.present_columns(own_p), self.links.absent_columns(own_a)
            lifted = []
            for ci in causes:
                if not np.isfinite(log_score[ci]) or log_score[ci] > log_score[si]:
                    continue
                own = (present[ci] - present[si]).sum() + (absent[ci] - absent[si]).sum()
                if own > 0 and own + self.log_prior[ci] - self.log_prior[si] >= lift:
                    lifted.append(ci)
            # Just above the state, in the order of their own scores: a cause that the other
            # findings favour (sarcoidosis with a dry cough) stays above one they barely touch.
            lifted.sort(key=lambda ci: log_score[ci])
            for rank, ci in enumerate(lifted, 1):
                log_score[ci] = log_score[si] + np.log(1.1) * (1 + rank / len(lifted))

    # --- reasons ---------------------------------------------------------------------------

    def reasons(self, ci: int, post: Posterior) -> tuple[list[Reason], list[Reason]]:
        """Findings that moved condition ``ci``, strongest first: (for, against)."""
        cond = self.conditions[ci]
        found: list[Reason] = []
        against: list[Reason] = []
        for fid in post.present - self._restated(ci, post.present):
            fi = self.finding_index.get(fid)
            if fi is None:
                continue
            weight = self.links.present_at(ci, fi)
            if abs(weight) < _NOTABLE:
                continue
            text = self._present_text(ci, fi, cond)
            (found if weight > 0 else against).append(Reason(fid, text, weight))
        for fid in post.absent:
            fi = self.finding_index.get(fid)
            if fi is None or fid in post.present:
                continue
            weight = self.links.absent_at(ci, fi)
            if abs(weight) < _NOTABLE:
                continue
            text = denied(self.kb.findings[fid]) + (" (usually present)" if weight < 0 else "")
            (found if weight > 0 else against).append(Reason(fid, text, weight))
        if post.worded[ci] >= _NOTABLE:  # say which words, or a clinician cannot tell why it moved
            shared = ", ".join(self.resemblance.shared(ci, post.words, self.kb.scoring.cutoffs.reasons_for))
            found.append(Reason("wording", f"the case reads like its description ({shared})", float(post.worded[ci])))
        verdict = post.limits.get(ci)
        if verdict and verdict.ruled_out:
            return [], [Reason("limit", verdict.ruled_out, -99.0)]  # finite: the weight goes to JSON
        if verdict:
            against += [Reason("limit", text, float(np.log(prior))) for text, prior in verdict.unknown]
        found.sort(key=lambda r: -r.weight)
        against.sort(key=lambda r: r.weight)
        return found, against

    def _restated(self, ci: int, present: frozenset[str]) -> set[str]:
        """Findings that only restate a more specific one this condition lists ('thigh' beside
        'inner thigh'); a parent stays when its child is not a feature of the condition."""
        return {
            parent
            for fid in present
            if self.links.kind_at(ci, self.finding_index[fid]) != LinkKind.UNLISTED
            for parent in self.implied[fid]
        }

    def _present_text(self, ci: int, fi: int, cond: Condition) -> str:
        fid = self.finding_ids[fi]
        label = self.kb.findings[fid].label
        kind = self.links.kind_at(ci, fi)
        if kind == LinkKind.ANATOMY:
            region = self.kb.findings[fid].region
            typical = [
                self.kb.findings[x.finding].label
                for x in cond.findings
                if self.kb.findings[x.finding].region == region and x.frequency != Frequency.against
            ]
            return f"{label} (it affects the {', '.join(typical)})" if typical else f"{label} (site not typical)"
        if kind == LinkKind.AGAINST:
            return f"{label} (argues against)"
        if kind == LinkKind.PROFILE:
            group = next(g for g in self.kb.scoring.demographic_profiles if fid in g)
            typical = [
                self.kb.findings[x.finding].label
                for x in cond.findings
                if x.finding in group and x.frequency != Frequency.against
            ]
            return f"{label} (it mostly affects: {', '.join(typical)})" if typical else f"{label} (not its usual age or sex)"
        if kind == LinkKind.UNLISTED:
            return f"{label} (not a feature)"
        return label

    def criteria_met(self, crit: Criteria, present: frozenset[str] | set[str]) -> list[CriterionItem]:
        """The items a score's findings meet, each observation counting for one item only: a
        finding used by an item, and whatever it implies, meets no later item."""
        used: set[str] = set()
        met = []
        for item in crit.items:
            hit = next((f for f in item.findings if f in present and f not in used), None)
            if hit is not None:
                met.append(item)
                used |= {hit} | self.implied[hit]
        return met

    def criteria_lines(self, ci: int, present: frozenset[str]) -> list[str]:
        lines = []
        for crit in self.conditions[ci].criteria:
            items = self.criteria_met(crit, present)
            met = [item.label for item in items]
            points = sum(item.points for item in items)
            total = sum(item.points for item in crit.items)
            status = f"{points:g} of {total:g}"
            if crit.threshold is not None:
                status += " (threshold met)" if points >= crit.threshold else f" (threshold {crit.threshold:g})"
            lines.append(f"{crit.name}: {status}" + (f" — {'; '.join(met)}" if met else ""))
        return lines

    def entry(self, ci: int, tier: Tier, rank: int, post: Posterior) -> Entry:
        cond = self.conditions[ci]
        found, against = self.reasons(ci, post)
        return Entry(
            condition_id=cond.id,
            name=cond.name,
            icd10=list(cond.icd10),
            tier=tier,
            rank=rank,
            posterior=float(post.stated[ci]),
            reasons_for=found[: self.kb.scoring.cutoffs.reasons_for],
            reasons_against=against[: self.kb.scoring.cutoffs.reasons_against],
            criteria=self.criteria_lines(ci, post.present),
            band=self.band(float(post.stated[ci])),
        )

    # --- tiers -----------------------------------------------------------------------------

    def tiers(self, post: Posterior) -> list[Entry]:
        """Most likely, other likely, do not miss, rare; each condition in one tier only."""
        s = self.kb.scoring
        order = post.order()
        rank = np.empty_like(order)
        rank[order] = np.arange(1, len(order) + 1)
        prob = post.probability
        leader = int(order[0])
        taken = {leader}
        chosen: list[tuple[Tier, int]] = [(Tier.most_likely, leader)]

        evidence = post.log_score - self.log_prior
        supported = self.supported(post)
        # Masks over all conditions first: the knowledge holds hundreds, a tier a handful.
        ranked = order[order != leader]
        cautious = post.cautious
        dangerous = self.dangerous & supported & (cautious >= s.do_not_miss_floor)
        dnm = [int(i) for i in ranked[dangerous[ranked]]]
        dnm.sort(key=lambda i: -cautious[i] * self.severity_weight[i])
        dnm = dnm[: s.do_not_miss_max]
        # Beyond those, consistent with the findings and never dropped however improbable: the
        # complaint's must-exclude causes in their source's order, then other critical conditions.
        searched = [int(i) for i in post.cautious_order[: s.cutoffs.critical_search] if self.critical[i]]
        wanted = [i for fid in sorted(post.present & self.must_exclude.keys()) for i in self.must_exclude[fid]]
        dnm += [
            i for i in dict.fromkeys(wanted + searched) if i not in taken and i not in dnm and supported[i] and evidence[i] > 0
        ][: s.cutoffs.critical_kept]
        for i in dnm:
            chosen.append((Tier.do_not_miss, i))
            taken.add(i)

        likely = ranked[prob[ranked] >= s.other_likely_floor]
        other = [int(i) for i in likely if i not in taken]
        for i in other[: s.max_per_tier]:
            chosen.append((Tier.other_likely, i))
            taken.add(i)

        unusual = self.rare & supported & (evidence > 0) & np.isfinite(evidence)
        rare = [int(i) for i in ranked[unusual[ranked]] if i not in taken]
        rare.sort(key=lambda i: -evidence[i])
        for i in rare[: s.cutoffs.rare]:
            chosen.append((Tier.rare, i))

        tier_order = list(Tier)  # most likely, other likely, do not miss, rare
        chosen.sort(key=lambda t: (tier_order.index(t[0]), rank[t[1]]))
        return [self.entry(i, tier, int(rank[i]), post) for tier, i in chosen]

    def supported(self, post: Posterior) -> np.ndarray:
        """Per condition: whether some clinical finding of the case (a site, symptom, sign, test,
        risk factor…) speaks for it by a notable likelihood ratio. The do-not-miss and rare tiers
        list only such conditions; the most and other likely go by probability alone."""
        present = [
            self.finding_index[f] for f in post.present if f in self.finding_index and self.clinical[self.finding_index[f]]
        ]
        if not present:
            return np.zeros(len(self.conditions), dtype=bool)
        return (self.links.present_columns(present) >= _NOTABLE).any(axis=1)

    def flagged(self, post: Posterior) -> list[tuple[str, list[int]]]:
        """Red-flag findings present, each with the conditions it flags that fit the patient (not
        ruled out, not negligible), most probable first."""
        s = self.kb.scoring
        candidates = [int(i) for i in post.cautious_order[: s.cutoffs.red_flag_search] if post.cautious[i] >= s.do_not_miss_floor]
        out = []
        for fid in sorted(post.present):
            conditions = [i for i in candidates if fid in self.conditions[i].red_flags]
            if conditions:
                out.append((fid, conditions))
        return out

    def red_flag_banner(self, post: Posterior) -> list[str]:
        """Urgent lines: a red-flag finding present while a condition it flags is not negligible."""
        return [
            f"Red flag: {self.kb.findings[fid].label} — consider {', '.join(self.conditions[i].name for i in cis[: self.kb.scoring.cutoffs.red_flag_names])}"
            for fid, cis in self.flagged(post)
        ]

    def band(self, p: float) -> str:
        """The word for a posterior (scoring.yaml bands), or the percentage when none are set."""
        for name, floor in self.kb.scoring.bands.items():
            if p >= floor:
                return name
        return f"{p:.0%}"

    def unexplained(self, post: Posterior, shown: list[int]) -> list[str]:
        """Labels of present symptoms, signs and results that no shown condition lists: what the
        answer leaves unaccounted for, said rather than hidden."""
        present = post.present - {p for f in post.present for p in self.implied[f]}
        findings = self.kb.findings
        candidates = [f for f in sorted(present) if not findings[f].neutral and findings[f].group in _EXPLAINABLE]
        if not candidates or not shown:
            return [findings[f].label for f in candidates]
        listed = (self.links.kind_columns([self.finding_index[f] for f in candidates])[shown] == LinkKind.LISTED).any(axis=0)
        return [findings[f].label for f, hit in zip(candidates, listed) if not hit]

    def index_of(self, condition_id: str) -> int:
        return self.condition_index[condition_id]
