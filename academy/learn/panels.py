"""The learning card on the home page: required training, what is due and when, what to
take next, and the certificate once everything required is done."""

from __future__ import annotations

from datetime import date
from typing import Any

from academy.content import get_catalog
from academy.i18n import current_language
from academy.learn import services
from academy.main.panels import home_panel
from academy.models import User
from academy.training.requirements import due_dates, today


@home_panel("learn/_home_panel.html", order=10)
def learning_panel(user: User) -> dict[str, Any] | None:
    due = due_dates(user)
    states = services.states_for(user, get_catalog(), due)
    if not states:
        return None
    required = services.required_progress(states, due)
    now = today()
    to_do = sorted(
        ((s, due[s.module.id]) for s in states if s.module.id in due and not s.done),
        key=lambda pair: pair[1] or date.max,
    )
    return {
        "required": required,
        "to_do": [(s, when, when is not None and when < now) for s, when in to_do],
        "all_done": bool(required.total) and required.done == required.total,
        "next": services.next_module(states),
        "lang": current_language(),
    }
