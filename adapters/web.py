"""The one ASGI web app (starlette): the routes of every configured platform, ``GET /healthz`` and ``/readyz``.

Each platform exports its ``PlatformSpec`` from its own folder (``adapters/<name>/web.py``):
whether its settings are present, a check that names a missing variable, and a builder that
returns its routes and start/stop hooks. This module only assembles them; a new platform is one
more entry in ``PLATFORMS`` (``adapters/README.md``).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.body_limit import BodyLimit
from adapters.platform import NoPlatformConfigured, Platform, PlatformConfigError, PlatformSpec
from adapters.slack.web import SPEC as SLACK
from adapters.telegram.web import SPEC as TELEGRAM
from bot.conversations import Conversations
from bot.settings import Settings

__all__ = ["PLATFORMS", "NoPlatformConfigured", "PlatformConfigError", "check_settings", "create_app", "from_environment"]

log = logging.getLogger(__name__)
STARTUP_WAIT = 10.0  # seconds the server waits for the platforms before it serves anyway (/readyz says which)
PURGE_EVERY = 24 * 3600.0
HEALTH_WAIT = 1.0  # seconds /healthz waits for the database: it answers within 2 s whatever the database does


PLATFORMS: list[PlatformSpec] = [SLACK, TELEGRAM]


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


def create_app(settings: Settings, conversations: Conversations, platforms: Sequence[PlatformSpec] | None = None) -> Starlette:
    """The web app with every configured platform mounted; raises when none is configured."""
    mounted = [spec.build(settings, conversations) for spec in check_settings(settings, platforms)]

    names = [p.name for p in mounted]

    async def healthz(_request: Request) -> Response:
        """Alive and able to keep state: ok only when the database answers, and within
        ``HEALTH_WAIT`` whatever the database does (a stalled ping is cut later by the store)."""
        try:
            healthy = await asyncio.wait_for(conversations.ping(), HEALTH_WAIT)
        except TimeoutError:
            healthy = False
        if healthy:
            return JSONResponse({"status": "ok", "database": "ok", "platforms": names})
        return JSONResponse({"status": "unavailable", "database": "unreachable", "platforms": names}, status_code=503)

    async def readyz(_request: Request) -> Response:
        """Ready for traffic: knowledge loaded (before the app exists) and every platform client started."""
        waiting = [name for name in names if name not in app.state.started]
        if app.state.serving and not waiting:
            return JSONResponse({"status": "ready", "knowledge": conversations.knowledge_version, "platforms": names})
        return JSONResponse({"status": "starting", "platforms": names, "waiting_for": waiting}, status_code=503)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        background = [asyncio.create_task(_start(platform, app.state.started)) for platform in mounted]
        await asyncio.wait(background, timeout=STARTUP_WAIT)  # a platform that is down keeps trying behind
        background.append(asyncio.create_task(_purge_daily(conversations, timedelta(days=settings.retention_days))))
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
            conversations.close()

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


async def _purge_daily(conversations: Conversations, older_than: timedelta) -> None:
    """Retention, in every web worker (the deletes are idempotent): once at start, then daily."""
    while True:
        try:
            deleted = await conversations.purge(older_than)
            log.info("purged data older than %s days", older_than.days, extra={"rows": deleted})
        except Exception as exc:  # noqa: BLE001 — a database outage must not end the loop
            log.error("purge failed: %s", type(exc).__name__)
        await asyncio.sleep(PURGE_EVERY)


def from_environment() -> Starlette:
    """An app factory for several workers: ``uvicorn adapters.web:from_environment --factory``."""
    from bot.logs import configure as configure_logs
    from bot.settings import get_settings

    settings = get_settings()
    configure_logs(
        json=settings.log_json,
        level=settings.log_level,  # each worker process sets up its own
        secrets=settings.secrets,
        message_text=settings.log_message_text,
    )
    return create_app(settings, Conversations.open(settings))  # SchemaError: refuse to start
