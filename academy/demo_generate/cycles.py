"""Generated assessment cycles, answered and closed the way real ones are.

Each cycle is opened (its questionnaire kept, everyone active asked), the generated
people's answers are sealed and stored as they would be when submitted, and a closed
cycle is then released and its results computed by the same code as a real close.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from academy.assess.release import release_cycle
from academy.assess.responses import sealer
from academy.assess.sealing import SealedAnswer
from academy.catalog import Assessment
from academy.content import kept_questionnaire
from academy.demo_generate.names import COMMENTS
from academy.demo_generate.people import CHUNK, Dept
from academy.extensions import db
from academy.models import Cycle, CycleMember, CycleStatus, SealedResponse, User
from academy.models.assessment import random_id


def _cycle_dates(index: int, cycles: int, is_open: bool, today: date) -> tuple[date, date]:
    # Quarterly cycles of three weeks; the last one closed a month ago, or is open now.
    back = cycles - 1 - index
    opens = today - timedelta(days=7 if is_open else 51 + 91 * back)
    return opens, opens + timedelta(days=21)


def _answers(
    rng: random.Random, assessment: Assessment, dept: Dept, index: int, misread: str | None
) -> tuple[int | None, ...]:
    """One person's answers as chosen (before reversal), from the department's culture."""
    points = assessment.points
    baseline = {
        d.id: 0.25 + 0.3 * math.sin(1.7 * k + 0.4) for k, d in enumerate(assessment.dimensions)
    }
    person = rng.gauss(0, 0.55)
    reads_wrong = rng.random() < 0.45
    values: list[int | None] = []
    for dim in assessment.dimensions:
        level = (
            baseline[dim.id] + dept.effect + dept.dim_effects.get(dim.id, 0.0) + dept.trend * index
        )
        for item in dim.items:
            if rng.random() < 0.04:
                values.append(None)
                continue
            latent = 3 + level + person + rng.gauss(0, 0.8)
            score = min(points, max(1, round(latent)))
            value = (1 + points) - score if item.reverse else score
            if item.id == misread and reads_wrong:
                # Misread negative statement: the answer is not really reversed.
                value = score
            values.append(value)
    return tuple(values)


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
    source, frozen = kept_questionnaire(assessment)
    cycle = Cycle(
        assessment_id=frozen.id,
        assessment_version=frozen.version,
        assessment_source=source,
        name=f"{opens.year} Q{quarter} (demo {index + 1})",
        opens_on=opens,
        closes_on=closes,
        status=CycleStatus.OPEN,
        opened_at=datetime.combine(opens, time(8, 0)),
        # Made-up history: nobody is emailed about it.
        announce=False,
        thank=False,
    )
    db.session.add(cycle)
    db.session.flush()
    people = db.session.execute(select(User.id, User.department_id).where(User.active.is_(True)))
    # Only generated people answer; real ones (the demo logins) are asked like everyone.
    dept_of = {user_id: d for d in depts for user_id in d.user_ids}
    misread = next((i.id for d in frozen.dimensions for i in d.items if i.reverse), None)
    box = sealer()
    members: list[dict] = []
    sealed: list[dict] = []
    responses = 0
    for user_id, department_id in people:
        dept = dept_of.get(user_id)
        answered = False
        if dept is not None:
            rate = min(0.98, 0.72 + 0.25 * dept.training + 0.03 * index + rng.gauss(0, 0.05))
            if dept.disengaged:
                rate -= 0.3
            if is_open:
                rate *= 0.55
            answered = rng.random() <= rate
        members.append(
            {
                "cycle_id": cycle.id,
                "user_id": user_id,
                "department_id": department_id,
                "answered": answered,
            }
        )
        if answered:
            comment = rng.choice(COMMENTS) if rng.random() < 0.18 else None
            answer = SealedAnswer(
                department_id, _answers(rng, frozen, dept, index, misread), comment
            )
            sealed.append(
                {
                    "id": random_id(),
                    "cycle_id": cycle.id,
                    "payload": box.seal(cycle.id, frozen.version, answer),
                }
            )
            responses += 1
        if len(sealed) >= CHUNK:
            db.session.execute(insert(SealedResponse.__table__), sealed)
            sealed.clear()
    for start in range(0, len(members), CHUNK * 4):
        db.session.execute(insert(CycleMember.__table__), members[start : start + CHUNK * 4])
    if sealed:
        db.session.execute(insert(SealedResponse.__table__), sealed)
    progress(sum(d.size for d in depts))
    if is_open:
        return responses, responses * len(frozen.items)
    cycle.status = CycleStatus.CLOSING
    db.session.commit()
    release_cycle(cycle.id, progress=lambda *_args: None)
    closed = db.session.get_one(Cycle, cycle.id)
    closed.closed_at = datetime.combine(min(closes, today), time(18, 0))
    db.session.commit()
    return responses, responses * len(frozen.items)
