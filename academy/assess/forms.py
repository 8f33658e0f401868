"""The HR cycle form and the answer form, built from the assessment file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from academy.catalog import Assessment
from academy.forms import Form, strip

DONT_KNOW = "dont_know"
FIELD_PREFIX = "item-"
MAX_COMMENT = 2000


class CycleForm(Form):
    assessment_id = SelectField(_l("Assessment"), validators=[DataRequired()])
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Give the cycle a name, e.g. “Spring 2027”.")),
            Length(max=120, message=_l("Use at most %(max)d characters.", max=120)),
        ],
        filters=[strip],
    )
    opens_on = DateField(
        _l("Opening date"), validators=[InputRequired(_l("Enter the opening date."))]
    )
    closes_on = DateField(
        _l("Closing date"), validators=[InputRequired(_l("Enter the closing date."))]
    )

    def __init__(self, assessments: list[Assessment], lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.assessment_id.choices = [SelectChoice(a.id, a.title(lang)) for a in assessments]

    def validate_closes_on(self, field: DateField) -> None:
        if self.opens_on.data and field.data and field.data <= self.opens_on.data:
            raise ValidationError(_l("The closing date must be after the opening date."))


class OpenCycleForm(Form):
    """The confirmation step of opening a cycle: now, or by itself on its opening date."""

    announce = BooleanField(_l("Email everyone asked the announcement"), default=True)
    open_now = SubmitField(_l("Open now"))
    schedule = SubmitField(_l("Open by itself on the opening date"))


class PlanForm(Form):
    """A cycle's dates and what happens by itself (the opening date only for a draft)."""

    opens_on = DateField(_l("Opening date"), validators=[Optional()])
    closes_on = DateField(
        _l("Closing date"), validators=[InputRequired(_l("Enter the closing date."))]
    )
    auto_close = BooleanField(_l("Close by itself at the end of the closing date"))
    thank = BooleanField(_l("Email everyone asked a thank-you when it closes"))


class ReminderForm(Form):
    days_before = IntegerField(
        _l("Days before the closing date"),
        default=3,
        validators=[
            InputRequired(_l("Enter a number of days.")),
            NumberRange(min=0, max=60, message=_l("Enter a number from 0 to 60.")),
        ],
    )


class AnswerForm(Form):
    """Base of the per-assessment form; `answer_form_for` adds one radio group per item."""

    cycle = HiddenField()
    comment = TextAreaField(
        validators=[
            Optional(),
            Length(max=MAX_COMMENT, message=_l("Use at most %(max)d characters.", max=MAX_COMMENT)),
        ],
        filters=[strip],
    )

    def item_field(self, item_id: str) -> RadioField:
        return self[FIELD_PREFIX + item_id]

    def answers(self) -> dict[str, int | None]:
        """The chosen answers by item id (None = don't know), leaving out unanswered items."""
        chosen: dict[str, int | None] = {}
        for name, field in self._fields.items():
            if name.startswith(FIELD_PREFIX) and field.data in field.allowed:
                chosen[name.removeprefix(FIELD_PREFIX)] = (
                    None if field.data == DONT_KNOW else int(field.data)
                )
        return chosen

    def answered_count(self) -> int:
        return len(self.answers())


def answer_form_for(assessment: Assessment, lang: str, **kwargs: object) -> AnswerForm:
    """A form class with one required radio group per item: 1..points, plus "don't know"."""
    labels = assessment.labels(lang)
    choices = [SelectChoice(str(n), labels[n - 1]) for n in range(1, assessment.points + 1)]
    if assessment.dont_know:
        choices.append(SelectChoice(DONT_KNOW, _l("Don't know")))
    allowed = [c.value for c in choices]
    attrs: dict[str, object] = {}
    for item in assessment.items:
        field = RadioField(
            item.text(lang),
            choices=choices,
            validate_choice=False,
            validators=[
                InputRequired(_l("Choose an answer for this statement.")),
                AnyOf(allowed, message=_l("Choose one of the answers offered.")),
            ],
        )
        attrs[FIELD_PREFIX + item.id] = field
    form_class = type("AssessmentAnswerForm", (AnswerForm,), attrs)
    form = form_class(**kwargs)
    for name, field in form._fields.items():
        if name.startswith(FIELD_PREFIX):
            field.allowed = allowed
    form.comment.label.text = assessment.comment(lang) or ""
    return form
