"""HR's assignments of required modules: create and remove, audited."""

from __future__ import annotations

from datetime import date

from academy.audit import record
from academy.extensions import db
from academy.models import Assignment, Department, Person


class AssignmentError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def create_assignment(
    actor: Person,
    *,
    module_id: str,
    department: Department | None,
    due_on: date | None,
    due_days: int | None,
) -> Assignment:
    if (due_on is None) == (due_days is None):
        raise AssignmentError("one_due_rule")
    row = Assignment(
        module_id=module_id,
        department_id=department.id if department else None,
        due_on=due_on,
        due_days=due_days,
        created_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    record(
        actor,
        "training.assigned",
        target_type="module",
        target_id=module_id,
        target_label=module_id,
        department=department.name if department else None,
        due_on=due_on.isoformat() if due_on else None,
        due_days=due_days,
    )
    db.session.commit()
    return row


def delete_assignment(actor: Person, row: Assignment) -> None:
    record(
        actor,
        "training.unassigned",
        target_type="module",
        target_id=row.module_id,
        target_label=row.module_id,
        department_id=row.department_id,
    )
    db.session.delete(row)
    db.session.commit()
