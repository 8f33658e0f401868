"""Believable demo data at scale: people, training activity and assessment cycles.

`flask demo generate` (and, small, `flask demo seed`) call :func:`generate`. Everything
is drawn from one ``random.Random(seed)``, so the same arguments give the same data.

Culture is simulated, not sampled from thin air: each department has a latent culture
level (a company baseline per dimension, a department effect, a department×dimension
effect and a trend per cycle); each respondent adds a personal effect and each answer
some noise. Departments whose culture is stronger also train more, so the training page
shows a relationship. One reverse-keyed item is misread by part of the respondents (as
happens with negatively worded statements), so the reliability page has something to
flag. Rows are written with bulk INSERTs in chunks; generated people get no password.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from academy.catalog import Catalog
from academy.demo_generate.cycles import make_cycle
from academy.demo_generate.people import make_departments, make_users
from academy.demo_generate.training import make_training
from academy.extensions import db
from academy.models import Cycle, CycleStatus, User

ASSESSMENT_ID = "customer-culture"


class GenerateError(ValueError):
    """The demo data could not be generated; the message says why."""


@dataclass
class GenerateResult:
    departments: int = 0
    users: int = 0
    quiz_attempts: int = 0
    cycles: int = 0
    responses: int = 0
    answers: int = 0
    small_departments: list[str] = field(default_factory=list)


def total_steps(employees: int, cycles: int) -> int:
    """Units of work reported through ``on_progress``: one per person and per cycle-person."""
    return employees * (1 + cycles)


def generate(
    catalog: Catalog,
    *,
    employees: int,
    departments: int,
    cycles: int,
    seed: int,
    open_last: bool = False,
    today: date | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> GenerateResult:
    """Create departments, people, training activity and ``cycles`` assessment cycles.

    Commits in chunks. Refuses to run twice with the same seed on one database
    (people's addresses would collide).
    """
    if employees < 1 or departments < 1 or cycles < 0:
        raise GenerateError("need at least 1 employee and 1 department, and cycles >= 0")
    if employees < departments * 3:
        raise GenerateError("need at least 3 employees per department")
    assessment = catalog.assessment(ASSESSMENT_ID)
    if cycles and assessment is None:
        raise GenerateError(f"the assessment {ASSESSMENT_ID!r} is not in the content catalog")
    if open_last and db.session.scalar(
        select(func.count()).select_from(Cycle).where(Cycle.status == CycleStatus.OPEN)
    ):
        raise GenerateError("a cycle is already open: generate without --open-last")
    domain = f"gen{seed}.example.com"
    taken = db.session.scalar(
        select(func.count()).select_from(User).where(User.email.like(f"%@{domain}"))
    )
    if taken:
        raise GenerateError(f"data for seed {seed} already exists: choose another --seed")

    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    progress = on_progress or (lambda _n: None)
    result = GenerateResult()
    depts = make_departments(rng, departments, employees, assessment)
    result.departments = len(depts)
    result.small_departments = [d.name for d in depts if d.size < 5]
    make_users(rng, depts, domain, progress)
    result.users = employees
    result.quiz_attempts = make_training(rng, catalog, depts)
    db.session.commit()
    if cycles and assessment is not None:
        today = today or date.today()
        for index in range(cycles):
            is_open = open_last and index == cycles - 1
            responses, answers = make_cycle(
                rng, assessment, depts, index, cycles, is_open, today, progress
            )
            result.responses += responses
            result.answers += answers
            db.session.commit()
        result.cycles = cycles
    return result
