"""A value read against the normal range the message states beside it.

Reports give a result with its laboratory's own range: "ceruloplasmin 8 mg/dL (normal 20-40)",
"C-peptide 5.0 ng/mL (N=0.8-3.1)", "CD4 count 89 (N > 500)". Many such tests have no entry in
``analytes.yaml`` (its thresholds are for the tests read often), yet the vocabulary names their
abnormal result ("low caeruloplasmin"). The stated range says which side of normal the value is,
so the result is written out in words beside it, and only when those words are a phrase of the
vocabulary: no finding is made up here, and an unknown test reads as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NAME = r"(?P<name>[a-z][\w+\-]*(?:\s+[a-z][\w+\-]*){0,3}?)"
_ABBREVIATION = r"(?:\s*\((?P<short>[a-z][\w+\-]{0,9})\))?"
_QUANTITY = r"(?:\s+(?P<quantity>levels?|concentrations?|counts?|titers?|titres?|activity|values?))?"
_VERB = r"(?:\s*(?:of|is|was|were|are|at|:|=|measured\s+at|found\s+to\s+be|came\s+back(?:\s+at)?|returned(?:\s+at)?)){0,2}\s*"
_UNIT = r"(?:\s*[^\s()\d,;][^\s()]{0,24}(?:\s+(?:per|/)\s*[^\s()]{1,8})?)?"
_RANGE_NAME = r"(?:normal(?:\s+range)?|reference(?:\s+range)?|ref\.?(?:\s+range)?|n|nr|rr)"
_BETWEEN = r"\s*(?:-|–|—|to)\s*"
_BELOW = r"<|≤|<=|less\s+than|below|under|up\s+to"
_ABOVE = r">|≥|>=|greater\s+than|more\s+than|above|over|at\s+least"
_STATED = re.compile(
    rf"\b{_NAME}{_ABBREVIATION}{_QUANTITY}{_VERB}(?P<value>{_NUMBER}){_UNIT}\s*"
    rf"\(\s*{_RANGE_NAME}\s*(?:is|:|=)?\s*"
    rf"(?:(?P<low>{_NUMBER}){_BETWEEN}(?P<high>{_NUMBER})"
    rf"|(?:{_BELOW})\s*(?P<ceiling>{_NUMBER})"
    rf"|(?:{_ABOVE})\s*(?P<floor>{_NUMBER})"
    rf"|(?P<floor_after>{_NUMBER})[^)]{{0,12}}?\bor\s+(?:greater|more|above|higher))"
    r"[^)]{0,20}\)",
    re.IGNORECASE,
)
# How a result on each side of its range is named, before the test's name or after it.
_SIDE_WORDS = {
    "low": ["low", "reduced", "decreased"],
    "high": ["raised", "high", "elevated", "increased", "prolonged"],
    "normal": ["normal"],
}


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _side(m: re.Match) -> str | None:
    """'low', 'high' or 'normal': where the value lies against the range stated."""
    value = _number(m.group("value"))
    low = m.group("low") or m.group("floor") or m.group("floor_after")
    high = m.group("high") or m.group("ceiling")
    low_value = _number(low) if low else None
    high_value = _number(high) if high else None
    if low_value is not None and high_value is not None and low_value > high_value:
        return None  # not a range ("12-3")
    if low_value is not None and value < low_value:
        return "low"
    if high_value is not None and value > high_value:
        return "high"
    return "normal"


class ReferenceRanges:
    """Writes "(low caeruloplasmin)" after "caeruloplasmin 8 mg/dL (normal 20-40)" when the
    vocabulary has that phrase (``names``)."""

    def __init__(self, names: Callable[[str], bool]):
        self._names = names

    def __call__(self, text: str) -> str:
        return _STATED.sub(self._named_result, text)

    def _named_result(self, m: re.Match) -> str:
        where = _side(m)
        said = self._result_words(m, where) if where else None
        return f"{m.group(0)} ({said})" if said else m.group(0)

    def _result_words(self, m: re.Match, where: str) -> str | None:
        """The longest tail of the test's name (or its abbreviation) that, with a word for the
        side, is a phrase of the vocabulary."""
        words = m.group("name").split()
        quantity = f" {m.group('quantity')}" if m.group("quantity") else ""
        names = [f"{' '.join(words[k:])}{q}" for k in range(len(words)) for q in dict.fromkeys([quantity, ""])]
        if m.group("short"):
            names.append(m.group("short"))
        sides = _SIDE_WORDS[where]
        for name in names:
            for said in [f"{w} {name}" for w in sides] + [f"{name} {w}" for w in sides]:
                if self._names(said):
                    return said
        return None
