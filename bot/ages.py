"""The patient's age as messages write it: "62F", "a 3-week-old", "aged 70", and as patients and
carers write it: "two year old", "my dad is 67", "I'm 58", "55 man", "woman, 55", "baby, 10 months".

The first age in a message is the patient's; later ones are other people's. The relative words
(and the sex each names) are language data (``patient_relative_sex`` in language.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_N = r"(\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_SEX_WORDS = {
    "woman": "f",
    "female": "f",
    "lady": "f",
    "girl": "f",
    "man": "m",
    "male": "m",
    "boy": "m",
    "gentleman": "m",
    "gent": "m",
}
_SEX = r"(woman|man|female|male|lady|gentleman|gent|girl|boy)"
_DECADE_PART = {"early": 2, "mid": 5, "late": 8}
_TITLE_SEX = {"mr": "m", "master": "m", "mrs": "f", "ms": "f", "miss": "f"}
# Up to three describing words between an age and its sex ("a 45-year-old previously healthy
# man"), none that starts a clause about someone else ("a 3-year-old and her baby brother").
_DESCRIBING = r"(?:(?!(?:and|with|whose|who|his|her|their|has|had|is|was|presents?)\b)[a-z][\w-]*\s+){0,3}?"
_YEARS_IN_DAYS = {"y": 365.25, "m": 365.25 / 12, "w": 7, "d": 1}
_HOURS_OLD = 1 / 365.25  # a baby hours or minutes old: its first day
# What may follow a bare number that is not an age: a weight, height, count, time, a pregnancy.
_NOT_AN_AGE = (
    r"(?![.,]\d)(?!\s*(?:%|/|kg|kilos?|lbs?|pounds|stone|st\b|cm|ft|foot|feet|inches|mins?\b|minutes|hours?|hrs?"
    r"|days?|weeks?|wks?|months?|mo\b|times|x\b|pregnant|late|overdue|years?\s+ago|yrs?\s+ago|ago\b"
    r"|children|kids|babies|sons|daughters|pregnancies|miscarriages|cigarettes|units|drinks"
    r"|post|after|since|postpartum|postnatal|tall\b|['’]\s?\d"  # "she is 5'4\"": a height
    r"|['’]?\s*(?:of\s+)?(?:gestation|pregnan|along)))"  # "she is 32 weeks' gestation" is her pregnancy
)


@dataclass(frozen=True)
class Age:
    years: float
    sex: str | None  # "f" or "m" when the age statement names it ("62F", "my dad is 67")
    start: int
    end: int


class AgeReader:
    """Built once from the language data: which words name a relative, and their sex."""

    def __init__(self, relative_sex: dict[str, str]):
        self._relative_sex = {w: ("m" if fid == "sex_male" else "f") for w, fid in relative_sex.items()}
        self._relative_sex |= {"boy": "m", "girl": "f"}  # "my boy is 3", "our girl, 18 months"
        relatives = "|".join(sorted([*self._relative_sex, "baby", "child", "kid", "toddler", "partner"], key=len, reverse=True))
        unit = r"(years?|yrs?|months?|mo|mths?|weeks?|wks?|days?)"
        self._patterns = [
            # "62 year old woman", "3-week-old", "two year old", "5 yo", "a 27-year-old primigravid woman",
            # "a two-and-a-half-year-old"
            re.compile(
                rf"\b{_N}(?:[\s-]+and[\s-]+a[\s-]+half)?(?:\s*|-)(?:{unit}[\s-]*old|y/?o|y\.o\.?|yo)\b(?:\s*([mf])\b|\s+{_DESCRIBING}{_SEX}\b)?",
                re.I,
            ),
            # 62F, 45M (not 200m, T 101.5F, temp 99F)
            re.compile(r"(?<![\d.,])(?<!\bt )(?<!\btemp )\b(\d{1,3})\s?((?-i:M|F|f))\b", re.I),
            # "aged 40", "Age: 1 day" (an exam's patient-information block gives the unit after it)
            re.compile(rf"\b(?:aged?|age:?)\s+(\d{{1,3}})(?:\s*{unit}\b)?", re.I),
            # "my dad is 67", "our son's 18 months", "I'm 58", "I am 40", "she is 12", and the
            # relative's age as carers put it: "my dad 74", "my mum (80)", "my nan, 85", "my mum who's 80",
            # "dad is 78, confused" (a message that opens with the relative)
            re.compile(
                rf"\b(?:(?:i'?m|i\s+am|(?:she|he)\s*(?:is|'s))\s+|(?:(?:my|our)\s+|^\s*)({relatives})"
                rf"(?:\s*(?:is|'s|who\s+is|who's|aged)\s+|\s*[,(]\s*|\s+))"
                rf"{_N}(?:\s*{unit}(?:\s+old)?)?\b{_NOT_AN_AGE}(?:\s*\(?\s*((?-i:[mfMF]))\s*\)(?!\w)|\s+((?-i:[mfMF]))\b)?",
                re.I,
            ),
            # "55 man", "58 male"
            re.compile(rf"(?<![\d.,/])\b(\d{{1,3}})\s+{_SEX}\b", re.I),
            # "man, 55", "female, 72"; at the start of a message the comma may go ("Male 40 chest pain")
            re.compile(rf"(?:^\s*|\b(?=\w+\s*,)){_SEX}\s*,?\s*(\d{{1,3}})\b{_NOT_AN_AGE}", re.I),
            # "baby, 10 months", "my son, 18 months, fever"
            re.compile(
                rf"\b({relatives})\b[\s,]*(?:is\s+|aged\s+)?{_N}\s*(months?|mo|mths?|weeks?|wks?)\b(?!\s*(?:ago|pregnant|of|since|history))",
                re.I,
            ),
            # A baby hours or minutes old: "36 hours old", "within minutes of birth" (after a "delivery" is the mother)
            re.compile(
                rf"\b(?:{_N}|an?|a\s+few|several)?[\s-]*(hours?|hrs?|minutes?|mins?)[\s-]+"
                r"(?:old|after\s+(?:birth|being\s+born)|of\s+(?:birth|life|age))\b",
                re.I,
            ),
            # A chat message, or a triage note's sentence, that opens with a baby's age: "3 mo, fever",
            # "2mo with a cough", "6wk boy", "18mo at nursery", "9mo has a rash", "9mo M, fever",
            # "Caller is mum. 4mo girl, runny nose" (not "4 months of a dry cough")
            re.compile(
                rf"(?:^|(?<=[.;!?\n]))\s*{_N}\s*(months?|mo|mths?|weeks?|wks?)\b(?:\s*((?-i:[MF]))\b)?(?=\s*(?:,|with\b|w/|-|(?:at|has|had|is|was|who)\b|{_SEX}))",
                re.I,
            ),
            # "my 6mo has a rash", "our 3wk old": a baby's age after "my"
            re.compile(rf"\b(?:my|our)\s+{_N}\s*(mo|mths?|wks?)\b", re.I),
            # "F 41, chest pain", "M 70 SOB": the sex letter first, at the start of the message
            re.compile(r"^\s*((?-i:[MF]))\s+(\d{1,3})\b(?!\s*(?:%|/|kg|cm|mm|mg|°))"),
            # "in her 40s", "in his late sixties", "a lady of 80"
            re.compile(
                r"\bin\s+(?:her|his|their|my|the)\s+(?:(early|mid|late)[\s-]+)?"
                r"(20|30|40|50|60|70|80|90|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)'?s?\b",
                re.I,
            ),
            re.compile(rf"\b{_SEX}\s+of\s+(\d{{1,3}})\b(?!\s*(?:years?\s+ago|%))", re.I),
            # "68 m, bit breathless", "hoarse for 6 weeks, 60 m, smoker": a lower-case m is a man only
            # set apart by a space and a comma or the end (not "walked 200 m" or "5m")
            re.compile(r"(?<![\d.,])(?<!walked )(?<!walk )(?<!ran )\b(\d{1,3})\s((?-i:m))(?=\s*(?:[,;)]|$))"),
            # The patient signed off at the end of a message: "... don't enjoy anything. F 30.", "woman 33"
            re.compile(r"(?:^|[.,;!?]\s*)((?-i:[MF]))\s?(\d{1,3})\s*[.!]?\s*$"),
            re.compile(rf"\b{_SEX}\s*,?\s*(\d{{1,3}})\s*[.!]?\s*$", re.I),
            # "48 yr shopkeeper", "pt 20 yr student", "gent 70 yrs": years without "old", as clinical
            # English in South Asia and East Africa writes an age, where a message or sentence opens
            # or after the patient; not a duration ("2 yrs history of", "since 2 yrs", "3 years ago")
            re.compile(
                rf"(?:^\s*|[.;]\s+|\b(?:pt|patient|child|{_SEX[1:-1]})\s*,?\s+)"
                r"(\d{1,3})\s*(?:yrs?|years?)\b(?!\s*(?:ago|back|history|hx|h/o|of\b|duration|since|before|later|after|post|old|now|in\b|on\b))"
                rf"(?:\s*,?\s*{_SEX}\b)?",
                re.I,
            ),
            # "a 45 years lady", "I am 62 year man": years without "old" and the person right after
            re.compile(rf"(?<!for )(?<!since )(?<!past )(?<!last )(?<!over )\b(\d{{1,3}})\s*(?:yrs?|years?)\s+{_SEX}\b", re.I),
            # A form's answer that opens a line or follows its heading or question: "Other: 48,
            # female.", "Anything else? 58, male."
            re.compile(rf"(?:^|[\n.?!]|[a-z]+:)\s*(\d{{1,3}})\s*,\s*{_SEX}\b", re.I),
            # A carer's or a ward's note names the person, then the age: "Mrs Ivy Sands, 76.", "Mr
            # Patel (79)", "Note about Chloe (24)" (a bare name only after "about", "re" or "for")
            re.compile(
                r"(?:\b(?i:about|re:?|for|resident:?|client:?)(?:\s+(?i:(Mr|Mrs|Ms|Miss|Master))\.?)?|\b(?i:(Mr|Mrs|Ms|Miss|Master))\.?)"
                r"(?:\s+[A-Z][a-z'-]+){1,3}\s*(?:,\s*|\(\s*)(\d{1,3})\b(?![.:]\d)(?!\s*(?:%|/|kg|cm|mm|mg|°|ago|[a-z]))"
            ),
            # An age told with "have", as many languages tell it and their speakers write it in
            # English: "my son has 14 years", "my daughter have 18 month", "I have 45 years" (the sentence
            # or clause ends there: "has 3 years of back pain", "has 5 years diabetes" are durations)
            re.compile(
                rf"\b(?:(?:my|our)\s+({relatives})|(i|he|she))\s+(?:has|have)\s+{_N}\s*(years?|yrs?|months?|mths?)\b"
                r"(?=\s*(?:old\b|[.,;:!?)]|$|and\b|but\b|so\b))(?!\s*and\s+a\s+half)",
                re.I,
            ),
            # A date of birth, as a receptionist's or a form's note gives it: "DOB 16/04/2022",
            # "date of birth: 3.11.1950" (day first, as in the UK, unless the day cannot be first)
            re.compile(
                r"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:\-]?\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b",
                re.I,
            ),
            # A relative named with the age in brackets anywhere: "mum (24) mentioned", "Dad (78) fell"
            re.compile(rf"\b({relatives})\s*\(\s*(\d{{1,3}})\s*\)", re.I),
        ]

    def read(self, text: str) -> Age | None:
        """The first age in the text that is not a parent's, or None."""
        found = [
            (m.start(), i, m)
            for i, p in enumerate(self._patterns)
            for m in p.finditer(text)
            if not _a_parents_age(text, m.start(), m.end()) and not (i == 3 and _WEEKS_GONE.match(m.group(0)))
        ]
        # An age named for a child's review is the visit's when another person's age is given too.
        found = [f for f in found if not _A_CHILDS_REVIEW.match(text, f[2].end())] or found
        # A parent who gives their own age before their child's ("I'm 31 ... my son is 5 weeks
        # old") writes about the child.
        if any(self._a_childs_age(kind, m) for _, kind, m in found) and not _ABOUT_MYSELF.search(text):
            found = [f for f in found if not _writers_own(f[1], f[2])]
        if not found:
            return None
        _, kind, m = min(found, key=lambda x: (x[0], x[1]))
        years, sex = self._years_and_sex(kind, m)
        return Age(years, sex, m.start(), m.end()) if years < 120 else None

    def _a_childs_age(self, kind: int, m: re.Match) -> bool:
        """An age under 18 told of a child: "5 weeks old", "my son is 4", "baby, 10 months"."""
        return kind in (0, 3, 6, 9, 20, 22) and not _writers_own(kind, m) and self._years_and_sex(kind, m)[0] < 18

    def _years_and_sex(self, kind: int, m: re.Match) -> tuple[float, str | None]:
        if kind == 0:
            sex = (m.group(3) or m.group(4) or "").lower()
            half = 0.5 if "half" in m.group(0).lower() else 0.0
            return (_number(m.group(1)) + half) * _in_years(m.group(2)), _SEX_WORDS.get(sex, sex) or None
        if kind == 1:
            return float(m.group(1)), m.group(2).lower()
        if kind == 2:
            return float(m.group(1)) * _in_years(m.group(2)), None
        if kind == 3:
            letter = (m.group(4) or m.group(5) or "").lower() or None  # "I'm 23 (f)", "I'm 40 m"
            sex = self._relative_sex.get((m.group(1) or "").lower()) or letter
            return _number(m.group(2)) * _in_years(m.group(3)), sex
        if kind == 4:
            return float(m.group(1)), _SEX_WORDS[m.group(2).lower()]
        if kind == 5:
            return float(m.group(2)), _SEX_WORDS[m.group(1).lower()]
        if kind == 6:
            return _number(m.group(2)) * _in_years(m.group(3)), self._relative_sex.get(m.group(1).lower())
        if kind == 8:
            return _number(m.group(1)) * _in_years(m.group(2)), (m.group(3) or "").lower() or None
        if kind == 9:
            return _number(m.group(1)) * _in_years(m.group(2)), None
        if kind == 10:
            return float(m.group(2)), m.group(1).lower()
        if kind == 11:
            return _decade(m.group(2)) + _DECADE_PART[(m.group(1) or "mid").lower()], None
        if kind == 12:
            return float(m.group(2)), _SEX_WORDS[m.group(1).lower()]
        if kind == 13:
            return float(m.group(1)), "m"
        if kind == 14:
            return float(m.group(2)), m.group(1).lower()
        if kind == 15:
            return float(m.group(2)), _SEX_WORDS[m.group(1).lower()]
        if kind == 19:
            return float(m.group(3)), _TITLE_SEX.get((m.group(1) or m.group(2) or "").lower())
        if kind == 22:
            return float(m.group(2)), self._relative_sex.get(m.group(1).lower())
        if kind == 21:
            return _years_since_birth(m.group(1), m.group(2), m.group(3), date.today()), None
        if kind == 20:
            return _number(m.group(3)) * _in_years(m.group(4)), self._relative_sex.get((m.group(1) or "").lower())
        if kind in (17, 18):
            return float(m.group(1)), _SEX_WORDS[m.group(2).lower()]
        if kind == 16:  # the sex after the age, or the person word before it ("gent 70 yrs")
            before = m.group(0).split()[0].strip(",").lower()
            return float(m.group(1)), _SEX_WORDS.get((m.group(2) or before).lower())
        return _HOURS_OLD, None


# A baby's or child's parent, named with an age: "born at 35 weeks to a 34-year-old G1P1", "was
# delivered to a 19 year old mother", "her 40-year-old father has diabetes". A relative the message
# is about ("my 34 year old mum has chest pain") is the patient and keeps the age.
# "I'm 9 weeks": a woman tells her pregnancy in weeks, never her own age (a baby's weeks are told by
# a carer: "he is 6 weeks", "my son is 6 weeks old").
_WEEKS_GONE = re.compile(r"(?:i'?m|i\s+am)\s+\S+\s*(?:weeks?|wks?)\b(?!\s+old)", re.I)
_BORN_TO = re.compile(r"\b(?:born|delivered|birth)\b[^.;]{0,60}?\bto\s+(?:a|an|his|her|the|their)\s*$", re.I)
_PARENT_AFTER = re.compile(r"^\s*(?:mother|father|mum|mom|dad|parents?)\b", re.I)
_MY_BEFORE = re.compile(r"\b(?:my|our)\s*$", re.I)
# A child's age named for a visit ("visiting for baby's 1 yr review and mum (24) mentioned").
_A_CHILDS_REVIEW = re.compile(r"\s*(?:old\s+)?(?:review|check|check-up|checkup|jabs|immunisations?|vaccinations?)\b", re.I)


def _a_parents_age(text: str, start: int, end: int) -> bool:
    if _BORN_TO.search(text[max(0, start - 80) : start]):
        return True
    return bool(_PARENT_AFTER.match(text[end:])) and not _MY_BEFORE.search(text[max(0, start - 8) : start])


# A parent who says the message is about themself ("I have a 2-year-old, and I'm messaging for myself").
_ABOUT_MYSELF = re.compile(
    r"\b(?:for|about)\s+myself\b|\b(?:it'?s|this\s+is)\s+about\s+me\b|\bnot\s+(?:about\s+)?(?:my|the)\s+(?:child|son|daughter|baby|kid)\b",
    re.I,
)
_WRITERS_OWN = re.compile(r"(?:i'?m|i\s+am)\b", re.I)


def _writers_own(kind: int, m: re.Match) -> bool:
    """Whether an age is the writer's own ("I'm 31", "I am 40"): the fourth pattern, in the first person."""
    return kind == 3 and bool(_WRITERS_OWN.match(m.group(0)))


_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}


def _years_since_birth(first: str, second: str, year: str, today: date) -> float:
    """Years from a date of birth to ``today``; an impossible date gives an impossible age (200),
    which the reader drops."""
    day, month = int(first), int(second)
    if month > 12 >= day:  # "04/16/2022": the month came first
        day, month = month, day
    born_year = int(year) if len(year) == 4 else 2000 + int(year) if int(year) <= today.year % 100 else 1900 + int(year)
    try:
        born = date(born_year, month, day)
    except ValueError:
        return 200.0
    return max(0.0, (today - born).days / 365.25) if born <= today else 200.0


def _decade(word: str) -> float:
    """The first year of a decade of life: "40" or "forties" is 40."""
    return float(_DECADES.get(word.lower(), word) if not word.isdigit() else word)


def _number(word: str) -> float:
    return float(_NUMBERS.get(word.lower(), word) if not word.isdigit() else word)


def _in_years(unit: str | None) -> float:
    """Years in one of ``unit`` (none written: years)."""
    return _YEARS_IN_DAYS[(unit or "y")[0].lower()] / 365.25
