"""A person's own data, as they can download it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from academy.extensions import db
from academy.models import Cycle, CycleMember, ModuleProgress, QuizAttempt, User, utcnow


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def activity_counts(user: User) -> dict[str, int]:
    def count(model: Any) -> int:
        query = select(func.count()).select_from(model).where(model.user_id == user.id)
        return db.session.scalar(query) or 0

    return {
        "modules": count(ModuleProgress),
        "quiz_attempts": count(QuizAttempt),
        "assessments": db.session.scalar(
            select(func.count())
            .select_from(CycleMember)
            .where(CycleMember.user_id == user.id, CycleMember.answered.is_(True))
        )
        or 0,
    }


def personal_data(user: User) -> dict[str, Any]:
    """Everything stored about `user`. Assessment answers are not included because they
    are stored without anything that links them to a person."""
    progress = db.session.scalars(
        select(ModuleProgress)
        .where(ModuleProgress.user_id == user.id)
        .order_by(ModuleProgress.started_at)
    )
    attempts = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user.id).order_by(QuizAttempt.id)
    )
    cycles = db.session.scalars(
        select(Cycle)
        .join(CycleMember, CycleMember.cycle_id == Cycle.id)
        .where(CycleMember.user_id == user.id, CycleMember.answered.is_(True))
        .order_by(Cycle.opens_on)
    )
    return {
        "exported_at": _when(utcnow()),
        "profile": {
            "email": user.email,
            "given_name": user.given_name,
            "family_name": user.family_name,
            "employee_number": user.employee_number,
            "department": user.department.name,
            "roles": sorted(user.roles),
            "language": user.language,
            "active": user.active,
            "created_at": _when(user.created_at),
            "last_login_at": _when(user.last_login_at),
        },
        "module_progress": [
            {
                "module_id": p.module_id,
                "module_version": p.module_version,
                "started_at": _when(p.started_at),
                "completed_at": _when(p.completed_at),
            }
            for p in progress
        ],
        "quiz_attempts": [
            {
                "module_id": a.module_id,
                "module_version": a.module_version,
                "quiz_version": a.quiz_version,
                "answers": a.answers,
                "points": a.points,
                "max_points": a.max_points,
                "score_pct": a.score_pct,
                "passed": a.passed,
                "started_at": _when(a.started_at),
                "submitted_at": _when(a.submitted_at),
                "duration_seconds": a.duration_seconds,
            }
            for a in attempts
        ],
        "assessments_taken_part_in": [
            {"cycle": c.name, "assessment_id": c.assessment_id, "opens_on": _when(c.opens_on)}
            for c in cycles
        ],
        "assessment_answers": _(
            "Not included: assessment answers are stored anonymously, without anything "
            "that links them to you, so they cannot be found or exported per person."
        ),
    }
