"""Slack over HTTP: signed ``app_mention`` events against ``ddxbot serve`` and a bare slack-bolt app.

Both servers run as subprocesses on this machine, behind the same stack (uvicorn, starlette,
slack-bolt's starlette adapter, the same signature check and auth.test), with their Web API
pointed at the tests' fake Slack, itself in a third process so that recording replies does not
slow the load generator. The bare app only acks; ``ddxbot serve`` acks and then
runs a turn and posts the reply. Same run, alternating rounds:

- throughput: ``--events`` events from ``--concurrency`` keep-alive connections, closed loop:
  events/s acknowledged, ack latency p50/p99; for ddxbot also the time until every reply was
  posted (each round waits for the backlog before the next starts);
- latency: ``--paced-events`` at ``--rate`` events/s, open loop: ack p50/p99 and, for ddxbot,
  event-in -> reply-posted (``chat.postMessage`` received by the fake) p50/p99.

Run by hand from the repository root:

    python bench/slack_http.py [--events 2000] [--concurrency 8] [--rounds 3] [--rate 10] [--paced-events 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the fake Slack Web API and request signing used by the tests

from engine_turn import TEXTS  # noqa: E402 — the same presentations as the engine benchmark (bench/ is on sys.path)

from support.slack_api import TOKEN, FakeSlack  # noqa: E402 — its Call.at is time.monotonic(), like ours
from support.slack_requests import SECRET, Signer, envelope, mention  # noqa: E402

# --- the bare app (run in a subprocess with --serve-bare) ----------------------------------------


def serve_bare(port: int, api_url: str) -> None:
    """slack-bolt AsyncApp behind the same starlette adapter and uvicorn; the listener only acks."""
    import uvicorn
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    bolt = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=api_url), signing_secret=SECRET, name="bare")

    @bolt.event("app_mention")
    async def ack_only() -> None:
        return None

    handler = AsyncSlackRequestHandler(bolt)

    async def events(request):
        return await handler.handle(request)

    async def healthz(_request):
        return JSONResponse({"status": "ok"})

    app = Starlette(routes=[Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")


def serve_fake(port: int) -> None:
    async def forever() -> None:
        await FakeSlack().start(port)
        await asyncio.Event().wait()

    asyncio.run(forever())


# --- load generation -----------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    url: str
    replies: bool  # whether it posts a reply per event
    process: subprocess.Popen | None = None
    log: Path | None = None  # the server's stderr
    ack_ms: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    drain_rates: list[float] = field(default_factory=list)


class Load:
    def __init__(self, fake_url: str, session: aiohttp.ClientSession) -> None:
        self.fake_url = fake_url
        self.session = session
        self.signer = Signer()
        self.sent_at: dict[str, float] = {}
        self.replies: list[tuple[float, str]] = []  # (time posted, thread_ts) of chat.postMessage
        self._seen = 0
        self.count = 0

    async def send(self, target: Target) -> float:
        """One signed app_mention in a new channel thread; returns the ack latency in ms."""
        self.count += 1
        event = mention(TEXTS[self.count % len(TEXTS)], channel=f"C{self.count % 97:04d}")
        body = json.dumps(envelope(event))
        headers = self.signer.headers(body, "application/json")
        start = time.monotonic()
        async with self.session.post(f"{target.url}/slack/events", data=body.encode(), headers=headers) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"{target.name}: HTTP {response.status}")
        self.sent_at[event["ts"]] = start
        return (time.monotonic() - start) * 1000

    async def closed_loop(self, target: Target, events: int, concurrency: int) -> tuple[list[float], float]:
        remaining = iter(range(events))
        samples: list[float] = []

        async def worker() -> None:
            for _ in remaining:
                samples.append(await self.send(target))

        start = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return samples, time.monotonic() - start

    async def open_loop(self, target: Target, events: int, rate: float) -> list[float]:
        start = time.monotonic()
        tasks = []
        for i in range(events):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(self.send(target)))
        return list(await asyncio.gather(*tasks))

    async def poll(self) -> None:
        async with self.session.get(f"{self.fake_url}/_calls", params={"since": str(self._seen)}) as response:
            rows = await response.json()
        self._seen += len(rows)
        self.replies += [(at, thread) for method, status, at, thread in rows if method == "chat.postMessage" and status == 200]

    async def wait_replies(self, total: int, timeout: float = 600) -> float:
        """Wait until ``total`` replies were posted; returns when the last one reached the fake."""
        deadline = time.monotonic() + timeout
        await self.poll()
        while len(self.replies) < total:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {len(self.replies)} of {total} replies posted")
            await asyncio.sleep(0.05)
            await self.poll()
        return self.replies[total - 1][0]

    def reply_latencies(self, since: int) -> list[float]:
        return [(at - self.sent_at[thread]) * 1000 for at, thread in self.replies[since:] if thread in self.sent_at]


# --- orchestration -------------------------------------------------------------------------------


def start_servers(api_url: str, tmp: str) -> tuple[Target, Target]:
    """``ddxbot serve`` (its own SQLite file) and the bare app, each in its own process."""
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
    }
    ddx_port, bare_port = free_port(), free_port()
    ddx = Target("ddxbot serve", f"http://127.0.0.1:{ddx_port}", replies=True)
    ddx.log = Path(tmp) / "ddxbot.log"
    with ddx.log.open("w") as out:
        ddx.process = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", "serve", "--port", str(ddx_port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp,
        )
    bare = Target("bare slack-bolt (ack only)", f"http://127.0.0.1:{bare_port}", replies=False)
    bare.log = Path(tmp) / "bare.log"
    with bare.log.open("w") as out:
        bare.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve-bare", str(bare_port), "--api-url", api_url],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp,
        )
    return ddx, bare


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_up(session: aiohttp.ClientSession, target: Target, timeout: float = 300, path: str = "/healthz") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if target.process is not None and target.process.poll() is not None:
            errors = target.log.read_text()[-2000:] if target.log else ""
            raise RuntimeError(f"{target.name} exited with {target.process.returncode}:\n{errors}")
        try:
            async with session.get(f"{target.url}{path}") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.25)
    raise RuntimeError(f"{target.name} did not start")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fake_port = free_port()
        fake_url = f"http://127.0.0.1:{fake_port}"
        fake = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve-fake", str(fake_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        ddx, bare = start_servers(f"{fake_url}/api/", tmp)
        connector = aiohttp.TCPConnector(limit=max(args.concurrency, 64))
        try:
            async with aiohttp.ClientSession(connector=connector) as session:
                await wait_up(session, Target("fake Slack", fake_url, False, fake), path="/_calls")
                for target in (ddx, bare):
                    await wait_up(session, target)
                load = Load(fake_url, session)
                for target in (ddx, bare):  # warm-up: auth.test, first turns, connections
                    await load.closed_loop(target, 50, 4)
                await load.wait_replies(50)
                for _ in range(args.rounds):
                    for target in (bare, ddx):
                        posted = len(load.replies)
                        start = time.monotonic()
                        samples, wall = await load.closed_loop(target, args.events, args.concurrency)
                        target.ack_ms += samples
                        target.rates.append(args.events / wall)
                        if target.replies:
                            target.drain_rates.append(args.events / (await load.wait_replies(posted + args.events) - start))
                paced: dict[str, tuple[list[float], list[float]]] = {}
                for target in (bare, ddx):
                    await load.poll()
                    posted = len(load.replies)
                    acks = await load.open_loop(target, args.paced_events, args.rate)
                    if target.replies:
                        await load.wait_replies(posted + args.paced_events)
                    paced[target.name] = (acks, load.reply_latencies(posted) if target.replies else [])
        finally:
            for process in (ddx.process, bare.process, fake):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)
    report(args, ddx, bare, paced)


def report(args: argparse.Namespace, ddx: Target, bare: Target, paced: dict[str, tuple[list[float], list[float]]]) -> None:
    base = statistics.median(bare.rates)
    ratios = [d / b for d, b in zip(ddx.rates, bare.rates)]
    print(
        f"throughput: {args.rounds} rounds × {args.events} events, {args.concurrency} connections (closed loop); "
        f"ddxbot/bare per round: {', '.join(f'{r:.0%}' for r in ratios)} (median {statistics.median(ratios):.0%})"
    )
    print("| server | events/s (median of rounds) | vs bare | ack p50 ms | ack p99 ms | replies posted/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for t in (bare, ddx):
        rate = statistics.median(t.rates)
        drained = f"{statistics.median(t.drain_rates):.0f}" if t.drain_rates else "—"
        print(f"| {t.name} | {rate:.0f} | {rate / base:.0%} | {pct(t.ack_ms, 0.5):.1f} | {pct(t.ack_ms, 0.99):.1f} | {drained} |")
    print(f"\nlatency: {args.paced_events} events at {args.rate:g}/s (open loop)")
    print("| server | ack p50 ms | ack p99 ms | event-in → reply-posted p50 ms | p99 ms |")
    print("| --- | --- | --- | --- | --- |")
    for t in (bare, ddx):
        acks, replies = paced[t.name]
        reply = f"{pct(replies, 0.5):.1f} | {pct(replies, 0.99):.1f}" if replies else "— | —"
        print(f"| {t.name} | {pct(acks, 0.5):.1f} | {pct(acks, 0.99):.1f} | {reply} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--paced-events", type=int, default=300)
    parser.add_argument("--serve-bare", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--serve-fake", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        serve_fake(args.serve_fake)
    elif args.serve_bare:
        serve_bare(args.serve_bare, args.api_url)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
