"""Assessment cycles, who is asked in them, and their anonymous answers.

Anonymity is structural (DESIGN.md invariant 3, ARCHITECTURE.md "Anonymous answers"):

* ``cycle_members`` records who is asked in a cycle, in which department, and whether
  they have answered: never what, never when.
* While a cycle is open an answer exists only as a ``sealed_responses`` row: ciphertext
  under a key kept in the application's configuration, never in the database.
* When the cycle closes, every sealed answer is opened, the whole set is shuffled and
  written to ``responses`` / ``answers`` in one transaction, and the sealed rows are
  deleted. A released answer carries its cycle and the department it was asked in,
  nothing else: no user, no date or time, no id or physical position that follows the
  order of submission.

The answer tables are WITHOUT ROWID on SQLite so that no hidden rowid numbers them.
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Enum,
    ForeignKey,
    Index,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.models.base import utcnow


def random_id() -> str:
    return secrets.token_hex(16)


class CycleStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    # Closed to new answers; its sealed answers are being released and its results
    # computed (a background job). Reads as "closing" until the results are stored.
    CLOSING = "closing"
    CLOSED = "closed"


class Cycle(db.Model):
    __tablename__ = "cycles"
    __table_args__ = (
        # At most one open (or closing) cycle per assessment, enforced by the database.
        Index(
            "uq_cycles_one_open_per_assessment",
            "assessment_id",
            unique=True,
            sqlite_where=text("status IN ('open', 'closing')"),
            postgresql_where=text("status IN ('open', 'closing')"),
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
    # Open and close by themselves at the planned dates (academy.schedule).
    auto_open: Mapped[bool] = mapped_column(default=False)
    auto_close: Mapped[bool] = mapped_column(default=False)
    # Email everyone asked when it opens, and thank them when it closes.
    announce: Mapped[bool] = mapped_column(default=True)
    thank: Mapped[bool] = mapped_column(default=True)
    # Why a scheduled opening could not happen (a CycleError reason), shown to HR.
    schedule_problem: Mapped[str | None] = mapped_column(String(40))
    # The questionnaire file as it was when the cycle opened: answers, scores and reports
    # of the cycle use this text, whatever later happens to the content files.
    assessment_source: Mapped[str | None] = mapped_column(Text)


class CycleReminder(db.Model):
    """A reminder to the people who have not answered yet, sent now or at ``send_at``."""

    __tablename__ = "cycle_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    send_at: Mapped[datetime]  # naive UTC
    sent_at: Mapped[datetime | None]  # when it was handed to the job queue
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CycleMember(db.Model):
    """One person asked in a cycle: the participation denominator and numerator.

    Decided when the cycle opens (everyone active, in their department that day) and
    grown only when someone joins or returns while it is open (``joined_late``). A person
    counts in the department they were asked in, even if they move afterwards, and their
    answer is filed under it, so responses never exceed the people asked anywhere.
    ``answered`` says that they took part; nothing here says what or when.
    """

    __tablename__ = "cycle_members"
    __table_args__ = (UniqueConstraint("cycle_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    # Erasing a person keeps the (now anonymous) count of the cycle they were asked in.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    joined_late: Mapped[bool] = mapped_column(default=False)
    answered: Mapped[bool] = mapped_column(default=False)


class SealedResponse(db.Model):
    """An answer of an open cycle, encrypted (academy.assess.sealing) until the cycle closes."""

    __tablename__ = "sealed_responses"
    __table_args__ = (
        Index("ix_sealed_responses_cycle", "cycle_id"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class Response(db.Model):
    """A released answer: its cycle, the department it was asked in, the comment."""

    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_cycle_department", "cycle_id", "department_id"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
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


class CycleResult(db.Model):
    """Everything the reports show for a closed cycle, computed once when it closed.

    Only figures that passed the disclosure rules are in ``payload``: a report of a closed
    cycle reads this row and nothing else, so it cannot show more than was decided then,
    and it shows the same thing forever. ``version`` is the version of the computation
    (academy.reports.results.COMPUTATION_VERSION); `flask insights precompute` rebuilds
    older ones deliberately.
    """

    __tablename__ = "cycle_results"

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the computation started from that the database does not keep as it was
    # (department names, who was asked, training at close): a rebuild reuses it.
    inputs: Mapped[dict] = mapped_column(JSON)
    payload: Mapped[dict] = mapped_column(JSON)
