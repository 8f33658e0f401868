"""Forms of the training pages: an assignment, the people report's filters, a reminder."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from academy.forms import Form


class AssignmentForm(Form):
    module_id = SelectField(_l("Module"), validators=[InputRequired(_l("Choose a module."))])
    department = SelectField(_l("Who"))
    rule = RadioField(
        _l("Due"),
        choices=[
            SelectChoice("date", _l("By a date")),
            SelectChoice("days", _l("Within a number of days of joining")),
        ],
        default="date",
        validators=[InputRequired(_l("Choose when it is due."))],
    )
    due_on = DateField(_l("Due date"), validators=[Optional()])
    due_days = IntegerField(
        _l("Days"),
        validators=[
            Optional(),
            NumberRange(min=1, max=365, message=_l("Enter a number from 1 to 365.")),
        ],
    )

    def __init__(
        self, modules: list[tuple[str, str]], departments: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.module_id.choices = [SelectChoice("", _l("Choose a module"))] + [
            SelectChoice(m, title) for m, title in modules
        ]
        self.department.choices = [SelectChoice("", _l("Everyone"))] + [
            SelectChoice(str(d), name) for d, name in departments
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        # The field that the chosen rule needs is required (Optional() would skip it).
        if self.rule.data == "date" and self.due_on.data is None and not self.due_on.errors:
            self.due_on.errors = [*self.due_on.errors, _l("Enter the due date.")]
            valid = False
        if self.rule.data == "days" and self.due_days.data is None and not self.due_days.errors:
            self.due_days.errors = [*self.due_days.errors, _l("Enter the number of days.")]
            valid = False
        return valid


class PeopleFilterForm(Form):
    class Meta:
        csrf = False

    department = SelectField(_l("Department"))
    module = SelectField(_l("Module"))
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Any")),
            SelectChoice("overdue", _l("Overdue")),
            SelectChoice("due", _l("Due")),
            SelectChoice("open", _l("Not done, no due date")),
            SelectChoice("done", _l("Completed")),
        ],
    )
    sort = SelectField(
        _l("Sort by"),
        choices=[
            SelectChoice("name", _l("Name")),
            SelectChoice("department", _l("Department")),
            SelectChoice("overdue", _l("Most overdue first")),
            SelectChoice("completion", _l("Least completed first")),
        ],
    )

    def __init__(
        self, modules: list[tuple[str, str]], departments: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.department.choices = [SelectChoice("", _l("All my departments"))] + [
            SelectChoice(str(d), name) for d, name in departments
        ]
        self.module.choices = [SelectChoice("", _l("All required modules"))] + [
            SelectChoice(m, title) for m, title in modules
        ]


class RemindForm(Form):
    department = SelectField(_l("Department"), validate_choice=False)
    overdue_only = BooleanField(_l("Only people with overdue training"))
