"""The one ASGI web app (starlette): a route per configured platform, ``GET /healthz`` and ``/readyz``.

Each platform is a ``PlatformSpec``: whether its settings are present, a check that names a
missing variable, and a builder that returns its routes and start/stop hooks. Slack mounts
``POST /slack/events`` (events, slash commands and interactivity on one URL) through slack-bolt's
starlette adapter; another platform (a Telegram webhook) is one more entry in ``PLATFORMS``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.body_limit import BodyLimit
from adapters.json_depth import MAX_DEPTH, too_deep
from bot.service import ConversationService
from bot.settings import Settings
from bot.store import Store

log = logging.getLogger(__name__)
Hook = Callable[[], Awaitable[None]]
STARTUP_WAIT = 10.0  # seconds the server waits for the platforms before it serves anyway (/readyz says which)
PURGE_EVERY = 24 * 3600.0
HEALTH_WAIT = 1.0  # seconds /healthz waits for the database: it answers within 2 s whatever the database does
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # X-Slack-Request-Timestamp: seconds since the epoch


@dataclass
class Platform:
    """What one configured platform contributes to the web app."""

    name: str
    routes: list[BaseRoute]
    on_startup: list[Hook] = field(default_factory=list)
    on_shutdown: list[Hook] = field(default_factory=list)
    handle: Any = None  # the platform's own object (e.g. the SlackBot), for tests and hooks


@dataclass(frozen=True)
class PlatformSpec:
    """How to tell whether a platform is configured, check its settings, and build its routes."""

    name: str
    enable_with: str  # the variables that turn it on, for the "nothing configured" error
    enabled: Callable[[Settings], bool]
    check: Callable[[Settings], None]  # raises an error naming a missing variable
    build: Callable[[Settings, ConversationService], Platform]


class PlatformConfigError(RuntimeError):
    """A configured platform lacks a setting; the message names the environment variable."""


class NoPlatformConfigured(PlatformConfigError):
    """``serve`` would answer nothing: no platform's settings are present."""


def _slack_enabled(settings: Settings) -> bool:
    return bool(settings.slack_bot_token or settings.slack_signing_secret)


def _slack_check(settings: Settings) -> None:
    from adapters.slack.app import require

    require(settings, "slack_bot_token", "slack_signing_secret")


def slack_platform(settings: Settings, service: ConversationService) -> Platform:
    """``POST /slack/events`` through slack-bolt's starlette adapter."""
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
    from slack_sdk.signature import SignatureVerifier

    from adapters.slack.app import build_bot

    bot = build_bot(settings, service)
    handler = AsyncSlackRequestHandler(bot.app)

    verifier = SignatureVerifier(settings.slack_signing_secret)

    async def slack_events(request: Request) -> Response:
        """Verified, then shape-checked, then Bolt's: Bolt parses a body before it verifies it, and
        raises on malformed ones (a 500 with a traceback); here they get 401 or 400."""
        body = await request.body()
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        # A timestamp that is no integer made the verifier raise (a 500): it is no valid signature.
        if not _TIMESTAMP.fullmatch(timestamp) or not verifier.is_valid_request(body, dict(request.headers)):
            return Response("invalid signature", status_code=401)
        try:
            if not _slack_shaped(body, request.headers.get("content-type", "")):
                raise ValueError("not a Slack payload")
            return await handler.handle(request)
        except Exception as exc:  # noqa: BLE001 — anything Bolt raises on a body it cannot read
            log.warning("malformed Slack request refused: %s", type(exc).__name__)
            return Response("malformed request", status_code=400)

    return Platform("slack", [Route("/slack/events", slack_events, methods=["POST"])], [bot.start], [bot.close], bot)


def _slack_shaped(body: bytes, content_type: str) -> bool:
    """Whether a body has the shape slack-bolt needs, read as Bolt reads it (JSON; a form with a
    JSON ``payload``; any other form): an object whose ``event``, if any, is an object too, and
    nothing nested deeper than ``MAX_DEPTH``."""
    if content_type.startswith("application/json"):
        data = _loads(body)
    else:
        form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        data = _loads(form["payload"]) if "payload" in form else form
    return isinstance(data, dict) and isinstance(data.get("event", {}), dict)


def _loads(text: bytes | str) -> Any:
    """JSON, refused (ValueError) before parsing when it nests deeper than any platform payload."""
    if too_deep(text):
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
    return json.loads(text)


PLATFORMS: list[PlatformSpec] = [
    PlatformSpec("slack", "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET", _slack_enabled, _slack_check, slack_platform),
]


def check_settings(settings: Settings, platforms: Sequence[PlatformSpec] | None = None) -> list[PlatformSpec]:
    """The configured platforms; raises before anything is loaded when a setting is missing."""
    specs = PLATFORMS if platforms is None else platforms
    enabled = [s for s in specs if s.enabled(settings)]
    if not enabled:
        wanted = "; ".join(f"{s.name}: {s.enable_with}" for s in specs)
        raise NoPlatformConfigured(f"no chat platform is configured. Set {wanted}.")
    for spec in enabled:
        try:
            spec.check(settings)
        except PlatformConfigError:
            raise
        except RuntimeError as exc:  # each platform's own config error (SlackConfigError, …)
            raise PlatformConfigError(str(exc)) from exc
    return enabled


def create_app(settings: Settings, service: ConversationService, platforms: Sequence[PlatformSpec] | None = None) -> Starlette:
    """The web app with every configured platform mounted; raises when none is configured."""
    mounted = [spec.build(settings, service) for spec in check_settings(settings, platforms)]

    names = [p.name for p in mounted]

    async def healthz(_request: Request) -> Response:
        """Alive and able to keep state: ok only when the database answers, and within
        ``HEALTH_WAIT`` whatever the database does (a stalled ping is cut later by the store)."""
        try:
            healthy = await asyncio.wait_for(run_in_threadpool(service.store.ping), HEALTH_WAIT)
        except asyncio.TimeoutError:
            healthy = False
        if healthy:
            return JSONResponse({"status": "ok", "database": "ok", "platforms": names})
        return JSONResponse({"status": "unavailable", "database": "unreachable", "platforms": names}, status_code=503)

    async def readyz(_request: Request) -> Response:
        """Ready for traffic: knowledge loaded (before the app exists) and every platform client started."""
        waiting = [name for name in names if name not in app.state.started]
        if app.state.serving and not waiting:
            return JSONResponse({"status": "ready", "knowledge": service.core.kb.version, "platforms": names})
        return JSONResponse({"status": "starting", "platforms": names, "waiting_for": waiting}, status_code=503)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        background = [asyncio.create_task(_start(platform, app.state.started)) for platform in mounted]
        await asyncio.wait(background, timeout=STARTUP_WAIT)  # a platform that is down keeps trying behind
        background.append(asyncio.create_task(_purge_daily(service.store, timedelta(days=settings.retention_days))))
        # The knowledge, the models and the NLU pipeline live as long as the process: keep the
        # cyclic garbage collector from re-scanning them (a long pause every few hundred requests;
        # without this the web app acknowledged about 25% fewer events per second).
        gc.collect()
        gc.freeze()
        app.state.serving = True
        try:
            yield
        finally:
            app.state.serving = False
            for task in background:
                task.cancel()
            for platform in mounted:
                for hook in platform.on_shutdown:
                    await hook()

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"]), Route("/readyz", readyz, methods=["GET"])]
    for platform in mounted:
        routes += platform.routes
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(BodyLimit)])
    app.state.platforms = {p.name: p for p in mounted}
    app.state.serving = False
    app.state.started = set()  # names of the platforms whose start-up hooks succeeded
    return app


async def _start(platform: Platform, started: set[str]) -> None:
    """Run a platform's start-up hooks until they succeed: an API that is down at boot (Telegram's
    getMe) must not take the web process, and the other platform, down with it."""
    delay = 1.0
    while True:
        try:
            for hook in platform.on_startup:
                await hook()
        except Exception as exc:  # noqa: BLE001 — any failure: log it, wait, try again
            log.error("%s failed to start (%s); retrying in %.0f s", platform.name, type(exc).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)
        else:
            started.add(platform.name)
            return


async def _purge_daily(store: Store, older_than: timedelta) -> None:
    """Retention, in every web worker (the deletes are idempotent): once at start, then daily."""
    while True:
        try:
            deleted = await run_in_threadpool(store.purge, older_than)
            log.info("purged data older than %s days", older_than.days, extra={"rows": deleted})
        except Exception as exc:  # noqa: BLE001 — a database outage must not end the loop
            log.error("purge failed: %s", type(exc).__name__)
        await asyncio.sleep(PURGE_EVERY)


def from_environment() -> Starlette:
    """An app factory for several workers: ``uvicorn adapters.web:from_environment --factory``."""
    from bot.db_timeouts import Timeouts
    from bot.engine import Core
    from bot.logs import configure as configure_logs
    from bot.service import for_platforms
    from bot.settings import get_settings

    settings = get_settings()
    configure_logs(json=settings.log_json, level=settings.log_level,  # each worker process sets up its own
                   secrets=settings.secrets, message_text=settings.log_message_text)
    store = Store(settings.effective_database_url, upgrade=settings.upgrades_itself,  # SchemaError: refuse to start
                  timeouts=Timeouts.from_settings(settings))
    return create_app(settings, for_platforms(settings, store, Core.default()))


# --- Telegram ------------------------------------------------------------------------------------


def _telegram_enabled(settings: Settings) -> bool:
    return bool(settings.telegram_bot_token or settings.telegram_webhook_secret)


def _telegram_check(settings: Settings) -> None:
    """Raises an error that is both Telegram's and this module's, so ``serve`` prints it plainly."""
    from adapters.telegram.app import TelegramConfigError, require

    class TelegramNotConfigured(TelegramConfigError, NoPlatformConfigured):
        pass

    try:
        require(settings, "telegram_bot_token", "telegram_webhook_secret")
    except TelegramConfigError as exc:
        raise TelegramNotConfigured(str(exc)) from None


def telegram_platform(settings: Settings, service: ConversationService) -> Platform:
    """``POST /telegram/webhook``: the secret header checked, the update queued for the application."""
    import hmac

    from adapters.telegram.app import WEBHOOK_PATH, build_bot

    bot = build_bot(settings, service)
    secret = settings.telegram_webhook_secret.encode()

    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "").encode()
        if not hmac.compare_digest(given, secret):  # Telegram sends it on every call; a stranger cannot
            return Response(status_code=403)
        try:
            data = _loads(await request.body())
            if not isinstance(data, dict):
                raise ValueError("not an object")
            answered = await bot.feed(data)
        except ValueError:
            return Response(status_code=400)
        return Response(status_code=200 if answered else 503)  # 503: Telegram delivers it again later

    return Platform("telegram", [Route(WEBHOOK_PATH, telegram_webhook, methods=["POST"])], [bot.start], [bot.stop], bot)


PLATFORMS.append(
    PlatformSpec("telegram", "TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET", _telegram_enabled, _telegram_check, telegram_platform)
)
