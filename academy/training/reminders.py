"""Training reminders: automatic ones around due dates (once a day), and ones HR or a
manager sends to people with required training still to do."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from academy import jobs
from academy.assess.schedule import at_local, schedule_time
from academy.audit import record
from academy.extensions import db
from academy.jobs.periodic import every_minute
from academy.models import Delivery, DeliveryStatus, Job, Person, User, utcnow
from academy.outreach import Planned, plan, send_batch
from academy.training.emails import DUE_SOON, OVERDUE, REMIND
from academy.training.requirements import (
    DONE,
    PersonRef,
    assignments,
    live_modules,
    requirements_by_person,
    standings,
    today,
)

DUE_JOB = "training.due"
REMIND_JOB = "training.remind"
_DELIVERED = (DeliveryStatus.SENT, DeliveryStatus.SENDING, DeliveryStatus.UNCERTAIN)


def active_people(department_ids: Iterable[int] | None = None) -> list[PersonRef]:
    query = select(User.id, User.department_id, User.created_at).where(User.active.is_(True))
    if department_ids is not None:
        query = query.where(User.department_id.in_(list(department_ids)))
    return [PersonRef(*row) for row in db.session.execute(query.order_by(User.id))]


@every_minute("training")
def queue_due_reminders(now: datetime) -> list[str]:
    """Once a day, at SCHEDULE_TIME: queue the due-date reminders of the day."""
    day = today()
    if now < at_local(day, schedule_time()):
        return []
    key = f"training-due:{day.isoformat()}"
    already = db.session.scalar(
        select(Job.id).where(Job.name == DUE_JOB, Job.args["batch"].as_string() == key).limit(1)
    )
    if already is not None:
        return []
    jobs.enqueue(DUE_JOB, key=key, batch=key)
    db.session.commit()
    return [f"training reminders of {day.isoformat()}"]


@jobs.job(DUE_JOB)
def due_reminders(batch: str, progress: jobs.Progress) -> None:
    """Plan a "due soon" email (TRAINING_REMIND_BEFORE_DAYS ahead) and an "overdue" one
    (the day after) per person and required module with a due date, then send them. The
    keys name the due date, so each is sent once, and again only if the date moves."""
    if db.session.scalar(select(Delivery.id).where(Delivery.batch == batch).limit(1)) is None:
        now = today()
        before = current_app.config["TRAINING_REMIND_BEFORE_DAYS"]
        people = active_people()
        rules = assignments()
        modules = live_modules()
        soon: list[Planned] = []
        late: list[Planned] = []
        for start in range(0, len(people), 500):
            chunk = people[start : start + 500]
            required = requirements_by_person(chunk, rules, modules)
            for person_id, mine in standings(chunk, required).items():
                for s in mine:
                    if s.due_on is None or s.status(now) == DONE:
                        continue
                    args = {"module_id": s.module_id, "due_on": s.due_on.isoformat()}
                    stem = f"{person_id}:{s.module_id}:{s.due_on.isoformat()}"
                    if now > s.due_on:
                        late.append(Planned(f"training-overdue:{stem}", person_id, args))
                    elif (s.due_on - now).days <= before:
                        soon.append(Planned(f"training-soon:{stem}", person_id, args))
        plan(batch, DUE_SOON, soon)
        plan(batch, OVERDUE, late)
        db.session.commit()
    send_batch(batch, progress)


def people_with_training_to_do(
    department_ids: Iterable[int] | None, *, overdue_only: bool = False
) -> list[int]:
    people = active_people(department_ids)
    required = requirements_by_person(people)
    now = today()
    wanted = []
    for person_id, mine in standings(people, required).items():
        statuses = {s.status(now) for s in mine} - {DONE}
        if statuses and (not overdue_only or "overdue" in statuses):
            wanted.append(person_id)
    return wanted


def queue_training_reminder(actor: Person, user_ids: list[int]) -> Job:
    batch = f"training-remind:{secrets.token_hex(8)}"
    job = jobs.enqueue(
        REMIND_JOB, batch=batch, user_ids=user_ids, sender=actor.name, created_by_id=actor.id
    )
    record(actor, "training.reminded", target_type="job", target_id=job.id, people=len(user_ids))
    return job


@jobs.job(REMIND_JOB)
def send_training_reminder(
    batch: str, user_ids: list[int], sender: str, progress: jobs.Progress
) -> None:
    if db.session.scalar(select(Delivery.id).where(Delivery.batch == batch).limit(1)) is None:
        since = utcnow() - timedelta(days=1)
        recent = set(
            db.session.scalars(
                select(func.distinct(Delivery.user_id)).where(
                    Delivery.kind == REMIND,
                    Delivery.status.in_(_DELIVERED),
                    Delivery.sent_at >= since,
                )
            )
        )
        plan(
            batch,
            REMIND,
            [
                Planned(
                    f"{batch}:{u}", u, {"sender": sender}, skip="recent" if u in recent else None
                )
                for u in user_ids
            ],
        )
        db.session.commit()
    send_batch(batch, progress)
