"""Assessment use cases: cycles (HR) and anonymous responses (everyone).

No Flask request, flash or login here: views turn the errors below into messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from academy.audit import record
from academy.catalog import Assessment
from academy.content import get_catalog
from academy.extensions import db
from academy.insights.precompute import store_closed_cycle
from academy.models import (
    Answer,
    Cycle,
    CycleHeadcount,
    CycleStatus,
    Participation,
    Response,
    User,
    utcnow,
)
from academy.scoring import ItemKey, ResponseScores, reverse, score_response

DONT_KNOW = None


class CycleError(Exception):
    """A cycle change or a response was refused; `reason` names why, for the view."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AlreadyAnswered(CycleError):
    """This person has already answered this cycle."""

    def __init__(self) -> None:
        super().__init__("already_answered")


class IncompleteResponse(CycleError):
    """Some items have no answer (not even "don't know"); `missing` lists their ids."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("incomplete")
        self.missing = missing


def local_today() -> date:
    """Today in the organisation's time zone: the only time a response carries."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def assessment_for(cycle: Cycle) -> Assessment:
    assessment = get_catalog().assessment(cycle.assessment_id)
    if assessment is None:
        raise CycleError("assessment_unavailable")
    return assessment


def open_cycle_of(assessment_id: str | None = None) -> Cycle | None:
    """The open cycle (of one assessment, or the most recently opened of any)."""
    query = select(Cycle).where(Cycle.status == CycleStatus.OPEN)
    if assessment_id is not None:
        query = query.where(Cycle.assessment_id == assessment_id)
    return db.session.scalar(query.order_by(Cycle.opened_at.desc(), Cycle.id.desc()).limit(1))


def has_answered(cycle: Cycle, user: User) -> bool:
    return db.session.get(Participation, (cycle.id, user.id)) is not None


def create_cycle(
    *, assessment_id: str, name: str, opens_on: date, closes_on: date, actor: User | None
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


def _active_headcounts() -> list[tuple[int, int]]:
    return list(
        db.session.execute(
            select(User.department_id, func.count())
            .where(User.active.is_(True))
            .group_by(User.department_id)
        )
    )


def open_cycle(cycle: Cycle, actor: User | None) -> None:
    """Open a draft cycle: record today's headcounts, the assessment version, and invite.

    A closed cycle is never reopened: its participation rates and results are final,
    and people who did not answer were told it had ended. Start a new cycle instead.
    """
    if cycle.status != CycleStatus.DRAFT:
        raise CycleError("not_draft")
    assessment = assessment_for(cycle)
    if open_cycle_of(cycle.assessment_id) is not None:
        raise CycleError("another_open")
    # Read everything before changing anything, so no autoflush writes the status early.
    headcounts = _active_headcounts()
    cycle.status = CycleStatus.OPEN
    cycle.opened_at = utcnow()
    cycle.assessment_version = assessment.version
    cycle.headcounts = [CycleHeadcount(department_id=d, headcount=n) for d, n in headcounts]
    record(actor, "cycle.opened", target_type="cycle", target_id=cycle.id, target_label=cycle.name)
    try:
        db.session.commit()
    except IntegrityError:
        # Two HR people opening cycles at once: the partial unique index lets one win.
        db.session.rollback()
        raise CycleError("another_open") from None


def close_cycle(cycle: Cycle, actor: User | None) -> None:
    """Close an open cycle and store its aggregates in the same transaction.

    Its answers are final from now on, so the reports' GROUP BYs run once here and every
    later report (on any instance) reads the stored rows.
    """
    if cycle.status != CycleStatus.OPEN:
        raise CycleError("not_open")
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = utcnow()
    record(actor, "cycle.closed", target_type="cycle", target_id=cycle.id, target_label=cycle.name)
    assessment = get_catalog().assessment(cycle.assessment_id)
    if assessment is not None:
        store_closed_cycle(cycle, assessment)
    try:
        db.session.commit()
    except IntegrityError:
        # Two HR people closing at once: the other one's aggregates were stored first.
        db.session.rollback()
        raise CycleError("not_open") from None


def _checked_answers(
    assessment: Assessment, answers: Mapping[str, int | None]
) -> dict[str, int | None]:
    missing = [item.id for item in assessment.items if item.id not in answers]
    if missing:
        raise IncompleteResponse(missing)
    checked: dict[str, int | None] = {}
    for item in assessment.items:
        value = answers[item.id]
        if value is DONT_KNOW and assessment.dont_know:
            checked[item.id] = None
        elif isinstance(value, int) and 1 <= value <= assessment.points:
            checked[item.id] = value
        else:
            raise CycleError("invalid_answer")
    return checked


def _score(value: int | None, reverse_keyed: bool, points: int) -> int | None:
    if value is None or not reverse_keyed:
        return value
    return reverse(value, points)


def personal_scores(assessment: Assessment, answers: Mapping[str, int | None]) -> ResponseScores:
    """Scores of one person's answers, computed in memory and never stored."""
    return score_response(
        {d.id: [ItemKey(i.id, i.reverse) for i in d.items] for d in assessment.dimensions},
        answers,
        assessment.points,
        assessment.favourable_from,
    )


def submit_response(
    cycle: Cycle, user: User, answers: Mapping[str, int | None], comment: str | None
) -> ResponseScores:
    """Store one anonymous response and return the person's own scores.

    `answers` maps every item id to 1..points or None ("don't know"). The participation
    (cycle, user) and the response are written in one transaction: the participation's
    primary key lets only one response per person in, even under concurrent submissions.
    The response carries the department and the date, never the person or the time.
    """
    if cycle.status != CycleStatus.OPEN:
        raise CycleError("closed")
    assessment = assessment_for(cycle)
    checked = _checked_answers(assessment, answers)
    if has_answered(cycle, user):
        raise AlreadyAnswered
    db.session.add(Participation(cycle_id=cycle.id, user_id=user.id))
    try:
        # Flushed first and alone, so a concurrent duplicate fails here, before any answer.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if has_answered(cycle, user):
            raise AlreadyAnswered from None
        raise
    department_id = user.department_id
    response = Response(
        cycle_id=cycle.id,
        department_id=department_id,
        submitted_on=local_today(),
        assessment_version=assessment.version,
        comment=(comment or "").strip() or None,
    )
    dimension_of = {item.id: dim.id for dim in assessment.dimensions for item in dim.items}
    response.answers = [
        Answer(
            item_id=item.id,
            dimension_id=dimension_of[item.id],
            cycle_id=cycle.id,
            department_id=department_id,
            value=checked[item.id],
            score=_score(checked[item.id], item.reverse, assessment.points),
        )
        for item in assessment.items
    ]
    db.session.add(response)
    db.session.commit()
    return personal_scores(assessment, checked)
