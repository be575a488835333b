"""What both fake platform servers share: waiting, bounded, until the bot has sent something."""

from __future__ import annotations

import asyncio
import time
from typing import Any


class WaitsForCalls:
    """Mixin for a fake that records ``self.calls`` and answers ``self.sent(method)``."""

    calls: list

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.sent(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} {method}, got {len(self.sent(method))}: {self.calls!r}")
            await asyncio.sleep(0.005)
        return self.sent(method)
