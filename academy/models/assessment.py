"""Assessment cycles and their anonymous answers.

Anonymity is structural (DESIGN.md invariant 3): a Response carries its cycle, the
respondent's department at submission time and the date, never a user id or a time of
day, and its id is random. Participation records who answered, not what or when.
The anonymous tables are WITHOUT ROWID on SQLite so that not even a hidden rowid keeps
the submission order.
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.models.base import utcnow


def random_id() -> str:
    return secrets.token_hex(16)


class CycleStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Cycle(db.Model):
    __tablename__ = "cycles"
    __table_args__ = (
        # At most one open cycle per assessment, enforced by the database.
        Index(
            "uq_cycles_one_open_per_assessment",
            "assessment_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[str] = mapped_column(String(100))
    assessment_version: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    status: Mapped[CycleStatus] = mapped_column(
        Enum(
            CycleStatus,
            native_enum=False,
            length=10,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=CycleStatus.DRAFT,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    headcounts: Mapped[list[CycleHeadcount]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class CycleHeadcount(db.Model):
    """Active employees per department when the cycle opened: the participation denominator."""

    __tablename__ = "cycle_headcounts"

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)
    headcount: Mapped[int]


class Participation(db.Model):
    """Who has answered a cycle: one row per person, no date, nothing about the answers."""

    __tablename__ = "participations"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 - SQLAlchemy reads it once

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_cycle_department", "cycle_id", "department_id"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    submitted_on: Mapped[date]
    assessment_version: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str | None] = mapped_column(Text)

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan")


class Answer(db.Model):
    """One Likert answer. cycle and department are repeated so reports group without joins.

    `value` is what the person chose (NULL = don't know); `score` is the value after
    reversal of reverse-keyed items, so every aggregate reads one column.
    """

    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_report", "cycle_id", "department_id", "dimension_id", "item_id", "score"),
        {"sqlite_with_rowid": False},
    )

    response_id: Mapped[str] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    dimension_id: Mapped[str] = mapped_column(String(64))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    value: Mapped[int | None] = mapped_column(SmallInteger)
    score: Mapped[int | None] = mapped_column(SmallInteger)
