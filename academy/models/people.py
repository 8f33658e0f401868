"""Departments, users and their roles."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from flask_login import UserMixin
from sqlalchemy import ForeignKey, LargeBinary, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.models.base import utcnow

# Every user is an employee; these are the extra roles a user may hold.
ROLES = ("trainer", "hr", "manager", "admin")


class Department(db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None]

    users: Mapped[list[User]] = relationship(back_populates="department")

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<Department {self.slug}>"


class ManagedDepartment(db.Model):
    """A department a person with the ``manager`` role manages: the scope of what they see."""

    __tablename__ = "managed_departments"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class Person(Protocol):
    """A person as the rest of the app sees them: what both the User row and the request's
    read-only `SessionUser` provide. Services take a Person; code that changes the person
    asks for the row (`SessionUser.record()`)."""

    @property
    def id(self) -> int: ...
    @property
    def email(self) -> str: ...
    @property
    def given_name(self) -> str: ...
    @property
    def family_name(self) -> str: ...
    @property
    def language(self) -> str | None: ...
    @property
    def department_id(self) -> int | None: ...
    @property
    def roles(self) -> frozenset[str]: ...
    @property
    def name(self) -> str: ...

    def has_role(self, *roles: str) -> bool: ...


class PersonMixin:
    """What a person is to the rest of the app, shared by the User row and the
    lighter `SessionUser` each request loads (see academy.auth.session_users)."""

    id: int
    given_name: str
    family_name: str
    session_version: int
    roles: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of the given roles ("employee" is everyone's)."""
        held = self.roles
        return any(r == "employee" or r in held for r in roles)

    # Flask-Login: the id carries the session version, so bumping it logs the user out.
    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"


class User(PersonMixin, UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100), default="")
    employee_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True, index=True)
    # Bumped on password change or deactivation so that existing sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    department: Mapped[Department] = relationship(back_populates="users")
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    managed_rows: Mapped[list[ManagedDepartment]] = relationship(cascade="all, delete-orphan")

    @property
    def managed_department_ids(self) -> frozenset[int]:
        return frozenset(r.department_id for r in self.managed_rows)

    def set_managed_departments(self, department_ids: set[int] | frozenset[int]) -> None:
        keep = [r for r in self.managed_rows if r.department_id in department_ids]
        have = {r.department_id for r in keep}
        self.managed_rows = keep + [
            ManagedDepartment(department_id=d) for d in sorted(set(department_ids) - have)
        ]

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    def set_roles(self, roles: set[str] | frozenset[str]) -> None:
        unknown = set(roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {sorted(unknown)}")
        keep = [r for r in self.role_rows if r.role in roles]
        have = {r.role for r in keep}
        self.role_rows = keep + [UserRole(role=r) for r in sorted(set(roles) - have)]

    @property
    def is_active(self) -> bool:
        return self.active

    @classmethod
    def by_email(cls, email: str) -> User | None:
        return db.session.scalar(select(cls).where(func.lower(cls.email) == email.strip().lower()))

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class WebSession(db.Model):
    """A browser's login session, kept on the server (academy.auth.sessions).

    The browser's cookie holds only a random token; this row holds its SHA-256, so a
    copy of the database cannot be used to take over a session. A session ends (row
    revoked) on logout, password change, deactivation, when it is ended from another
    session, after ``SESSION_IDLE_MINUTES`` without a request, or ``SESSION_HOURS``
    after it began.
    """

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # Flask's tagged JSON of the session dict (it keeps tuples, Markup and such apart).
    data: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # A short description of the browser ("Firefox on Windows"), for the sessions list.
    client: Mapped[str | None] = mapped_column(String(80))


class FormStash(db.Model):
    """What someone typed in a form that could not be accepted (expired login or token),
    kept for them until they come back to the form (academy.stash).

    Bound to the person who typed it and encrypted with a key that only their browser
    holds (a cookie that carries nothing else), so neither another account nor a reader
    of the database can see it. Deleted when restored, or after an hour.
    """

    __tablename__ = "form_stashes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(300))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
