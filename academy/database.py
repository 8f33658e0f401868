"""How the app talks to its database: per-connection settings, timeouts, health.

* SQLite: foreign keys enforced, deleted content overwritten (``secure_delete``), a 5 s
  wait for the write lock, and write-ahead logging for a database file (readers never
  block the writer; an online backup works while the app writes).
* PostgreSQL: a connect timeout and a statement timeout (``DATABASE_CONNECT_TIMEOUT``,
  ``DATABASE_STATEMENT_TIMEOUT``, seconds), and a client-side deadline for every
  statement: a database that stops answering (a hung server, a dead network path) makes
  the statement fail after the deadline instead of holding the request until the web
  server kills the worker. The request then gets a 503 (academy.errors).
* Pooled connections are checked before use only when they have been idle for a while
  (``DATABASE_PING_AFTER``): a connection used a moment ago is not pinged again, which
  spares every request a round trip; one idle long enough to have been dropped is.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import socket
import sqlite3
import threading
import time
import weakref
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

log = logging.getLogger("academy.database")


@event.listens_for(Engine, "connect")
def _sqlite_connection_settings(dbapi_connection: object, _record: object) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    database = cursor.execute("PRAGMA database_list").fetchone()
    if database is not None and database[2]:  # a file, not ":memory:"
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


class Watchdog:
    """Deadlines for running statements, on one thread: a statement past its deadline
    has its connection's socket shut down, so the driver's blocked read fails at once."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Any]] = []
        self._live: dict[int, Any] = {}
        self._ids = itertools.count()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, seconds: float, fileno: int) -> int:
        token = next(self._ids)
        with self._lock:
            self._live[token] = fileno
            heapq.heappush(self._heap, (time.monotonic() + seconds, token, fileno))
            # The thread may be asleep until a later deadline: have it look again.
            self._wake.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True, name="db-watchdog")
                self._thread.start()
        return token

    def done(self, token: int) -> None:
        with self._lock:
            self._live.pop(token, None)

    def _run(self) -> None:
        while True:
            self._wake.clear()
            with self._lock:
                while self._heap and self._heap[0][1] not in self._live:
                    heapq.heappop(self._heap)
                deadline = self._heap[0][0] if self._heap else None
                if deadline is not None and deadline <= time.monotonic():
                    _when, token, fileno = heapq.heappop(self._heap)
                    self._live.pop(token, None)
                else:
                    token = None
            if token is not None:
                log.warning("a statement ran past its deadline: closing its connection")
                _shut(fileno)
                continue
            self._wake.wait(0.5 if deadline is None else max(0.01, deadline - time.monotonic()))


def _shut(fileno: int) -> None:
    try:
        sock = socket.socket(fileno=fileno)
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.detach()  # the driver still owns the descriptor


WATCHDOG = Watchdog()


def _postgres(app: Flask, engine: Engine) -> None:
    deadline = float(app.config["DATABASE_STATEMENT_TIMEOUT"]) + 2.0
    # A ping is a trivial statement: it gets no more time than making a connection does.
    ping_deadline = float(app.config["DATABASE_CONNECT_TIMEOUT"])
    ping_after = float(app.config["DATABASE_PING_AFTER"])

    @event.listens_for(engine, "before_cursor_execute")
    def _arm(conn: Any, _cursor: Any, _stmt: Any, _params: Any, context: Any, _many: Any) -> None:
        pgconn = getattr(conn.connection.dbapi_connection, "pgconn", None)
        if pgconn is not None and context is not None:
            context._academy_watch = WATCHDOG.start(deadline, pgconn.socket)

    @event.listens_for(engine, "after_cursor_execute")
    def _disarm(
        _conn: Any, _cursor: Any, _stmt: Any, _params: Any, context: Any, _many: Any
    ) -> None:
        token = getattr(context, "_academy_watch", None)
        if token is not None:
            WATCHDOG.done(token)

    @event.listens_for(engine, "handle_error")
    def _disarm_on_error(exception_context: Any) -> None:
        token = getattr(exception_context.execution_context, "_academy_watch", None)
        if token is not None:
            WATCHDOG.done(token)

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi: Any, record: Any) -> None:
        record.info["academy_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        used = record.info.get("academy_used")
        if used is None or time.monotonic() - used < ping_after:
            return
        token = WATCHDOG.start(ping_deadline, dbapi_connection.pgconn.socket)
        try:
            dbapi_connection.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:
            # The pool replaces the connection and tries again.
            raise DisconnectionError(str(exc)) from exc
        finally:
            WATCHDOG.done(token)


def engine_options(app: Flask) -> None:
    """The engine options for the configured database (before the engine exists)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("postgresql"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", int(app.config["DATABASE_CONNECT_TIMEOUT"]))
        statement_ms = int(float(app.config["DATABASE_STATEMENT_TIMEOUT"]) * 1000)
        connect_args.setdefault("options", f"-c statement_timeout={statement_ms}")
        options["connect_args"] = connect_args
        options.setdefault("pool_recycle", 1800)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def init_app(app: Flask) -> None:
    """Engine events that need the engine (after db.init_app)."""
    from academy.extensions import db

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql" and engine not in _WATCHED:
            _postgres(app, engine)
            _WATCHED.add(engine)


_WATCHED: weakref.WeakSet[Engine] = weakref.WeakSet()
