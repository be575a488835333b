"""The stage of a pregnancy as notes write it: "32/40", "28+3 weeks pregnant", "34 weeks'
gestation", "G2P1 at 36 weeks", "pregnant, 8 weeks", "I'm 9 weeks", and "at 36 weeks" in a woman's
story.

A gestation is a state, not how long the complaint has lasted: its weeks are no duration. A
baby's birth ("born at 32 weeks", "delivered at 38 weeks") or its age ("at 6 weeks of age") is
not the patient's pregnancy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WEEKS = r"(\d{1,2})(?:\s*\+\s*\d)?"  # "28+3": completed weeks and days
_UNIT = r"(?:weeks?|wks?|/52)"
_PATTERNS = [  # "32/40" arrives written out as "32 weeks pregnant" (``durations`` in language.yaml)
    # "34 weeks pregnant", "34 weeks' gestation", "12 weeks along", "20 weeks into her pregnancy"
    re.compile(
        rf"\b{_WEEKS}[\s-]*{_UNIT}['’]?\s*(?:of\s+)?(?:pregnant|gestation|pregnancy|along|into\s+(?:her|the|my)\s+pregnancy)",
        re.I,
    ),
    # "pregnant at 30 weeks", "gestational age 30 weeks", "G2P1 at 36 weeks", "primigravida, 39 weeks"
    re.compile(
        rf"\b(?:pregnant|pregnancy|gestation|gestational\s+age|ga|g\d+\s*p\d+\S*|primigravida|multigravida|primip|multip"
        rf"|gravida\s+\d+)\W{{0,3}}(?:(?:at|of|is|now)\s+)?{_WEEKS}[\s-]*{_UNIT}",
        re.I,
    ),
    # "I'm 9 weeks and bleeding", "im 30 wks": a woman's own weeks are her pregnancy's
    re.compile(
        rf"\b(?:i'?m|i\s+am)\s+{_WEEKS}[\s-]*{_UNIT}\b(?!['’]?\s*(?:old|ago|post|postpartum|after|since|of\s+age|into\s+(?!(?:my|her|the)\s+pregnancy)))",
        re.I,
    ),
]
# "at 36 weeks" alone: a pregnancy only in a woman's story, never a birth, an infant's age or a review.
_AT_WEEKS = re.compile(rf"\bat\s+{_WEEKS}[\s-]*(?:weeks?|wks?)\b(?!['’]?\s*(?:of\s+age|old|after|post|later|ago))", re.I)
_NOT_PREGNANCY_BEFORE = re.compile(
    r"\b(?:born|birth|delivered|delivery|deliver|premature|preterm|review(?:ed)?|follow[\s-]?up|seen|check|"
    r"reassess(?:ed)?|vaccinat\w*|immunis\w*|immuniz\w*)\W+(?:\w+\W+){0,2}$",
    re.I,
)
_MAX_WEEKS = 44
_BARE_UNKNOWN = 20


@dataclass(frozen=True)
class Gestation:
    weeks: int
    start: int
    end: int


def read_gestations(text: str, woman: bool, sex_unknown: bool) -> list[Gestation]:
    """Every gestation the text states. A bare "at 36 weeks" is a pregnancy when the patient is a
    woman (an adult or adolescent female); when nothing says who the patient is, only from 20
    weeks, an age nobody gives a baby in weeks."""
    least_bare = 4 if woman else _BARE_UNKNOWN if sex_unknown else None
    readers = [(pattern, 1) for pattern in _PATTERNS] + ([(_AT_WEEKS, least_bare)] if least_bare else [])
    return [
        Gestation(int(m.group(1)), m.start(), m.end())
        for pattern, least in readers
        for m in pattern.finditer(text)
        if least <= int(m.group(1)) <= _MAX_WEEKS and not _NOT_PREGNANCY_BEFORE.search(text, 0, m.start())
    ]
