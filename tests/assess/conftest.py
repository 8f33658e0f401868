"""Cycles made through the services, and answer forms filled like a browser would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from academy.assess import services
from academy.content import get_catalog
from tests import factories

ASSESSMENT_ID = "customer-culture"


@pytest.fixture
def assessment(app):
    return get_catalog().assessment(ASSESSMENT_ID)


@pytest.fixture
def hr_user(app):
    return factories.user("hr")


def make_cycle(actor, name: str = "Spring", *, open_it: bool = True):
    today = date.today()
    cycle = services.create_cycle(
        assessment_id=ASSESSMENT_ID,
        name=name,
        opens_on=today,
        closes_on=today + timedelta(days=14),
        actor=actor,
    )
    if open_it:
        services.open_cycle(cycle, actor)
    return cycle


@pytest.fixture
def cycle(app, hr_user):
    """An open cycle of the shipped customer-culture assessment."""
    return make_cycle(hr_user)


def form_data(assessment, cycle, value="4", *, skip=(), overrides=None, comment=""):
    """What the answer form posts: every item answered with `value` except `skip`."""
    data = {"cycle": str(cycle.id), "comment": comment}
    for item in assessment.items:
        if item.id not in skip:
            data["item-" + item.id] = value
    data.update({"item-" + k: v for k, v in (overrides or {}).items()})
    return data


def answers(assessment, value: int | None = 4) -> dict[str, int | None]:
    return {item.id: value for item in assessment.items}
