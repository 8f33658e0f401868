"""Prerequisites are shown in the catalog and enforced on the page and on the quiz POST."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from academy.extensions import db
from academy.models import QuizAttempt
from tests import factories
from tests.learn.conftest import ALL_RIGHT, client_for, form_data, take_quiz


@pytest.fixture
def app(content, content_app):
    content.module("basics", "Basics", extra="order: 1\n")
    content.module("reading", "Reading", extra="order: 2\n", quiz=None)
    content.module("advanced", "Advanced", extra="order: 3\nprerequisites: [basics, reading]\n")
    content.module("for-sales", "For sales", extra="order: 4\naudience: [sales]\n")
    content.module("after-sales", "After sales", extra="order: 5\nprerequisites: [for-sales]\n")
    return content_app()


def test_locked_module_lists_missing_prerequisites_in_catalog(app):
    client = client_for(app)
    page = client.get("/learn/").get_data(as_text=True)
    card = page.split(">Advanced</a>")[1].split("</li>")[0]
    assert "Locked." in card
    assert '<a href="/learn/modules/basics">Basics</a>' in card
    assert '<a href="/learn/modules/reading">Reading</a>' in card


def test_locked_module_page_explains_and_quiz_post_is_refused(app):
    client = client_for(app)
    response = client.get("/learn/modules/advanced")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "This module opens once you have completed the modules it builds on." in page
    assert '<a href="/learn/modules/basics">Basics</a>' in page
    assert "Some words." not in page  # the text itself stays closed

    # A quiz POST built by hand (say, from another tab) is refused and stores nothing.
    response = client.post("/learn/modules/advanced", data=form_data(ALL_RIGHT, "forged"))
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_completing_every_prerequisite_unlocks(app):
    client = client_for(app)
    take_quiz(client, "basics", ALL_RIGHT)
    assert client.get("/learn/modules/advanced").status_code == 403  # "reading" still missing
    assert client.post("/learn/modules/reading/read").status_code == 302
    assert client.get("/learn/modules/advanced").status_code == 200
    response = take_quiz(client, "advanced", ALL_RIGHT)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 2


def test_a_failed_prerequisite_quiz_does_not_unlock(app):
    client = client_for(app)
    take_quiz(client, "basics", {"first-call": "b", "good-signs": ["a"]})
    client.post("/learn/modules/reading/read")
    assert client.get("/learn/modules/advanced").status_code == 403


def test_prerequisite_outside_the_audience_does_not_lock(app):
    # Someone outside sales can never take "for-sales": it must not lock them out.
    client = client_for(app)
    assert client.get("/learn/modules/after-sales").status_code == 200
    seller = client_for(app, dept=factories.department("Sales", "sales"))
    assert seller.get("/learn/modules/after-sales").status_code == 403
