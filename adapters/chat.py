"""The terminal chat's plumbing: lines read with editing and history, and a load in the background.

The prompt appears at once while the knowledge and the database open in a background thread, so
the clinician types the case while ddxbot gets ready. On a terminal, prompt_toolkit gives line
editing (arrow keys, Ctrl-A/E) and a history of this session only, kept in memory because the
lines are health information; piped input is read plainly, line by line.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from bot.spinner import spinner

T = TypeVar("T")


class Loader(Generic[T]):
    """Runs ``build`` in a daemon thread at once; ``result`` waits for it (with a spinner when slow)
    and raises what ``build`` raised."""

    def __init__(self, build: Callable[[], T]):
        self._build = build
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="ddxbot-load", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._build()
        except BaseException as exc:  # noqa: BLE001 — typer.Exit included: re-raised in the caller
            self._error = exc

    def result(self) -> T:
        if self._thread.is_alive():
            with spinner("Loading the knowledge…"):
                self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def read_lines(prompt: str) -> Iterator[str]:
    """Lines the user types until end of input or Ctrl-C: edited and recalled on a terminal."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory

        session: PromptSession[str] = PromptSession(history=InMemoryHistory())
        ask = lambda: session.prompt(prompt)  # noqa: E731
    else:
        ask = lambda: input(prompt)  # noqa: E731
    while True:
        try:
            yield ask()
        except (EOFError, KeyboardInterrupt):
            print()
            return
