"""Acknowledgements first: turns wait for a quiet moment in Slack's requests.

Slack retries an event that is not acknowledged within 3 seconds, and redelivers a backlog in a
burst after an outage. The engine is CPU-bound Python and shares the interpreter lock with the
event loop that acknowledges, so during a burst every turn started slows every ack. Here a turn
starts only when no Slack request has arrived for ``quiet`` seconds, or after ``patience``
seconds at the latest, one at a time: acks keep their pace, replies catch up when the burst ends.
Under normal traffic (requests tens of milliseconds apart) a turn waits ``quiet`` at most.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class AckFirst:
    def __init__(self, quiet: float = 0.004, patience: float = 0.25) -> None:
        self.quiet = quiet
        self.patience = patience
        self._active = 0  # Slack requests being acknowledged right now
        self._last = float("-inf")  # loop time the latest one arrived
        self._slot = asyncio.Lock()

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        """Wrap the handling of one Slack HTTP request."""
        self._active += 1
        self._last = asyncio.get_running_loop().time()
        try:
            yield
        finally:
            self._active -= 1

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold the (single) turn slot, entered once Slack is quiet or patience runs out."""
        loop = asyncio.get_running_loop()
        async with self._slot:
            deadline = loop.time() + self.patience
            while (now := loop.time()) < deadline:
                calm = now - self._last
                if not self._active and calm >= self.quiet:
                    break
                await asyncio.sleep(max(self.quiet - calm, 0.001))
            yield
