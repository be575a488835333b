"""Several web workers on PostgreSQL under Slack and Telegram load: throughput, latency, and exactly
one reply per message, in order — also when a worker is killed midway (issue 6).

For each worker count in ``--workers`` (the last one is the baseline, by default 1), in the same
invocation: fresh fakes, a fresh database (``ddxbot_load`` on the ``--database-url`` server,
dropped afterwards) and ``uvicorn adapters.web:from_environment --factory --workers N``; then
``--slack-events`` signed Slack events and ``--telegram-updates`` webhook updates in
``--conversations`` conversations, all at once, each conversation one message after the other,
retried and duplicated the way the platforms do (see ``load_harness``). Reported per platform:
deliveries acknowledged per second, ack latency (request -> 2xx), event-in -> reply-posted
(first delivery sent -> the reply's last message received by the fake), and what users would
have seen wrong: duplicates, missing replies, conversations whose turns are out of order.

``--kill``: when half of the messages have been acknowledged, SIGKILL one worker (runs with more
than one worker only; uvicorn's supervisor starts a replacement) and report the deliveries that
failed and were retried, and whether each of their messages was then answered exactly once.

Run by hand from the repository root:

    python bench/load_workers.py [--workers 4,1] [--slack-events 1000] [--telegram-updates 1000]
                                 [--conversations 200] [--kill] [--database-url postgresql://…/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shlex
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from load_harness import Load, Outcome, Result, Stack, percentiles, plan

DATABASE = "ddxbot_load"


def kill_midway(total_messages: int, seed: int) -> Callable[[Stack, Load], Awaitable[str]]:
    """A ``Stack.run`` side task: SIGKILL one worker once half of the messages were acknowledged."""

    async def kill(stack: Stack, load: Load) -> str:
        assert stack.server is not None
        while load.messages_acked < total_messages / 2:
            await asyncio.sleep(0.05)
        workers = stack.server.worker_pids()
        if not workers:
            return "--kill: no worker process found (one worker runs inside the supervisor): nothing killed"
        victim = random.Random(seed).choice(workers)
        os.kill(victim, signal.SIGKILL)
        return (
            f"--kill: SIGKILL worker {victim} (of {len(workers)}) when {load.messages_acked} of {total_messages} "
            "messages were acknowledged"
        )

    return kill


def row(result: Result, outcome: Outcome) -> str:
    ack, reply = percentiles(outcome.ack_ms), percentiles(outcome.reply_ms)
    ack_cells = f"{ack[0]:.0f} | {ack[1]:.0f}" if ack else "— | —"
    reply_cells = f"{reply[0]:.0f} | {reply[1]:.0f}" if reply else "— | —"
    return (
        f"| {result.workers} | {outcome.platform} | {outcome.messages} | {outcome.acked} | "
        f"{outcome.acked / result.seconds:.0f} | {ack_cells} | {reply_cells} | {outcome.retried} | "
        f"{outcome.duplicates + outcome.stray} | {outcome.missing} | {outcome.out_of_order} |"
    )


def report(args: argparse.Namespace, results: list[Result], load_average: tuple[float, float, float]) -> None:
    print(
        f"\n{args.slack_events} Slack events + {args.telegram_updates} Telegram updates in {args.conversations} "
        f"conversations per run; load average before: {load_average[0]:.1f}\n"
    )
    print(
        "| workers | platform | messages | deliveries acked | acked/s | ack p50 ms | ack p99 ms | "
        "event-in → reply p50 ms | p99 ms | failed, retried | duplicates | missing | out of order |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for result in results:
        for outcome in (*result.outcomes.values(), result.total):
            print(row(result, outcome))
    for result in results:
        total = result.total
        print(
            f"\nN={result.workers}: {result.seconds:.1f} s of load; "
            f"failed attempts by cause: {dict(total.failures) or 'none'}; "
            f"deliveries never acknowledged (by kind): {dict(total.gave_up) or 'none'}; "
            f"duplicates {total.duplicates}, stray reply parts {total.stray}"
        )
        for note in result.notes:
            print(f"N={result.workers}: {note}")
        if total.retried:
            print(
                f"N={result.workers}: of {total.retried} deliveries that failed and were retried, the message was "
                f"answered exactly once for {total.retried_answered_once}, not at all for {total.retried_unanswered}, "
                f"more than once for {total.retried_answered_twice}"
            )
    print(f"\ncommand: python {shlex.join(sys.argv)}")


async def run(args: argparse.Namespace) -> None:
    load_average = os.getloadavg()
    results = []
    for workers in (int(w) for w in args.workers.split(",")):
        conversations = plan(args.slack_events, args.telegram_updates, args.conversations, args.seed)
        messages = sum(len(c.messages) for c in conversations)
        during = kill_midway(messages, args.seed) if args.kill and workers > 1 else None
        with tempfile.TemporaryDirectory(prefix="ddxbot-load-") as tmp:
            async with Stack(workers, args.database_url, DATABASE, Path(tmp)) as stack:
                print(f"N={workers}: {messages} messages in {len(conversations)} conversations…", file=sys.stderr)
                results.append(await stack.run(conversations, quiet=5.0, settle_timeout=600.0, during=during))
        print(results[-1].summary(), file=sys.stderr)
    report(args, results, load_average)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="4,1", help="worker counts to run, in order (default 4,1)")
    parser.add_argument("--slack-events", type=int, default=1000, help="Slack messages (each delivered once or more)")
    parser.add_argument("--telegram-updates", type=int, default=1000, help="Telegram messages (each delivered once or more)")
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--kill", action="store_true", help="SIGKILL one worker midway (runs with more than one worker)")
    default_server = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument(
        "--database-url",
        default=default_server,
        help=f"a PostgreSQL server to create the database {DATABASE} on (default $TEST_DATABASE_URL, else the local test server)",
    )
    parser.add_argument("--seed", type=int, default=6)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
