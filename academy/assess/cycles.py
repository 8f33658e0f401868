"""Assessment cycles (HR): create, open, close; who is asked in them.

No Flask request, flash or login here: views turn the errors below into messages.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from academy import jobs
from academy.assess.locking import lock_cycle
from academy.assess.outreach import queue_announcement
from academy.audit import record
from academy.catalog import Assessment
from academy.content import QuestionnaireError, cycle_questionnaire, get_catalog, kept_questionnaire
from academy.extensions import db
from academy.models import Cycle, CycleMember, CycleStatus, Person, User, utcnow

RELEASE_JOB = "cycle.release"


class CycleError(Exception):
    """A cycle change or a response was refused; `reason` names why, for the view."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def local_today() -> date:
    """Today in the organisation's time zone."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def assessment_for(cycle: Cycle) -> Assessment:
    """The cycle's questionnaire: as kept when it opened (the content file for a draft)."""
    try:
        return cycle_questionnaire(cycle)
    except (QuestionnaireError, ValueError):
        raise CycleError("assessment_unavailable") from None


def open_cycle_of(assessment_id: str | None = None) -> Cycle | None:
    """The open cycle (of one assessment, or the most recently opened of any)."""
    query = select(Cycle).where(Cycle.status == CycleStatus.OPEN)
    if assessment_id is not None:
        query = query.where(Cycle.assessment_id == assessment_id)
    return db.session.scalar(query.order_by(Cycle.opened_at.desc(), Cycle.id.desc()).limit(1))


def create_cycle(
    *, assessment_id: str, name: str, opens_on: date, closes_on: date, actor: Person | None
) -> Cycle:
    """A draft cycle; nothing is asked of anyone until HR opens it."""
    if get_catalog().assessment(assessment_id) is None:
        raise CycleError("assessment_unavailable")
    if closes_on <= opens_on:
        raise CycleError("dates")
    cycle = Cycle(assessment_id=assessment_id, name=name, opens_on=opens_on, closes_on=closes_on)
    db.session.add(cycle)
    db.session.flush()
    record(actor, "cycle.created", target_type="cycle", target_id=cycle.id, target_label=name)
    db.session.commit()
    return cycle


def open_cycle(cycle: Cycle, actor: Person | None, *, announce: bool | None = None) -> None:
    """Open a draft cycle: keep its questionnaire, ask everyone active today, and (when
    `announce`, by default the cycle's own setting) email them the announcement.

    A closed cycle is never reopened: its participation rates and results are final,
    and people who did not answer were told it had ended. Start a new cycle instead.
    """
    # Two openings at once (HR's click and the schedule): the second waits, then sees it open.
    if lock_cycle(cycle.id, exclusive=True) != CycleStatus.DRAFT:
        db.session.rollback()
        raise CycleError("not_draft")
    db.session.refresh(cycle)
    current = get_catalog().assessment(cycle.assessment_id)
    if current is None:
        raise CycleError("assessment_unavailable")
    if db.session.scalar(
        select(Cycle.id).where(
            Cycle.assessment_id == cycle.assessment_id,
            Cycle.status.in_((CycleStatus.OPEN, CycleStatus.CLOSING)),
        )
    ):
        raise CycleError("another_open")
    try:
        source, frozen = kept_questionnaire(current)
    except (OSError, ValueError):
        raise CycleError("assessment_unavailable") from None
    # Read everything before changing anything, so no autoflush writes the status early.
    people = db.session.execute(
        select(User.id, User.department_id).where(User.active.is_(True))
    ).all()
    cycle.status = CycleStatus.OPEN
    cycle.opened_at = utcnow()
    cycle.assessment_source = source
    cycle.assessment_version = frozen.version
    cycle.auto_open = False
    cycle.schedule_problem = None
    if announce is not None:
        cycle.announce = announce
    try:
        # Two HR people opening cycles at once: the partial unique index lets one win.
        db.session.flush()
        if people:
            db.session.execute(
                insert(CycleMember),
                [{"cycle_id": cycle.id, "user_id": u, "department_id": d} for u, d in people],
            )
        record(
            actor,
            "cycle.opened",
            target_type="cycle",
            target_id=cycle.id,
            target_label=cycle.name,
            asked=len(people),
        )
        if cycle.announce and people:
            queue_announcement(cycle, actor)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise CycleError("another_open") from None


def close_cycle(cycle: Cycle, actor: Person | None) -> None:
    """Stop taking answers and have the results computed in the background.

    The cycle reads "closing" until the release job has opened the sealed answers,
    stored them in shuffled order and computed the results; then it is closed.
    """
    status = lock_cycle(cycle.id, exclusive=True)
    if status != CycleStatus.OPEN:
        db.session.rollback()
        raise CycleError("not_open")
    db.session.refresh(cycle)
    cycle.status = CycleStatus.CLOSING
    cycle.auto_close = False
    record(actor, "cycle.closed", target_type="cycle", target_id=cycle.id, target_label=cycle.name)
    jobs.enqueue(
        RELEASE_JOB,
        key=f"cycle-release:{cycle.id}",
        cycle_id=cycle.id,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.commit()


def _plan_of(cycle: Cycle) -> dict[str, object]:
    return {
        "opens_on": cycle.opens_on.isoformat(),
        "closes_on": cycle.closes_on.isoformat(),
        "auto_open": cycle.auto_open,
        "auto_close": cycle.auto_close,
        "announce": cycle.announce,
        "thank": cycle.thank,
    }


def change_plan(
    cycle: Cycle,
    actor: Person | None,
    *,
    opens_on: date | None = None,
    closes_on: date | None = None,
    auto_open: bool | None = None,
    auto_close: bool | None = None,
    announce: bool | None = None,
    thank: bool | None = None,
) -> None:
    """Change a cycle's planned dates and what happens by itself. Dates of a cycle that
    has opened cannot move its opening; a closed cycle changes no more."""
    if cycle.status in (CycleStatus.CLOSING, CycleStatus.CLOSED):
        raise CycleError("not_open")
    if cycle.status != CycleStatus.DRAFT and (
        (opens_on is not None and opens_on != cycle.opens_on) or auto_open
    ):
        raise CycleError("not_draft")
    new_opens = opens_on or cycle.opens_on
    new_closes = closes_on or cycle.closes_on
    if new_closes <= new_opens:
        raise CycleError("dates")
    if closes_on is not None and cycle.status == CycleStatus.OPEN and closes_on < local_today():
        raise CycleError("closes_in_past")
    before = _plan_of(cycle)
    cycle.opens_on, cycle.closes_on = new_opens, new_closes
    for name, value in (
        ("auto_open", auto_open),
        ("auto_close", auto_close),
        ("announce", announce),
        ("thank", thank),
    ):
        if value is not None:
            setattr(cycle, name, value)
    if auto_open is not None:
        cycle.schedule_problem = None
    after = _plan_of(cycle)
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changed:
        record(
            actor,
            "cycle.planned",
            target_type="cycle",
            target_id=cycle.id,
            target_label=cycle.name,
            **changed,
        )
    db.session.commit()


# ----------------------------------------------------------------------- who is asked


def member_of(cycle_id: int, user_id: int) -> CycleMember | None:
    return db.session.scalar(
        select(CycleMember).where(CycleMember.cycle_id == cycle_id, CycleMember.user_id == user_id)
    )


def has_answered(cycle: Cycle, user: Person) -> bool:
    member = member_of(cycle.id, user.id)
    return member is not None and member.answered
