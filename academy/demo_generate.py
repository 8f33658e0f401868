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

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from academy.catalog import Assessment, Catalog, Module
from academy.extensions import db
from academy.models import (
    Answer,
    Cycle,
    CycleHeadcount,
    CycleStatus,
    ModuleProgress,
    Participation,
    QuizAttempt,
    Response,
    User,
    utcnow,
)
from academy.people import get_or_create_department, slugify
from academy.scoring import QuestionKey, score_quiz

ASSESSMENT_ID = "customer-culture"
CHUNK = 5_000

DEPARTMENT_NAMES = (
    "Customer Service",
    "Sales",
    "Operations",
    "Finance",
    "IT",
    "Marketing",
    "Legal",
    "Procurement",
    "Human Resources",
    "Logistics",
    "Quality Assurance",
    "Product Management",
    "Research and Development",
    "Facilities",
    "Customer Success",
    "Field Service",
    "Billing",
    "Claims",
    "Inside Sales",
    "Key Accounts",
    "E-commerce",
    "Retail Stores",
    "Warehouse",
    "Technical Support",
    "Partner Management",
    "Communications",
    "Data and Analytics",
    "Security",
    "Compliance",
    "Internal Audit",
    "Treasury",
    "Payroll",
    "Training",
    "Engineering",
    "Design",
    "Manufacturing",
    "Supply Chain",
    "Returns",
    "Contact Centre North",
    "Contact Centre South",
    "Milan Branch",
    "Rome Branch",
    "Turin Branch",
    "Naples Branch",
    "Bologna Branch",
    "Florence Branch",
    "Export",
    "Tenders",
    "After-Sales",
    "Corporate Affairs",
)

GIVEN_NAMES = (
    "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo",
    "Valentina", "Andrea", "Elena", "Davide", "Martina", "Simone", "Federica", "Paolo",
    "Anna", "Stefano", "Laura", "Giorgio", "Emma", "James", "Sophie", "Daniel", "Olivia",
    "Samuel", "Hannah", "Tommaso", "Irene", "Riccardo", "Beatrice", "Nicola", "Silvia",
)  # fmt: skip
FAMILY_NAMES = (
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
    "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
    "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Smith",
    "Brown", "Taylor", "Walker", "Wright", "Clarke", "Hughes", "Evans",
)  # fmt: skip
COMMENTS = (
    "We often find out about customer problems only when they complain.",
    "Our team leader always asks what the customer would think of a decision.",
    "Handovers between departments lose information the customer already gave us.",
    "We are too busy with internal reports to call customers back on time.",
    "Colleagues share good customer stories at the weekly meeting, and it helps.",
    "Spesso scopriamo i problemi dei clienti solo quando si lamentano.",
    "Nel passaggio tra reparti si perdono informazioni che il cliente ci aveva già dato.",
    "Ringraziamo i clienti solo quando comprano, quasi mai quando ci segnalano un problema.",
    "Più formazione sul campo e meno slide: impariamo dai casi reali.",
    "I processi sono pensati per noi, non per chi ci chiama.",
)


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


@dataclass
class _Dept:
    id: int
    name: str
    size: int
    effect: float
    trend: float
    training: float
    dim_effects: dict[str, float]
    disengaged: bool  # answers assessments much less than the rest
    user_ids: list[int] = field(default_factory=list)


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
    depts = _make_departments(rng, departments, employees, assessment)
    result.departments = len(depts)
    result.small_departments = [d.name for d in depts if d.size < 5]
    _make_users(rng, depts, domain, progress)
    result.users = employees
    result.quiz_attempts = _make_training(rng, catalog, depts)
    db.session.commit()
    if cycles and assessment is not None:
        today = today or date.today()
        for index in range(cycles):
            is_open = open_last and index == cycles - 1
            responses, answers = _make_cycle(
                rng, assessment, depts, index, cycles, is_open, today, progress
            )
            result.responses += responses
            result.answers += answers
            db.session.commit()
        result.cycles = cycles
    return result


def _make_departments(
    rng: random.Random, count: int, employees: int, assessment: Assessment | None
) -> list[_Dept]:
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
            _Dept(
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


def _make_users(
    rng: random.Random, depts: list[_Dept], domain: str, progress: Callable[[int], None]
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


def _quiz_answers(
    rng: random.Random, module: Module, ability: float, difficulty: dict[str, float]
) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    assert module.quiz is not None  # noqa: S101 - callers pass quiz modules only
    for question in module.quiz.questions:
        p_right = 1 / (1 + math.exp(-(ability - difficulty[question.id])))
        correct = [o.id for o in question.options if o.correct]
        wrong = [o.id for o in question.options if not o.correct]
        if rng.random() < p_right or not wrong:
            answers[question.id] = correct if question.type == "multiple" else correct[:1]
        elif question.type == "multiple":
            picks = [o for o in correct if rng.random() < 0.6] + [rng.choice(wrong)]
            answers[question.id] = sorted(picks)
        else:
            # The first wrong option is the tempting one: chosen twice as often.
            answers[question.id] = [rng.choice([wrong[0], *wrong])]
    return answers


def _make_training(rng: random.Random, catalog: Catalog, depts: list[_Dept]) -> int:
    modules = [m for m in catalog.modules.values() if not m.is_draft]
    difficulty = {
        m.id: {q.id: rng.gauss(-0.6, 0.8) for q in m.quiz.questions} for m in modules if m.quiz
    }
    keys = {
        m.id: [QuestionKey(q.id, q.type, q.points, q.correct_ids) for q in m.quiz.questions]  # type: ignore[arg-type]
        for m in modules
        if m.quiz
    }
    now = utcnow()
    progress_rows: list[dict] = []
    attempt_rows: list[dict] = []
    attempts = 0
    for dept in depts:
        slug = slugify(dept.name)
        for user_id in dept.user_ids:
            ability = rng.gauss(0.4 + dept.effect, 0.9)
            for module in modules:
                if not module.is_for(slug):
                    continue
                engagement = dept.training * (1.0 if module.required else 0.55)
                if rng.random() > engagement + 0.1:
                    continue
                started = now - timedelta(days=rng.randint(20, 500), minutes=rng.randint(0, 600))
                completed = None
                if module.quiz is None:
                    completed = started + timedelta(minutes=module.minutes)
                else:
                    for n in range(rng.choice((1, 1, 1, 2, 2, 3))):
                        answers = _quiz_answers(
                            rng, module, ability + 0.5 * n, difficulty[module.id]
                        )
                        scored = score_quiz(
                            keys[module.id],
                            {k: frozenset(v) for k, v in answers.items()},
                            module.quiz.pass_mark,
                        )
                        at = started + timedelta(days=n, minutes=module.minutes)
                        attempt_rows.append(
                            {
                                "user_id": user_id,
                                "module_id": module.id,
                                "module_version": module.version,
                                "quiz_version": module.quiz.version,
                                "submission_token": f"demo-{module.id}-{n}",
                                "answers": answers,
                                "points": scored.points,
                                "max_points": scored.max_points,
                                "score_pct": round(scored.percent, 2),
                                "passed": scored.passed,
                                "started_at": at - timedelta(minutes=4),
                                "submitted_at": at,
                                "duration_seconds": rng.randint(90, 600),
                            }
                        )
                        attempts += 1
                        if scored.passed:
                            completed = at
                            break
                progress_rows.append(
                    {
                        "user_id": user_id,
                        "module_id": module.id,
                        "module_version": module.version,
                        "started_at": started,
                        "completed_at": completed,
                    }
                )
    for start in range(0, len(progress_rows), CHUNK):
        db.session.execute(insert(ModuleProgress.__table__), progress_rows[start : start + CHUNK])
    for start in range(0, len(attempt_rows), CHUNK):
        db.session.execute(insert(QuizAttempt.__table__), attempt_rows[start : start + CHUNK])
    return attempts


def _cycle_dates(index: int, cycles: int, is_open: bool, today: date) -> tuple[date, date]:
    # Quarterly cycles of three weeks; the last one closed a month ago, or is open now.
    back = cycles - 1 - index
    opens = today - timedelta(days=7 if is_open else 51 + 91 * back)
    return opens, opens + timedelta(days=21)


def _make_cycle(
    rng: random.Random,
    assessment: Assessment,
    depts: list[_Dept],
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
