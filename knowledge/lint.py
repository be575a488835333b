"""Cross-reference and consistency checks over a parsed knowledge base.

Schema checks (types, ranges, ICD-10 format) happen in the pydantic models; these are the rules
that need the whole base: unknown ids, missing sources, ambiguous synonyms, options that map to
nothing, ICD-10-CM codes that the CDC tables do not hold. Errors block loading (all but the ICD-10-CM
check, which loading skips for speed); warnings are reported by ``ddxbot kb lint`` only.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Mapping
from enum import Enum
from typing import Any

from knowledge.loader import Knowledge, Problem
from knowledge.phrases import normalise_phrase
from knowledge.schema import FindingGroup, Frequency, Prevalence, Severity


def _finding_problems(kb: Knowledge) -> list[Problem]:
    problems = []
    owner: dict[str, str] = {}
    for fid, f in kb.findings.items():
        where = kb.where("finding", fid)
        for name, ids in (("implies", f.implies), ("composed_of", f.composed_of)):
            for other in ids:
                if other not in kb.findings:
                    problems.append(Problem(where, f"{fid}.{name}", f"unknown finding '{other}'"))
        for name, target in (
            ("denied_means", f.denied_means),
            ("denies", f.denies),
            ("relieved_means", f.relieved_means),
            ("worsened_means", f.worsened_means),
        ):
            if target and target not in kb.findings:
                problems.append(Problem(where, f"{fid}.{name}", f"unknown finding '{target}'"))
        if f.emergency and not f.red_flag:
            problems.append(Problem(where, f"{fid}.emergency", "an emergency finding is a red flag too (red_flag: true)"))
        if len(f.composed_of) == 1:
            problems.append(Problem(where, f"{fid}.composed_of", "needs two or more parts (one part is a synonym)"))
        for rule in f.lab:
            if rule.analyte not in kb.analytes:
                problems.append(Problem(where, f"{fid}.lab.analyte", f"unknown analyte '{rule.analyte}' (see analytes.yaml)"))
            for other in rule.unless:
                if other not in kb.findings:
                    problems.append(Problem(where, f"{fid}.lab.unless", f"unknown finding '{other}'"))
            if rule.source and rule.source not in kb.sources:
                problems.append(Problem(where, f"{fid}.lab.source", f"unknown source '{rule.source}'"))
        problems += _must_exclude_problems(kb, fid, where)
        if f.group == FindingGroup.site and not f.region:
            problems.append(Problem(where, f"{fid}.region", "a site finding needs its anatomical region"))
        if f.group == FindingGroup.demographic and f.age_range and f.age_range[0] >= f.age_range[1]:
            problems.append(Problem(where, f"{fid}.age_range", "minimum age must be below maximum"))
        for phrase in [f.label, *f.synonyms]:
            key = normalise_phrase(phrase)
            if key in owner and owner[key] != fid:
                problems.append(Problem(where, f"{fid}.synonyms", f"'{phrase}' also names finding '{owner[key]}' (ambiguous)"))
            owner.setdefault(key, fid)
    return problems


def _must_exclude_problems(kb: Knowledge, fid: str, where: str) -> list[Problem]:
    rule = kb.findings[fid].must_exclude
    if rule is None:
        return []
    problems = []
    if rule.source not in kb.sources:
        problems.append(Problem(where, f"{fid}.must_exclude.source", f"unknown source '{rule.source}'"))
    for cid in rule.conditions:
        c = kb.conditions.get(cid)
        if c is None:
            problems.append(Problem(where, f"{fid}.must_exclude", f"unknown condition '{cid}'"))
        elif c.severity not in (Severity.serious, Severity.critical):
            problems.append(Problem(where, f"{fid}.must_exclude", f"'{cid}' is not serious or critical"))
        elif fid not in {x.finding for x in c.findings}:
            problems.append(Problem(where, f"{fid}.must_exclude", f"'{cid}' does not list this finding"))
    return problems


def _condition_problems(kb: Knowledge) -> list[Problem]:
    problems = []
    names: dict[str, str] = {}
    for cid, c in kb.conditions.items():
        where = kb.where("condition", cid)
        seen: set[str] = set()
        for i, link in enumerate(c.findings):
            field = f"findings[{i}]"
            if link.finding not in kb.findings:
                problems.append(Problem(where, field, f"unknown finding '{link.finding}'"))
            if link.finding in seen:
                problems.append(Problem(where, field, f"finding '{link.finding}' listed twice"))
            seen.add(link.finding)
            if isinstance(link.frequency, float) and not link.source:
                problems.append(Problem(where, field, "a numeric frequency needs the source that gives it"))
            if link.source and link.source not in kb.sources:
                problems.append(Problem(where, f"{field}.source", f"unknown source '{link.source}'"))
        for i, link in enumerate(c.findings):
            if link.finding in kb.findings and kb.findings[link.finding].neutral:
                problems.append(Problem(where, f"findings[{i}]", f"'{link.finding}' is neutral: it moves no condition"))
            elif link.finding in kb.findings and kb.findings[link.finding].denies:
                problems.append(
                    Problem(
                        where, f"findings[{i}]", f"'{link.finding}' only denies '{kb.findings[link.finding].denies}': list that"
                    )
                )
        positives = [x for x in c.findings if x.frequency != Frequency.against]
        if len(positives) < 2:
            problems.append(Problem(where, "findings", "needs at least two findings that occur in it"))
        for i, flag in enumerate(c.red_flags):
            if flag not in kb.findings:
                problems.append(Problem(where, f"red_flags[{i}]", f"unknown finding '{flag}'"))
            elif flag not in seen:
                problems.append(Problem(where, f"red_flags[{i}]", f"red flag '{flag}' is not among its findings"))
        for i, flag in enumerate(c.emergency_flags):
            if flag not in c.red_flags:
                problems.append(Problem(where, f"emergency_flags[{i}]", f"'{flag}' is not among its red flags"))
        for i, crit in enumerate(c.criteria):
            if crit.source not in kb.sources:
                problems.append(Problem(where, f"criteria[{i}].source", f"unknown source '{crit.source}'"))
            for j, item in enumerate(crit.items):
                for fid in item.findings:
                    if fid not in kb.findings:
                        problems.append(Problem(where, f"criteria[{i}].items[{j}]", f"unknown finding '{fid}'"))
        problems += _limit_problems(kb, cid, c, where)
        for i, sid in enumerate(c.sources):
            if sid not in kb.sources:
                problems.append(Problem(where, f"sources[{i}]", f"unknown source '{sid}'"))
        if not c.workup:
            problems.append(Problem(where, "workup", "no first workup listed", "warning"))
        for phrase in [c.name, *c.synonyms]:
            key = normalise_phrase(phrase)
            if key in names and names[key] != cid:
                problems.append(Problem(where, "synonyms", f"'{phrase}' also names condition '{names[key]}'"))
            names.setdefault(key, cid)
    return problems


def _limit_problems(kb: Knowledge, cid: str, c, where: str) -> list[Problem]:
    """Requirements, exclusions, state links, hallmarks and criteria items must name real ids."""
    problems = []
    for i, req in enumerate(c.requires):
        problems += [Problem(where, f"requires[{i}]", f"unknown finding '{f}'") for f in req.any_of if f not in kb.findings]
    for i, fid in enumerate(c.excludes):
        if fid not in kb.findings:
            problems.append(Problem(where, f"excludes[{i}]", f"unknown finding '{fid}'"))
        elif any(fid in req.any_of for req in c.requires):
            problems.append(Problem(where, f"excludes[{i}]", f"'{fid}' is both required and excluded"))
    for i, other in enumerate(c.state_of):
        if other not in kb.conditions or other == cid:
            problems.append(Problem(where, f"state_of[{i}]", f"unknown condition '{other}'"))
    for i, link in enumerate(c.findings):
        if link.hallmark and link.frequency == Frequency.against:
            problems.append(Problem(where, f"findings[{i}]", "a hallmark cannot argue against"))
    for i, crit in enumerate(c.criteria):
        counted: dict[str, int] = {}
        for j, item in enumerate(crit.items):
            for fid in item.findings:
                if fid in counted:
                    problems.append(
                        Problem(
                            where, f"criteria[{i}].items[{j}]", f"'{fid}' also meets item {counted[fid]}: one finding counts once"
                        )
                    )
                counted.setdefault(fid, j)
    return problems


def _icd_problems(kb: Knowledge) -> list[Problem]:
    """Codes against the CDC's ICD-10-CM tables: each must exist, and the first (the one answers
    show) must be billable, a leaf; later codes may be categories the condition spans."""
    # Imported here: the package parses the CDC tables on import (seconds), which only lint pays.
    # Its loader uses importlib.resources calls deprecated since Python 3.11: not ours to fix.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm

    problems = []
    for cid, c in kb.conditions.items():
        where = kb.where("condition", cid)
        for i, code in enumerate(c.icd10):
            if not cm.is_category_or_subcategory(code):
                problems.append(Problem(where, f"icd10[{i}]", f"'{code}' is not an ICD-10-CM code (CDC tables)"))
            elif i == 0 and not cm.is_leaf(code):
                children = cm.get_children(code)
                under = ", ".join(children[:4]) + (", ..." if len(children) > 4 else "")
                problems.append(
                    Problem(
                        where,
                        "icd10[0]",
                        f"'{code}' ({cm.get_description(code)}) is a category, not billable: "
                        f"list first the billable code that fits (under it: {under})",
                    )
                )
        for code in c.icd10:
            span = _side_span(cm, code) if cm.is_valid_item(code) else None
            if span and not any(span.startswith(x) for x in c.icd10):
                problems.append(
                    Problem(
                        where,
                        "icd10",
                        f"'{code}' is the unspecified side only: add '{span}' ({cm.get_description(span)}) so "
                        "that a code of either side matches",
                        "warning",
                    )
                )
    return problems


def _side_span(cm: Any, code: str) -> str | None:
    """For a code of an unspecified side ("unspecified eye"), the nearest subcategory that spans
    the right, left and unspecified codes of the same disease; else None."""
    words = cm.get_description(code).lower()
    if not cm.is_leaf(code) or "unspecified" not in words or re.search(r"\b(right|left|bilateral)\b", words):
        return None
    node = code
    while (parent := cm.get_parent(node)) and parent != node and "-" not in parent:
        sides = " ".join(cm.get_description(k).lower() for k in cm.get_children(parent))
        if re.search(r"\bright\b", sides) and re.search(r"\bleft\b", sides):
            return parent
        node = parent
    return None


def _question_problems(kb: Knowledge) -> list[Problem]:
    problems = []
    for qid, q in kb.questions.items():
        where = kb.where("question", qid)
        option_ids = set()
        for i, opt in enumerate(q.options):
            if opt.id in option_ids:
                problems.append(Problem(where, f"{qid}.options[{i}]", f"duplicate option id '{opt.id}'"))
            option_ids.add(opt.id)
            if not opt.present and not opt.absent:
                problems.append(Problem(where, f"{qid}.options[{i}]", "option maps to no finding"))
            for fid in [*opt.present, *opt.absent]:
                if fid not in kb.findings:
                    problems.append(Problem(where, f"{qid}.options[{i}]", f"unknown finding '{fid}'"))
        for name, ids in (("applies_if_any", q.applies_if_any), ("answered_by", q.answered_by)):
            for fid in ids:
                if fid not in kb.findings:
                    problems.append(Problem(where, f"{qid}.{name}", f"unknown finding '{fid}'"))
        for cid in q.grades:
            if cid not in kb.conditions:
                problems.append(Problem(where, f"{qid}.grades", f"unknown condition '{cid}'"))
    return problems


def _source_problems(kb: Knowledge) -> list[Problem]:
    used: dict[str, int] = defaultdict(int)
    for c in kb.conditions.values():
        for sid in [*c.sources, *(x.source for x in c.findings if x.source), *(k.source for k in c.criteria)]:
            used[sid] += 1
    for f in kb.findings.values():  # thresholds of measured values cite theirs
        for rule in f.lab:
            if rule.source:
                used[rule.source] += 1
    for f in kb.findings.values():  # and a complaint's must-exclude causes theirs
        if f.must_exclude:
            used[f.must_exclude.source] += 1
    for floor in kb.scoring.urgency.floors if kb.scoring.urgency else []:  # and urgency floors theirs
        if floor.source:
            used[floor.source] += 1
    return [
        Problem(kb.where("source", sid), sid, "source cited by no condition or threshold", "warning")
        for sid in kb.sources
        if not used[sid]
    ]


def _scoring_problems(kb: Knowledge) -> list[Problem]:
    s = kb.scoring
    problems = []
    tables: list[tuple[str, Mapping[Any, float], type[Enum]]] = [
        ("frequency", s.frequency, Frequency),
        ("prevalence_prior", s.prevalence_prior, Prevalence),
        ("severity_weight", s.severity_weight, Severity),
        ("leak_factor", s.leak_factor, FindingGroup),
    ]
    for name, table, enum in tables:
        expected = set(enum) - {Frequency.against}
        if set(table) != expected:
            missing = sorted(e.value for e in expected - set(table))
            problems.append(Problem("scoring.yaml", name, f"missing entries: {', '.join(missing)}"))
        for key, value in table.items():
            if value <= 0 or (name in ("frequency", "prevalence_prior") and value >= 1):
                problems.append(Problem("scoring.yaml", f"{name}.{key.value}", f"value {value} out of range"))
    return problems


def _floor_problems(kb: Knowledge) -> list[Problem]:
    """Urgency floors name real findings and cite real sources."""
    problems = []
    for i, floor in enumerate(kb.scoring.urgency.floors if kb.scoring.urgency else []):
        where = f"urgency.floors[{i}]"
        problems += [
            Problem("scoring.yaml", where, f"unknown finding '{fid}'")
            for fid in floor.all_of + floor.any_of
            if fid not in kb.findings
        ]
        if floor.source and floor.source not in kb.sources:
            problems.append(Problem("scoring.yaml", where, f"unknown source '{floor.source}'"))
    return problems


def _scope_problems(kb: Knowledge) -> list[Problem]:
    """Clusters name real findings; the covered list names real clusters; states are findings."""
    problems = [
        Problem("scoring.yaml", key, f"unknown finding '{fid}'")
        for key, groups in (
            ("exclusive_states", kb.scoring.exclusive_states),
            ("demographic_profiles", kb.scoring.demographic_profiles),
        )
        for group in groups
        for fid in group
        if fid not in kb.findings
    ]
    if kb.scope is None:
        return problems
    ids = {c.id for c in kb.scope.clusters}
    for c in kb.scope.clusters:
        problems += [Problem("scope.yaml", c.id, f"unknown finding '{f}'") for f in c.findings if f not in kb.findings]
        if not c.findings and not c.phrases:
            problems.append(Problem("scope.yaml", c.id, "a cluster needs findings or phrases"))
    problems += [Problem("scope.yaml", "covered", f"unknown cluster '{c}'") for c in kb.scope.covered if c not in ids]
    families = {c.family for c in kb.conditions.values()}
    problems += [
        Problem("scope.yaml", c.id, f"unknown family '{f}'") for c in kb.scope.clusters for f in c.families if f not in families
    ]
    problems += [
        Problem("scope.yaml", "general_findings", f"unknown finding '{f}'")
        for f in kb.scope.general_findings
        if f not in kb.findings
    ]
    return problems


def _language_problems(kb: Knowledge) -> list[Problem]:
    """Findings and analytes that language.yaml names must exist."""
    named = [(f"patient_relative_sex.{word}", fid) for word, fid in kb.language.patient_relative_sex.items()]
    named += [("not_family_history", fid) for fid in kb.language.not_family_history]
    named += [("contagious_findings", fid) for fid in kb.language.contagious_findings]
    named += [("through_others", fid) for fid in kb.language.through_others]
    named += [("recent_only", fid) for fid in kb.language.recent_only]
    named += [("pain_finding", fid) for fid in [kb.language.pain_finding] if fid]
    named += [  # a "prefix*" must name at least one finding
        (f"context_rules.{r.literal}", fid)
        for r in kb.language.context_rules
        for fid in r.allowed_types
        if not (fid.endswith("*") and any(f.startswith(fid[:-1]) for f in kb.findings))
    ]
    named += [(f"antecedent_findings.{now}", fid) for now, then in kb.language.antecedent_findings.items() for fid in (now, then)]
    problems = [Problem("language.yaml", where, f"unknown finding '{fid}'") for where, fid in named if fid not in kb.findings]
    return problems + [
        Problem("language.yaml", f"lab_panels.{panel}", f"unknown analyte '{aid}'")
        for panel, analytes in kb.language.lab_panels.items()
        for aid in analytes
        if aid not in kb.analytes
    ]


def _unit_problems(kb: Knowledge) -> list[Problem]:
    """Every unit an analyte is written in must convert to its own unit: a message that states a
    value in it would otherwise fail to be read ("platelets 45,000/mm3" into 10^9/L)."""
    from knowledge.units import convert  # builds pint's registry, which only lint pays

    problems = []
    for aid, a in kb.analytes.items():
        for other in a.other_units:
            try:
                convert(1.0, other.unit, a.unit, a.molar_mass)
            except (ValueError, TypeError, AttributeError) as error:  # pint's parse, dimension and unknown-unit errors
                problems.append(
                    Problem("analytes.yaml", f"{aid}.other_units", f"'{other.unit}' does not convert to '{a.unit}': {error}")
                )
    return problems


def lint(kb: Knowledge, *, slow: bool = True) -> list[Problem]:
    """Every cross-reference problem and warning, in a stable order.

    ``slow=False`` skips the checks that need a slow import (the ICD-10-CM tables, pint's unit
    registry), for loading, where a cold start must stay fast and ``ddxbot kb lint`` already ran them.
    """
    return (
        _scoring_problems(kb)
        + _floor_problems(kb)
        + _scope_problems(kb)
        + _finding_problems(kb)
        + _language_problems(kb)
        + _condition_problems(kb)
        + (_icd_problems(kb) + _unit_problems(kb) if slow else [])
        + _question_problems(kb)
        + _source_problems(kb)
    )
