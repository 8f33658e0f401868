"""Forms for people and departments. Uniqueness is checked here, like every other rule."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from academy.admin.departments import active_departments, slug_taken
from academy.extensions import db
from academy.forms import Form, strip
from academy.i18n import LANGUAGE_NAMES
from academy.models import ROLES, Department, User
from academy.people import slugify
from academy.templating import ROLE_LABELS
from academy.validation import MAX_ID

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def language_choices(blank: Any) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [
        SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()
    ]


def department_choices(current: Department | None = None) -> list[SelectChoice]:
    """Active departments, plus the person's own one when it has been archived."""
    choices = [SelectChoice(str(d.id), d.name) for d in active_departments()]
    if current is not None and current.archived:
        label = _l("%(name)s (archived)", name=current.name)
        choices.insert(0, SelectChoice(str(current.id), label))
    return choices


class PersonForm(Form):
    given_name = StringField(
        _l("Given name"),
        validators=[DataRequired(_l("Enter the given name.")), Length(max=100)],
        filters=[strip],
    )
    family_name = StringField(_l("Family name"), validators=[Length(max=100)], filters=[strip])
    employee_number = StringField(
        _l("Employee number"), validators=[Optional(), Length(max=64)], filters=[strip]
    )
    department = SelectField(
        _l("Department"), validators=[DataRequired(_l("Choose a department."))]
    )
    roles = SelectMultipleField(
        _l("Roles"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES], validate_choice=True
    )
    managed = SelectMultipleField(_l("Departments they manage"), validate_choice=True)
    language = SelectField(_l("Language"), choices=language_choices(_l("Company default")))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.department.choices = department_choices(user.department if user else None)
        self.managed.choices = [SelectChoice(str(d.id), d.name) for d in active_departments()]

    def validate_managed(self, field: SelectMultipleField) -> None:
        if "manager" in (self.roles.data or []) and not field.data:
            raise ValidationError(_l("Choose the departments this manager manages."))

    def managed_ids(self) -> frozenset[int]:
        """The managed departments; none unless the person is given the manager role."""
        if "manager" not in (self.roles.data or []):
            return frozenset()
        return frozenset(int(v) for v in self.managed.data or [] if v.isdigit())

    def validate_employee_number(self, field: StringField) -> None:
        if not field.data:
            return
        query = select(User.id).where(User.employee_number == field.data)
        if self.user is not None:
            query = query.where(User.id != self.user.id)
        if db.session.scalar(query) is not None:
            raise ValidationError(_l("Another person already has this employee number."))

    def chosen_department(self) -> Department:
        return db.get_or_404(Department, int(self.department.data))


class NewPersonForm(PersonForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter the email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=254),
        ],
        filters=[strip],
    )
    invite = BooleanField(_l("Email an invitation now"), default=True)
    submit = SubmitField(_l("Create person"))

    def validate_email(self, field: EmailField) -> None:
        if User.by_email(field.data) is not None:
            raise ValidationError(_l("A person with this email already exists."))


class UserFilterForm(Form):
    class Meta:
        csrf = False

    q = SearchField(_l("Search"), filters=[strip])
    department = SelectField(_l("Department"))
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("", _l("Any role"))]
        + [SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Everyone")),
            SelectChoice("active", _l("Active")),
            SelectChoice("inactive", _l("Deactivated")),
            SelectChoice("no_password", _l("Active, no password yet")),
        ],
    )
    submit = SubmitField(_l("Filter"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = db.session.scalars(select(Department).order_by(func.lower(Department.name)))
        self.department.choices = [SelectChoice("", _l("All departments"))] + [
            SelectChoice(str(d.id), d.name) for d in departments
        ]

    def department_id(self) -> int | None:
        value = self.department.data or ""
        if not value.isascii() or not value.isdigit() or len(value) > 10:
            return None
        number = int(value)
        return number if 0 < number <= MAX_ID else None

    def args(self) -> dict[str, str]:
        """The filters in use, to keep them in pagination and other links."""
        values = {
            "q": self.q.data or "",
            "department": self.department.data or "",
            "role": self.role.data or "",
            "status": self.status.data or "",
        }
        return {k: v for k, v in values.items() if v}


class DepartmentForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the department's name.")), Length(max=120)],
        filters=[strip],
    )
    slug = StringField(
        _l("Short name"),
        # Not Optional(): an empty slug still reaches validate_slug, which makes one.
        validators=[Length(max=80)],
        filters=[strip, lambda v: v.lower() if isinstance(v, str) else v],
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args: Any, department: Department | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing = department

    def validate_slug(self, field: StringField) -> None:
        if not field.data:
            field.data = slugify(self.name.data or "")
            if not field.data:
                raise ValidationError(_l("Use lowercase letters, digits and hyphens."))
        if not SLUG.match(field.data):
            raise ValidationError(_l("Use lowercase letters, digits and hyphens."))
        if slug_taken(field.data, excluding=self.existing):
            raise ValidationError(_l("Another department already uses this short name."))


class MergeForm(Form):
    target = SelectField(
        _l("Merge into"), validators=[DataRequired(_l("Choose a department to merge into."))]
    )
    submit = SubmitField(_l("Merge departments"))

    def __init__(self, *args: Any, source: Department, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(str(d.id), d.name) for d in active_departments() if d.id != source.id
        ]


IMPORT_MAX_BYTES = 5 * 1024 * 1024  # the default of the IMPORT_MAX_BYTES setting


class ImportForm(Form):
    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(_l("Choose a CSV file.")),
            FileSize(IMPORT_MAX_BYTES, message=_l("The file is larger than 5 MB.")),
        ],
    )
    create_departments = BooleanField(_l("Create departments that do not exist yet"))
    check = SubmitField(_l("Check the file"))
    apply = SubmitField(_l("Import"))


class ImportConfirmForm(Form):
    """Imports a file already checked, sent back with the report (no upload again)."""

    content = HiddenField(validators=[DataRequired(), Length(max=IMPORT_MAX_BYTES * 2)])
    filename = HiddenField(validators=[Length(max=200)])
    create_departments = HiddenField()
    submit = SubmitField(_l("Import these rows"))


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    q = SearchField(_l("Search"), filters=[strip])
    action = SelectField(_l("Action"))
    submit = SubmitField(_l("Filter"))

    def args(self) -> dict[str, str]:
        values = {"q": self.q.data or "", "action": self.action.data or ""}
        return {k: v for k, v in values.items() if v}
