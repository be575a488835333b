"""Bounds on how long the store waits for a database that has stopped answering.

A database behind a dead proxy, a hung server or a half-open connection accepts bytes and sends
nothing back: without bounds a turn (and ``/healthz``) waited a minute or more. The server-side
limits (PostgreSQL ``statement_timeout``, ``lock_timeout``) end slow statements, and the driver's
``connect_timeout`` ends a connection attempt, but none of them ends a wait for an answer that
never comes on an open connection: ``StallGuard`` does, by shutting the socket of a connection
held longer than allowed, which makes the blocked driver call fail at once (the pool then drops
that connection). It also pings a pooled connection before handing it out, within the connect
timeout, as SQLAlchemy's ``pool_pre_ping`` would, but bounded.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InvalidatePoolError

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timeouts:
    """Seconds the store waits for the database before it calls it unavailable."""

    connect: float = 3.0  # open a connection (libpq counts at least 2 s); ping a pooled one
    statement: float = 5.0  # PostgreSQL statement_timeout: one statement
    lock: float = 5.0  # PostgreSQL lock_timeout; SQLite's busy timeout (the write lock)
    pool: float = 3.0  # wait for a free connection of the pool
    stall: float = 6.0  # hold one connection (a turn's transaction) before it is cut

    @classmethod
    def from_settings(cls, settings: Settings) -> Timeouts:
        return cls(
            settings.database_connect_timeout,
            settings.database_statement_timeout,
            settings.database_lock_timeout,
            settings.database_pool_timeout,
            settings.database_stall_timeout,
        )

    def postgres_connect_args(self) -> dict[str, Any]:
        return {
            "connect_timeout": max(1, round(self.connect)),
            "options": f"-c statement_timeout={_ms(self.statement)} -c lock_timeout={_ms(self.lock)}",
        }


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))  # 0 would mean "no limit" to PostgreSQL


class StallGuard:
    """Cuts a PostgreSQL connection checked out for longer than ``stall`` seconds (``connect``
    while it is being pinged). One daemon thread per engine checks the deadlines a few times a
    second; a checkout costs a dictionary entry, not a timer thread."""

    def __init__(self, timeouts: Timeouts) -> None:
        self.timeouts = timeouts
        self._held: dict[int, tuple[float, Any]] = {}  # id(dbapi connection) -> (deadline, connection)
        self._lock = threading.Lock()
        self._tick = min(0.25, timeouts.connect / 4, timeouts.stall / 4)
        threading.Thread(target=_watch, args=(weakref.ref(self),), name="ddxbot-db-stall-guard", daemon=True).start()

    def install(self, engine: Engine) -> None:
        event.listen(engine, "connect", self._on_connect)
        event.listen(engine, "checkout", self._on_checkout)
        for released in ("checkin", "invalidate", "close"):
            event.listen(engine, released, self._release)

    @staticmethod
    def _on_connect(_dbapi_conn: Any, record: Any) -> None:
        record.info["fresh"] = True  # just opened within connect_timeout: no ping needed

    def _on_checkout(self, dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if record.info.pop("fresh", False):
            self._hold(dbapi_conn, self.timeouts.stall)
            return
        self._hold(dbapi_conn, self.timeouts.connect)
        try:
            with dbapi_conn.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:  # noqa: BLE001 — any failure: this and the pool's older connections are gone
            self._release(dbapi_conn)
            raise InvalidatePoolError(f"ping failed: {type(exc).__name__}") from exc
        self._hold(dbapi_conn, self.timeouts.stall)

    def _hold(self, dbapi_conn: Any, seconds: float) -> None:
        with self._lock:
            self._held[id(dbapi_conn)] = (time.monotonic() + seconds, dbapi_conn)

    def _release(self, dbapi_conn: Any, *_: Any) -> None:
        with self._lock:
            self._held.pop(id(dbapi_conn), None)

    def overdue(self) -> list[Any]:
        """The connections past their deadline, no longer watched."""
        now = time.monotonic()
        with self._lock:
            late = [conn for deadline, conn in self._held.values() if deadline <= now]
            for conn in late:
                del self._held[id(conn)]
        return late


def _watch(guard_ref: weakref.ref[StallGuard]) -> None:
    """The guard's thread: ends when the guard (its engine) is gone."""
    while (guard := guard_ref()) is not None:
        tick = guard._tick
        for conn in guard.overdue():
            log.error("database connection cut: no answer within its time limit")
            cut(conn)
        del guard
        time.sleep(tick)


def cut(dbapi_conn: Any) -> None:
    """Shut the connection's socket: the driver call blocked on it fails at once."""
    try:
        with socket.socket(fileno=os.dup(dbapi_conn.fileno())) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception as exc:  # noqa: BLE001 — closed meanwhile (the driver's own error, or OSError)
        log.debug("stalled connection already closed: %s", type(exc).__name__)
