"""A fake Telegram Bot API on 127.0.0.1 that records what the bot sent, and Telegram-shaped updates.

The bot reaches it through ``ApplicationBuilder.base_url(fake.base_url)`` (``…/bot<token>/<method>``).
It answers ``getMe``, records ``sendMessage``, ``editMessageText``, ``answerCallbackQuery``,
``setMyCommands``, ``setMyDescription``, ``setMyShortDescription``, ``sendChatAction``, ``setWebhook``,
``deleteMessage`` (and anything else, answered ``true``; a method named in ``refuse`` gets a 400 as
Telegram refuses a call it understood), answers ``getChatMember`` (members, or administrators listed in
``admins``), and serves ``getUpdates`` from a queue for polling. Run it on the event loop of the code under test.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from support.recording import WaitsForCalls

TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuv"
BOT_ID = 123456
BOT_USERNAME = "ddx_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "ddxbot", "username": BOT_USERNAME}
DOCTOR = {"id": 1001, "is_bot": False, "first_name": "Ada", "username": "ada_md", "language_code": "en"}
NURSE = {"id": 1002, "is_bot": False, "first_name": "Florence"}
_STRINGS = {"text", "callback_query_id", "url", "secret_token", "parse_mode", "caption"}  # sent as is, not JSON


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)  # CLOCK_MONOTONIC: comparable across processes on Linux


class FakeTelegram(WaitsForCalls):
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.pending_updates: list[dict[str, Any]] = []
        self.admins: set[tuple[int, int]] = set()  # (chat_id, user_id) that getChatMember calls administrators
        self.refuse: set[str] = set()  # methods answered 400 (and recorded with ``refused``)
        self._message_ids = itertools.count(5000)
        self._runner: web.AppRunner | None = None
        self.origin = ""

    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.origin = f"http://{host}:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"{self.origin}/bot"

    # --- queries --------------------------------------------------------------------------------

    def sent(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def shown(self) -> list[Call]:
        """What a user would see change: messages sent or edited, callback notices."""
        return [c for c in self.calls if c.method in ("sendMessage", "editMessageText", "answerCallbackQuery", "deleteMessage")]

    # --- the API --------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = await _params(request)
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._updates(params)})
        if method in self.refuse:
            self.calls.append(Call(f"{method}:refused", params))
            return web.json_response(
                {"ok": False, "error_code": 400, "description": "Bad Request: not enough rights"}, status=400
            )
        result = self._result(method, params)
        if method == "sendMessage":
            params = {**params, "message_id": result["message_id"]}
        self.calls.append(Call(method, params))
        return web.json_response({"ok": True, "result": result})

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.pending_updates = [u for u in self.pending_updates if u["update_id"] >= offset]
        if not self.pending_updates:
            await asyncio.sleep(0.02)  # a very short long poll
        limit = int(params.get("limit") or 100)
        return self.pending_updates[:limit]

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "from": BOT_USER,
                "chat": _chat(chat_id),
                "text": params.get("text", ""),
            }
        if method == "editMessageText":
            chat_id = int(params.get("chat_id") or 0)
            return {
                "message_id": int(params.get("message_id") or 0),
                "date": int(time.time()),
                "from": BOT_USER,
                "chat": _chat(chat_id),
                "text": params.get("text", ""),
                "edit_date": int(time.time()),
            }
        if method == "getChatMember":
            return self._member(int(params["chat_id"]), int(params["user_id"]))
        return True

    def _member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        if (chat_id, user_id) not in self.admins:
            return {"status": "member", "user": user}
        rights = (
            "can_be_edited",
            "is_anonymous",
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
        )
        return {"status": "administrator", "user": user, **{r: r != "is_anonymous" for r in rights}}


def _chat(chat_id: int) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Ada"}
    return {"id": chat_id, "type": "supergroup" if str(chat_id).startswith("-100") else "group", "title": "Ward 7"}


async def _params(request: web.Request) -> dict[str, Any]:
    """PTB posts form fields whose values are JSON, except plain strings."""
    if request.content_type == "application/json":
        return await request.json()
    body = await request.text()
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        if key in _STRINGS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


# --- updates, shaped as Telegram sends them ------------------------------------------------------

_update_ids = itertools.count(900_000)
_user_message_ids = itertools.count(100)


def next_update_id() -> int:
    return next(_update_ids)


def message(
    text: str | None,
    *,
    chat_id: int = DOCTOR["id"],
    user: dict[str, Any] = DOCTOR,
    reply_to: dict[str, Any] | None = None,
    thread_id: int | None = None,
    update_id: int | None = None,
    edited: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """A ``message`` update (or ``edited_message``); entities for commands and mentions are added."""
    msg: dict[str, Any] = {
        "message_id": next(_user_message_ids),
        "date": int(time.time()),
        "from": user,
        "chat": _chat(chat_id),
        **extra,
    }
    if text is not None:
        msg["text"] = text
        entities = _entities(text)
        if entities:
            msg["entities"] = entities
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    if thread_id is not None:
        msg["message_thread_id"] = thread_id
    if edited:
        msg["edit_date"] = int(time.time())
    return {"update_id": update_id or next_update_id(), ("edited_message" if edited else "message"): msg}


def photo(*, chat_id: int = DOCTOR["id"], caption: str | None = None) -> dict[str, Any]:
    extra: dict[str, Any] = {"photo": [{"file_id": "AgAD", "file_unique_id": "AQAD", "width": 90, "height": 90}]}
    if caption:
        extra["caption"] = caption
    return message(None, chat_id=chat_id, **extra)


def sticker(*, chat_id: int = DOCTOR["id"]) -> dict[str, Any]:
    s = {
        "file_id": "CAAC",
        "file_unique_id": "AgAD",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    return message(None, chat_id=chat_id, sticker=s)


def bot_message(sent: dict[str, Any]) -> dict[str, Any]:
    """A message the bot sent (as the fake recorded it), as it appears inside a later update."""
    msg: dict[str, Any] = {
        "message_id": sent["message_id"],
        "date": int(time.time()),
        "from": BOT_USER,
        "chat": _chat(int(sent["chat_id"])),
        "text": _plain(sent["text"]),
    }
    if sent.get("reply_markup"):
        msg["reply_markup"] = sent["reply_markup"]
    return msg


def callback(sent: dict[str, Any], data: str, *, user: dict[str, Any] = DOCTOR, update_id: int | None = None) -> dict[str, Any]:
    """A press on the button with ``data`` in a message the bot sent."""
    buttons = [b["callback_data"] for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert data in buttons, (data, buttons)
    return {
        "update_id": update_id or next_update_id(),
        "callback_query": {
            "id": f"cq{next_update_id()}",
            "from": user,
            "chat_instance": "-42",
            "message": bot_message(sent),
            "data": data,
        },
    }


def _entities(text: str) -> list[dict[str, Any]]:
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    at = text.find(f"@{BOT_USERNAME}")
    if at >= 0 and not text.startswith("/"):
        entities.append({"type": "mention", "offset": _utf16_len(text[:at]), "length": len(BOT_USERNAME) + 1})
    return entities


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _plain(html_text: str) -> str:
    """Roughly what a client shows of our HTML (tags dropped, entities decoded)."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
