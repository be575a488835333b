"""How well the reader reads the knowledge's own clinical wording: each condition's summary (one or
two sentences in our own words) is read as a case, and the figures are how many of the
condition's hallmark findings that reading finds, and where the condition ranks.

A measure of vocabulary, not of accuracy: the summaries are ours, so a high figure proves nothing
about other people's wording, but a hallmark the summary states and the reader misses is a gap in
the vocabulary that no evaluation set has to reveal. Run by hand, per family:

    python bench/summary_reading.py [--knowledge DIR] [--misses]
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from bot.engine import Core
from knowledge import load_knowledge


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", default=None, help="knowledge directory (default: the packaged one)")
    parser.add_argument("--misses", action="store_true", help="list the hallmarks each summary states and is not read")
    args = parser.parse_args()
    core = Core(load_knowledge(args.knowledge))
    reader, model = core.extractor, core.model
    by_family: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # (rank, hallmarks, read)
    for cid, condition in core.kb.conditions.items():
        found = reader.extract(condition.summary)
        order = [model.condition_ids[int(i)] for i in model.score(found.present, found.absent).order()]
        present = reader.with_implied(found.present)
        hallmarks = {f.finding for f in condition.findings if f.hallmark}
        by_family[condition.family].append((order.index(cid) + 1, len(hallmarks), len(hallmarks & present)))
        if args.misses and hallmarks - present:
            print(f"{cid}: {', '.join(sorted(hallmarks - present))}")
    print(f"{'family':28} {'conditions':>10} {'top-3':>6} {'hallmarks read':>15}")
    rows = [r for family in sorted(by_family) for r in by_family[family]]
    for family, results in [*sorted(by_family.items()), ("all", rows)]:
        top3 = sum(rank <= 3 for rank, _, _ in results) / len(results)
        hallmarks, read = sum(h for _, h, _ in results), sum(r for _, _, r in results)
        print(f"{family:28} {len(results):>10} {top3:>6.1%} {read:>6}/{hallmarks:<5} {read / max(hallmarks, 1):.1%}")


if __name__ == "__main__":
    main()
