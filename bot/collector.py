"""The cyclic garbage collector held off while the core loads.

Importing spaCy and unpickling the pipeline and knowledge create a few million long-lived objects
in one go. Each allocation burst triggers a collection that scans all of them again for cycles
that are not there: a fifth of a cold ``ddxbot ask`` (BENCHMARKS.md). Afterwards the loaded
objects are frozen (moved out of the collector's generations), so later collections in a long
``chat`` or a web worker do not rescan them either, and forked workers do not touch their pages.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with automatic collection off; freeze what it loaded; restore the setting."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
