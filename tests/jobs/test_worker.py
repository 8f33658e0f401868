"""The real queue: Redis, a worker in its own process, real SMTP.

Opening a cycle for 1,000 people returns at once and the worker sends 1,000
announcements, each once, in each person's language; a worker killed in the middle of
the batch and started again sends the rest, and nobody gets a message twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from sqlalchemy import insert, select

from academy.assess import cycles as services
from academy.extensions import db
from academy.models import (
    Cycle,
    CycleStatus,
    Delivery,
    DeliveryStatus,
    Job,
    JobStatus,
    User,
    utcnow,
)
from tests import factories
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, login
from tests.cycles import ASSESSMENT_ID
from tests.mailserver import Inbox, free_port

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"
PEOPLE = 1000


class SlowInbox(Inbox):
    """A mail server that takes a few milliseconds per message, like a real one."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def queue_setup(app_factory, tmp_path):
    """An app on a real Redis queue (its own queue name), a database the worker shares,
    and a mail server; yields a function that starts a worker process."""
    inbox = SlowInbox(delay=0.004)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    queue = f"academy-test-{uuid.uuid4().hex[:8]}"
    overrides = {
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL
        if ON_POSTGRES
        else f"sqlite:///{tmp_path / 'queue.db'}",
        "JOBS_URL": REDIS_URL,
        "JOBS_QUEUE": queue,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "JOB_STALE_SECONDS": 3,
        "PUBLIC_URL": "http://academy.test",
    }
    app = app_factory(**overrides)
    workers: list[subprocess.Popen] = []

    def start_worker() -> subprocess.Popen:
        env = {
            **os.environ,
            "ACADEMY_TEST_OVERRIDES": json.dumps(overrides),
            "PYTHONPATH": str(ROOT),
        }
        env.pop("TEST_DATABASE_URL", None)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "tests.jobs.worker_app",
                "jobs",
                "worker",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers.append(process)
        return process

    yield app, inbox, start_worker
    for process in workers:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    controller.stop()
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter(f"*{queue}*"):
        store.delete(key)


def _many_people(n: int) -> list[User]:
    """n people in two departments, a third of them Italian, inserted in one statement."""
    sales, care = factories.department("Sales"), factories.department("Care")
    now = utcnow()
    rows = [
        {
            "email": f"worker-test-{i}@example.com",
            "given_name": f"Person{i}",
            "family_name": "Queue",
            "department_id": (sales if i % 2 else care).id,
            "language": "it" if i % 3 == 0 else "en",
            "active": True,
            "session_version": 1,
            "created_at": now,
        }
        for i in range(n)
    ]
    db.session.execute(insert(User), rows)
    db.session.commit()
    return list(db.session.scalars(select(User).where(User.family_name == "Queue")))


def _open_as_hr(app) -> tuple[Cycle, float]:
    hr = factories.user("hr", email="hr-queue@example.com")
    client = app.test_client()
    login(client, hr)
    cycle = services.create_cycle(
        assessment_id=ASSESSMENT_ID,
        name="Queued",
        opens_on=date.today(),
        closes_on=date.today() + timedelta(days=14),
        actor=None,
    )
    started = time.perf_counter()
    response = client.post(f"/assessment/cycles/{cycle.id}/open", data={"announce": "y"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 303
    db.session.refresh(cycle)
    assert cycle.status is CycleStatus.OPEN
    return cycle, elapsed


def _announce_status() -> JobStatus | None:
    db.session.rollback()  # a fresh read of what the worker wrote
    return db.session.scalar(select(Job.status).where(Job.name == "cycle.announce"))


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_opening_for_a_thousand_people_queues_and_the_worker_sends_each_once(queue_setup):
    app, inbox, start_worker = queue_setup
    people = _many_people(PEOPLE)
    cycle, elapsed = _open_as_hr(app)
    print(f"\nopening for {PEOPLE + 1} people answered in {elapsed:.2f} s")
    assert elapsed < 5  # no SMTP in the request: nothing is sent until a worker runs
    assert inbox.recipients() == []
    job = db.session.scalar(select(Job).where(Job.name == "cycle.announce"))
    assert job.status is JobStatus.QUEUED

    start_worker()
    _wait_for(lambda: len(inbox.recipients()) >= PEOPLE + 1, 180, "1,001 announcements")
    time.sleep(1)  # anything extra would show up now
    received = Counter(inbox.recipients())
    assert len(received) == PEOPLE + 1
    assert set(received.values()) == {1}
    subjects = {m["To"]: m["Subject"] for m in inbox.messages()}
    for person in people:
        expected = (
            "Di' la tua: «Queued» è aperto"
            if person.language == "it"
            else "Have your say: “Queued” is open"
        )
        assert subjects[person.email] == expected
    _wait_for(lambda: _announce_status() == JobStatus.DONE, 20, "the job recorded as done")
    assert cycle.status is CycleStatus.OPEN


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(queue_setup):
    app, inbox, start_worker = queue_setup
    _many_people(PEOPLE)
    _open_as_hr(app)
    first = start_worker()
    _wait_for(lambda: len(inbox.recipients()) >= 300, 120, "the first 300 messages")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    at_kill = len(inbox.recipients())
    assert at_kill < PEOPLE + 1, "the batch ended before the worker was killed"
    time.sleep(3.5)  # JOB_STALE_SECONDS: the dead worker's job is now seen as abandoned
    start_worker()
    _wait_for(lambda: _announce_status() == JobStatus.DONE, 180, "the restarted worker to finish")
    received = Counter(inbox.recipients())
    uncertain = db.session.scalar(
        select(db.func.count()).where(Delivery.status == DeliveryStatus.UNCERTAIN)
    )
    sent = db.session.scalar(select(db.func.count()).where(Delivery.status == DeliveryStatus.SENT))
    print(
        f"\nkilled after {at_kill} messages; afterwards {len(received)} people received one, "
        f"{uncertain} uncertain (the message in flight at the kill)"
    )
    assert set(received.values()) == {1}, "somebody got the announcement twice"
    # Everyone is accounted for: sent, or (at most the one message in flight when the
    # worker died) uncertain, which may or may not have reached its person.
    assert sent + uncertain == PEOPLE + 1
    assert uncertain <= 1
    assert sent <= len(received) <= sent + uncertain
