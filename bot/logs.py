"""Logging set-up for ddxbot's processes: one root handler on stderr, plain text or JSON lines.

JSON lines (``python-json-logger``) suit a log collector: each record is one object with
``time`` (ISO 8601, UTC), ``level``, ``logger``, ``message`` and every structured ``extra``
field the code passes (``platform``, ``conversation``, ``event_id``, ``update_id``, ``kind``,
``rows``…), plus ``exc_info`` when there is a traceback. The formatter adds no content of its
own: message text stays out of INFO and above because the code never logs it there.

Two filters on the handler keep secrets and health information out at every level, DEBUG too:
``Redact`` replaces every configured secret (bot tokens appear in Bot API URLs that httpx logs,
in tracebacks) with ``[redacted]``, and ``PayloadQuiet`` drops the DEBUG records of the libraries
that log request and response bodies (message text), unless ``LOG_MESSAGE_TEXT=true`` asks for
them on purpose (with a warning at start-up).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from urllib.parse import quote

from pythonjsonlogger.json import JsonFormatter

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_JSON_FIELDS = "{levelname}{name}{message}"  # the standard fields; extras are added by the formatter
_RENAMES = {"levelname": "level", "name": "logger"}


class StderrHandler(logging.StreamHandler):
    """The handler ``configure`` installs, told apart from others (pytest's, a platform's) so that
    calling ``configure`` again replaces it instead of adding a second one. It writes to whatever
    ``sys.stderr`` is at the time (as logging's last-resort handler does), not to the stream of
    the moment it was made, which a test runner may since have closed."""

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201 — the standard attribute, read at each record
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # StreamHandler.__init__ assigns it
        pass


# Libraries that log whole requests and responses (message text) at DEBUG: slack_sdk and Bolt
# their payloads, python-telegram-bot its updates, httpx/httpcore/aiohttp their traffic,
# SQLAlchemy its parameters.
PAYLOAD_LOGGERS = ("slack_sdk", "slack_bolt", "telegram", "httpx", "httpcore", "aiohttp", "sqlalchemy", "hpack")
_REDACTED = "[redacted]"
_STANDARD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class Redact(logging.Filter):
    """Replaces every secret in a record (message, arguments, traceback, extras) before any
    formatter sees it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        variants = {v for secret in secrets if secret for v in (secret, quote(secret, safe=""))}
        self.secrets = sorted(variants, key=len, reverse=True)  # a longer secret before one it contains

    def clean(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, _REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if (clean := self.clean(message)) != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:  # formatters print exc_text as given; exc_info would be formatted again
            record.exc_text, record.exc_info = self.clean(record.exc_text), None
        for name, value in vars(record).items():
            if name not in _STANDARD_FIELDS and isinstance(value, str):
                setattr(record, name, self.clean(value))
        return True


class PayloadQuiet(logging.Filter):
    """Drops DEBUG records of ``PAYLOAD_LOGGERS``: they carry message text."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO or not record.name.startswith(PAYLOAD_LOGGERS)


def formatter(json: bool = False) -> logging.Formatter:
    """The formatter ``configure`` uses: one JSON object per record, or one plain line."""
    if json:
        return JsonFormatter(_JSON_FIELDS, style="{", rename_fields=_RENAMES, timestamp="time")
    return logging.Formatter(PLAIN_FORMAT)


def configure(json: bool = False, level: str = "INFO", secrets: Iterable[str] = (), message_text: bool = False) -> None:
    """Send every logger's records at ``level`` and above to stderr through one root handler.

    ``json=True`` writes JSON lines (for production log collectors), otherwise plain lines (for a
    terminal). ``level`` is a level name such as "INFO" or "debug"; an unknown one raises
    ValueError. Every string in ``secrets`` is redacted; the libraries' DEBUG payloads are dropped
    unless ``message_text``. Calling it again replaces the handler it installed before; handlers
    installed by anything else are left alone.
    """
    root = logging.getLogger()
    root.setLevel(level.upper())
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
        old.close()
    handler = StderrHandler()
    handler.setFormatter(formatter(json))
    handler.addFilter(Redact(secrets))
    if not message_text:
        handler.addFilter(PayloadQuiet())
    root.addHandler(handler)
    if message_text:
        logging.getLogger(__name__).warning(
            "LOG_MESSAGE_TEXT is on: message text (health information) may be written to the logs at DEBUG"
        )
