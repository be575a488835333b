"""A fake Slack Web API on 127.0.0.1 that records what the bot sent.

It answers ``auth.test`` (the bot's identity, which Bolt uses to ignore the bot's own events),
records ``chat.postMessage``, ``chat.update``, ``chat.postEphemeral``, the assistant panel's
``assistant.threads.setStatus``, ``setSuggestedPrompts`` and ``setTitle``, the Home tab's
``views.publish`` (each refused, as Slack does, without its required arguments) and posts to
``response_url``s, and can answer a method with an error once (a 429 with ``Retry-After``, or an
``ok: false`` such as ``missing_scope``) to exercise the client's retry handler and the bot's fallbacks. Run it on the event loop of the code under test.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from support.recording import WaitsForCalls

TEAM_ID = "T0TEAM"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
TOKEN = "xoxb-test-token"
# What Slack requires of the methods that take no message text (missing: invalid_arguments).
REQUIRED = {
    "assistant.threads.setStatus": ("channel_id", "thread_ts", "status"),
    "assistant.threads.setSuggestedPrompts": ("channel_id", "thread_ts", "prompts"),
    "assistant.threads.setTitle": ("channel_id", "thread_ts", "title"),
    "views.publish": ("user_id", "view"),
}


@dataclass
class Call:
    """One request the bot made: the API method (or ``response_url``), its arguments, our status."""

    method: str
    params: dict[str, Any]
    status: int
    at: float = field(default_factory=time.monotonic)  # CLOCK_MONOTONIC: comparable across processes on Linux


class FakeSlack(WaitsForCalls):
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._failures: dict[str, list[tuple[int, int, str]]] = {}
        self.admins: set[str] = set()  # user ids ``users.info`` calls workspace admins
        self._ts = 0
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self, port: int = 0) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # users.info and other reads come as GET
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/_calls", self._list_calls)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base_url}/response/{name}"

    # --- test controls and queries ----------------------------------------------------------------

    def fail_once(self, method: str, status: int = 429, retry_after: int = 0, error: str = "ratelimited") -> None:
        """The next call of ``method`` gets ``status`` (with Retry-After for 429) and ``ok: false``
        with ``error`` (status 200 and an error: how Slack refuses a call it understood)."""
        self._failures.setdefault(method, []).append((status, retry_after, error))

    def sent(self, method: str) -> list[dict[str, Any]]:
        """The arguments of every successful call of ``method`` (``response_url`` for webhooks)."""
        return [c.params for c in self.calls if c.method == method and c.status == 200]

    def attempts(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def replies(self) -> list[dict[str, Any]]:
        """Everything the bot showed users: messages, updates, ephemerals and response_url posts."""
        shown = ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url")
        return [c.params for c in self.calls if c.method in shown and c.status == 200]

    # --- handlers -------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        failures = self._failures.get(method)
        if failures:
            status, retry_after, error = failures.pop(0)
            self.calls.append(Call(method, params, status if status != 200 else 400))
            headers = {"Retry-After": str(retry_after)} if status == 429 else {}
            return web.json_response({"ok": False, "error": error}, status=status, headers=headers)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            self.calls.append(Call(method, params, 401))
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if any(params.get(name) in (None, "") for name in REQUIRED.get(method, ())):
            self.calls.append(Call(method, params, 400))
            return web.json_response({"ok": False, "error": "invalid_arguments"})
        answer = self._answer(method, params)
        if method == "chat.postMessage":
            params = {**params, "ts": answer["ts"]}  # recorded with the ts Slack gave it, for clicks
        self.calls.append(Call(method, params, 200))
        return web.json_response(answer)

    async def _response_url(self, request: web.Request) -> web.Response:
        params = await _params(request)
        params["_response_url"] = request.match_info["name"]
        self.calls.append(Call("response_url", params, 200))
        return web.Response(text="ok")

    async def _list_calls(self, request: web.Request) -> web.Response:
        """For a fake in another process (the benchmark): method, status, time, thread of each call."""
        start = int(request.query.get("since", "0"))
        rows = [[c.method, c.status, c.at, c.params.get("thread_ts")] for c in self.calls[start:]]
        return web.json_response(rows)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://example.slack.com/",
                "team": "Example",
                "user": "ddxbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self.next_ts()
            message = {**params, "type": "message", "ts": ts, "user": BOT_USER_ID, "bot_id": BOT_ID}
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text", "")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method == "users.info":
            user = str(params.get("user"))
            return {
                "ok": True,
                "user": {
                    "id": user,
                    "team_id": TEAM_ID,
                    "name": user.lower(),
                    "deleted": False,
                    "is_admin": user in self.admins,
                    "is_owner": False,
                    "is_primary_owner": False,
                },
            }
        return {"ok": True}

    def next_ts(self) -> str:
        self._ts += 1
        return f"1700000000.{self._ts:06d}"


async def _params(request: web.Request) -> dict[str, Any]:
    """The arguments, wherever the client put them: the query string (slack_sdk's ``params=``, as
    for ``assistant.threads.setTitle``), a JSON body or a form."""
    query: dict[str, Any] = dict(request.query)
    body = await request.text()
    if not body:
        return query
    return {**query, **await _body(request, body)}


async def _body(request: web.Request, body: str) -> dict[str, Any]:
    if request.content_type == "application/json":
        return json.loads(body)
    params: dict[str, Any] = dict(parse_qsl(body, keep_blank_values=True))
    for key in ("blocks", "attachments"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params
