"""What a finding implies, followed to the end: a calf is part of the leg, which is part of the
lower limb. Both the reader (implied findings are present too) and the differential (a parent
site is not argued against by its child) need it, so it lives with the knowledge."""

from __future__ import annotations

from knowledge.loader import Knowledge


def implication_closure(kb: Knowledge) -> dict[str, set[str]]:
    """For each finding, every finding it implies, directly or through others."""
    closure: dict[str, set[str]] = {}
    for fid in kb.findings:
        seen: set[str] = set()
        stack = list(kb.findings[fid].implies)
        while stack:
            nxt = stack.pop()
            if nxt not in seen:
                seen.add(nxt)
                stack.extend(kb.findings[nxt].implies)
        closure[fid] = seen
    return closure
