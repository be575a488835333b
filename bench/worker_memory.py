"""Resident memory of one web worker, on the shipped knowledge and on a whole-body-scale one.

Starts ``ddxbot serve`` (one worker, SQLite, Slack configured with made-up credentials: nothing
is sent) for each knowledge folder, waits
for ``/readyz`` (the knowledge, the tables and the NLU pipeline are loaded before a worker is
ready), then reads the worker's resident set (VmRSS) and its peak (VmHWM) from /proc. The target
is 400 MB at 1,500 conditions. Run by hand from the repository root (Linux):

    python bench/synthetic_kb.py /tmp/kb1500
    python bench/worker_memory.py /tmp/kb1500 [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found


def measure(knowledge: Path | None) -> tuple[float, float]:
    """(VmRSS, VmHWM) of the worker in MB once it is ready."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            DATABASE_URL=f"sqlite:///{tmp}/mem.sqlite3",
            DDXBOT_CACHE_DIR=os.environ.get("DDXBOT_CACHE_DIR", f"{tmp}/cache"),
            SLACK_BOT_TOKEN="xoxb-0-bench",
            SLACK_SIGNING_SECRET="bench",
        )
        cmd = [sys.executable, "-m", "adapters.cli", "serve", "--port", str(port), "--workers", "1"]
        cmd += ["--knowledge", str(knowledge)] if knowledge else []
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)  # polling the readiness signal, not waiting a fixed time
            else:
                raise RuntimeError("the web app did not become ready in 300 s")
            pids = [proc.pid, *children(proc.pid)]
            worker = max(pids, key=lambda p: status_kb(p, "VmRSS"))
            return status_kb(worker, "VmRSS") / 1024, status_kb(worker, "VmHWM") / 1024
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("knowledge", type=Path, help="a whole-body-scale knowledge folder (bench/synthetic_kb.py)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| knowledge | runs | worker RSS MB (median) | peak RSS MB (median) | target |")
    print("| --- | --- | --- | --- | --- |")
    for name, folder in (("shipped", None), (str(args.knowledge), args.knowledge)):
        samples = [measure(folder) for _ in range(args.runs)]
        rss = statistics.median(s[0] for s in samples)
        peak = statistics.median(s[1] for s in samples)
        print(f"| {name} | {args.runs} | {rss:.0f} | {peak:.0f} | ≤ 400 MB |")


if __name__ == "__main__":
    main()
