"""Learning activity, keyed by the content's stable module id and version hash."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from academy.extensions import db
from academy.models.base import utcnow


class ModuleProgress(db.Model):
    """First visit and completion of a module by a user."""

    __tablename__ = "module_progress"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    module_version: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        # A form carries a one-time token: a second submit of the same form is the same attempt.
        UniqueConstraint("user_id", "submission_token"),
        Index("ix_quiz_attempts_module_user", "module_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(String(100))
    module_version: Mapped[str] = mapped_column(String(64))
    quiz_version: Mapped[str] = mapped_column(String(64))
    submission_token: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict] = mapped_column(JSON)
    points: Mapped[float]
    max_points: Mapped[float]
    score_pct: Mapped[float]
    passed: Mapped[bool]
    started_at: Mapped[datetime]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    duration_seconds: Mapped[int]


class Assignment(db.Model):
    """A module HR requires of a department (or of everyone, department NULL), due by a
    date or within a number of days of joining (academy.training.requirements)."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("(due_on IS NULL) <> (due_days IS NULL)", name="one_due_rule"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[str] = mapped_column(String(100), index=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date | None]
    due_days: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
