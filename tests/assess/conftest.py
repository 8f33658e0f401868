"""Cycles made through the services, and answer forms filled like a browser would."""

from __future__ import annotations

import pytest

from academy.content import get_catalog
from tests import factories
from tests.cycles import ASSESSMENT_ID, answers, form_data, make_cycle

__all__ = ["answers", "form_data", "make_cycle"]


@pytest.fixture
def assessment(app):
    return get_catalog().assessment(ASSESSMENT_ID)


@pytest.fixture
def hr_user(app):
    return factories.user("hr")


@pytest.fixture
def cycle(app, hr_user):
    """An open cycle of the shipped customer-culture assessment."""
    return make_cycle(hr_user)
