"""A small pool of turn threads with one lane per conversation.

The engine and the store are synchronous; adapters run them off the event loop. One thread for
all turns let one conversation's burst of long messages delay every other user's turn by seconds
(issue 16). Here a few threads share the work, and turns of one conversation (a lane) still run
one at a time in the order they arrived: asyncio's lock wakes its waiters first come, first
served. Across workers, the database's row lock keeps a conversation's turns apart as before.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
DEFAULT_THREADS = 4


@dataclass
class _Lane:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # turns waiting for or holding the lock: the lane is dropped at 0


class TurnRunner:
    """Runs blocking calls on ``threads`` threads; calls with the same ``lane`` one at a time, in order."""

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        self._executor = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="ddxbot-turn")
        self._lanes: dict[str, _Lane] = {}

    async def run(self, fn: Callable[..., T], *args: Any, lane: str | None = None) -> T:
        call = functools.partial(fn, *args)
        loop = asyncio.get_running_loop()
        if lane is None:
            return await loop.run_in_executor(self._executor, call)
        entry = self._lanes.setdefault(lane, _Lane())
        entry.users += 1
        try:
            async with entry.lock:
                return await loop.run_in_executor(self._executor, call)
        finally:
            entry.users -= 1
            if not entry.users:
                del self._lanes[lane]

    @property
    def lanes(self) -> int:
        """Conversations with a turn waiting or running (tests: nothing is left behind)."""
        return len(self._lanes)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False)
