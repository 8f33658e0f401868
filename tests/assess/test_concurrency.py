"""One response per person even when two submissions race (PostgreSQL, real threads)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from academy.assess import services
from academy.extensions import db
from academy.models import Answer, Cycle, Participation, Response, User
from tests import factories
from tests.assess.conftest import answers

pytestmark = pytest.mark.postgres_only


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _race(app, cycle_id: int, user_ids: list[int], assessment) -> list[str]:
    """Submit for each user id in its own thread, app context and database session.

    A barrier holds every thread just before it writes its participation, so all of them
    have passed the "already answered?" check: the database alone must stop duplicates.
    """
    barrier = threading.Barrier(len(user_ids), timeout=10)
    outcomes: list[str] = []

    def hold(session, flush_context, instances) -> None:
        if any(isinstance(obj, Participation) for obj in session.new):
            barrier.wait()

    def submit(user_id: int) -> None:
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                cycle = db.session.get(Cycle, cycle_id)
                services.submit_response(cycle, user, answers(assessment, 4), None)
                outcomes.append("stored")
            except services.AlreadyAnswered:
                outcomes.append("already answered")
            except Exception as exc:  # reported in the assertion below
                outcomes.append(f"error: {exc!r}")

    event.listen(Session, "before_flush", hold)
    try:
        threads = [threading.Thread(target=submit, args=(uid,)) for uid in user_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        event.remove(Session, "before_flush", hold)
    db.session.expire_all()
    return sorted(outcomes)


def test_two_concurrent_submissions_by_one_person_store_one_response(
    app, cycle, assessment, employee
):
    outcomes = _race(app, cycle.id, [employee.id, employee.id], assessment)
    assert outcomes == ["already answered", "stored"]
    assert _count(Participation) == 1
    assert _count(Response) == 1
    assert _count(Answer) == len(assessment.items)


def test_concurrent_submissions_by_different_people_are_all_stored(app, cycle, assessment):
    people = [factories.user().id for _ in range(3)]
    assert _race(app, cycle.id, people, assessment) == ["stored"] * 3
    assert _count(Participation) == 3
    assert _count(Response) == 3


def test_two_hr_people_opening_cycles_at_once_open_only_one(app, hr_user):
    from tests.assess.conftest import make_cycle

    first = make_cycle(hr_user, "First", open_it=False)
    second = make_cycle(hr_user, "Second", open_it=False)
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []

    held = threading.local()

    def hold(session, flush_context, instances) -> None:
        if not getattr(held, "done", False) and any(isinstance(o, Cycle) for o in session.dirty):
            held.done = True
            barrier.wait()

    def open_it(cycle_id: int) -> None:
        with app.app_context():
            try:
                services.open_cycle(db.session.get(Cycle, cycle_id), None)
                outcomes.append("opened")
            except services.CycleError as exc:
                outcomes.append(exc.reason)

    event.listen(Session, "before_flush", hold)
    try:
        threads = [threading.Thread(target=open_it, args=(c.id,)) for c in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        event.remove(Session, "before_flush", hold)
    assert sorted(outcomes) == ["another_open", "opened"]
