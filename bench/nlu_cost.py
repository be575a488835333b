"""The NLU's cost per message against its length, and the delay a burst of long messages adds to
another user's short one (issue 16).

Part 1 times ``FindingExtractor.extract`` on clinical text of 250 to 4,000 characters (the
engine's limit), median of several runs each, read in pieces (now) and whole (before). Part 2
sends 20 messages of 3,990 characters in one conversation and, just after, one short message in
another, and reports the short message's delay (median of ``--runs``), in the same run: one turn
thread reading whole texts (before), one thread reading pieces, and the default turn threads
reading pieces (now); on DATABASE_URL if set, else a temporary SQLite file. Run by hand:

    [DATABASE_URL=postgresql://…] python bench/nlu_cost.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the tests' throwaway databases

from bot import nlu  # noqa: E402
from bot.engine import Core  # noqa: E402
from bot.messages import Inbound  # noqa: E402
from bot.service import ConversationService  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.turns import DEFAULT_THREADS, TurnRunner, lanes_of  # noqa: E402
from support.databases import fresh_database  # noqa: E402

SENTENCE = "62F nocturnal calf cramps and leg spasms at rest, worse lying down, no swelling, on furosemide. "


def text_of(length: int) -> str:
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]


def cost(extractor: nlu.FindingExtractor, length: int, runs: int) -> float:
    """Median milliseconds of one extraction of a text of ``length`` characters."""
    text, times = text_of(length), []
    for _ in range(runs):
        extractor._recent.cache_clear()  # the reading itself, not the cache the service fills for a turn
        start = time.perf_counter()
        extractor.extract(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def short_delay(service: ConversationService, threads: int, run: str, lanes: bool, spread: bool) -> float:
    """Seconds from sending the short message to its reply, behind one user's 20 long ones in one
    conversation or (``spread``) in 20 (``lanes``: one lane per conversation and per user; without,
    every turn waits its turn in one queue, as before)."""
    runner = TurnRunner(threads)
    tasks = []
    for n in range(20):
        key = f"long-{run}-{n if spread else 0}"
        text = f"Case {run} {n:02}. " + text_of(3990)[: 3990 - len(f"Case {run} {n:02}. ")]  # 20 texts: no cache hits
        inbound = Inbound("bench", key, "u1", text=text, event_id=f"l-{run}-{n}")
        tasks.append(asyncio.ensure_future(runner.run(service.handle, inbound, lanes=lanes_of(inbound) if lanes else ())))
    await asyncio.sleep(0)  # the burst is queued first
    start = time.perf_counter()
    short = Inbound("bench", f"short-{run}", "u2", text=f"calf cramps at night, case {run}", event_id=f"s-{run}")
    await runner.run(service.handle, short, lanes=lanes_of(short) if lanes else ())
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
    piece = nlu.MAX_NLU_CHUNK
    print("characters  in pieces ms  whole ms")
    for length in (250, 500, 1000, 2000, 3000, 4000):
        in_pieces = cost(extractor, length, args.runs)
        nlu.MAX_NLU_CHUNK = 10**9
        whole = cost(extractor, length, args.runs)
        nlu.MAX_NLU_CHUNK = piece
        print(f"{length:>10}  {in_pieces:>12.1f}  {whole:>8.1f}")
    with database() as url:
        print(f"database: {url.split(':', 1)[0]}")
        service = ConversationService(Store(url), core)
        for spread in (False, True):
            for name, threads, chunk, lanes in (
                ("1 thread, one queue, whole texts (before)", 1, 10**9, False),
                ("1 thread, one queue, pieces", 1, piece, False),
                (f"{DEFAULT_THREADS} threads, lanes, whole texts", DEFAULT_THREADS, 10**9, True),
                (f"{DEFAULT_THREADS} threads, lanes, pieces (now)", DEFAULT_THREADS, piece, True),
            ):
                nlu.MAX_NLU_CHUNK = chunk
                delays = [
                    asyncio.run(short_delay(service, threads, f"{name}-{spread}-{run}", lanes, spread))
                    for run in range(args.runs)
                ]
                print(
                    f"short message behind 20 x 3,990 characters in {20 if spread else 1} conversation(s), {name}: "
                    f"median {statistics.median(delays):.2f} s (runs: {', '.join(f'{d:.2f}' for d in delays)})"
                )
        service.store.engine.dispose()
    nlu.MAX_NLU_CHUNK = piece


@contextlib.contextmanager
def database() -> Iterator[str]:
    """A temporary SQLite file, or a temporary database on the PostgreSQL server of DATABASE_URL."""
    server = os.environ.get("DATABASE_URL")
    if not server:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        return
    with fresh_database(server, "ddxbot_bench") as url:
        yield url


if __name__ == "__main__":
    main()
