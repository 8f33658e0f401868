"""Generated departments and people."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from academy.catalog import Assessment
from academy.demo_generate.names import DEPARTMENT_NAMES, FAMILY_NAMES, GIVEN_NAMES
from academy.extensions import db
from academy.models import User, utcnow
from academy.people import get_or_create_department, slugify

CHUNK = 5_000


@dataclass
class Dept:
    """A generated department with the hidden parameters its answers are drawn from."""

    id: int
    name: str
    size: int
    effect: float
    trend: float
    training: float
    dim_effects: dict[str, float]
    disengaged: bool  # answers assessments much less than the rest
    user_ids: list[int] = field(default_factory=list)


def make_departments(
    rng: random.Random, count: int, employees: int, assessment: Assessment | None
) -> list[Dept]:
    names = [
        DEPARTMENT_NAMES[i % len(DEPARTMENT_NAMES)]
        + ("" if i < len(DEPARTMENT_NAMES) else f" {i // len(DEPARTMENT_NAMES) + 1}")
        for i in range(count)
    ]
    # A few very small departments (3-4 people) so that suppression shows in reports.
    small = {i: 3 + (k % 2) for k, i in enumerate(i for i in range(count) if i % 20 == 6)}
    if sum(small.values()) + 6 * (count - len(small)) > employees:
        small = {}
    rest = employees - sum(small.values())
    weights = [rng.lognormvariate(0, 0.6) if i not in small else 0.0 for i in range(count)]
    big = [i for i in range(count) if i not in small]
    minimum = min(6, rest // len(big))
    spare = rest - minimum * len(big)
    total_weight = sum(weights[i] for i in big)
    sizes = {i: minimum + int(spare * weights[i] / total_weight) for i in big}
    for k in range(rest - sum(sizes.values())):  # rounding leftovers
        sizes[big[k % len(big)]] += 1
    sizes.update(small)

    dims = [d.id for d in assessment.dimensions] if assessment else []
    depts = []
    for i, name in enumerate(names):
        dept = get_or_create_department(name, slugify(name))
        effect = rng.gauss(0, 0.35)
        depts.append(
            Dept(
                id=dept.id,
                name=name,
                size=sizes[i],
                effect=effect,
                trend=rng.gauss(0.07, 0.07),
                training=min(0.97, max(0.2, 0.62 + 0.45 * effect + rng.gauss(0, 0.08))),
                dim_effects={d: rng.gauss(0, 0.2) for d in dims},
                disengaged=rng.random() < 0.12,
            )
        )
    db.session.commit()
    return depts


def make_users(
    rng: random.Random, depts: list[Dept], domain: str, progress: Callable[[int], None]
) -> None:
    rows = []
    n = 0
    for dept in depts:
        for _ in range(dept.size):
            n += 1
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            local = f"{slugify(given)}.{slugify(family).replace('-', '')}.{n}"
            rows.append(
                {
                    "email": f"{local}@{domain}",
                    "given_name": given,
                    "family_name": family,
                    "department_id": dept.id,
                    "language": rng.choice(("en", "it", "it")),
                    "password_hash": None,
                    "active": True,
                    "session_version": 1,
                    "created_at": utcnow(),
                }
            )
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        db.session.execute(insert(User.__table__), chunk)
        progress(len(chunk))
    db.session.flush()
    ids = db.session.execute(
        select(User.id, User.department_id).where(User.email.like(f"%@{domain}")).order_by(User.id)
    )
    by_dept = {d.id: d for d in depts}
    for user_id, dept_id in ids:
        by_dept[dept_id].user_ids.append(user_id)
