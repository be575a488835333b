"""Logging set-up for ddxbot's processes: one root handler on stderr, plain text or JSON lines.

JSON lines (``python-json-logger``) suit a log collector: each record is one object with
``time`` (ISO 8601, UTC), ``level``, ``logger``, ``message`` and every structured ``extra``
field the code passes (``platform``, ``conversation``, ``event_id``, ``update_id``, ``kind``,
``rows``…), plus ``exc_info`` when there is a traceback. The formatter adds no content of its
own: message text stays out of INFO and above because the code never logs it there.
"""

from __future__ import annotations

import logging
import sys

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


def formatter(json: bool = False) -> logging.Formatter:
    """The formatter ``configure`` uses: one JSON object per record, or one plain line."""
    if json:
        return JsonFormatter(_JSON_FIELDS, style="{", rename_fields=_RENAMES, timestamp="time")
    return logging.Formatter(PLAIN_FORMAT)


def configure(json: bool = False, level: str = "INFO") -> None:
    """Send every logger's records at ``level`` and above to stderr through one root handler.

    ``json=True`` writes JSON lines (for production log collectors), otherwise plain lines (for a
    terminal). ``level`` is a level name such as "INFO" or "debug"; an unknown one raises
    ValueError. Calling it again replaces the handler it installed before; handlers installed by
    anything else are left alone.
    """
    root = logging.getLogger()
    root.setLevel(level.upper())
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
        old.close()
    handler = StderrHandler()
    handler.setFormatter(formatter(json))
    root.addHandler(handler)
