"""What training each person must do, and by when.

A module is required of a person when its file says ``required: true`` (everyone, no
due date) or when HR has assigned it to the person's department or to everyone. An
assignment's due date is either a fixed date or a number of days; days count from
when the person joined, or from the assignment for people who were already here. A
person who joins after a fixed due date gets ``TRAINING_NEW_JOINER_DAYS`` from joining.
When several assignments require one module, the earliest due date applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from academy.catalog import Catalog
from academy.content import get_catalog
from academy.extensions import db
from academy.models import Assignment, Department, ModuleProgress, QuizAttempt

# Where a person stands on one required module.
DONE = "done"
OVERDUE = "overdue"
DUE = "due"  # not done, due date ahead
OPEN = "open"  # not done, no due date


@dataclass(frozen=True)
class PersonRef:
    """Who a requirement is worked out for: their id, department and when they joined."""

    id: int
    department_id: int
    joined_at: datetime  # naive UTC


@dataclass(frozen=True)
class Requirement:
    module_id: str
    due_on: date | None


@dataclass(frozen=True)
class ModuleStanding:
    """A person's standing on a module required of them."""

    module_id: str
    due_on: date | None
    completed_at: datetime | None
    first_score: float | None  # % on the first quiz attempt
    best_score: float | None

    def status(self, today: date) -> str:
        if self.completed_at is not None:
            return DONE
        if self.due_on is None:
            return OPEN
        return OVERDUE if today > self.due_on else DUE

    def completed_late(self, zone: ZoneInfo) -> bool:
        if self.completed_at is None or self.due_on is None:
            return False
        return local_date(self.completed_at, zone) > self.due_on


def organisation_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.replace(tzinfo=UTC).astimezone(zone).date()


def today() -> date:
    return datetime.now(organisation_zone()).date()


@dataclass(frozen=True)
class LiveModule:
    required: bool  # of everyone in its audience, by its file
    audience: tuple[str, ...] | None  # department slugs; None: everyone


def live_modules(catalog: Catalog | None = None) -> dict[str, LiveModule]:
    """Published modules: whether their file requires them, and of whom."""
    catalog = catalog or get_catalog()
    return {
        m.id: LiveModule(m.required, m.audience) for m in catalog.modules.values() if not m.is_draft
    }


def _department_slugs() -> dict[int, str]:
    return dict(db.session.execute(select(Department.id, Department.slug)).all())


def assignments() -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).order_by(Assignment.id)))


def _due(assignment: Assignment, person: PersonRef, zone: ZoneInfo) -> date:
    joined = local_date(person.joined_at, zone)
    assigned = local_date(assignment.created_at, zone)
    if assignment.due_days is not None:
        return max(joined, assigned) + timedelta(days=assignment.due_days)
    fixed = assignment.due_on or assigned  # the table's check makes one of the two set
    if joined <= assigned:
        return fixed
    grace = current_app.config["TRAINING_NEW_JOINER_DAYS"]
    return max(fixed, joined + timedelta(days=grace))


def requirements_of(
    person: PersonRef,
    rules: Sequence[Assignment] | None = None,
    modules: dict[str, LiveModule] | None = None,
) -> list[Requirement]:
    """The modules required of one person, each with its earliest due date."""
    return requirements_by_person([person], rules, modules)[person.id]


def requirements_by_person(
    people: Iterable[PersonRef],
    rules: Sequence[Assignment] | None = None,
    modules: dict[str, LiveModule] | None = None,
) -> dict[int, list[Requirement]]:
    """The modules required of each person: by the files, of everyone in the module's
    audience; by HR's assignments, of a department or everyone (a module a person's
    department may not take is never required of them)."""
    rules = assignments() if rules is None else rules
    modules = live_modules() if modules is None else modules
    zone = organisation_zone()
    slugs = _department_slugs()
    result: dict[int, list[Requirement]] = {}
    for person in people:
        slug = slugs.get(person.department_id)
        open_to = {
            m for m, live in modules.items() if live.audience is None or slug in live.audience
        }
        due: dict[str, date | None] = {m: None for m in open_to if modules[m].required}
        for rule in rules:
            if rule.module_id not in open_to:
                continue
            if rule.department_id is not None and rule.department_id != person.department_id:
                continue
            when = _due(rule, person, zone)
            current = due.get(rule.module_id)
            due[rule.module_id] = when if current is None else min(current, when)
        result[person.id] = [Requirement(m, d) for m, d in sorted(due.items())]
    return result


def standings(
    people: Sequence[PersonRef], requirements: dict[int, list[Requirement]]
) -> dict[int, list[ModuleStanding]]:
    """Each person's standing on each module required of them, read in three queries."""
    ids = [p.id for p in people]
    modules = sorted({r.module_id for reqs in requirements.values() for r in reqs})
    if not ids or not modules:
        return {p.id: [] for p in people}
    completed: dict[tuple[int, str], datetime | None] = {}
    best: dict[tuple[int, str], float] = {}
    first: dict[tuple[int, str], float] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for user_id, module_id, when in db.session.execute(
            select(
                ModuleProgress.user_id, ModuleProgress.module_id, ModuleProgress.completed_at
            ).where(ModuleProgress.user_id.in_(chunk), ModuleProgress.module_id.in_(modules))
        ):
            completed[(user_id, module_id)] = when
        for user_id, module_id, top in db.session.execute(
            select(QuizAttempt.user_id, QuizAttempt.module_id, func.max(QuizAttempt.score_pct))
            .where(QuizAttempt.user_id.in_(chunk), QuizAttempt.module_id.in_(modules))
            .group_by(QuizAttempt.user_id, QuizAttempt.module_id)
        ):
            best[(user_id, module_id)] = float(top)
        earliest = (
            select(
                QuizAttempt.user_id,
                QuizAttempt.module_id,
                QuizAttempt.score_pct,
                func.row_number()
                .over(
                    partition_by=(QuizAttempt.user_id, QuizAttempt.module_id),
                    order_by=(QuizAttempt.submitted_at, QuizAttempt.id),
                )
                .label("n"),
            )
            .where(QuizAttempt.user_id.in_(chunk), QuizAttempt.module_id.in_(modules))
            .subquery()
        )
        for user_id, module_id, score in db.session.execute(
            select(earliest.c.user_id, earliest.c.module_id, earliest.c.score_pct).where(
                earliest.c.n == 1
            )
        ):
            first[(user_id, module_id)] = float(score)
    return {
        p.id: [
            ModuleStanding(
                r.module_id,
                r.due_on,
                completed.get((p.id, r.module_id)),
                first.get((p.id, r.module_id)),
                best.get((p.id, r.module_id)),
            )
            for r in requirements.get(p.id, [])
        ]
        for p in people
    }


def person_ref(user: object) -> PersonRef:
    """A PersonRef of a User row or a session's person (which needs its joining date read)."""
    joined = getattr(user, "created_at", None)
    if joined is None:
        from academy.models import User

        joined = db.session.scalar(select(User.created_at).where(User.id == user.id))  # type: ignore[attr-defined]
    return PersonRef(user.id, user.department_id, joined)  # type: ignore[attr-defined]


def due_dates(user: object) -> dict[str, date | None]:
    """The modules required of a person, with their due dates (None: no date)."""
    ref = person_ref(user)
    return {r.module_id: r.due_on for r in requirements_of(ref)}
