"""A phrase of the vocabulary that a rewrite changes must still read its own finding: "tenderness
over the lateral malleolus" is rewritten "lateral malleolus tenderness" before matching, and a
finding listing only the first could never be found. Checked for the rewrites that reshape the
most phrases (a tender site, a treatment that failed, shorthand written out)."""

from __future__ import annotations

import re

import pytest

RESHAPED = re.compile(
    r"^(?:point\s+|bony\s+|diffuse\s+|percussion\s+)?tender(?:ness)?\s+(?:over|along|of|at)\s"
    r"|\bnot\s+responding\s+to\b|\bruns\s+of\b|\bhrt\b|\bfh\s+of\b",
)


@pytest.fixture(scope="module")
def reshaped(core) -> list[tuple[str, str]]:
    kb = core.kb
    return [(fid, s) for fid, f in kb.findings.items() for s in f.synonyms if RESHAPED.search(s.lower())]


def test_there_are_such_phrases(reshaped):
    assert len(reshaped) > 100


def test_each_reshaped_phrase_reads_its_finding(core, reshaped):
    lost = []
    for fid, phrase in reshaped:
        found = core.extractor.extract(phrase)
        if fid not in found.present | found.absent:
            lost.append((fid, phrase, core.extractor.written_out(phrase)))
    assert not lost, f"{len(lost)} phrases a rewrite makes unreadable: {lost[:10]}"
