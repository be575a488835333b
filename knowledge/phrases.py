"""How the knowledge's phrases compare: one form for synonyms, names and what a clinician types.

Shared by the lint (two findings may not claim one phrase) and the core (condition names), so it
lives beside the data rather than in either.
"""

from __future__ import annotations

import re


def normalise_phrase(text: str) -> str:
    """The form synonyms are compared in: lower case, single spaces, no edge punctuation."""
    return re.sub(r"\s+", " ", text.lower()).strip(" .,;:")
