"""Deleting a person: their identity and activity go; anonymous answers stay.

Assessment responses and answers were never linked to anyone, so they remain. Rows
that point at the person are deleted or unlinked explicitly (not only through the
database's ON DELETE rules, which SQLite applies only when told to), and the audit
log and API token names forget their name and email.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update

from academy.admin.services import keep_an_admin
from academy.audit import record
from academy.extensions import db
from academy.models import (
    ApiToken,
    AuditEvent,
    CycleMember,
    FormStash,
    ModuleProgress,
    QuizAttempt,
    User,
    UserRole,
    WebSession,
)

REMOVED = "[removed]"


def _identifiers(user: User) -> list[str]:
    values = [user.email, user.name, user.employee_number]
    if user.family_name:
        values.append(f"{user.family_name} {user.given_name}")
    return [v.lower() for v in values if v]


def _scrub(value: Any, identifiers: list[str]) -> Any:
    if isinstance(value, str):
        return REMOVED if any(i in value.lower() for i in identifiers) else value
    if isinstance(value, list):
        return [_scrub(v, identifiers) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, identifiers) for k, v in value.items()}
    return value


def _forget_in_audit_log(user: User, identifiers: list[str]) -> None:
    user_id = str(user.id)
    events = db.session.scalars(
        select(AuditEvent).where(
            or_(
                (AuditEvent.target_type == "user") & (AuditEvent.target_id == user_id),
                AuditEvent.target_label.is_not(None),
                AuditEvent.details.is_not(None),
            )
        )
    )
    for event in events:
        if event.target_type == "user" and event.target_id == user_id:
            event.target_id = None
            event.target_label = None
        elif event.target_label and _scrub(event.target_label, identifiers) == REMOVED:
            event.target_label = REMOVED
        if event.details:
            scrubbed = _scrub(event.details, identifiers)
            if scrubbed != event.details:
                event.details = scrubbed


def delete_person(actor: User, user: User) -> None:
    """Remove `user` and everything that identifies them. Irreversible."""
    keep_an_admin(actor, user, "admin" in user.roles, "delete")
    identifiers = _identifiers(user)
    _forget_in_audit_log(user, identifiers)
    for model in (QuizAttempt, ModuleProgress, UserRole, WebSession, FormStash):
        db.session.execute(delete(model).where(model.user_id == user.id))
    # Who was asked in a cycle stays counted (participation rates do not change), but
    # no longer says who: the person is gone from it.
    db.session.execute(
        update(CycleMember).where(CycleMember.user_id == user.id).values(user_id=None)
    )
    for token in db.session.scalars(select(ApiToken)):
        if token.created_by_id == user.id:
            token.created_by_id = None
        token.name = _scrub(token.name, identifiers)
    db.session.execute(
        update(AuditEvent).where(AuditEvent.actor_id == user.id).values(actor_id=None)
    )
    record(actor, "user.deleted", target_type="user")
    db.session.expunge(user)
    db.session.execute(delete(User).where(User.id == user.id))
    db.session.commit()
