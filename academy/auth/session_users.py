"""Flask-Login wiring: loading the user from the session and the "please log in" path.

Every request behind the login loads its user. Most pages only need to know who that
is: id, names, email, language, department and roles. Read through the ORM session,
that costs more than the rest of a module page, so requests get a `SessionUser`
read in one Core query, and code that changes the person asks for the row with
`SessionUser.record()`. A SessionUser is frozen: setting an attribute on it fails
loudly instead of silently changing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, flash, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy import bindparam, select

from academy.extensions import db
from academy.models import Department, User, UserRole
from academy.models.people import PersonMixin
from academy.reads import FastRead
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


# One row per role (one row with no role for plain employees). See academy.reads.
_USER_QUERY = FastRead(
    select(
        User.id,
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
    .outerjoin(Department, Department.id == User.department_id)
    .outerjoin(UserRole, UserRole.user_id == User.id)
    .where(User.id == bindparam("user_id"))
)


def load_user(token: str) -> SessionUser | None:
    user_id, _, version = token.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    rows = _USER_QUERY.all(user_id=int(user_id))
    if not rows:
        return None
    (uid, email, given, family, number, language, active, session_version, *dept) = rows[0][:-1]
    if not active or session_version != int(version):
        return None
    return SessionUser(
        id=uid,
        email=email,
        given_name=given,
        family_name=family,
        employee_number=number,
        language=language,
        session_version=session_version,
        department=DepartmentRef(*dept) if dept[0] is not None else None,
        role_names=frozenset(row[-1] for row in rows if row[-1] is not None),
    )


def unauthorized() -> Any:
    if request.blueprint == "api" or request.path.startswith("/api/"):
        return jsonify(error={"code": 401, "message": "authentication required"}), 401
    if request.method == "POST" and stash_form():
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
