"""The learning card on the home page: required training progress and what to take next."""

from __future__ import annotations

from typing import Any

from academy.content import get_catalog
from academy.i18n import current_language
from academy.learn import services
from academy.main.panels import home_panel
from academy.models import User


@home_panel("learn/_home_panel.html", order=10)
def learning_panel(user: User) -> dict[str, Any] | None:
    states = services.states_for(user, get_catalog())
    if not states:
        return None
    return {
        "required": services.required_progress(states),
        "next": services.next_module(states),
        "lang": current_language(),
    }
