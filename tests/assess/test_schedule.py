"""Cycles that open and close by themselves, and scheduled reminders, at the planned
time in the organisation's time zone (Europe/Rome here), with the clock frozen."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from academy.assess import cycles as services
from academy.assess.responses import submit_response
from academy.extensions import db
from academy.jobs.periodic import run_due_work
from academy.models import Cycle, CycleReminder, CycleStatus, Delivery, User
from tests import factories
from tests.admin.helpers import outbox
from tests.cycles import ASSESSMENT_ID, answers

ROME = ZoneInfo("Europe/Rome")


def rome(*args: int) -> datetime:
    return datetime(*args, tzinfo=ROME)


def due() -> list[str]:
    """What the every-minute work did to cycles (training reminders have their own tests)."""
    return [line for line in run_due_work() if not line.startswith("training")]


def _draft(opens_on: date, closes_on: date) -> Cycle:
    return services.create_cycle(
        assessment_id=ASSESSMENT_ID,
        name="Spring 2027",
        opens_on=opens_on,
        closes_on=closes_on,
        actor=None,
    )


def test_a_scheduled_cycle_opens_at_nine_on_its_date_and_closes_after_its_last_day(app):
    people = [factories.user() for _ in range(3)]
    with time_machine.travel(rome(2027, 3, 1, 12, 0), tick=False):
        cycle = _draft(date(2027, 3, 8), date(2027, 3, 19))
        services.change_plan(cycle, None, auto_open=True, auto_close=True)
    with time_machine.travel(rome(2027, 3, 8, 8, 59), tick=False):
        assert due() == []
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.DRAFT
    assert outbox(app) == []

    with time_machine.travel(rome(2027, 3, 8, 9, 0), tick=False):
        assert due() == [f"opened cycle {cycle.id}"]
        assert due() == []  # the next minute: nothing more
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.OPEN
    assert sorted(m["To"] for m in outbox(app)) == sorted(p.email for p in people)

    with time_machine.travel(rome(2027, 3, 10, 10, 0), tick=False):
        submit_response(cycle, people[0], answers(), None)
    with time_machine.travel(rome(2027, 3, 19, 23, 59), tick=False):
        assert due() == []  # people may answer all of the last day
    with time_machine.travel(rome(2027, 3, 20, 0, 0), tick=False):
        assert due() == [f"closed cycle {cycle.id}"]
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.CLOSED  # released at once (immediate jobs)


def test_a_scheduled_opening_that_cannot_happen_is_shown_to_hr(app, as_role):
    with time_machine.travel(rome(2027, 3, 1, 12, 0), tick=False):
        blocking = _draft(date(2027, 3, 1), date(2027, 3, 30))
        services.open_cycle(blocking, None, announce=False)
        cycle = _draft(date(2027, 3, 8), date(2027, 3, 19))
        services.change_plan(cycle, None, auto_open=True)
    with time_machine.travel(rome(2027, 3, 8, 9, 0), tick=False):
        due()
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.DRAFT
    assert cycle.schedule_problem == "another_open"
    with time_machine.travel(rome(2027, 3, 8, 9, 5), tick=False):
        page = as_role("hr").get(f"/assessment/cycles/{cycle.id}").get_data(as_text=True)
    assert "could not open by itself as planned" in page
    assert "Another cycle of this assessment is already open" in page


def test_hr_schedules_from_the_confirmation_page_and_can_cancel(app, as_role):
    with time_machine.travel(rome(2027, 3, 1, 12, 0), tick=False):
        hr = as_role("hr")  # logged in at the frozen time, so the session is fresh
        cycle = _draft(date(2027, 3, 8), date(2027, 3, 19))
        page = hr.get(f"/assessment/cycles/{cycle.id}/open").get_data(as_text=True)
        assert "Open by itself on" in page
        hr.post(
            f"/assessment/cycles/{cycle.id}/open",
            data={"announce": "y", "schedule": "Open by itself"},
        )
        db.session.refresh(cycle)
        assert cycle.auto_open
        assert cycle.status is CycleStatus.DRAFT
        page = hr.get(f"/assessment/cycles/{cycle.id}").get_data(as_text=True)
        assert "Opens by itself on Monday, March 8, 2027" in page
        listing = hr.get("/assessment/cycles").get_data(as_text=True)
        assert "opens by itself on 3/8/27" in listing
        hr.post(f"/assessment/cycles/{cycle.id}/cancel-opening")
        db.session.refresh(cycle)
        assert not cycle.auto_open
    with time_machine.travel(rome(2027, 3, 8, 9, 0), tick=False):
        assert due() == []


def test_a_scheduled_reminder_goes_out_at_its_time_to_those_who_have_not_answered(app, as_role):
    people = [factories.user() for _ in range(3)]
    with time_machine.travel(rome(2027, 3, 8, 10, 0), tick=False):
        hr = as_role("hr")
        cycle = _draft(date(2027, 3, 8), date(2027, 3, 19))
        services.open_cycle(cycle, None, announce=False)
        response = hr.post(f"/assessment/cycles/{cycle.id}/reminders", data={"days_before": "3"})
        assert response.status_code == 303
        submit_response(cycle, people[0], answers(), None)
    [reminder] = db.session.scalars(select(CycleReminder)).all()
    assert reminder.send_at == datetime(2027, 3, 16, 8, 0)  # 09:00 in Rome, in UTC
    with time_machine.travel(rome(2027, 3, 16, 8, 59), tick=False):
        assert due() == []
    with time_machine.travel(rome(2027, 3, 16, 9, 0), tick=False):
        assert due() == [f"reminder {reminder.id}"]
        assert due() == []
    reminded = sorted(m["To"] for m in outbox(app))
    hr_person = db.session.scalar(select(CycleReminder.created_by_id))
    hr_email = db.session.scalar(select(User.email).where(User.id == hr_person))
    assert reminded == sorted([p.email for p in people[1:]] + [hr_email])


def test_a_reminder_planned_for_before_the_opening_is_dropped(app):
    factories.user()
    with time_machine.travel(rome(2027, 3, 1, 12, 0), tick=False):
        cycle = _draft(date(2027, 3, 8), date(2027, 3, 19))
        from academy.assess.outreach import schedule_reminder

        schedule_reminder(cycle, datetime(2027, 3, 9, 8, 0), None)
        db.session.commit()
    reminder = db.session.scalar(select(CycleReminder))
    with time_machine.travel(rome(2027, 3, 12, 9, 0), tick=False):
        services.open_cycle(cycle, None, announce=False)
        assert due() == [f"dropped reminder {reminder.id}"]
        assert due() == []
    assert outbox(app) == []
    assert db.session.scalar(select(Delivery.id)) is None


def test_the_tick_command_runs_what_is_due_at_a_given_time(app, runner):
    factories.user()
    with time_machine.travel(rome(2027, 3, 1, 12, 0), tick=False):
        cycle = _draft(date(2027, 3, 8), date(2027, 3, 19))
        services.change_plan(cycle, None, auto_open=True)
    result = runner.invoke(args=["jobs", "tick", "--at", "2027-03-08T08:00:00+00:00"])
    assert result.exit_code == 0, result.output
    assert f"opened cycle {cycle.id}" in result.output
    result = runner.invoke(args=["jobs", "tick", "--at", "not a time"])
    assert result.exit_code != 0
    assert "ISO 8601" in result.output
