"""Latency of one engine turn (findings + posterior + next question + store write).

Measured on the shipped knowledge and on a synthetic knowledge base of 2,500 conditions, against
the bare store write (same transaction, same rows, no engine) as the baseline in the same run.
The machine is shared and noisy, so the figures are medians and p99 over many turns, and ratios
to the baseline. Run by hand:

    python bench/engine_turn.py [--turns 2000] [--conditions 2500]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.engine import Core
from bot.messages import Inbound
from bot.service import ConversationService
from bot.store import Store
from knowledge import Knowledge, load_knowledge
from knowledge.schema import Condition, FindingLink, Frequency, Prevalence, Severity

TEXTS = [
    "nocturnal leg and butt spasms in a 62 year old woman",
    "severe muscle spasms in the inner thigh when standing up after lying prone",
    "45M left calf pain and swelling for 3 days after a long flight, no fever",
    "low back pain radiating down the right leg, worse coughing, SLR positive",
    "70F bilateral calf cramps at night, on furosemide, no numbness",
    "leg spasms",
    "burning numbness of the outer thigh in an obese man who wears a tool belt",
    "buttock and thigh pain on walking two blocks, relieved by rest, smoker with diabetes",
]


def synthetic_knowledge(kb: Knowledge, n: int, seed: int = 7) -> Knowledge:
    """``n`` made-up conditions over the real findings vocabulary (for scale only)."""
    rng = random.Random(seed)
    finding_ids = list(kb.findings)
    source = next(iter(kb.sources))
    classes = [f for f in Frequency if f != Frequency.against]
    conditions = {}
    for i in range(n):
        picked = rng.sample(finding_ids, 18)
        links = [FindingLink(finding=f, frequency=rng.choice(classes)) for f in picked[:15]]
        links += [FindingLink(finding=f, frequency=Frequency.against) for f in picked[15:]]
        cid = f"synthetic_{i:04d}"
        conditions[cid] = Condition(
            id=cid,
            name=f"Synthetic condition {i}",
            icd10=["R69"],
            family="synthetic",
            prevalence=rng.choice(list(Prevalence)),
            severity=rng.choice(list(Severity)),
            summary="A made-up condition for the scale benchmark.",
            findings=links,
            sources=[source],
        )
    return replace(kb, conditions=conditions, version=f"synthetic-{n}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_turns(service: ConversationService, turns: int, prefix: str) -> list[float]:
    samples = []
    for i in range(turns):
        inbound = Inbound("bench", f"{prefix}-{i}", "u", text=TEXTS[i % len(TEXTS)], event_id=f"{prefix}-{i}")
        start = time.perf_counter()
        service.handle(inbound)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def time_bare_writes(store: Store, turns: int) -> list[float]:
    """The baseline: the same transaction and rows as a turn, with a fixed state and reply."""
    state = {"phase": "asking", "present": ["quality_spasm", "site_lower_limb"], "asked": ["timing"]}
    outbound = {"kind": "question", "question": {"question_id": "timing", "text": "When?", "options": []}}
    samples = []
    for i in range(turns):
        start = time.perf_counter()
        with store.turn("bench", f"bare-{i}", f"bare-{i}") as turn:
            store.record(turn, state, "u", TEXTS[i % len(TEXTS)], outbound, "bench")
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def row(name: str, samples: list[float], baseline_p50: float) -> str:
    p50, p99 = statistics.median(samples), percentile(samples, 0.99)
    return f"| {name} | {len(samples)} | {p50:.2f} | {p99:.2f} | {p50 / baseline_p50:.1f}× |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--conditions", type=int, default=2500)
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge data folder (default: bundled)")
    args = parser.parse_args()

    shipped = load_knowledge(args.knowledge)
    start = time.perf_counter()
    core = Core(shipped)
    build_shipped = time.perf_counter() - start
    start = time.perf_counter()
    big = Core(synthetic_knowledge(shipped, args.conditions))
    build_big = time.perf_counter() - start

    gc.freeze()  # as the web app does after start-up: the collector no longer re-scans the knowledge
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        warm = ConversationService(store, core)
        time_turns(warm, 50, "warm")
        bare = time_bare_writes(store, args.turns)
        shipped_samples = time_turns(ConversationService(store, core), args.turns, "shipped")
        big_samples = time_turns(ConversationService(store, big), args.turns, "big")

    base = statistics.median(bare)
    print(
        f"knowledge: {len(shipped.conditions)} shipped conditions, {len(shipped.findings)} findings; "
        f"core built in {build_shipped:.2f} s (shipped), {build_big:.2f} s ({args.conditions} synthetic)"
    )
    print("| what (SQLite store) | turns | p50 ms | p99 ms | p50 vs bare write |")
    print("| --- | --- | --- | --- | --- |")
    print(row("bare store write (baseline)", bare, base))
    print(row(f"engine turn, shipped knowledge ({len(shipped.conditions)} conditions)", shipped_samples, base))
    print(row(f"engine turn, synthetic {args.conditions} conditions", big_samples, base))


if __name__ == "__main__":
    main()
