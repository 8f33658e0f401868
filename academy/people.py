"""People use cases shared by the CLI, the demo data and administration."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from academy.auth.services import hash_password
from academy.extensions import db
from academy.models import Department, User


class PeopleError(ValueError):
    """A people operation was refused; the message says why."""


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def get_or_create_department(name: str, slug: str | None = None) -> Department:
    slug = slug or slugify(name)
    dept = db.session.scalar(select(Department).where(Department.slug == slug))
    if dept is None:
        dept = Department(name=name, slug=slug)
        db.session.add(dept)
        db.session.flush()
    return dept


def create_user(
    *,
    email: str,
    given_name: str,
    family_name: str = "",
    department: Department,
    roles: set[str] | frozenset[str] = frozenset(),
    password: str | None = None,
    language: str | None = None,
    employee_number: str | None = None,
) -> User:
    """Create a user (not committed). Raises PeopleError if the email is taken."""
    email = email.strip().lower()
    if User.by_email(email) is not None:
        raise PeopleError(f"a user with email {email} already exists")
    user = User(
        email=email,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        department=department,
        language=language,
        employee_number=employee_number or None,
        password_hash=hash_password(password) if password else None,
    )
    user.set_roles(set(roles))
    db.session.add(user)
    db.session.flush()
    return user
