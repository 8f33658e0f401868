"""People administration use cases: create, edit, deactivate, invite.

Services raise AdminError with a message for the person; views turn it into a flash or
a form error. Each use case records its audit event and commits with its change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.sql import Select

from academy.admin.invitations import live_invitations, record_single
from academy.audit import record
from academy.auth import emails
from academy.auth.sessions import end_sessions
from academy.extensions import db
from academy.mail import send
from academy.models import Department, User, UserRole
from academy.people import PeopleError, create_user

PER_PAGE = 25


class AdminError(Exception):
    """An administration action was refused; the message says why, for the person.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PersonData:
    given_name: str
    family_name: str
    employee_number: str | None
    department: Department
    roles: frozenset[str]
    language: str | None
    managed: frozenset[int] = frozenset()


def user_query(
    q: str = "", department_id: int | None = None, role: str = "", status: str = ""
) -> Select:
    """People matching a search (name, email or employee number) and filters, by name."""
    query = select(User)
    if q:
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        pattern += "%"
        full_name = func.lower(User.given_name + " " + User.family_name)
        query = query.where(
            full_name.like(pattern, escape="\\")
            | func.lower(User.email).like(pattern, escape="\\")
            | func.lower(func.coalesce(User.employee_number, "")).like(pattern, escape="\\")
        )
    if department_id:
        query = query.where(User.department_id == department_id)
    if role:
        query = query.where(User.role_rows.any(UserRole.role == role))
    if status == "active":
        query = query.where(User.active.is_(True))
    elif status == "inactive":
        query = query.where(User.active.is_(False))
    elif status == "no_password":
        query = query.where(User.active.is_(True), User.password_hash.is_(None))
    return query.order_by(
        func.lower(User.family_name), func.lower(User.given_name), User.email, User.id
    )


def active_admin_count(excluding: User | None = None) -> int:
    query = (
        select(func.count())
        .select_from(User)
        .where(User.active.is_(True), User.role_rows.any(UserRole.role == "admin"))
    )
    if excluding is not None:
        query = query.where(User.id != excluding.id)
    return db.session.scalar(query) or 0


def keep_an_admin(actor: User | None, user: User, losing_admin: bool, action: str) -> None:
    """Refuse what would lock everyone out of administration."""
    if not losing_admin:
        return
    field = "roles" if action == "roles" else None
    if actor is not None and actor.id == user.id:
        raise AdminError(
            {
                "roles": _("You cannot remove your own administrator role."),
                "deactivate": _("You cannot deactivate your own account."),
                "delete": _("You cannot delete your own account."),
            }[action],
            field,
        )
    if active_admin_count(excluding=user) == 0:
        raise AdminError(
            _(
                "%(name)s is the last active administrator: make someone else one first.",
                name=user.name,
            ),
            field,
        )


def _check_department(department: Department, current: Department | None = None) -> None:
    if department.archived and department != current:
        raise AdminError(
            _(
                "The department %(name)s is archived and cannot receive people.",
                name=department.name,
            ),
            "department",
        )


def record_role_change(
    actor: User | None, user: User, before: frozenset[str], **details: object
) -> None:
    """Audit a change of `user`'s roles from `before`, if there is one."""
    after = user.roles
    if before != after:
        record(
            actor,
            "user.roles_changed",
            target_type="user",
            target_id=user.id,
            target_label=user.email,
            added=sorted(after - before),
            removed=sorted(before - after),
            **details,
        )


def create_person(actor: User, email: str, data: PersonData) -> User:
    _check_department(data.department)
    try:
        user = create_user(
            email=email,
            given_name=data.given_name,
            family_name=data.family_name,
            department=data.department,
            roles=data.roles,
            language=data.language,
            employee_number=data.employee_number,
        )
    except PeopleError as exc:
        raise AdminError(_("A person with this email already exists."), "email") from exc
    record(actor, "user.created", target_type="user", target_id=user.id, target_label=user.email)
    record_role_change(actor, user, frozenset())
    _set_managed(actor, user, data.managed)
    db.session.commit()
    return user


def _set_managed(actor: User, user: User, managed: frozenset[int]) -> bool:
    if user.managed_department_ids == managed:
        return False
    user.set_managed_departments(managed)
    names = db.session.scalars(
        select(Department.name).where(Department.id.in_(sorted(managed))).order_by(Department.name)
    ).all()
    record(
        actor,
        "user.managed_departments",
        target_type="user",
        target_id=user.id,
        target_label=user.email,
        departments=list(names),
    )
    return True


def update_person(actor: User, user: User, data: PersonData) -> list[str]:
    """Apply the edit; returns the names of the fields that changed."""
    _check_department(data.department, current=user.department)
    keep_an_admin(actor, user, "admin" in user.roles and "admin" not in data.roles, "roles")
    before_roles = user.roles
    changed = []
    for name in ("given_name", "family_name", "employee_number", "language"):
        value = getattr(data, name)
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if user.department_id != data.department.id:
        user.department = data.department
        changed.append("department")
    if before_roles != data.roles:
        user.set_roles(set(data.roles))
        changed.append("roles")
    if _set_managed(actor, user, data.managed):
        changed.append("managed")
    if changed:
        other = [c for c in changed if c not in ("roles", "managed")]
        if other:
            record(
                actor,
                "user.updated",
                target_type="user",
                target_id=user.id,
                target_label=user.email,
                fields=other,
            )
        record_role_change(actor, user, before_roles)
        db.session.commit()
    return changed


def deactivate(actor: User, user: User) -> None:
    if not user.active:
        return
    keep_an_admin(actor, user, "admin" in user.roles, "deactivate")
    user.active = False
    # Ends every open session of the person, and voids their emailed links.
    user.session_version += 1
    end_sessions(user.id)
    record(
        actor, "user.deactivated", target_type="user", target_id=user.id, target_label=user.email
    )
    db.session.commit()


def reactivate(actor: User, user: User) -> None:
    if user.active:
        return
    if user.department.archived:
        raise AdminError(
            _(
                "%(name)s is in the archived department %(department)s: move them to another "
                "department first.",
                name=user.name,
                department=user.department.name,
            )
        )
    user.active = True
    record(
        actor, "user.reactivated", target_type="user", target_id=user.id, target_label=user.email
    )
    db.session.commit()


def invite(actor: User, user: User, link_for: Callable[[str], str]) -> None:
    """Email `user` a link to choose a first password. Raises AdminError or MailError."""
    if not user.active:
        raise AdminError(_("Reactivate this account before inviting the person."))
    if user.password_hash:
        raise AdminError(
            _(
                "%(name)s has already set a password: send a password reset link instead.",
                name=user.name,
            )
        )
    if user.id in live_invitations([user.id]):
        # A new link replaces the one sent before: only one works at a time.
        user.session_version += 1
        db.session.flush()
    send(emails.invitation(user, link_for, inviter=actor))
    record_single(user)
    record(actor, "user.invited", target_type="user", target_id=user.id, target_label=user.email)
    db.session.commit()


def send_password_reset(actor: User, user: User, link_for: Callable[[str], str]) -> None:
    """Email `user` a link to choose a new password. Raises AdminError or MailError."""
    if not user.active:
        raise AdminError(_("Reactivate this account before sending it a link."))
    send(emails.password_reset(user, link_for))
    record(
        actor,
        "user.password_reset_sent",
        target_type="user",
        target_id=user.id,
        target_label=user.email,
    )
    db.session.commit()
