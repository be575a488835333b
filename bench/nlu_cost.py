"""The NLU's cost per message against its length, and the delay a burst of long messages adds to
another user's short one (issue 16).

Part 1 times ``FindingExtractor.extract`` on clinical text of 250 to 4,000 characters (the
engine's limit), median of several runs each, with the cap on what the NLU reads on and off.
Part 2 sends 20 messages of 3,990 characters in one conversation and, just after, one short
message in another, through a ``TurnRunner`` of one thread (as before) and of the default size,
both in the same run, and reports the short message's delay (median of ``--runs``). Run by hand:

    python bench/nlu_cost.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot import nlu
from bot.engine import Core
from bot.messages import Inbound
from bot.service import ConversationService
from bot.store import Store
from bot.turns import DEFAULT_THREADS, TurnRunner

SENTENCE = "62F nocturnal calf cramps and leg spasms at rest, worse lying down, no swelling, on furosemide. "


def text_of(length: int) -> str:
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]


def cost(extractor: nlu.FindingExtractor, length: int, runs: int) -> float:
    """Median milliseconds of one extraction of a text of ``length`` characters."""
    text, times = text_of(length), []
    for _ in range(runs):
        start = time.perf_counter()
        extractor.extract(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def short_delay(service: ConversationService, threads: int, run: int) -> float:
    """Seconds from sending the short message to its reply, behind 20 long ones."""
    runner = TurnRunner(threads)
    long_text = text_of(3990)
    burst = [
        runner.run(f"long-{threads}-{run}", service.handle, Inbound("bench", f"long-{threads}-{run}", "u1", text=long_text,
                                                                        event_id=f"l{threads}-{run}-{n}"))
        for n in range(20)
    ]
    tasks = [asyncio.ensure_future(b) for b in burst]
    await asyncio.sleep(0)  # the burst is queued first
    start = time.perf_counter()
    await runner.run(f"short-{threads}-{run}", service.handle,
                     Inbound("bench", f"short-{threads}-{run}", "u2", text="calf cramps at night", event_id=f"s{threads}-{run}"))
    delay = time.perf_counter() - start
    await asyncio.gather(*tasks)
    runner.shutdown()
    return delay


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    core = Core.default()
    extractor = core.extractor
    print("characters  capped ms  uncapped ms")
    for length in (250, 500, 1000, 2000, 3000, 4000):
        capped = cost(extractor, length, args.runs)
        limit, nlu.MAX_NLU_TEXT = nlu.MAX_NLU_TEXT, 10**9
        try:
            uncapped = cost(extractor, length, args.runs)
        finally:
            nlu.MAX_NLU_TEXT = limit
        print(f"{length:>10}  {capped:>9.1f}  {uncapped:>11.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        service = ConversationService(Store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"), core)
        for threads in (1, DEFAULT_THREADS):
            delays = [asyncio.run(short_delay(service, threads, run)) for run in range(args.runs)]
            print(f"short message behind 20 x 3,990 characters, {threads} turn thread(s): "
                  f"median {statistics.median(delays):.2f} s (runs: {', '.join(f'{d:.2f}' for d in delays)})")


if __name__ == "__main__":
    main()
