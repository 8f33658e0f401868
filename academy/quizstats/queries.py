"""SQL for the trainers' quiz statistics."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import case, func, select

from academy.extensions import db
from academy.models import QuizAttempt


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
