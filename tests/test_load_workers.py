"""Several web workers on one PostgreSQL database answer every message exactly once, in order (issue 6).

Two uvicorn workers, the fake Slack and Telegram in another process, and about 100 messages in 20
conversations delivered the way the platforms deliver them: Slack retries some deliveries on its
own and sends some mentions twice (``app_mention`` and ``message``), Telegram redelivers some
updates, and every delivery without a 2xx in time is retried. The harness (shared with
``bench/load_workers.py``) is ``bench/load_harness.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import load_harness  # noqa: E402

DATABASE = "ddxbot_loadtest"  # created on TEST_DATABASE_URL's server and dropped afterwards


async def test_two_workers_answer_every_message_once_and_in_order(tmp_path: Path) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("TEST_DATABASE_URL is not set: the multi-worker test needs PostgreSQL")
    conversations = load_harness.plan(slack_messages=50, telegram_messages=50, conversations=20)
    kinds = {d.kind for c in conversations for m in c.messages for d in m.deliveries}
    assert kinds == {"first", "retry", "pair", "redelivery"}  # the plan has every platform quirk

    # Deadlines, not waits: the stack returns as soon as every worker is ready (/readyz) and the
    # run as soon as every message has its reply and the fakes are quiet; a loaded machine (two
    # workers took 56 s to start at load 8) gets the time it needs.
    async with load_harness.Stack(2, server, DATABASE, tmp_path, start_timeout=300) as stack:
        result = await stack.run(conversations, quiet=3.0, settle_timeout=300.0)

    total = result.total
    assert total.messages == 100
    assert not total.gave_up, result.summary()
    assert (total.duplicates, total.stray) == (0, 0), result.summary()
    assert total.missing == 0, result.summary()
    assert total.out_of_order == 0, result.summary()
