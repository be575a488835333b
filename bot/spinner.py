"""A spinner on stderr for the terminal commands, shown only when a step is slow.

A cold start (building the knowledge cache) or a wait for the background load in ``chat`` can take
seconds; a blank screen for that long looks like a hang. Quick steps show nothing, and nothing is
drawn when stderr is not a terminal (pipes, tests, log files).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

DELAY_SECONDS = 0.5


@contextlib.contextmanager
def spinner(message: str, delay: float = DELAY_SECONDS) -> Iterator[None]:
    """Show rich's status spinner with ``message`` once the block has run ``delay`` seconds."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    status = console.status(message)
    timer = threading.Timer(delay, status.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()  # had it fired, the spinner is fully started before it is stopped
        status.stop()
