"""Demo data for a first run: departments, one login per role and a small company.

The company's last assessment cycle is left open, so the demo employee is invited to
answer on the home page (the generated people answered, the demo logins did not).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from academy import demo_generate
from academy.content import get_catalog
from academy.extensions import db
from academy.learn.attempts import Ticket, submit_attempt
from academy.learn.services import start_module
from academy.models import Department, User, utcnow
from academy.people import create_user, get_or_create_department
from academy.training.assignments import create_assignment

DEPARTMENTS = (
    ("Customer Service", "customer-service"),
    ("Sales", "sales"),
    ("Operations", "operations"),
    ("Finance", "finance"),
    ("IT", "it"),
    ("Marketing", "marketing"),
)

# A small company so that HR sees insights on the first run.
SAMPLE = {"employees": 150, "departments": 8, "cycles": 3, "seed": 2024, "open_last": True}

DEMO_PEOPLE = (
    # email, given name, family name, department slug, roles, language
    ("employee@example.com", "Elena", "Ricci", "customer-service", set(), "en"),
    ("trainer@example.com", "Tommaso", "Bianchi", "operations", {"trainer"}, "en"),
    ("hr@example.com", "Hana", "Rossi", "finance", {"hr"}, "en"),
    ("manager@example.com", "Marco", "Esposito", "customer-service", {"manager"}, "it"),
    ("admin@example.com", "Alberto", "Conti", "it", {"admin"}, "en"),
)


def real_people() -> int:
    """People whose address is not one of the demo's (example.com and its subdomains)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(~User.email.like("%@example.com"), ~User.email.like("%.example.com"))
        )
        or 0
    )


def logins_file(instance_path: str) -> Path:
    return Path(instance_path) / "demo-logins.txt"


def seed(instance_path: str) -> list[tuple[str, str, str]] | None:
    """Create the demo departments and people once. Returns the logins, or None if the
    database already has people (the demo never overwrites real data)."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return None
    departments = {slug: get_or_create_department(name, slug) for name, slug in DEPARTMENTS}
    logins = []
    for email, given, family, dept, roles, language in DEMO_PEOPLE:
        # Random per installation: no password is ever committed to the repository.
        password = secrets.token_urlsafe(9)
        create_user(
            email=email,
            given_name=given,
            family_name=family,
            department=departments[dept],
            roles=roles,
            password=password,
            language=language,
        )
        logins.append((", ".join(sorted(roles)) or "employee", email, password))
    manager = User.by_email("manager@example.com")
    if manager is not None:
        manager.set_managed_departments(
            {departments["customer-service"].id, departments["sales"].id}
        )
    db.session.commit()
    demo_generate.generate(get_catalog(), **SAMPLE)
    _demo_activity()
    _demo_assignments(departments["customer-service"])
    path = logins_file(instance_path)
    path.write_text("".join(f"{role}\t{email}\t{pw}\n" for role, email, pw in logins))
    path.chmod(0o600)
    return logins


def _demo_activity() -> None:
    """A first step for the demo logins, taken through the learning services.

    The employee has opened the first module; the trainer and HR have passed its quiz,
    so quiz statistics and the training report include a login the viewer knows.
    """
    catalog = get_catalog()
    first = next(iter(catalog.visible_modules()), None)
    if first is None:
        return
    start_module(User.by_email("employee@example.com"), first)
    if first.quiz is None:
        return
    right = {q.id: sorted(q.correct_ids) for q in first.quiz.questions}
    for email in ("trainer@example.com", "hr@example.com"):
        user = User.by_email(email)
        start_module(user, first)
        started = utcnow() - timedelta(minutes=first.minutes)
        ticket = Ticket(secrets.token_urlsafe(24), user.id, first.id, first.quiz.version, started)
        submit_attempt(user, first, ticket, right)


def _demo_assignments(department: Department) -> None:
    """Required training with due dates: one for everyone, one already overdue for
    Customer Service, so people see due dates and the manager an overdue list."""
    modules = [m for m in get_catalog().visible_modules() if not m.required]
    hr = User.by_email("hr@example.com")
    if len(modules) < 2 or hr is None:
        return
    create_assignment(hr, module_id=modules[0].id, department=None, due_on=None, due_days=30)
    overdue = (utcnow() - timedelta(days=5)).date()
    create_assignment(
        hr, module_id=modules[1].id, department=department, due_on=overdue, due_days=None
    )


def read_logins(instance_path: str) -> list[tuple[str, str, str]]:
    path = logins_file(instance_path)
    if not path.exists():
        return []
    rows = [line.split("\t") for line in path.read_text().splitlines() if line.strip()]
    return [(r[0], r[1], r[2]) for r in rows if len(r) == 3]
