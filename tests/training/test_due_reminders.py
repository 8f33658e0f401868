"""Reminders before and after a due date, once each, at the scheduled time; none once
the module is done. The clock is frozen in Rome."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from academy.jobs.periodic import run_due_work
from academy.training.assignments import create_assignment
from tests import factories
from tests.admin.helpers import outbox, text_of
from tests.conftest import login
from tests.learn.conftest import ALL_RIGHT, take_quiz

ROME = ZoneInfo("Europe/Rome")


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=ROME), tick=False)


def test_due_soon_then_overdue_once_each_and_nothing_once_done(app):
    sales = factories.department("Sales")
    with at(2027, 3, 1, 10, 0):
        late = factories.user(dept=sales, language="en")
        diligent = factories.user(dept=sales)
        hr = factories.user("hr")
        create_assignment(
            hr, module_id="listening", department=sales, due_on=date(2027, 3, 10), due_days=None
        )
    with at(2027, 3, 6, 9, 0):  # four days before: not yet
        run_due_work()
    assert outbox(app) == []
    with at(2027, 3, 7, 8, 59):
        run_due_work()
    assert outbox(app) == []
    with at(2027, 3, 7, 9, 0):  # three days before, at the scheduled time
        assert "training reminders of 2027-03-07" in run_due_work()
        assert run_due_work() == []  # the same day again: nothing
    soon = outbox(app)
    assert sorted(m["To"] for m in soon) == sorted([late.email, diligent.email])
    assert soon[0]["Subject"] == "Due on March 10, 2027: “Listening”"
    assert "/learn/modules/listening" in text_of(soon[0])

    with at(2027, 3, 8, 12, 0):
        client = app.test_client()
        login(client, diligent)
        take_quiz(client, "listening", ALL_RIGHT)
    with at(2027, 3, 10, 9, 0):  # the due date itself: not overdue yet
        run_due_work()
    assert len(outbox(app)) == 2
    with at(2027, 3, 11, 9, 0):
        run_due_work()
    overdue = outbox(app)[2:]
    assert [m["To"] for m in overdue] == [late.email]
    assert overdue[0]["Subject"] == "Overdue: “Listening”"
    with at(2027, 3, 12, 9, 0):
        run_due_work()
    assert len(outbox(app)) == 3  # overdue is said once
