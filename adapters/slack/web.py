"""Slack's web route: ``POST /slack/events`` (events, slash commands and interactivity on one URL)
through slack-bolt's starlette adapter, behind a signature and shape check of our own."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.platform import Platform, PlatformSpec, loads
from bot.conversations import Conversations
from bot.settings import Settings

log = logging.getLogger(__name__)
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # X-Slack-Request-Timestamp: seconds since the epoch


def _enabled(settings: Settings) -> bool:
    return bool(settings.slack_bot_token or settings.slack_signing_secret)


def _check(settings: Settings) -> None:
    from adapters.slack.app import require

    require(settings, "slack_bot_token", "slack_signing_secret")


def slack_platform(settings: Settings, conversations: Conversations) -> Platform:
    """``POST /slack/events`` through slack-bolt's starlette adapter."""
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
    from slack_sdk.signature import SignatureVerifier

    from adapters.slack.app import build_bot

    bot = build_bot(settings, conversations)
    handler = AsyncSlackRequestHandler(bot.app)
    verifier = SignatureVerifier(settings.slack_signing_secret)

    async def slack_events(request: Request) -> Response:
        """Verified, then shape-checked, then Bolt's: Bolt parses a body before it verifies it, and
        raises on malformed ones (a 500 with a traceback); here they get 401 or 400."""
        body = await request.body()
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        # A timestamp that is no integer, or a body that is no UTF-8 (the verifier decodes it before
        # it checks), made the verifier raise (a 500): neither can carry a valid signature.
        if not _TIMESTAMP.fullmatch(timestamp) or not _utf8(body) or not verifier.is_valid_request(body, dict(request.headers)):
            return Response("invalid signature", status_code=401)
        try:
            if not _slack_shaped(body, request.headers.get("content-type", "")):
                raise ValueError("not a Slack payload")
            return await handler.handle(request)
        except Exception as exc:  # noqa: BLE001 — anything Bolt raises on a body it cannot read
            log.warning("malformed Slack request refused: %s", type(exc).__name__)
            return Response("malformed request", status_code=400)

    return Platform("slack", [Route("/slack/events", slack_events, methods=["POST"])], [bot.start], [bot.close], bot)


def _utf8(body: bytes) -> bool:
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True


def _slack_shaped(body: bytes, content_type: str) -> bool:
    """Whether a body has the shape slack-bolt needs, read as Bolt reads it (JSON; a form with a
    JSON ``payload``; any other form): an object whose ``event``, if any, is an object too, and
    nothing nested deeper than ``MAX_DEPTH``."""
    if content_type.startswith("application/json"):
        data = loads(body)
    else:
        form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        data = loads(form["payload"]) if "payload" in form else form
    return isinstance(data, dict) and isinstance(data.get("event", {}), dict)


SPEC = PlatformSpec("slack", "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET", _enabled, _check, slack_platform)
