"""Telegram's web route: ``POST /telegram/webhook``, the secret header checked, the update fed to
the application; 503 asks Telegram to deliver it again later."""

from __future__ import annotations

import hmac

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.platform import NoPlatformConfigured, Platform, PlatformSpec, loads
from bot.conversations import Conversations
from bot.settings import Settings


def _enabled(settings: Settings) -> bool:
    return bool(settings.telegram_bot_token or settings.telegram_webhook_secret)


def _check(settings: Settings) -> None:
    """Raises an error that is both Telegram's and the web app's, so ``serve`` prints it plainly."""
    from adapters.telegram.app import TelegramConfigError, require

    class TelegramNotConfigured(TelegramConfigError, NoPlatformConfigured):
        pass

    try:
        require(settings, "telegram_bot_token", "telegram_webhook_secret")
    except TelegramConfigError as exc:
        raise TelegramNotConfigured(str(exc)) from None


def telegram_platform(settings: Settings, conversations: Conversations) -> Platform:
    """``POST /telegram/webhook``: the secret header checked, the update queued for the application."""
    from adapters.telegram.app import WEBHOOK_PATH, build_bot

    bot = build_bot(settings, conversations)
    secret = settings.telegram_webhook_secret.encode()

    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "").encode()
        if not hmac.compare_digest(given, secret):  # Telegram sends it on every call; a stranger cannot
            return Response(status_code=403)
        try:
            data = loads(await request.body())
            if not isinstance(data, dict):
                raise ValueError("not an object")
            answered = await bot.feed(data)
        except ValueError:
            return Response(status_code=400)
        return Response(status_code=200 if answered else 503)  # 503: Telegram delivers it again later

    return Platform("telegram", [Route(WEBHOOK_PATH, telegram_webhook, methods=["POST"])], [bot.start], [bot.stop], bot)


SPEC = PlatformSpec("telegram", "TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET", _enabled, _check, telegram_platform)
