"""Generated assessment cycles: headcounts, participation and anonymous answers."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from academy.catalog import Assessment
from academy.demo_generate.names import COMMENTS
from academy.demo_generate.people import CHUNK, Dept
from academy.extensions import db
from academy.models import (
    Answer,
    Cycle,
    CycleHeadcount,
    CycleStatus,
    Participation,
    Response,
    User,
)


def _cycle_dates(index: int, cycles: int, is_open: bool, today: date) -> tuple[date, date]:
    # Quarterly cycles of three weeks; the last one closed a month ago, or is open now.
    back = cycles - 1 - index
    opens = today - timedelta(days=7 if is_open else 51 + 91 * back)
    return opens, opens + timedelta(days=21)


def make_cycle(
    rng: random.Random,
    assessment: Assessment,
    depts: list[Dept],
    index: int,
    cycles: int,
    is_open: bool,
    today: date,
    progress: Callable[[int], None],
) -> tuple[int, int]:
    opens, closes = _cycle_dates(index, cycles, is_open, today)
    quarter = (opens.month - 1) // 3 + 1
    cycle = Cycle(
        assessment_id=assessment.id,
        assessment_version=assessment.version,
        name=f"{opens.year} Q{quarter} (demo {index + 1})",
        opens_on=opens,
        closes_on=closes,
        status=CycleStatus.OPEN if is_open else CycleStatus.CLOSED,
        opened_at=datetime.combine(opens, time(8, 0)),
        closed_at=None if is_open else datetime.combine(closes, time(18, 0)),
    )
    db.session.add(cycle)
    db.session.flush()
    headcounts = db.session.execute(
        select(User.department_id, func.count())
        .where(User.active.is_(True))
        .group_by(User.department_id)
    )
    db.session.execute(
        insert(CycleHeadcount.__table__),
        [{"cycle_id": cycle.id, "department_id": d, "headcount": n} for d, n in headcounts],
    )

    points = assessment.points
    dims = assessment.dimensions
    baseline = {d.id: 0.25 + 0.3 * math.sin(1.7 * k + 0.4) for k, d in enumerate(dims)}
    misread = next((i.id for d in dims for i in d.items if i.reverse), None)
    days = max(1, (min(closes, today) - opens).days)
    responses = answers = 0
    response_rows: list[dict] = []
    answer_rows: list[dict] = []
    participation_rows: list[dict] = []
    for dept in depts:
        rate = min(0.98, 0.72 + 0.25 * dept.training + 0.03 * index + rng.gauss(0, 0.05))
        if dept.disengaged:
            rate -= 0.3
        if is_open:
            rate *= 0.55
        for user_id in dept.user_ids:
            if rng.random() > rate:
                continue
            participation_rows.append({"cycle_id": cycle.id, "user_id": user_id})
            response_id = f"{rng.getrandbits(128):032x}"
            comment = rng.choice(COMMENTS) if rng.random() < 0.18 else None
            response_rows.append(
                {
                    "id": response_id,
                    "cycle_id": cycle.id,
                    "department_id": dept.id,
                    "submitted_on": opens + timedelta(days=rng.randint(0, days)),
                    "assessment_version": assessment.version,
                    "comment": comment,
                }
            )
            person = rng.gauss(0, 0.55)
            reads_wrong = rng.random() < 0.45
            for dim in dims:
                level = (
                    baseline[dim.id] + dept.effect + dept.dim_effects[dim.id] + dept.trend * index
                )
                for item in dim.items:
                    if rng.random() < 0.04:
                        value = score = None
                    else:
                        latent = 3 + level + person + rng.gauss(0, 0.8)
                        score = min(points, max(1, round(latent)))
                        value = (1 + points) - score if item.reverse else score
                        if item.id == misread and reads_wrong:
                            # Misread negative statement: the answer is not really reversed.
                            value = score
                            score = (1 + points) - value
                    answer_rows.append(
                        {
                            "response_id": response_id,
                            "item_id": item.id,
                            "dimension_id": dim.id,
                            "cycle_id": cycle.id,
                            "department_id": dept.id,
                            "value": value,
                            "score": score,
                        }
                    )
            responses += 1
            if len(answer_rows) >= CHUNK * 4:
                answers += _flush(response_rows, answer_rows, participation_rows)
        progress(len(dept.user_ids))
    answers += _flush(response_rows, answer_rows, participation_rows)
    return responses, answers


def _flush(responses: list[dict], answers: list[dict], participations: list[dict]) -> int:
    if responses:
        db.session.execute(insert(Response.__table__), responses)
        db.session.execute(insert(Participation.__table__), participations)
    for start in range(0, len(answers), CHUNK * 4):
        db.session.execute(insert(Answer.__table__), answers[start : start + CHUNK * 4])
    written = len(answers)
    responses.clear()
    answers.clear()
    participations.clear()
    return written
