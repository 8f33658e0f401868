"""Flask-Login wiring: the request's person, read with its session, and the "please log
in" path.

Most pages only need to know who is asking: id, names, email, language, department and
roles. The server-side session (academy.auth.sessions) is read together with that
person in one Core query; requests get a frozen `SessionUser`, and code that changes
the person asks for the row with `SessionUser.record()`. Setting an attribute on a
SessionUser fails loudly instead of silently changing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, flash, g, jsonify, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy import bindparam, select

from academy.extensions import db
from academy.models import Department, User, UserRole, WebSession
from academy.models.people import PersonMixin
from academy.stash import stash_form


@dataclass(frozen=True)
class DepartmentRef:
    id: int
    slug: str
    name: str


@dataclass(frozen=True, eq=False)
class SessionUser(PersonMixin):
    """The logged-in person as a request sees them; `record()` is their User row."""

    id: int
    email: str
    given_name: str
    family_name: str
    employee_number: str | None
    language: str | None
    session_version: int
    department: DepartmentRef | None
    role_names: frozenset[str]

    is_authenticated = True
    is_active = True  # inactive people are never loaded
    is_anonymous = False

    @property
    def roles(self) -> frozenset[str]:
        return self.role_names

    @property
    def department_id(self) -> int | None:
        return self.department.id if self.department is not None else None

    def record(self) -> User:
        """The person's row in the current database session, to change or relate to."""
        return db.session.get_one(User, self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PersonMixin) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class SessionRow:
    id: int
    user_id: int | None
    data: str
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


# The session and its person in one query: one row per role (one row with no role for
# plain employees, and for sessions nobody is logged in to).
_SESSION_QUERY = (
    select(
        WebSession.id,
        WebSession.user_id,
        WebSession.data,
        WebSession.last_seen_at,
        WebSession.expires_at,
        WebSession.revoked_at,
        User.email,
        User.given_name,
        User.family_name,
        User.employee_number,
        User.language,
        User.active,
        User.session_version,
        Department.id.label("department_id"),
        Department.slug.label("department_slug"),
        Department.name.label("department_name"),
        UserRole.role,
    )
    .outerjoin(User, User.id == WebSession.user_id)
    .outerjoin(Department, Department.id == User.department_id)
    .outerjoin(UserRole, UserRole.user_id == User.id)
    .where(WebSession.token_hash == bindparam("token_hash"))
)


def load_session(token_hash: str) -> tuple[SessionRow, SessionUser | None] | None:
    """The session with this token hash and its (active) person, or None."""
    rows = db.session.execute(_SESSION_QUERY, {"token_hash": token_hash}).all()
    if not rows:
        return None
    first = rows[0]
    session_row = SessionRow(*first[:6])
    user = None
    if first.user_id is not None and first.active:
        user = SessionUser(
            id=first.user_id,
            email=first.email,
            given_name=first.given_name,
            family_name=first.family_name,
            employee_number=first.employee_number,
            language=first.language,
            session_version=first.session_version,
            department=(
                DepartmentRef(first.department_id, first.department_slug, first.department_name)
                if first.department_id is not None
                else None
            ),
            role_names=frozenset(r.role for r in rows if r.role is not None),
        )
    return session_row, user


def load_user(token: str) -> SessionUser | None:
    """Flask-Login's loader: the person read with the session, if the session names them."""
    user = g.get("session_user")
    if user is None or user.get_id() != token:
        return None
    return user


def unauthorized() -> Any:
    if request.blueprint == "api" or request.path.startswith("/api/"):
        return jsonify(error={"code": 401, "message": "authentication required"}), 401
    expired = getattr(session, "expired_user_id", None)
    if request.method == "POST" and stash_form(expired):
        flash(_l("Your session expired. Log in again: what you entered has been kept."), "warning")
        target = request.path
    else:
        flash(_l("Please log in to continue."), "info")
        target = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return redirect(url_for("auth.login", next=target))


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    # Flask-Login's session protection would only mark a permanent session "not fresh"
    # when the address or browser changes, and nothing here asks for a fresh login:
    # sessions end through the session version in the login id (password change,
    # deactivation) and their lifetime. Off, it costs nothing per request.
    login_manager.session_protection = None
