"""SQL for the reports: every count and sum is a GROUP BY on the database.

The per-person reads (:func:`person_scores`) are the one exception by design: the
significance test and Cronbach's alpha need each person's vector of answers. They read
three columns of one cycle, once, when the cycle closes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from sqlalchemy import and_, case, func, select

from academy.extensions import db
from academy.models import (
    Answer,
    CycleMember,
    Department,
    ModuleProgress,
    QuizAttempt,
    Response,
    User,
)


class ItemRow(NamedTuple):
    """One item in one department: scored answers n ("don't know" excluded), their sum,
    favourable / unfavourable counts and the "don't know" count."""

    department_id: int
    item_id: str
    n: int
    total: int
    favourable: int
    unfavourable: int
    dont_know: int


def item_rows(cycle_id: int, points: int, favourable_from: int) -> list[ItemRow]:
    """Per department and item: the sums every score and distribution is built from.

    Answers at or above ``favourable_from`` are favourable; the mirror image on the
    scale (at or below ``1 + points - favourable_from``) unfavourable; the rest neutral.
    """
    unfavourable_to = 1 + points - favourable_from
    stmt = (
        select(
            Answer.department_id,
            Answer.item_id,
            func.count(Answer.score),
            func.coalesce(func.sum(Answer.score), 0),
            func.sum(case((Answer.score >= favourable_from, 1), else_=0)),
            func.sum(case((Answer.score <= unfavourable_to, 1), else_=0)),
            func.sum(case((Answer.score.is_(None), 1), else_=0)),
        )
        .where(Answer.cycle_id == cycle_id)
        .group_by(Answer.department_id, Answer.item_id)
    )
    return [
        ItemRow(d, i, int(n), int(t), int(f), int(u), int(dk))
        for d, i, n, t, f, u, dk in db.session.execute(stmt)
    ]


def respondents(cycle_id: int) -> dict[int, int]:
    """Released responses per department (people, not answers)."""
    rows = db.session.execute(
        select(Response.department_id, func.count())
        .where(Response.cycle_id == cycle_id)
        .group_by(Response.department_id)
    )
    return {int(d): int(n) for d, n in rows}


def person_scores(cycle_id: int) -> Iterator[tuple[str, int, str, int | None]]:
    """(response, department, item, score) of every answer of a cycle, grouped by response.

    Only these columns are read; ordered by response so a caller can build one person's
    vector at a time.
    """
    stmt = (
        select(Answer.response_id, Answer.department_id, Answer.item_id, Answer.score)
        .where(Answer.cycle_id == cycle_id)
        .order_by(Answer.response_id)
        .execution_options(yield_per=10_000)
    )
    for row in db.session.execute(stmt):
        yield row.response_id, row.department_id, row.item_id, row.score


def comments(cycle_id: int, department_id: int) -> list[str]:
    """Free-text comments of one department, in random-id order (not submission order)."""
    return list(
        db.session.scalars(
            select(Response.comment)
            .where(
                Response.cycle_id == cycle_id,
                Response.department_id == department_id,
                Response.comment.is_not(None),
                Response.comment != "",
            )
            .order_by(Response.id)
        )
    )


class MemberCounts(NamedTuple):
    """Who was asked in one department: at opening, joined since, and how many answered."""

    department_id: int
    asked_at_opening: int
    joined: int
    answered: int


def member_counts(cycle_id: int) -> list[MemberCounts]:
    stmt = (
        select(
            CycleMember.department_id,
            func.sum(case((CycleMember.joined_late.is_(False), 1), else_=0)),
            func.sum(case((CycleMember.joined_late.is_(True), 1), else_=0)),
            func.sum(case((CycleMember.answered.is_(True), 1), else_=0)),
        )
        .where(CycleMember.cycle_id == cycle_id)
        .group_by(CycleMember.department_id)
    )
    return [MemberCounts(int(d), int(a), int(j), int(r)) for d, a, j, r in db.session.execute(stmt)]


def departments(ids: Iterable[int] | None = None) -> dict[int, tuple[str, str]]:
    """{id: (name, slug)}."""
    stmt = select(Department.id, Department.name, Department.slug)
    if ids is not None:
        stmt = stmt.where(Department.id.in_(list(ids)))
    return {int(i): (n, s) for i, n, s in db.session.execute(stmt)}


# ------------------------------------------------------------------------- training


def active_people(department_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Active people per department: the training denominators."""
    stmt = select(User.department_id, func.count()).where(User.active.is_(True))
    if department_ids is not None:
        stmt = stmt.where(User.department_id.in_(list(department_ids)))
    return {int(d): int(n) for d, n in db.session.execute(stmt.group_by(User.department_id))}


def completed_pairs(module_ids: Iterable[str]) -> dict[tuple[int, str], int]:
    """Active people who completed each module, per (department, module).

    Completed as the learning pages count it: ``completed_at`` is set once the module's
    quiz is passed, or once a module without a quiz is marked as read.
    """
    stmt = (
        select(User.department_id, ModuleProgress.module_id, func.count())
        .join(User, User.id == ModuleProgress.user_id)
        .where(
            User.active.is_(True),
            ModuleProgress.module_id.in_(list(module_ids)),
            ModuleProgress.completed_at.is_not(None),
        )
        .group_by(User.department_id, ModuleProgress.module_id)
    )
    return {(int(d), m): int(n) for d, m, n in db.session.execute(stmt)}


def best_quiz_scores() -> dict[int, tuple[int, float]]:
    """Per department: (number of person-module pairs, mean of the best score of each)."""
    best = (
        select(
            QuizAttempt.user_id.label("user_id"),
            func.max(QuizAttempt.score_pct).label("best"),
        )
        .group_by(QuizAttempt.user_id, QuizAttempt.module_id)
        .subquery()
    )
    stmt = (
        select(User.department_id, func.count(), func.avg(best.c.best))
        .join(User, and_(User.id == best.c.user_id, User.active.is_(True)))
        .group_by(User.department_id)
    )
    return {int(d): (int(n), float(avg)) for d, n, avg in db.session.execute(stmt)}
