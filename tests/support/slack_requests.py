"""Requests shaped and signed the way Slack sends them, and the real web app served by uvicorn.

Events are JSON, slash commands form-encoded, interactivity a ``payload=`` form; each carries
``X-Slack-Request-Timestamp`` and an ``X-Slack-Signature`` from
``slack_sdk.signature.SignatureVerifier``. ``SlackServer`` serves ``adapters.web.create_app``
with uvicorn on a free 127.0.0.1 port on the caller's event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import socket
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import uvicorn
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette

from .slack_api import BOT_USER_ID, TEAM_ID

SECRET = "test-signing-secret"
APP_ID = "A0DDX"
_ids = itertools.count(1)


def new_ts() -> str:
    return f"1600000000.{next(_ids):06d}"


def envelope(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """An Events API ``event_callback`` around ``event``."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {"enterprise_id": None, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True, "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
    }


def mention(
    text: str, *, channel: str = "C0CHAN", user: str = "U0DOC", ts: str | None = None, thread_ts: str | None = None
) -> dict[str, Any]:
    ts = ts or new_ts()
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(
    text: str,
    *,
    channel: str = "C0CHAN",
    user: str = "U0DOC",
    ts: str | None = None,
    thread_ts: str | None = None,
    channel_type: str = "channel",
    **extra: Any,
) -> dict[str, Any]:
    ts = ts or new_ts()
    event = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type,
        "team": TEAM_ID,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def block_actions(posted: dict[str, Any], value: str, *, user: str = "U0DOC", response_url: str = "") -> dict[str, Any]:
    """A click on the button with ``value`` in a message the bot posted (as the fake recorded it)."""
    button = next(e for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"] if e["value"] == value)
    block_id = next(b["block_id"] for b in posted["blocks"] if b["type"] == "actions" and button in b["elements"])
    channel = posted["channel"]
    message = {
        "type": "message",
        "ts": posted["ts"],
        "text": posted.get("text", ""),
        "blocks": posted["blocks"],
        "user": BOT_USER_ID,
        "bot_id": "B0BOT",
    }
    if posted.get("thread_ts"):
        message["thread_ts"] = posted["thread_ts"]
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "doc", "name": "doc", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": posted["ts"], "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"{next(_ids)}.1.abc",
        "team": {"id": TEAM_ID, "domain": "example"},
        "channel": {"id": channel, "name": "clinic"},
        "message": message,
        "response_url": response_url,
        "actions": [
            {
                "action_id": button["action_id"],
                "block_id": block_id,
                "text": button["text"],
                "value": value,
                "type": "button",
                "action_ts": str(time.time()),
            }
        ],
        "state": {"values": {}},
    }


def ephemeral_click(
    blocks: list[dict[str, Any]], action_id: str, *, channel: str, response_url: str, user: str = "U0DOC"
) -> dict[str, Any]:
    """A click in an ephemeral message: Slack sends no ``message`` for those."""
    button = next(e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id)
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "doc", "name": "doc", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": new_ts(), "channel_id": channel, "is_ephemeral": True},
        "trigger_id": f"{next(_ids)}.1.abc",
        "team": {"id": TEAM_ID, "domain": "example"},
        "channel": {"id": channel, "name": "clinic"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "ddx_share",
                "text": button["text"],
                "value": button["value"],
                "type": "button",
                "action_ts": str(time.time()),
            }
        ],
    }


def command_form(text: str, *, response_url: str, channel: str = "C0CHAN", user: str = "U0DOC") -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "example",
        "channel_id": channel,
        "channel_name": "clinic",
        "user_id": user,
        "user_name": "doc",
        "command": "/ddx",
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{next(_ids)}.1.abc",
    }


class Signer:
    """Signs bodies as Slack does (v0 HMAC-SHA256 over ``v0:timestamp:body``)."""

    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.verifier = SignatureVerifier(secret)

    def headers(self, body: str | bytes, content_type: str, timestamp: int | str | None = None) -> dict[str, str | bytes]:
        """Signed headers; a ``timestamp`` given as text (malformed on purpose) is signed as it is."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts if ts.isascii() else ts.encode(),  # httpx sends bytes as they are
            "X-Slack-Signature": self._signature(ts, body),
        }

    def _signature(self, ts: str, body: str | bytes) -> str | None:
        try:
            return self.verifier.generate_signature(timestamp=ts, body=body)
        except UnicodeDecodeError:  # slack_sdk decodes the body first; Slack's scheme signs the bytes
            assert isinstance(body, bytes)
            return "v0=" + hmac.new(self.secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()


class SlackPoster:
    """Posts signed Slack requests to ``/slack/events`` of a running server."""

    def __init__(self, http: httpx.AsyncClient, signer: Signer | None = None) -> None:
        self.http = http
        self.signer = signer or Signer()

    async def post(
        self, body: str, content_type: str, *, timestamp: int | str | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        all_headers: dict[str, str | bytes] = {**self.signer.headers(body, content_type, timestamp), **(headers or {})}
        return await self.http.post("/slack/events", content=body.encode(), headers=all_headers)

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None, timestamp: int | None = None
    ) -> httpx.Response:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(json.dumps(envelope(event, event_id)), "application/json", timestamp=timestamp, headers=headers)

    async def command(self, text: str, **kwargs: Any) -> httpx.Response:
        return await self.post(urlencode(command_form(text, **kwargs)), "application/x-www-form-urlencoded")

    async def action(self, payload: dict[str, Any]) -> httpx.Response:
        return await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


class SlackServer:
    """``app`` served by uvicorn on a free 127.0.0.1 port, on the current event loop."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False))
        self._task: asyncio.Task[None] | None = None
        self.url = ""

    async def __aenter__(self) -> SlackServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._task = asyncio.create_task(self.server.serve(sockets=[sock]))
        while not self.server.started:
            if self._task.done():
                self._task.result()  # startup failed: raise its error
            await asyncio.sleep(0.005)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.server.should_exit = True
        if self._task is not None:
            await self._task
