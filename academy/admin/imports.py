"""Importing people from a CSV file.

Every row is checked first and the report says, row by row, what would be created,
updated, left unchanged or rejected and why. A real run writes only when every row is
valid, and then writes all of them in one transaction: a file is imported entirely or
not at all. Existing people are matched by email, else by employee number, so
importing the same file again changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from academy.admin.csvfile import CsvRow, read_table
from academy.admin.services import record_role_change
from academy.audit import record
from academy.extensions import db
from academy.models import ROLES, Department, User
from academy.people import slugify

CREATE, UPDATE, UNCHANGED, REJECT = "create", "update", "unchanged", "reject"
LANGUAGES = ("en", "it")
_LIMITS = {"given_name": 100, "family_name": 100, "employee_number": 64}


@dataclass
class RowResult:
    line: int
    email: str
    action: str
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult]
    new_departments: list[str]
    file_errors: list[str]
    dry_run: bool
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.count(REJECT)


@dataclass
class _Plan:
    result: RowResult
    user: User | None = None
    values: dict[str, Any] = field(default_factory=dict)


class _Planner:
    """Checks rows against the database and each other, reading only."""

    def __init__(self, columns: tuple[str, ...], create_departments: bool, actor: User | None):
        self.columns = columns
        self.create_departments = create_departments
        self.actor = actor
        users = list(db.session.scalars(select(User)))
        self.by_email = {u.email.lower(): u for u in users}
        self.by_number = {u.employee_number: u for u in users if u.employee_number}
        self.admins_before = {u.id for u in users if u.active and "admin" in u.roles}
        departments = list(db.session.scalars(select(Department)))
        self.dept_by_slug = {d.slug: d for d in departments}
        self.dept_by_name = {d.name.casefold(): d for d in departments}
        self.new_departments: dict[str, str] = {}
        self.seen_emails: Counter[str] = Counter()
        self.seen_numbers: Counter[str] = Counter()

    def count_duplicates(self, rows: list[CsvRow]) -> None:
        for row in rows:
            if row.shape_error is None:
                self.seen_emails[row.values.get("email", "").lower()] += 1
                if row.values.get("employee_number"):
                    self.seen_numbers[row.values["employee_number"]] += 1

    def plan(self, row: CsvRow) -> _Plan:
        v = row.values
        plan = _Plan(RowResult(row.line, v.get("email", ""), REJECT))
        errors = plan.result.errors
        if row.shape_error:
            errors.append(row.shape_error)
            return plan
        email = self._email(v.get("email", ""), errors)
        values: dict[str, Any] = {"email": email}
        for name in ("given_name", "family_name", "employee_number"):
            if name in v:
                values[name] = v[name] or (None if name == "employee_number" else "")
                if len(v[name]) > _LIMITS[name]:
                    errors.append(
                        _(
                            "%(column)s is longer than %(n)d characters",
                            column=name,
                            n=_LIMITS[name],
                        )
                    )
        if not v.get("given_name"):
            errors.append(_("given_name is empty"))
        number = v.get("employee_number") or None
        if number and self.seen_numbers[number] > 1:
            errors.append(_("employee number %(number)s appears more than once", number=number))
        user = self._match(email, number, errors)
        values["department"] = self._department(v.get("department", ""), user, errors)
        if "roles" in v:
            values["roles"] = self._roles(v["roles"], errors)
            if _is_self(user, self.actor) and "admin" not in values["roles"]:
                errors.append(_("you cannot remove your own administrator role"))
        if v.get("language"):
            values["language"] = self._language(v["language"], errors)
        if errors:
            return plan
        plan.user, plan.values = user, values
        if user is None:
            plan.result.action = CREATE
        else:
            plan.result.changes = _changes(user, values)
            plan.result.action = UPDATE if plan.result.changes else UNCHANGED
        return plan

    def _email(self, raw: str, errors: list[str]) -> str:
        if not raw:
            errors.append(_("email is empty"))
            return ""
        try:
            email = validate_email(raw, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            errors.append(_("“%(value)s” is not a valid email address", value=raw))
            return raw.lower()
        if self.seen_emails[raw.lower()] > 1:
            errors.append(_("%(email)s appears more than once in the file", email=raw))
        return email

    def _match(self, email: str, number: str | None, errors: list[str]) -> User | None:
        by_email = self.by_email.get(email)
        by_number = self.by_number.get(number) if number else None
        if by_email and by_number and by_email is not by_number:
            errors.append(
                _(
                    "employee number %(number)s belongs to another person (%(email)s)",
                    number=number,
                    email=by_number.email,
                )
            )
        return by_email or by_number

    def _department(self, raw: str, user: User | None, errors: list[str]) -> Any:
        if not raw:
            errors.append(_("department is empty"))
            return None
        dept = (
            self.dept_by_slug.get(raw.lower())
            or self.dept_by_slug.get(slugify(raw))
            or self.dept_by_name.get(raw.casefold())
        )
        if dept is not None:
            if dept.archived and (user is None or user.department_id != dept.id):
                errors.append(_("the department “%(name)s” is archived", name=dept.name))
            return dept
        slug = slugify(raw)
        if not self.create_departments:
            errors.append(
                _(
                    "unknown department “%(name)s”: create it first, or allow creating "
                    "unknown departments",
                    name=raw,
                )
            )
        elif not slug:
            errors.append(_("“%(name)s” cannot be used as a department name", name=raw))
        else:
            self.new_departments.setdefault(slug, raw)
        return slug

    def _roles(self, raw: str, errors: list[str]) -> frozenset[str]:
        roles = [r.lower() for r in re.split(r"[;,\s]+", raw) if r]
        for role in roles:
            if role not in ROLES:
                errors.append(
                    _(
                        "unknown role “%(role)s”: use trainer, hr or admin, separated by "
                        "semicolons or spaces",
                        role=role,
                    )
                )
        return frozenset(r for r in roles if r in ROLES)

    def _language(self, raw: str, errors: list[str]) -> str | None:
        language = raw.lower()
        if language not in LANGUAGES:
            errors.append(
                _("unknown language “%(value)s” (use en, it or leave it empty)", value=raw)
            )
            return None
        return language

    def admin_check(self, plans: list[_Plan]) -> list[str]:
        """The import must not leave nobody able to administer the site."""
        admins = set(self.admins_before)
        new_admins = 0
        for plan in plans:
            roles = plan.values.get("roles")
            if plan.result.action == REJECT or roles is None:
                continue
            if plan.user is None:
                new_admins += "admin" in roles
            elif "admin" in roles and plan.user.active:
                admins.add(plan.user.id)
            else:
                admins.discard(plan.user.id)
        if self.admins_before and not admins and not new_admins:
            return [_("After this import nobody would be an active administrator.")]
        return []


def _is_self(user: User | None, actor: User | None) -> bool:
    return user is not None and actor is not None and user.id == actor.id


def _changes(user: User, values: dict[str, Any]) -> list[str]:
    changes = []
    if values["email"] != user.email:
        changes.append("email")
    for name in ("given_name", "family_name"):
        if name in values and values[name] != getattr(user, name):
            changes.append(name)
    # An empty employee number or language leaves the current one as it is.
    if values.get("employee_number") and values["employee_number"] != user.employee_number:
        changes.append("employee_number")
    dept = values["department"]
    if not isinstance(dept, Department) or dept.id != user.department_id:
        changes.append("department")
    if "roles" in values and values["roles"] != user.roles:
        changes.append("roles")
    if values.get("language") and values["language"] != user.language:
        changes.append("language")
    return changes


def run_import(
    data: bytes,
    *,
    actor: User | None,
    dry_run: bool,
    create_departments: bool = False,
    filename: str = "",
    channel: str = "web",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check `data` (a CSV file's bytes) and, unless `dry_run`, import it if it is valid.

    Raises CsvFileError when the file as a whole cannot be read.
    """
    table = read_table(data)
    planner = _Planner(table.columns, create_departments, actor)
    planner.count_duplicates(table.rows)
    plans = []
    for row in table.rows:
        plans.append(planner.plan(row))
        if progress:
            progress(1)
    report = ImportReport(
        rows=[p.result for p in plans],
        new_departments=sorted(planner.new_departments.values(), key=str.casefold),
        file_errors=planner.admin_check(plans),
        dry_run=dry_run,
    )
    if dry_run or not report.ok:
        return report
    _apply(plans, planner.new_departments, actor, report, filename, channel)
    report.applied = True
    return report


def _apply(
    plans: list[_Plan],
    new_departments: dict[str, str],
    actor: User | None,
    report: ImportReport,
    filename: str,
    channel: str,
) -> None:
    created = {slug: Department(name=name, slug=slug) for slug, name in new_departments.items()}
    db.session.add_all(created.values())
    try:
        for plan in plans:
            if plan.result.action in (CREATE, UPDATE):
                _write(plan, created, actor, channel)
        record(
            actor,
            "users.imported",
            target_type="import",
            target_label=filename or None,
            source=channel,
            created=report.count(CREATE),
            updated=report.count(UPDATE),
            unchanged=report.count(UNCHANGED),
            departments_created=sorted(new_departments.values()),
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def _write(plan: _Plan, created: dict[str, Department], actor: User | None, channel: str) -> None:
    values = plan.values
    dept = values["department"]
    if not isinstance(dept, Department):
        dept = created[dept]
    user = plan.user
    before = frozenset() if user is None else user.roles
    if user is None:
        user = User(email=values["email"], given_name=values["given_name"], department=dept)
        db.session.add(user)
    changes = set(plan.result.changes) or set(values)
    for name in ("email", "given_name", "family_name", "employee_number", "language"):
        # An empty employee number or language never replaces a value.
        if name in changes and values.get(name) is not None:
            setattr(user, name, values[name])
    user.department = dept
    if "roles" in values:
        user.set_roles(set(values["roles"]))
    if user.roles != before:
        db.session.flush()  # a new person needs an id for the audit record
        record_role_change(actor, user, before, source=channel, via="import")
