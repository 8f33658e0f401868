"""My progress: modules, best scores, completion dates; modules without a quiz."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine

from academy.extensions import db
from academy.models import ModuleProgress
from tests.learn.conftest import ALL_RIGHT, ALL_WRONG, client_for, take_quiz


@pytest.fixture
def app(content, content_app):
    content.module("quizzed", "Quizzed", extra="order: 1\nrequired: true\n")
    content.module("reading", "Reading only", extra="order: 2\nrequired: true\n", quiz=None)
    content.module("extra", "Extra", extra="order: 3\n")
    return content_app()


def row(page: str, title: str) -> str:
    return page.split(f">{title}</a>")[1].split("</tr>")[0]


# 23:30 UTC on the last day of a month is already the next day, and month, in Rome (the
# organisation's time zone): the page must show the Rome date, whatever time it is now.
LATE_EVENING_UTC = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)


@time_machine.travel(LATE_EVENING_UTC, tick=False)
def test_progress_lists_best_scores_attempts_and_completion_dates(app):
    client = client_for(app)
    take_quiz(client, "quizzed", ALL_WRONG)
    take_quiz(client, "quizzed", ALL_RIGHT)
    take_quiz(client, "extra", ALL_WRONG)
    page = client.get("/learn/progress").get_data(as_text=True)
    assert "1 of 2 required modules completed" in page
    quizzed = row(page, "Quizzed")
    assert "Quiz passed" in quizzed
    assert ">100%</a>" in quizzed
    assert re.search(r'<td class="num">2</td>', quizzed)
    completed = db.session.get(ModuleProgress, (client.user.id, "quizzed")).completed_at
    assert completed == LATE_EVENING_UTC.replace(tzinfo=None)  # stored in UTC
    assert "Dec 1, 2026" in quizzed
    extra = row(page, "Extra")
    assert "In progress" in extra
    assert ">0%</a>" in extra
    reading = row(page, "Reading only")
    assert "Not started" in reading


def test_completion_date_is_the_first_pass(app):
    client = client_for(app)
    take_quiz(client, "quizzed", ALL_RIGHT)
    first = db.session.get(ModuleProgress, (client.user.id, "quizzed")).completed_at
    take_quiz(client, "quizzed", ALL_RIGHT)
    take_quiz(client, "quizzed", ALL_WRONG)
    assert db.session.get(ModuleProgress, (client.user.id, "quizzed")).completed_at == first


def test_module_without_quiz_is_completed_by_marking_it_read(app):
    client = client_for(app)
    page = client.get("/learn/modules/reading").get_data(as_text=True)
    assert "Mark as read" in page
    assert "<fieldset" not in page
    response = client.post("/learn/modules/reading/read")
    assert response.status_code == 302
    assert response.headers["Location"] == "/learn/modules/reading"
    page = client.get("/learn/modules/reading").get_data(as_text=True)
    assert "“Reading only” is complete." in page
    assert "Mark as read" not in page
    assert "You completed this module on" in page
    assert "Completed" in row(client.get("/learn/progress").get_data(as_text=True), "Reading only")


def test_mark_read_is_refused_for_a_module_with_a_quiz(app):
    client = client_for(app)
    assert client.post("/learn/modules/quizzed/read").status_code == 400
    assert db.session.get(ModuleProgress, (client.user.id, "quizzed")) is None


def test_first_visit_is_recorded_once(app):
    client = client_for(app)
    client.get("/learn/modules/quizzed")
    started = db.session.get(ModuleProgress, (client.user.id, "quizzed")).started_at
    client.get("/learn/modules/quizzed")
    assert db.session.get(ModuleProgress, (client.user.id, "quizzed")).started_at == started
    # Catalog and progress pages record nothing.
    client.get("/learn/")
    client.get("/learn/progress")
    assert db.session.get(ModuleProgress, (client.user.id, "extra")) is None
