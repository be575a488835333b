"""The one check of a wording test: a text reads its expected findings and not the old misreadings."""

from __future__ import annotations

from collections.abc import Collection


def _as_set(findings: str | Collection[str] | None) -> set[str]:
    if not findings:
        return set()
    return {findings} if isinstance(findings, str) else set(findings)


def assert_reads(core, text: str, expected: str | Collection[str] | None, not_expected: str | Collection[str] | None) -> None:
    """``expected`` and ``not_expected`` are one finding id or several."""
    present = core.extractor.extract(text).present
    assert _as_set(expected) <= present, (text, sorted(present))
    assert not _as_set(not_expected) & present, (text, sorted(present))


def ranked(core, text: str) -> list[str]:
    """The condition ids in the order the differential gives them for ``text``."""
    found = core.extractor.extract(text)
    post = core.model.score(found.present, found.absent, words=found.words)
    return [core.model.conditions[int(i)].id for i in post.order()]
