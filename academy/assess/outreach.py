"""Telling people about a cycle: the announcement when it opens, reminders to those who
have not answered, and thanks when it closes. Each send is a job (academy.outreach)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from academy import jobs
from academy.assess.emails import ANNOUNCE, REMIND, THANK
from academy.extensions import db
from academy.models import (
    Cycle,
    CycleMember,
    CycleReminder,
    CycleStatus,
    Delivery,
    DeliveryStatus,
    Job,
    Person,
    User,
    utcnow,
)
from academy.outreach import Planned, plan, send_batch

ANNOUNCE_JOB = "cycle.announce"
REMIND_JOB = "cycle.remind"
THANK_JOB = "cycle.thank"

# A reminder counts towards the maximum once it may have reached the person.
_COUNTED = (
    DeliveryStatus.PENDING,
    DeliveryStatus.SENDING,
    DeliveryStatus.SENT,
    DeliveryStatus.UNCERTAIN,
)


def announce_batch(cycle_id: int) -> str:
    return f"cycle-announce:{cycle_id}"


def reminder_batch(reminder_id: int) -> str:
    return f"cycle-remind:{reminder_id}"


def thank_batch(cycle_id: int) -> str:
    return f"cycle-thank:{cycle_id}"


def queue_announcement(cycle: Cycle, actor: Person | None) -> Job:
    """In the opening transaction: email everyone asked once it commits."""
    batch = announce_batch(cycle.id)
    return jobs.enqueue(
        ANNOUNCE_JOB,
        key=batch,
        batch=batch,
        cycle_id=cycle.id,
        created_by_id=getattr(actor, "id", None),
    )


def queue_thanks(cycle: Cycle) -> Job:
    batch = thank_batch(cycle.id)
    return jobs.enqueue(THANK_JOB, key=batch, batch=batch, cycle_id=cycle.id)


def _members(cycle_id: int, *, unanswered: bool) -> list[int]:
    query = (
        select(CycleMember.user_id)
        .join(User, User.id == CycleMember.user_id)
        .where(CycleMember.cycle_id == cycle_id, User.active.is_(True))
        .order_by(CycleMember.user_id)
    )
    if unanswered:
        query = query.where(CycleMember.answered.is_(False))
    return [u for u in db.session.scalars(query) if u is not None]


def _send_to_members(
    cycle_id: int, batch: str, kind: str, status: CycleStatus, progress: jobs.Progress
) -> None:
    """Plan one message per person asked (only those yet to answer, while it is open)
    if the cycle is still in `status`, then send whatever of the batch is pending."""
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is not None and cycle.status == status:
        members = _members(cycle_id, unanswered=status == CycleStatus.OPEN)
        plan(
            batch,
            kind,
            (Planned(f"{batch}:{u}", u, {"cycle_id": cycle_id}) for u in members),
            cycle_id=cycle_id,
        )
        db.session.commit()
    send_batch(batch, progress)


@jobs.job(ANNOUNCE_JOB)
def announce(cycle_id: int, batch: str, progress: jobs.Progress) -> None:
    _send_to_members(cycle_id, batch, ANNOUNCE, CycleStatus.OPEN, progress)


@jobs.job(THANK_JOB)
def thank(cycle_id: int, batch: str, progress: jobs.Progress) -> None:
    _send_to_members(cycle_id, batch, THANK, CycleStatus.CLOSED, progress)


# ----------------------------------------------------------------------------- reminders


def reminders_received(cycle_id: int) -> dict[int, int]:
    """How many reminders of this cycle each person has been sent (or is being sent)."""
    return dict(
        db.session.execute(
            select(Delivery.user_id, func.count())
            .where(
                Delivery.cycle_id == cycle_id,
                Delivery.kind == REMIND,
                Delivery.status.in_(_COUNTED),
            )
            .group_by(Delivery.user_id)
        ).all()
    )


def remind_now(cycle: Cycle, actor: Person | None) -> CycleReminder:
    """Remind everyone who has not answered, now (a job does the sending)."""
    now = utcnow()
    row = CycleReminder(cycle_id=cycle.id, send_at=now, created_by_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    dispatch_reminder(row, actor)
    return row


def schedule_reminder(cycle: Cycle, send_at: datetime, actor: Person | None) -> CycleReminder:
    row = CycleReminder(
        cycle_id=cycle.id, send_at=send_at, created_by_id=getattr(actor, "id", None)
    )
    db.session.add(row)
    db.session.flush()
    return row


def dispatch_reminder(row: CycleReminder, actor: Person | None = None) -> Job:
    """Hand a due reminder to the job queue, once (the caller commits)."""
    batch = reminder_batch(row.id)
    job = jobs.enqueue(
        REMIND_JOB,
        key=batch,
        batch=batch,
        reminder_id=row.id,
        created_by_id=getattr(actor, "id", None) or row.created_by_id,
    )
    row.sent_at = utcnow()
    row.job_id = job.id
    return job


@jobs.job(REMIND_JOB)
def remind(reminder_id: int, batch: str, progress: jobs.Progress) -> None:
    row = db.session.get(CycleReminder, reminder_id)
    if row is None:
        return
    cycle = db.session.get(Cycle, row.cycle_id)
    already = db.session.scalar(select(func.count()).where(Delivery.batch == batch))
    if cycle is not None and cycle.status == CycleStatus.OPEN and not already:
        limit = current_app.config["REMINDERS_MAX_PER_CYCLE"]
        received = reminders_received(cycle.id)
        plan(
            batch,
            REMIND,
            (
                Planned(
                    f"{batch}:{u}",
                    u,
                    {"cycle_id": cycle.id},
                    skip="limit" if received.get(u, 0) >= limit else None,
                )
                for u in _members(cycle.id, unanswered=True)
            ),
            cycle_id=cycle.id,
        )
        db.session.commit()
    send_batch(batch, progress)
