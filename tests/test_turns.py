"""Turn threads: a blocked conversation does not hold up another; one conversation's turns keep
their order and never overlap (issue 16)."""

from __future__ import annotations

import asyncio
import threading

from bot.nlu import pieces
from bot.turns import TurnRunner


async def test_a_stuck_conversation_does_not_hold_up_another() -> None:
    runner = TurnRunner(2)
    release = threading.Event()
    try:
        stuck = asyncio.ensure_future(runner.run(release.wait, 30, lanes=["slow"]))
        queued = asyncio.ensure_future(runner.run(lambda: "after", lanes=["slow"]))
        assert await asyncio.wait_for(runner.run(lambda: "other", lanes=["fast"]), 10) == "other"
        assert not stuck.done() and not queued.done()  # the slow lane's second turn waits for its first
        release.set()
        assert await asyncio.wait_for(asyncio.gather(stuck, queued), 10) == [True, "after"]
        assert runner.lanes == 0
    finally:
        release.set()
        runner.shutdown()


async def test_a_burst_over_many_conversations_takes_one_thread() -> None:
    """One user's turns in 20 conversations queue in the user's lane; another user's goes first."""
    runner = TurnRunner(2)
    release = threading.Event()
    try:
        burst = [asyncio.ensure_future(runner.run(release.wait, 30, lanes=[f"c{n}", "u1"])) for n in range(20)]
        assert await asyncio.wait_for(runner.run(lambda: "other", lanes=["c99", "u2"]), 10) == "other"
        assert sum(t.done() for t in burst) == 0
        release.set()
        assert await asyncio.wait_for(asyncio.gather(*burst), 10) == [True] * 20
        assert runner.lanes == 0
    finally:
        release.set()
        runner.shutdown()


async def test_one_conversation_runs_in_arrival_order_one_turn_at_a_time() -> None:
    runner = TurnRunner(4)
    order: list[int] = []
    running = threading.Semaphore(1)  # a second concurrent turn of the lane would find it taken

    def turn(n: int) -> int:
        assert running.acquire(blocking=False), "two turns of one conversation overlapped"
        try:
            order.append(n)
            return n
        finally:
            running.release()

    try:
        results = await asyncio.wait_for(asyncio.gather(*(runner.run(turn, n, lanes=["c1"]) for n in range(50))), 30)
        assert results == order == list(range(50))
    finally:
        runner.shutdown()


def test_long_text_is_read_in_sentence_pieces_that_cover_it() -> None:
    text = "Calf cramps at night. No swelling; worse lying down! " * 40 + "x" * 1500
    parts = list(pieces(text, 600))
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 600 for _, p in parts) and all(text[o : o + len(p)] == p for o, p in parts)
    sentences = [p for _, p in parts if not p.startswith("x")]
    assert all(p.rstrip().endswith((".", ";", "!")) for p in sentences[:-1])  # cut after a sentence
