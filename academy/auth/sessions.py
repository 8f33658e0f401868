"""Login sessions kept on the server, so they can be ended there.

The browser holds a cookie with a random token and nothing else; the ``web_sessions``
row (keyed by the token's SHA-256) holds the session's data and who it belongs to. One
query per request reads the row together with the person (academy.auth.session_users).

A session ends, at once and for every instance, when its row is revoked: on logout, on
a password change or deactivation (every session of that person), when the person
ends it from another session, after ``SESSION_IDLE_MINUTES`` without a request, and
``SESSION_HOURS`` after it began. An ended session's row is kept for a day, so a form
posted just after it expired can still be kept for the person who typed it.

A request that arrives without a session cookie and does not log anyone in never
receives one unless it is a GET: a cross-site POST (which browsers send without the
SameSite=Lax cookie) can neither replace nor end the visitor's own session.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, Response, current_app, g, request
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete, insert, or_, update
from sqlalchemy.exc import DBAPIError
from werkzeug.datastructures import CallbackDict

from academy.extensions import db
from academy.models import WebSession, utcnow

log = logging.getLogger("academy.sessions")

#: last_seen_at is written at most this often per session (idle time is that precise).
TOUCH_EVERY = timedelta(seconds=60)
#: Ended sessions are kept this long before being purged.
KEEP_ENDED = timedelta(days=1)
#: Sessions nobody logged in to are purged after this long without a request.
ANONYMOUS_IDLE = timedelta(hours=2)


_serializer = TaggedJSONSerializer()
#: Paths that never read the session: probes and static files answer without the database.
SESSIONLESS = ("/healthz", "/readyz", "/static/")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ServerSession(CallbackDict, SessionMixin):  # type: ignore[type-arg]
    """The request's session data, saved to its row when it changes."""

    def __init__(
        self,
        initial: dict[str, Any] | None = None,
        *,
        row_id: int | None = None,
        had_cookie: bool = False,
        expired_user_id: int | None = None,
        touch_due: bool = False,
    ) -> None:
        def on_update(_self: Any) -> None:
            self.modified = True

        super().__init__(initial or {}, on_update)
        self.row_id = row_id
        self.new = row_id is None
        self.modified = False
        self.had_cookie = had_cookie
        #: Whose session this was, when the cookie named one that has just ended.
        self.expired_user_id = expired_user_id
        self.touch_due = touch_due
        self.rotate = False
        self.may_create = False

    def allow_creation(self) -> None:
        """Let this response start a session even though the request is a cookieless
        POST: only for the login form shown again after its token expired."""
        self.may_create = True

    def regenerate(self) -> None:
        """Move the data to a new session with a new token (at login: defeats fixation);
        the old one is ended."""
        self.rotate = True
        self.modified = True


def client_label(user_agent: str) -> str:
    """A short, coarse name for a browser, e.g. "Firefox on Windows" (nothing precise)."""
    ua = user_agent.lower()
    browser = next(
        (
            name
            for key, name in (
                ("edg/", "Edge"),
                ("firefox", "Firefox"),
                ("chrome", "Chrome"),
                ("chromium", "Chromium"),
                ("safari", "Safari"),
            )
            if key in ua
        ),
        "Browser",
    )
    system = next(
        (
            name
            for key, name in (
                ("windows", "Windows"),
                ("iphone", "iPhone"),
                ("ipad", "iPad"),
                ("android", "Android"),
                ("mac os", "macOS"),
                ("linux", "Linux"),
            )
            if key in ua
        ),
        "",
    )
    return f"{browser} on {system}" if system else browser


class ServerSessionInterface(SessionInterface):
    def open_session(self, app: Flask, request: Request) -> ServerSession:
        from academy.auth.session_users import load_session

        token = request.cookies.get(self.get_cookie_name(app))
        if not token or len(token) > 128 or request.path.startswith(SESSIONLESS):
            return ServerSession()
        try:
            loaded = load_session(hash_token(token))
        except DBAPIError:
            # The database is down: the request is answered with a 503 (see errors).
            log.warning("sessions: database unavailable", exc_info=True)
            db.session.rollback()
            g.database_down = True
            return ServerSession()
        if loaded is None:
            return ServerSession(had_cookie=True)
        row, user = loaded
        now = utcnow()
        idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
        if row.revoked_at is not None or row.expires_at <= now or row.last_seen_at <= now - idle:
            return ServerSession(had_cookie=True, expired_user_id=row.user_id)
        g.session_user = user
        try:
            data = _serializer.loads(row.data) if row.data else {}
        except ValueError:
            data = {}
        return ServerSession(
            data,
            row_id=row.id,
            had_cookie=True,
            touch_due=row.last_seen_at <= now - TOUCH_EVERY,
        )

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not isinstance(session, ServerSession):
            raise TypeError("the session interface saves only its own sessions")
        if g.get("database_down") or not (session.modified or session.touch_due or session.rotate):
            return
        try:
            self._save(app, session, response)
        except DBAPIError:
            # Never turn an answer into an error because its session could not be saved.
            log.warning("sessions: could not save the session", exc_info=True)
            db.session.rollback()

    def _save(self, app: Flask, session: ServerSession, response: Response) -> None:
        # Whatever the view left uncommitted is not ours to commit (it would have been
        # rolled back at teardown anyway); the session's own writes follow.
        db.session.rollback()
        now = utcnow()
        user_id = _user_id(session)
        if session.row_id is not None and not session.rotate:
            values: dict[str, Any] = {"last_seen_at": now}
            if session.modified:
                values.update(data=_serializer.dumps(dict(session)), user_id=user_id)
            db.session.execute(
                update(WebSession).where(WebSession.id == session.row_id).values(**values)
            )
            db.session.commit()
            return
        if session.row_id is not None:
            db.session.execute(
                update(WebSession).where(WebSession.id == session.row_id).values(revoked_at=now)
            )
        name = self.get_cookie_name(app)
        creating_allowed = (
            request.method == "GET"
            or session.had_cookie
            or session.may_create
            or user_id is not None
        )
        if not dict(session) or not creating_allowed:
            db.session.commit()
            if session.had_cookie:
                response.delete_cookie(name, path=self.get_cookie_path(app))
            return
        token = secrets.token_urlsafe(32)
        expires = now + app.permanent_session_lifetime
        db.session.execute(
            insert(WebSession).values(
                token_hash=hash_token(token),
                user_id=user_id,
                data=_serializer.dumps(dict(session)),
                created_at=now,
                last_seen_at=now,
                expires_at=expires,
                client=client_label(request.user_agent.string or "")[:80],
            )
        )
        db.session.commit()
        response.set_cookie(
            name,
            token,
            expires=expires,
            httponly=True,
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            path=self.get_cookie_path(app),
        )
        response.vary.add("Cookie")


def _user_id(session: ServerSession) -> int | None:
    raw = str(session.get("_user_id") or "").partition(".")[0]
    return int(raw) if raw.isdigit() else None


# --------------------------------------------------------------------- ending sessions


def end_sessions(user_id: int, *, except_row: int | None = None) -> int:
    """End every session of a person (password change, deactivation); caller commits."""
    stmt = update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
    if except_row is not None:
        stmt = stmt.where(WebSession.id != except_row)
    return db.session.execute(stmt.values(revoked_at=utcnow())).rowcount


def end_session(user_id: int, row_id: int) -> bool:
    """End one of a person's sessions (from the list of their sessions); caller commits."""
    return bool(
        db.session.execute(
            update(WebSession)
            .where(
                WebSession.id == row_id,
                WebSession.user_id == user_id,
                WebSession.revoked_at.is_(None),
            )
            .values(revoked_at=utcnow())
        ).rowcount
    )


def current_row_id() -> int | None:
    from flask import session

    return getattr(session, "row_id", None)


def active_sessions(user_id: int) -> list[WebSession]:
    """A person's sessions that have not ended, most recent first."""
    from sqlalchemy import select

    now = utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    return list(
        db.session.scalars(
            select(WebSession)
            .where(
                WebSession.user_id == user_id,
                WebSession.revoked_at.is_(None),
                WebSession.expires_at > now,
                WebSession.last_seen_at > now - idle,
            )
            .order_by(WebSession.last_seen_at.desc())
        )
    )


def purge(now: datetime | None = None) -> int:
    """Delete sessions that ended more than a day ago, and idle anonymous ones."""
    now = now or utcnow()
    return db.session.execute(
        delete(WebSession).where(
            or_(
                WebSession.revoked_at < now - KEEP_ENDED,
                WebSession.expires_at < now - KEEP_ENDED,
                WebSession.last_seen_at < now - KEEP_ENDED,
                WebSession.user_id.is_(None) & (WebSession.last_seen_at < now - ANONYMOUS_IDLE),
            )
        )
    ).rowcount
