"""Small factories for tests: real rows through the app's own services."""

from __future__ import annotations

import itertools

from academy.extensions import db
from academy.models import Department, User
from academy.people import create_user, get_or_create_department

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def department(name: str | None = None, slug: str | None = None) -> Department:
    n = next(_seq)
    dept = get_or_create_department(name or f"Department {n}", slug)
    db.session.commit()
    return dept


def user(
    *roles: str,
    email: str | None = None,
    dept: Department | None = None,
    password: str | None = PASSWORD,
    language: str | None = None,
    active: bool = True,
    given_name: str = "Test",
    family_name: str = "Person",
) -> User:
    n = next(_seq)
    u = create_user(
        email=email or f"person{n}@example.com",
        given_name=given_name,
        family_name=family_name,
        department=dept or department(),
        roles=set(roles),
        password=password,
        language=language,
    )
    u.active = active
    db.session.commit()
    return u
