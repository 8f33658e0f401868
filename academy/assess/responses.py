"""Answering the open cycle: one sealed, anonymous response per person.

No Flask request, flash or login here: views turn the errors below into messages.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from academy.assess.cycles import CycleError, assessment_for, member_of
from academy.assess.locking import lock_cycle
from academy.assess.sealing import SealedAnswer, Sealer
from academy.catalog import Assessment
from academy.extensions import db
from academy.models import Cycle, CycleMember, CycleStatus, Person, SealedResponse
from academy.scoring import ItemKey, ResponseScores, score_response

DONT_KNOW = None


class AlreadyAnswered(CycleError):
    """This person has already answered this cycle."""

    def __init__(self) -> None:
        super().__init__("already_answered")


class CycleNotOpen(CycleError):
    """The cycle closed (or started closing) before the answer could be taken."""

    def __init__(self) -> None:
        super().__init__("closed")


class IncompleteResponse(CycleError):
    """Some items have no answer (not even "don't know"); `missing` lists their ids."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("incomplete")
        self.missing = missing


def sealer() -> Sealer:
    config = current_app.config
    return Sealer([config["SEALING_KEY"], *config["SEALING_KEY_FALLBACKS"]])


def checked_answers(
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


def personal_scores(assessment: Assessment, answers: Mapping[str, int | None]) -> ResponseScores:
    """Scores of one person's answers, computed in memory and never stored."""
    return score_response(
        {d.id: [ItemKey(i.id, i.reverse) for i in d.items] for d in assessment.dimensions},
        answers,
        assessment.points,
        assessment.favourable_from,
    )


def submit_response(
    cycle: Cycle, user: Person, answers: Mapping[str, int | None], comment: str | None
) -> ResponseScores:
    """Seal one anonymous response and return the person's own scores.

    `answers` maps every item id to 1..points or None ("don't know"). In one transaction,
    under the cycle's shared lock (academy.assess.locking): the cycle is checked to be
    open, the person's membership is marked answered (only one answer per person gets
    through, even when two arrive at once), and the answer is stored sealed, filed under
    the department the person was asked in. Raises CycleNotOpen when the cycle closed
    first: nothing is stored, and the view gives the answers back.
    """
    assessment = assessment_for(cycle)
    checked = checked_answers(assessment, answers)
    if lock_cycle(cycle.id, exclusive=False) != CycleStatus.OPEN:
        db.session.rollback()
        raise CycleNotOpen
    member = member_of(cycle.id, user.id)
    if member is None:
        # Joined after the cycle opened without being added then: asked from now on,
        # in the department they are in today.
        if user.department_id is None:
            db.session.rollback()
            raise CycleError("no_department")
        member = CycleMember(
            cycle_id=cycle.id, user_id=user.id, department_id=user.department_id, joined_late=True
        )
        db.session.add(member)
        try:
            db.session.flush()
        except IntegrityError:
            # The same person's other submission, a moment earlier, added them first.
            db.session.rollback()
            raise AlreadyAnswered from None
    marked = db.session.execute(
        update(CycleMember)
        .where(CycleMember.id == member.id, CycleMember.answered.is_(False))
        .values(answered=True)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not marked:
        db.session.rollback()
        raise AlreadyAnswered
    text = (comment or "").strip() or None
    sealed = sealer().seal(
        cycle.id,
        assessment.version,
        SealedAnswer(member.department_id, tuple(checked[i.id] for i in assessment.items), text),
    )
    db.session.add(SealedResponse(cycle_id=cycle.id, payload=sealed))
    db.session.commit()
    return personal_scores(assessment, checked)
