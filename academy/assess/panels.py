"""Home page cards: the invitation to answer, and the cycle at a glance for HR."""

from __future__ import annotations

from typing import Any

from academy.assess.cycles import CycleError, assessment_for, has_answered, open_cycle_of
from academy.i18n import current_language
from academy.main.panels import home_panel
from academy.models import Person


@home_panel("assess/_home_panel.html", order=20)
def assessment_panel(user: Person) -> dict[str, Any] | None:
    cycle = open_cycle_of()
    is_hr = user.has_role("hr")
    if cycle is None:
        return {"cycle": None, "hr": True} if is_hr else None
    try:
        assessment = assessment_for(cycle)
    except CycleError:
        return {"cycle": cycle, "hr": True, "answered": True} if is_hr else None
    answered = has_answered(cycle, user)
    if answered and not is_hr:
        return None
    return {
        "cycle": cycle,
        "title": assessment.title(current_language()),
        "answered": answered,
        "hr": is_hr,
        "statements": len(assessment.items),
    }
