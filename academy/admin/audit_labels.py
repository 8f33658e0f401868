"""Readable names for audit actions. Actions recorded by other features that are not
listed here are shown as recorded, so nothing in the log is ever hidden."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "user.created": _l("Person created"),
    "user.updated": _l("Person edited"),
    "user.roles_changed": _l("Roles changed"),
    "user.deactivated": _l("Person deactivated"),
    "user.reactivated": _l("Person reactivated"),
    "user.deleted": _l("Person deleted"),
    "user.invited": _l("Invitation sent"),
    "user.bulk_invited": _l("Invitations sent to many"),
    "user.managed_departments": _l("Managed departments changed"),
    "user.password_reset_sent": _l("Password link sent"),
    "users.imported": _l("People imported"),
    "department.created": _l("Department created"),
    "department.renamed": _l("Department renamed"),
    "department.merged": _l("Departments merged"),
    "department.archived": _l("Department archived"),
    "department.restored": _l("Department restored"),
    "cycle.created": _l("Assessment cycle created"),
    "cycle.opened": _l("Assessment cycle opened"),
    "cycle.closed": _l("Assessment cycle closed"),
    "cycle.planned": _l("Assessment cycle plan changed"),
    "training.assigned": _l("Training required"),
    "training.unassigned": _l("Training requirement removed"),
    "training.reminded": _l("Training reminders sent"),
    "job.retried": _l("Job run again"),
    "export.downloaded": _l("Data exported"),
    "token.created": _l("API token created"),
    "token.revoked": _l("API token revoked"),
}

TARGET_LABELS = {
    "user": _l("Person"),
    "department": _l("Department"),
    "import": _l("Import"),
    "cycle": _l("Assessment cycle"),
    "token": _l("API token"),
    "export": _l("Export"),
    "job": _l("Job"),
    "module": _l("Module"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def target_type_label(target_type: str | None) -> str:
    if not target_type:
        return ""
    label = TARGET_LABELS.get(target_type)
    return str(label) if label is not None else target_type


def detail_items(details: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Details as (key, text) pairs: lists joined, empty values left out."""
    items = []
    for key, value in (details or {}).items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = ", ".join(f"{k}: {v}" for k, v in value.items())
        else:
            text = str(value)
        items.append((key.replace("_", " "), text))
    return items
