"""Which departments a person may see reports of: all of them for HR, their own
departments for a manager, none for anyone else. Every manager-facing route asks here."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from academy.extensions import db
from academy.models import ManagedDepartment, Person

#: Every department (HR).
ALL = None


def department_scope(person: Person) -> frozenset[int] | None:
    """None means every department; otherwise the ids this person may see."""
    if person.has_role("hr"):
        return ALL
    if person.has_role("manager"):
        return frozenset(
            db.session.scalars(
                select(ManagedDepartment.department_id).where(
                    ManagedDepartment.user_id == person.id
                )
            )
        )
    return frozenset()


def may_see_department(person: Person, department_id: int) -> bool:
    scope = department_scope(person)
    return scope is None or department_id in scope


def require_department(person: Person, department_id: int) -> None:
    """403 unless the person may see this department's reports."""
    if not may_see_department(person, department_id):
        abort(403)
