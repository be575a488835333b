"""Numbers spelled out as a voice note's transcript or a lay message writes them ("seventy four
year old", "thirty eight point five", "a hundred and thirty", "38 point 5"), written as digits
before anything reads them. The readers of ages, measurements and durations know digits, and
"seventy four year old" read word by word is a four-year-old. text2num (``alpha2digit``) parses
each run of number words; a lone small number ("six weeks") stays as written, since the rules
read those words already.
"""

from __future__ import annotations

import re

from text_to_num import alpha2digit

_SMALL = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_LARGE = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
_WORD = rf"(?:{_SMALL}|{_LARGE})"
# Number words joined by spaces or hyphens ("seventy-four"), "and" after a hundred, and a decimal
# part after "point"; "a hundred" counts as one hundred.
_RUN = re.compile(
    rf"\b(?:an?\s+(?=hundred|thousand))?{_WORD}(?:(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+){_WORD})*"
    rf"(?:\s+point(?:\s+(?:{_SMALL}|zero|oh|nought))+)?\b",
    re.IGNORECASE,
)
_SPOKEN_DECIMAL = re.compile(r"\b(\d{1,3})\s+point\s+(\d{1,2})\b", re.IGNORECASE)
# A dipstick's grade said aloud: "three plus protein", "protein two plus".
_GRADE = {"one": "1", "two": "2", "three": "3", "four": "4"}
_SPOKEN_GRADE = re.compile(
    r"\b(one|two|three|four|[1-4])\s+plus\b(?=\s+(?:of\s+)?(?:protein|blood|glucose|sugar|ketones?|leuc|leuk|nitrites?))"
    r"|(?:(?<=\bprotein\s)|(?<=\bblood\s)|(?<=\bglucose\s)|(?<=\bketones\s))(one|two|three|four|[1-4])\s+plus\b",
    re.IGNORECASE,
)
_ONE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LARGE_RE = re.compile(rf"\b(?:{_LARGE}|point)\b", re.IGNORECASE)


def digits(text: str) -> str:
    """``text`` with each spelled-out number of more than one word, or of tens and more, as digits."""
    if _RUN.search(text):
        text = _RUN.sub(_as_digits, text)
    text = _SPOKEN_GRADE.sub(lambda m: _GRADE.get((g := m.group(1) or m.group(2)).lower(), g) + "+", text)
    return _SPOKEN_DECIMAL.sub(r"\1.\2", text)


def _as_digits(m: re.Match) -> str:
    run = m.group(0)
    if not _LARGE_RE.search(run) and len(run.split()) < 2 and "-" not in run:
        return run  # "six", "ten": read as words already
    spoken = re.sub(r"^an?\s+", "one ", run, flags=re.IGNORECASE)
    spoken = re.sub(r"\b(?:oh|nought)\b", "zero", spoken, flags=re.IGNORECASE)
    number = alpha2digit(spoken, "en")
    return number if _ONE_NUMBER.fullmatch(number) else run
