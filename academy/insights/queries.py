"""SQL aggregation for the reports: every figure is a GROUP BY on the database.

Nothing here loops over answer rows in Python (DESIGN.md invariant 4). The one
exception by design is :func:`dimension_matrix`, which reads the three columns
Cronbach's alpha needs (response, item, score) for one dimension of one cycle.
Results are plain tuples and dicts of numbers, so they can be stored as JSON for closed
cycles (see :mod:`academy.insights.aggregates`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import Float, and_, case, cast, func, select

from academy.extensions import db
from academy.models import (
    Answer,
    CycleHeadcount,
    ModuleProgress,
    QuizAttempt,
    Response,
    User,
)


class ItemRow(NamedTuple):
    """One item in one department: answered n (don't know excluded), sum of scores,
    favourable / unfavourable answer counts and don't-know count."""

    department_id: int
    dimension_id: str
    item_id: str
    n: int
    total: int
    favourable: int
    unfavourable: int
    dont_know: int


class MomentRow(NamedTuple):
    """Per-respondent dimension means (1..points) summed per department:
    respondents n, Σ mean, Σ mean²."""

    department_id: int
    dimension_id: str
    n: int
    total: float
    total_sq: float


def respondents(cycle_id: int) -> dict[int, int]:
    """Responses per department (people, not answers)."""
    rows = db.session.execute(
        select(Response.department_id, func.count())
        .where(Response.cycle_id == cycle_id)
        .group_by(Response.department_id)
    )
    return dict(rows.all())


def headcounts(cycle_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(CycleHeadcount.department_id, CycleHeadcount.headcount).where(
            CycleHeadcount.cycle_id == cycle_id
        )
    )
    return dict(rows.all())


def item_rows(cycle_id: int, points: int, favourable_from: int) -> list[ItemRow]:
    """Per department and item: the sums every score and distribution is built from.

    Answers at or above ``favourable_from`` are favourable; the mirror image on the
    scale (at or below ``1 + points - favourable_from``) unfavourable; the rest neutral.
    """
    unfavourable_to = 1 + points - favourable_from
    stmt = (
        select(
            Answer.department_id,
            Answer.dimension_id,
            Answer.item_id,
            func.count(Answer.score),
            func.coalesce(func.sum(Answer.score), 0),
            func.sum(case((Answer.score >= favourable_from, 1), else_=0)),
            func.sum(case((Answer.score <= unfavourable_to, 1), else_=0)),
            func.sum(case((Answer.score.is_(None), 1), else_=0)),
        )
        .where(Answer.cycle_id == cycle_id)
        .group_by(Answer.department_id, Answer.dimension_id, Answer.item_id)
    )
    return [
        ItemRow(*(int(v) if i >= 3 else v for i, v in enumerate(r)))
        for r in db.session.execute(stmt)
    ]


def moment_rows(cycle_id: int) -> list[MomentRow]:
    """Per department and dimension, the moments of the respondents' dimension means.

    The inner GROUP BY gives each respondent's mean over the items they answered in a
    dimension; the outer one sums n, Σ and Σ² per department, enough for a mean, its
    standard deviation and a t interval (scoring.from_moments, mean_t_interval).
    """
    per_person = (
        select(
            Answer.department_id.label("department_id"),
            Answer.dimension_id.label("dimension_id"),
            func.avg(cast(Answer.score, Float)).label("m"),
        )
        .where(Answer.cycle_id == cycle_id, Answer.score.is_not(None))
        .group_by(Answer.department_id, Answer.dimension_id, Answer.response_id)
        .subquery()
    )
    stmt = select(
        per_person.c.department_id,
        per_person.c.dimension_id,
        func.count(),
        func.sum(per_person.c.m),
        func.sum(per_person.c.m * per_person.c.m),
    ).group_by(per_person.c.department_id, per_person.c.dimension_id)
    return [
        MomentRow(d, dim, int(n), float(s), float(ss))
        for d, dim, n, s, ss in db.session.execute(stmt)
    ]


def dimension_matrix(cycle_id: int, item_ids: Iterable[str]) -> dict[str, dict[str, int | None]]:
    """Scores per respondent for the items of one dimension: {response id: {item: score}}.

    Reads only (response_id, item_id, score): Cronbach's alpha needs per-person vectors.
    """
    ids = list(item_ids)
    rows = db.session.execute(
        select(Answer.response_id, Answer.item_id, Answer.score).where(
            Answer.cycle_id == cycle_id, Answer.item_id.in_(ids)
        )
    )
    matrix: dict[str, dict[str, int | None]] = {}
    for response_id, item_id, score in rows:
        matrix.setdefault(response_id, {})[item_id] = score
    return matrix


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


def active_people(department_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Active people per department: the training denominators."""
    stmt = select(User.department_id, func.count()).where(User.active.is_(True))
    if department_ids is not None:
        stmt = stmt.where(User.department_id.in_(list(department_ids)))
    return dict(db.session.execute(stmt.group_by(User.department_id)).all())


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
    return {(d, m): int(n) for d, m, n in db.session.execute(stmt)}


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
    return {d: (int(n), float(avg)) for d, n, avg in db.session.execute(stmt)}


class QuizSummary(NamedTuple):
    module_id: str
    attempts: int
    people: int
    mean_score: float
    passed: int


def quiz_summaries() -> dict[str, QuizSummary]:
    stmt = select(
        QuizAttempt.module_id,
        func.count(),
        func.count(func.distinct(QuizAttempt.user_id)),
        func.avg(QuizAttempt.score_pct),
        func.sum(case((QuizAttempt.passed.is_(True), 1), else_=0)),
    ).group_by(QuizAttempt.module_id)
    return {
        m: QuizSummary(m, int(a), int(p), float(s), int(ok))
        for m, a, p, s, ok in db.session.execute(stmt)
    }


def first_attempt_answers(module_id: str, quiz_version: str) -> list[dict]:
    """Each person's first attempt at the current quiz version: what they chose.

    Item statistics need per-attempt vectors (as Cronbach's alpha does); only the
    answers column of one quiz is read.
    """
    first = (
        select(func.min(QuizAttempt.id))
        .where(QuizAttempt.module_id == module_id, QuizAttempt.quiz_version == quiz_version)
        .group_by(QuizAttempt.user_id)
    )
    return list(db.session.scalars(select(QuizAttempt.answers).where(QuizAttempt.id.in_(first))))
