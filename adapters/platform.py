"""What every platform shares with the web app: its spec, what it mounts, its config errors, and
the JSON reader that refuses bodies nested deeper than any platform sends.

A platform's folder exports one ``SPEC`` (``adapters/<name>/web.py``); ``adapters.web`` only
assembles the configured ones. See ``adapters/README.md``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.routing import BaseRoute

from adapters.json_depth import MAX_DEPTH, too_deep
from bot.conversations import Conversations
from bot.settings import Settings

Hook = Callable[[], Awaitable[None]]


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
    build: Callable[[Settings, Conversations], Platform]


class PlatformConfigError(RuntimeError):
    """A configured platform lacks a setting; the message names the environment variable."""


class NoPlatformConfigured(PlatformConfigError):
    """``serve`` would answer nothing: no platform's settings are present."""


def loads(text: bytes | str) -> Any:
    """JSON, refused (ValueError) before parsing when it nests deeper than any platform payload."""
    if too_deep(text):
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
    return json.loads(text)
