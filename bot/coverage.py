"""What the knowledge covers, read from the knowledge itself, for help texts and the Slack Home tab.

The families and their counts change whenever a condition is added, so no adapter writes them by
hand: Telegram's ``/help``, Slack's Home tab and the start-up descriptions all come from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.scope import areas_text
from knowledge.loader import Knowledge

# What the bot is and is not, in one line each: the Telegram profile texts and the Slack Home tab.
PURPOSE = "Differential-diagnosis support for clinical teams, from a curated, cited knowledge base."
NOT_A_DIAGNOSIS = "Decision support for clinicians, not a diagnosis: clinical judgement decides."


@dataclass(frozen=True)
class Coverage:
    """The knowledge in numbers: conditions per family (largest first) and the version."""

    families: tuple[tuple[str, int], ...]
    conditions: int
    version: str
    areas: tuple[str, ...] = ()  # the complaint clusters scope.yaml marks as covered, by label
    area_names: tuple[str, ...] = ()  # the same clusters in a word or two ("upper limb"), where labels do not fit

    @classmethod
    def of(cls, kb: Knowledge) -> Coverage:
        counts = Counter(c.family for c in kb.conditions.values())
        ordered = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        areas = tuple(kb.scope.covered_labels()) if kb.scope else ()
        names = tuple(c.replace("_", " ") for c in kb.scope.covered) if kb.scope else ()
        return cls(ordered, len(kb.conditions), kb.version, areas, names)

    def area_list(self) -> str:
        """``leg, knee, ankle or foot; hip or groin; …``"""
        return areas_text(self.areas)

    def family_list(self) -> str:
        """``muscle (40), spine (31), …``"""
        return ", ".join(f"{family} ({count})" for family, count in self.families)

    def summary(self) -> str:
        """One sentence: how many conditions, in which families."""
        return (
            f"{self.conditions} conditions that present in these areas: {self.area_list()}; "
            f"in {len(self.families)} families: {self.family_list()}."
        )
