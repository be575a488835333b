"""One spelling for words written the British or the American way.

The knowledge is written in British English (haemorrhage, oedema, tumour, centre); clinicians and
exam stems also write American English (hemorrhage, edema, tumor, center). Where words are
compared as words (a condition's name, a case's words against a condition's text), both are
brought to the American form, which is the shorter.
"""

from __future__ import annotations

import re
from functools import lru_cache

_BRITISH = (
    (re.compile(r"(?<=[a-z])ae(?=[a-z])"), "e"),  # haem-, anaemia, paediatric
    (re.compile(r"\boe(?=[a-z])"), "e"),  # oedema, oesophagus, oestrogen
    (re.compile(r"rrhoea"), "rrhea"),  # diarrhoea, amenorrhoea
    (re.compile(r"(?<=[a-z]{2})our(?=(?:s|ed|ing|ful|less|ite|able)?\b)"), "or"),  # tumour(s), coloured, favourite (not hours)
    (re.compile(r"(?<=[a-z]{2}[bcdfgklmnpstv])re\b"), "er"),  # centre, fibre, litre (not acre, here)
)


@lru_cache(maxsize=65536)  # the reader asks for each word of each message
def american(text: str) -> str:
    """``text`` (lower case) with British spellings made American: 'haematoma' -> 'hematoma'."""
    for pattern, replacement in _BRITISH:
        text = pattern.sub(replacement, text)
    return text
