"""Refuse JSON nested deeper than any platform payload before parsing it.

Slack's and Telegram's payloads nest a dozen levels at most. A body of a megabyte of ``[[[[…``
costs hundreds of milliseconds in ``json.loads`` and, deep enough, raises ``RecursionError`` (a
500). Measuring the depth costs a few milliseconds of C-speed work instead: strings dropped (a
bracket inside a message is text, not structure), every other byte but the brackets dropped, and
the running depth summed (numpy).
"""

from __future__ import annotations

import re

import numpy as np

MAX_DEPTH = 32
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 as signed bytes


def too_deep(body: bytes | str, limit: int = MAX_DEPTH) -> bool:
    """Whether ``body`` nests more than ``limit`` arrays and objects inside each other."""
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    if not brackets:
        return False
    steps = np.frombuffer(brackets.translate(_STEPS), dtype=np.int8)
    return int(steps.cumsum(dtype=np.int32).max()) > limit
