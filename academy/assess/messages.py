"""What each refused cycle change or response means, in the person's language."""

from __future__ import annotations

from flask_babel import gettext as _


def cycle_error_message(reason: str) -> str:
    messages = {
        "assessment_unavailable": _(
            "The questionnaire of this cycle cannot be loaded right now. Please try again later."
        ),
        "dates": _("The closing date must be after the opening date."),
        "not_draft": _(
            "Only a draft cycle can be opened. A closed cycle is never reopened, so that "
            "its results and participation stay final: create a new cycle instead."
        ),
        "another_open": _(
            "Another cycle of this assessment is already open. Close it before opening this one."
        ),
        "not_open": _("Only an open cycle can be closed."),
        "closes_in_past": _("The closing date of an open cycle cannot be in the past."),
        "no_department": _(
            "Your account has no department yet, so your answers cannot be counted. "
            "Ask an administrator to set it."
        ),
        "closed": _(
            "This assessment cycle is closed, so your answers could not be recorded. "
            "Thank you for wanting to take part."
        ),
        "already_answered": _("You have already answered this cycle. Thank you."),
        "invalid_answer": _("Some answers were not among the ones offered. Please answer again."),
        "incomplete": _("Some statements have no answer yet."),
    }
    return messages.get(reason, _("That could not be done."))
