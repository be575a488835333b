"""The one check of a wording test: a text reads its expected finding and not the old misreading."""

from __future__ import annotations


def assert_reads(core, text: str, expected: str | None, not_expected: str | None) -> None:
    present = core.extractor.extract(text).present
    if expected:
        assert expected in present, (text, sorted(present))
    if not_expected:
        assert not_expected not in present, (text, sorted(present))
