"""Real concurrency, real threads: one response per person, and submissions racing a close
are either in the cycle's results or refused with their answers given back.

SQLite runs these on a database file (in-memory SQLite is one connection: no race);
PostgreSQL on the test server.
"""

from __future__ import annotations

import contextlib
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from academy.assess import services
from academy.content import get_catalog
from academy.extensions import db
from academy.models import (
    Cycle,
    CycleMember,
    CycleResult,
    CycleStatus,
    Response,
    SealedResponse,
    User,
)
from tests import factories
from tests.conftest import ON_POSTGRES
from tests.cycles import ASSESSMENT_ID, answers, make_cycle


@pytest.fixture
def race_app(app_factory, tmp_path):
    if ON_POSTGRES:
        return app_factory()
    return app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'race.db'}")


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _submit_in_thread(app, cycle_id: int, user_id: int, comment: str | None = None) -> str:
    with app.app_context():
        try:
            user = db.session.get(User, user_id)
            cycle = db.session.get(Cycle, cycle_id)
            services.submit_response(cycle, user, answers(), comment)
            return "stored"
        except services.AlreadyAnswered:
            return "already answered"
        except services.CycleNotOpen:
            return "refused: closed"
        except Exception as exc:  # reported in the assertions
            return f"error: {exc!r}"
        finally:
            db.session.remove()


def test_two_concurrent_submissions_by_one_person_store_one_response(race_app):
    employee_id = factories.user().id
    cycle_id = make_cycle(None).id
    barrier = threading.Barrier(2, timeout=5)

    def hold(_conn, _cursor, statement, _params, _context, _many) -> None:
        # PostgreSQL: both have passed every check in Python and hold their shared lock on
        # the cycle; released together, they race on the membership row, and only its
        # update can stop the second. (SQLite lets one writer in at a time, so there the
        # second simply finds the first's answer.)
        if ON_POSTGRES and statement.startswith("UPDATE cycle_members"):
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    event.listen(Engine, "before_cursor_execute", hold)
    try:
        with ThreadPoolExecutor(2) as pool:
            outcomes = sorted(
                pool.map(lambda _n: _submit_in_thread(race_app, cycle_id, employee_id), range(2))
            )
    finally:
        event.remove(Engine, "before_cursor_execute", hold)
    db.session.expire_all()
    assert outcomes == ["already answered", "stored"]
    assert _count(CycleMember, CycleMember.answered.is_(True)) == 1
    assert _count(SealedResponse) == 1


def test_concurrent_submissions_by_different_people_are_all_stored(race_app):
    people = [factories.user().id for _ in range(6)]
    cycle_id = make_cycle(None).id
    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(lambda uid: _submit_in_thread(race_app, cycle_id, uid), people))
    db.session.expire_all()
    assert outcomes == ["stored"] * 6
    assert _count(SealedResponse) == 6


def test_submissions_racing_a_close_are_counted_or_refused_never_lost(race_app):
    """200 submissions race HR closing the cycle. Every accepted one is in the stored
    results; every refused one was told so (its answers go back to the person)."""
    n = 200
    dept = factories.department("Racing")
    people = [factories.user(dept=dept, password=None).id for _ in range(n)]
    cycle = make_cycle(None, "Raced")
    cycle_id = cycle.id
    comments = {uid: f"comment of {uid}" for uid in people}
    random.Random(5).shuffle(people)
    started = threading.Event()
    outcomes: dict[int, str] = {}

    def submit(uid: int) -> None:
        started.set()
        outcomes[uid] = _submit_in_thread(race_app, cycle_id, uid, comments[uid])

    def close_soon() -> str:
        started.wait(10)
        with race_app.app_context():
            try:
                # Let some submissions in first, then close while the rest arrive.
                while _count(SealedResponse) < n // 4:
                    pass
                services.close_cycle(db.session.get(Cycle, cycle_id), None)
                return "closed"
            except Exception as exc:
                return f"error: {exc!r}"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(8) as pool:
        closing = pool.submit(close_soon)
        for uid in people:
            pool.submit(submit, uid)
    assert closing.result() == "closed"
    db.session.expire_all()
    stored = {uid for uid, outcome in outcomes.items() if outcome == "stored"}
    refused = {uid for uid, outcome in outcomes.items() if outcome == "refused: closed"}
    assert stored | refused == set(people), {o for o in outcomes.values() if "error" in o}
    assert stored
    assert refused
    cycle = db.session.get(Cycle, cycle_id)
    assert cycle.status is CycleStatus.CLOSED
    released = set(
        db.session.scalars(select(Response.comment).where(Response.cycle_id == cycle_id))
    )
    assert released == {comments[uid] for uid in stored}
    assert _count(SealedResponse) == 0
    answered = set(
        db.session.scalars(
            select(CycleMember.user_id).where(
                CycleMember.cycle_id == cycle_id, CycleMember.answered.is_(True)
            )
        )
    )
    assert answered == stored
    result = db.session.get(CycleResult, cycle_id)
    assert result.payload["company"]["respondents"] == len(stored)
    assert result.inputs["participation"][str(dept.id)]["answered"] == len(stored)


def test_two_hr_people_opening_cycles_at_once_open_only_one(race_app):
    first = make_cycle(None, "First", open_it=False).id
    second = make_cycle(None, "Second", open_it=False).id
    barrier = threading.Barrier(2, timeout=3)
    held = threading.local()

    def hold(session, flush_context, instances) -> None:
        if not getattr(held, "done", False) and any(isinstance(o, Cycle) for o in session.dirty):
            held.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    def open_it(cycle_id: int) -> str:
        with race_app.app_context():
            try:
                services.open_cycle(db.session.get(Cycle, cycle_id), None)
                return "opened"
            except services.CycleError as exc:
                return exc.reason
            except Exception as exc:
                return f"error: {exc!r}"
            finally:
                db.session.remove()

    event.listen(Session, "before_flush", hold)
    try:
        with ThreadPoolExecutor(2) as pool:
            outcomes = sorted(pool.map(open_it, [first, second]))
    finally:
        event.remove(Session, "before_flush", hold)
    assert outcomes == ["another_open", "opened"]
    assert get_catalog().assessment(ASSESSMENT_ID) is not None
