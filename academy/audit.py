"""The audit log of admin and HR actions: who did what to what, and when."""

from __future__ import annotations

from typing import Any

from academy.extensions import db
from academy.models import AuditEvent, User


def record(
    actor: User | None,
    action: str,
    *,
    target_type: str | None = None,
    target_id: object = None,
    target_label: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits with its change,
    so an action and its record are written together or not at all).

    `action` is a dotted verb such as "user.roles_changed" or "cycle.opened".
    """
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        target_label=target_label,
        details=details or None,
    )
    db.session.add(event)
    return event
