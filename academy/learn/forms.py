"""Forms of the learning pages.

The quiz is one form with every question on one page: quizzes are short (four to six
scenarios), the person can reread the scenarios and change an answer before
submitting, it works without JavaScript, and the whole attempt arrives in one POST,
so there is exactly one thing to protect against double submission.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

from academy.catalog import Question, Quiz
from academy.forms import Form

FIELD_PREFIX = "q-"


def field_name(question_id: str) -> str:
    return FIELD_PREFIX + question_id


class SingleAnswer(RadioField):
    """One option of a single-answer question; leaving it unanswered is an error."""

    def pre_validate(self, form: Any) -> None:
        if not self.data:
            raise StopValidation(str(_l("Choose an answer to this question.")))
        super().pre_validate(form)


class MultipleAnswers(SelectMultipleField):
    """Options of a multiple-answer question; at least one must be chosen."""

    def pre_validate(self, form: Any) -> None:
        if not self.data:
            raise StopValidation(str(_l("Choose at least one answer to this question.")))
        super().pre_validate(form)


class QuizForm(Form):
    # A signed ticket (see services.issue_ticket): one-time token, start time, quiz version.
    submission_token = HiddenField()

    quiz: Quiz

    def answer_field(self, question: Question) -> Any:
        return self[field_name(question.id)]

    def chosen(self, question: Question) -> frozenset[str]:
        data = self.answer_field(question).data
        if not data:
            return frozenset()
        return frozenset([data] if isinstance(data, str) else data)

    def answers(self) -> dict[str, list[str]]:
        return {q.id: sorted(self.chosen(q)) for q in self.quiz.questions}

    @property
    def pristine(self) -> bool:
        """Nothing chosen and no errors: the questions render the same for everyone."""
        return not self.errors and not any(self.chosen(q) for q in self.quiz.questions)

    def problems(self) -> list[tuple[int, Question, Any]]:
        """(number, question, field) of each question whose answer has an error."""
        return [
            (number, q, self.answer_field(q))
            for number, q in enumerate(self.quiz.questions, 1)
            if self.answer_field(q).errors
        ]

    def keep_existing_answers(self) -> None:
        """After the quiz changed: keep only answers whose options still exist."""
        for question in self.quiz.questions:
            field = self.answer_field(question)
            option_ids = {o.id for o in question.options}
            if not self.chosen(question) <= option_ids:
                field.data = None if question.type == "single" else []


@lru_cache(maxsize=256)
def _form_class(quiz: Quiz) -> type[QuizForm]:
    # One class per quiz version, built once: option labels are rendered from the
    # catalog in the template, so the class does not depend on the language.
    fields: dict[str, Any] = {"quiz": quiz}
    invalid = _l("Choose one of the options shown.")
    for question in quiz.questions:
        choices = [SelectChoice(o.id, o.id) for o in question.options]
        kind = SingleAnswer if question.type == "single" else MultipleAnswers
        fields[field_name(question.id)] = kind(choices=choices, invalid_choice_message=invalid)
    return type("QuizForm", (QuizForm,), fields)


def quiz_form(quiz: Quiz, **kwargs: Any) -> QuizForm:
    return _form_class(quiz)(**kwargs)


class MarkReadForm(Form):
    submit = SubmitField(_l("Mark as read"))
