"""Refuse JSON nested deeper than any platform payload before parsing it.

Slack's and Telegram's payloads nest a dozen levels at most. Nested past about a thousand
levels, ``json.loads`` raises ``RecursionError``, which is no ``ValueError`` and so became a 500;
below that, deep bodies are still no payload of ours. Measuring the depth costs at most about
30 ms for 900 KiB (``RELIABILITY.md``), in C-speed steps: strings dropped (a bracket inside a
message is text, not structure), every other byte but the brackets dropped, and the running
depth summed (numpy).
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
