"""`ddxbot telegram --polling` that cannot start says why in one line, exits 2, never shows the token."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRONG_TOKEN = "987654:WRONG-token_zyxwvutsrqponmlkjihgfe"


async def polling(tmp_path: Path, api_url: str, *args: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": WRONG_TOKEN,
        "TELEGRAM_API_URL": api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "TELEGRAM_WEBHOOK_SECRET": "s3cret",
        "TELEGRAM_WEBHOOK_URL": "https://ddxbot.example.org",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "telegram",
        *args,
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    return proc.returncode, (out + err).decode()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


def assert_one_clear_line(code: int, output: str, *words: str) -> None:
    assert code == 2, output
    assert WRONG_TOKEN not in output and WRONG_TOKEN.split(":")[1] not in output
    assert "Traceback" not in output and "│" not in output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    assert all(w in errors[0] for w in words), errors[0]


async def test_a_rejected_token_is_one_line_without_the_token(tmp_path, fake_telegram):
    code, output = await polling(tmp_path, fake_telegram.base_url, "--polling")
    assert_one_clear_line(code, output, "rejected TELEGRAM_BOT_TOKEN")


async def test_an_unreachable_api_is_one_line(tmp_path):
    port = closed_port()
    code, output = await polling(tmp_path, f"http://127.0.0.1:{port}/bot", "--polling")
    assert_one_clear_line(code, output, "cannot reach", f"127.0.0.1:{port}")


async def test_set_webhook_with_a_rejected_token_is_one_line(tmp_path, fake_telegram):
    code, output = await polling(tmp_path, fake_telegram.base_url, "set-webhook")
    assert_one_clear_line(code, output, "rejected TELEGRAM_BOT_TOKEN")
