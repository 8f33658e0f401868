"""What happens to cycles by itself: opening and closing on their planned dates, and
scheduled reminders. Times are in the organisation's time zone (TIMEZONE), stored and
compared in naive UTC like every other timestamp."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from academy.assess.cycles import CycleError, close_cycle, open_cycle
from academy.assess.outreach import dispatch_reminder
from academy.extensions import db
from academy.jobs.periodic import every_minute
from academy.models import Cycle, CycleReminder, CycleStatus

log = logging.getLogger("academy.schedule")


def organisation_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def schedule_time() -> time:
    """The time of day scheduled openings and reminders happen (SCHEDULE_TIME)."""
    hours, _sep, minutes = str(current_app.config["SCHEDULE_TIME"]).partition(":")
    return time(int(hours), int(minutes or 0))


def at_local(day: date, moment: time) -> datetime:
    """`day` at `moment` in the organisation's time zone, as naive UTC."""
    local = datetime.combine(day, moment, tzinfo=organisation_zone())
    return local.astimezone(UTC).replace(tzinfo=None)


def opening_time(cycle: Cycle) -> datetime:
    return at_local(cycle.opens_on, schedule_time())


def closing_time(cycle: Cycle) -> datetime:
    """The end of the closing date: people may answer all of that day."""
    return at_local(cycle.closes_on + timedelta(days=1), time(0, 0))


def reminder_time(cycle: Cycle, days_before: int) -> datetime:
    return at_local(cycle.closes_on - timedelta(days=days_before), schedule_time())


@every_minute("cycles")
def run_due(now: datetime) -> list[str]:
    """Do whatever is due at `now` (naive UTC); returns what was done, for the log.

    Safe to run from several workers at once and as often as wanted: every step only
    acts on a cycle or reminder still in the state that makes it due, under a lock.
    """
    done: list[str] = []
    for cycle in db.session.scalars(
        select(Cycle).where(Cycle.status == CycleStatus.DRAFT, Cycle.auto_open.is_(True))
    ).all():
        if opening_time(cycle) <= now:
            try:
                open_cycle(cycle, None)
            except CycleError as exc:
                db.session.rollback()
                if exc.reason != "not_draft" and cycle.schedule_problem != exc.reason:
                    cycle.schedule_problem = exc.reason
                    db.session.commit()
                log.warning("cycle %s could not open as planned: %s", cycle.id, exc.reason)
            else:
                done.append(f"opened cycle {cycle.id}")
    for cycle in db.session.scalars(
        select(Cycle).where(Cycle.status == CycleStatus.OPEN, Cycle.auto_close.is_(True))
    ).all():
        if closing_time(cycle) <= now:
            try:
                close_cycle(cycle, None)
            except CycleError:
                db.session.rollback()
            else:
                done.append(f"closed cycle {cycle.id}")
    due = db.session.execute(
        select(CycleReminder, Cycle)
        .join(Cycle, Cycle.id == CycleReminder.cycle_id)
        .where(
            CycleReminder.sent_at.is_(None),
            CycleReminder.send_at <= now,
            Cycle.status == CycleStatus.OPEN,
        )
        .with_for_update(of=CycleReminder, skip_locked=True)
    ).all()
    for reminder, cycle in due:
        if cycle.opened_at is not None and reminder.send_at < cycle.opened_at:
            # Planned for before the cycle opened: sending it now would follow the
            # announcement within the minute. It is dropped, and shown as such.
            reminder.sent_at = now
            done.append(f"dropped reminder {reminder.id}")
        else:
            dispatch_reminder(reminder)
            done.append(f"reminder {reminder.id}")
    db.session.commit()
    return done
