"""The people report: each person's standing on each module required of them, and the
totals per department. Training is not anonymous (the assessment stays so): HR sees
every department, a manager the departments they manage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from academy.extensions import db
from academy.models import Department, User
from academy.training.requirements import (
    DONE,
    OVERDUE,
    PersonRef,
    assignments,
    live_modules,
    requirements_by_person,
    standings,
    today,
)


@dataclass(frozen=True)
class Line:
    """One person and one module required of them."""

    user_id: int
    name: str
    email: str
    employee_number: str | None
    department_id: int
    department: str
    module_id: str
    due_on: date | None
    status: str
    completed_at: datetime | None
    first_score: float | None
    best_score: float | None

    @property
    def days_overdue(self) -> int:
        return (today() - self.due_on).days if self.status == OVERDUE and self.due_on else 0


@dataclass(frozen=True)
class DepartmentTotals:
    department_id: int
    name: str
    people: int
    assigned: int
    completed: int
    overdue: int

    @property
    def completion(self) -> float | None:
        return self.completed / self.assigned * 100 if self.assigned else None


@dataclass(frozen=True)
class PeopleReport:
    lines: list[Line]
    departments: list[DepartmentTotals]


def visible_departments(scope: frozenset[int] | None) -> list[tuple[int, str]]:
    query = select(Department.id, Department.name).where(Department.archived_at.is_(None))
    if scope is not None:
        query = query.where(Department.id.in_(sorted(scope)))
    return [(d, n) for d, n in db.session.execute(query.order_by(Department.name))]


def people_report(
    scope: frozenset[int] | None,
    *,
    department_id: int | None = None,
    module_id: str | None = None,
    status: str | None = None,
    sort: str = "name",
) -> PeopleReport:
    """Every active person in the scope with each module required of them."""
    query = (
        select(
            User.id,
            User.given_name,
            User.family_name,
            User.email,
            User.employee_number,
            User.department_id,
            User.created_at,
            Department.name,
        )
        .join(Department, Department.id == User.department_id)
        .where(User.active.is_(True))
    )
    if scope is not None:
        query = query.where(User.department_id.in_(sorted(scope)))
    if department_id is not None:
        query = query.where(User.department_id == department_id)
    people = db.session.execute(query).all()
    refs = [PersonRef(p.id, p.department_id, p.created_at) for p in people]
    rules, modules = assignments(), live_modules()
    by_id = {p.id: p for p in people}
    now = today()
    lines: list[Line] = []
    totals: dict[int, list[int]] = {}
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        for person_id, mine in standings(
            chunk, requirements_by_person(chunk, rules, modules)
        ).items():
            p = by_id[person_id]
            count = totals.setdefault(p.department_id, [0, 0, 0, 0])
            count[0] += 1
            for s in mine:
                state = s.status(now)
                count[1] += 1
                count[2] += state == DONE
                count[3] += state == OVERDUE
                if module_id and s.module_id != module_id:
                    continue
                if status and state != status:
                    continue
                lines.append(
                    Line(
                        p.id,
                        f"{p.given_name} {p.family_name}".strip(),
                        p.email,
                        p.employee_number,
                        p.department_id,
                        p.name,
                        s.module_id,
                        s.due_on,
                        state,
                        s.completed_at,
                        s.first_score,
                        s.best_score,
                    )
                )
    names = {p.department_id: p.name for p in people}
    departments = sorted(
        (DepartmentTotals(d, names[d], *c) for d, c in totals.items()),
        key=lambda t: t.name.casefold(),
    )
    return PeopleReport(_sorted(lines, sort), departments)


def _sorted(lines: list[Line], sort: str) -> list[Line]:
    by_name = sorted(lines, key=lambda x: (x.name.casefold(), x.email, x.module_id))
    if sort == "department":
        return sorted(by_name, key=lambda x: x.department.casefold())
    if sort == "overdue":
        return sorted(by_name, key=lambda x: -x.days_overdue)
    if sort == "completion":
        order = {OVERDUE: 0, "due": 1, "open": 2, DONE: 3}
        return sorted(by_name, key=lambda x: order.get(x.status, 4))
    return by_name
