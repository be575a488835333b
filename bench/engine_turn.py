"""Latency of one engine turn (findings + posterior + next question + store write).

Measured on the shipped knowledge and on a whole-body-scale one (the shipped data topped up with
made-up conditions and findings by ``synthetic_kb.py``: 1,500 and 4,500 by default), against
the bare store write (same transaction, same rows, no engine) as the baseline in the same run.
The machine is shared and noisy, so the figures are medians and p99 over many turns, and ratios
to the baseline. Run by hand:

    python bench/engine_turn.py [--turns 2000] [--conditions 1500] [--findings 4500]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path

from synthetic_kb import write as write_synthetic

from bot.engine import Core
from bot.messages import Inbound
from bot.service import ConversationService
from bot.store import Store
from knowledge import load_knowledge

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
    parser.add_argument("--conditions", type=int, default=1500)
    parser.add_argument("--findings", type=int, default=4500)
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge data folder (default: bundled)")
    args = parser.parse_args()

    shipped = load_knowledge(args.knowledge)
    start = time.perf_counter()
    core = Core(shipped)
    build_shipped = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        write_synthetic(Path(folder), args.conditions, args.findings)
        start = time.perf_counter()
        big = Core(load_knowledge(folder))
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
    print(row(f"engine turn, synthetic {args.conditions} conditions, {args.findings} findings", big_samples, base))


if __name__ == "__main__":
    main()
