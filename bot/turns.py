"""A small pool of turn threads with one lane per conversation and one per user.

The engine and the store are synchronous; adapters run them off the event loop. One thread for
all turns let one user's burst of long messages delay every other user's turn by seconds (issue
16). Here a few threads share the work; turns of one conversation still run one at a time in the
order they arrived (asyncio's lock wakes its waiters first come, first served), and so do the
turns of one user, so that a burst spread over many conversations takes one thread, not all.
Across workers, the database's row lock keeps a conversation's turns apart as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bot.messages import Inbound

T = TypeVar("T")
DEFAULT_THREADS = 4


@dataclass
class _Lane:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # turns waiting for or holding the lock: the lane is dropped at 0


def lanes_of(inbound: Inbound) -> tuple[str, str]:
    """A turn's lanes: its conversation's, then its user's (always in this order: no deadlock)."""
    return f"conversation:{inbound.platform}:{inbound.conversation_key}", f"user:{inbound.platform}:{inbound.user_key}"


class TurnRunner:
    """Runs blocking calls on ``threads`` threads; calls that share a lane one at a time, in order."""

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        self._executor = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="ddxbot-turn")
        self._lanes: dict[str, _Lane] = {}

    async def run(self, fn: Callable[..., T], *args: Any, lanes: Sequence[str] = ()) -> T:
        """``fn(*args)`` on a turn thread, once it holds every one of ``lanes`` (taken in order)."""
        async with contextlib.AsyncExitStack() as held:
            for name in lanes:
                await held.enter_async_context(self._lane(name))
            return await asyncio.get_running_loop().run_in_executor(self._executor, functools.partial(fn, *args))

    @contextlib.asynccontextmanager
    async def _lane(self, name: str) -> AsyncIterator[None]:
        entry = self._lanes.setdefault(name, _Lane())
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.users -= 1
            if not entry.users:
                del self._lanes[name]

    @property
    def lanes(self) -> int:
        """Lanes with a turn waiting or running (tests: nothing is left behind)."""
        return len(self._lanes)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False)
