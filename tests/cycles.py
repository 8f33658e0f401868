"""Assessment cycles for tests, made through the assessment services as HR makes them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from academy.assess import cycles as services
from academy.assess.responses import submit_response
from academy.content import get_catalog
from academy.extensions import db
from academy.models import Cycle, User

ASSESSMENT_ID = "customer-culture"


def make_cycle(
    actor, name: str = "Spring", *, open_it: bool = True, opens_on: date | None = None
) -> Cycle:
    start = opens_on or date.today()
    cycle = services.create_cycle(
        assessment_id=ASSESSMENT_ID,
        name=name,
        opens_on=start,
        closes_on=start + timedelta(days=14),
        actor=actor,
    )
    if open_it:
        services.open_cycle(cycle, actor)
    return cycle


def answers(assessment=None, value: int | None = 4) -> dict[str, int | None]:
    assessment = assessment or get_catalog().assessment(ASSESSMENT_ID)
    return {item.id: value for item in assessment.items}


def form_data(assessment, cycle, value="4", *, skip=(), overrides=None, comment=""):
    """What the answer form posts: every item answered with `value` except `skip`."""
    data = {"cycle": str(cycle.id), "comment": comment}
    for item in assessment.items:
        if item.id not in skip:
            data["item-" + item.id] = value
    data.update({"item-" + k: v for k, v in (overrides or {}).items()})
    return data


def answered_cycle(
    people: Iterable[User], *, name: str = "Spring", close: bool = True, value: int = 4
) -> Cycle:
    """A cycle every one of `people` answered (all `value`), closed unless `close` is false."""
    cycle = make_cycle(None, name)
    for person in people:
        submit_response(cycle, person, answers(value=value), None)
    if close:
        services.close_cycle(cycle, None)
    db.session.refresh(cycle)
    return cycle
