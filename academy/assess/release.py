"""Closing a cycle, in the background: open the sealed answers, shuffle, store, compute.

All in one transaction under the cycle's exclusive lock (academy.assess.locking): the
sealed rows are opened with the configured key, the whole set is put in random order
(a cryptographic shuffle), written to ``responses`` and ``answers`` in that order with
random ids, the sealed rows are deleted (SQLite overwrites deleted content, see
academy.database), the results are computed from the released answers and stored, and
the cycle becomes closed. A job that dies half-way leaves nothing behind and is simply
run again; a cycle already closed is left alone.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import delete, insert, select

from academy import jobs
from academy.assess.cycles import RELEASE_JOB, CycleError, assessment_for
from academy.assess.locking import lock_cycle
from academy.assess.outreach import queue_thanks
from academy.assess.responses import sealer
from academy.assess.sealing import SealedAnswer, SealingError
from academy.catalog import Assessment
from academy.extensions import db
from academy.models import Answer, Cycle, CycleStatus, Response, SealedResponse, utcnow
from academy.reports.results import store_results

#: The source of randomness of the shuffle and of the released ids (a CSPRNG: neither
#: may be predictable).
shuffle_rng: Any = secrets.SystemRandom()

_CHUNK = 5000
T = TypeVar("T")


def _chunks(rows: Sequence[T], size: int) -> Iterator[list[T]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _canonical(answer: SealedAnswer) -> tuple:
    return (
        answer.department_id,
        tuple(-1 if v is None else v for v in answer.values),
        answer.comment or "",
    )


def _rows(
    cycle_id: int, assessment: Assessment, opened: list[SealedAnswer]
) -> tuple[list[dict], list[dict]]:
    dimension_of = {item.id: dim.id for dim in assessment.dimensions for item in dim.items}
    points = assessment.points
    responses: list[dict] = []
    answers: list[dict] = []
    for answer in opened:
        response_id = f"{shuffle_rng.getrandbits(128):032x}"
        responses.append(
            {
                "id": response_id,
                "cycle_id": cycle_id,
                "department_id": answer.department_id,
                "comment": answer.comment,
            }
        )
        for item, value in zip(assessment.items, answer.values, strict=True):
            score = value if value is None or not item.reverse else (1 + points) - value
            answers.append(
                {
                    "response_id": response_id,
                    "item_id": item.id,
                    "dimension_id": dimension_of[item.id],
                    "cycle_id": cycle_id,
                    "department_id": answer.department_id,
                    "value": value,
                    "score": score,
                }
            )
    return responses, answers


@jobs.job(RELEASE_JOB)
def release_cycle(cycle_id: int, progress: jobs.Progress) -> None:
    status = lock_cycle(cycle_id, exclusive=True)
    if status == CycleStatus.CLOSED:
        db.session.rollback()
        return
    if status != CycleStatus.CLOSING:
        db.session.rollback()
        raise jobs.JobFailed(f"cycle {cycle_id} is not closing (it is {status})")
    cycle = db.session.get_one(Cycle, cycle_id)
    db.session.refresh(cycle)
    try:
        assessment = assessment_for(cycle)
    except CycleError:
        raise jobs.JobFailed(f"the questionnaire of cycle {cycle_id} cannot be read") from None
    # Streamed and opened one by one: only the small opened answers are kept in memory.
    sealed = db.session.execute(
        select(SealedResponse.payload)
        .where(SealedResponse.cycle_id == cycle_id)
        .execution_options(yield_per=500)
    ).scalars()
    box = sealer()
    try:
        opened = [box.open(cycle_id, assessment.version, blob) for blob in sealed]
    except SealingError as exc:
        raise jobs.JobFailed(f"cycle {cycle_id}: {exc}") from None
    total = len(opened)
    # Sorted by content first, so the order in which the sealed rows were read (which
    # may follow their storage) has no say at all; then shuffled.
    opened.sort(key=_canonical)
    shuffle_rng.shuffle(opened)
    # Written in chunks of people, in the shuffled order: a few thousand rows in memory
    # at a time, whatever the size of the cycle.
    for chunk in _chunks(opened, _CHUNK // len(assessment.items) + 1):
        responses, answers = _rows(cycle_id, assessment, chunk)
        db.session.execute(insert(Response.__table__), responses)
        db.session.execute(insert(Answer.__table__), answers)
    del opened
    db.session.execute(delete(SealedResponse).where(SealedResponse.cycle_id == cycle_id))
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = utcnow()
    db.session.flush()
    store_results(cycle, assessment)
    if cycle.thank:
        queue_thanks(cycle)
    db.session.commit()
    progress(total, total)


@jobs.job("cycle.results")
def compute_results(cycle_id: int, progress: jobs.Progress) -> None:
    """Compute (or recompute with a newer computation) a closed cycle's stored results."""
    from academy.reports.results import rebuild_results

    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None or cycle.status != CycleStatus.CLOSED:
        return
    try:
        assessment = assessment_for(cycle)
    except CycleError:
        raise jobs.JobFailed(f"the questionnaire of cycle {cycle_id} cannot be read") from None
    rebuild_results(cycle, assessment)
    db.session.commit()
