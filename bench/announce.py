"""Announcing a cycle to 10,000 people through the real queue, and a mail outage.

    python bench/announce.py                          # 10,000 people, SQLite file
    python bench/announce.py --people 2000 --outage 20
    python bench/announce.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds a company of N people (a third Italian) and runs, with Redis as the queue, a
separate worker process (`flask jobs worker`) and a local SMTP server (aiosmtpd):

1. HR opens a cycle: the web request's time (it only records who is asked and queues).
2. The worker sends the N announcements: wall time, messages per second, the worker's
   CPU per message and peak memory.
3. HR closes the cycle; while the worker sends the N thank-you emails, the mail server
   goes away for --outage seconds, then comes back: how long the batch stalls, how it
   resumes, and whether anyone got a message twice or not at all.

Targets: the opening request under 2 s at 10,000 people (no SMTP in it); 10,000
announcements in under 5 minutes; worker under 250 MB; an outage loses nothing,
duplicates nothing, and sending resumes by itself within the retry backoff.
Needs Redis on 127.0.0.1:6379 (database 13 is used and cleaned).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from academy import create_app  # noqa: E402
from academy.assess.cycles import close_cycle, create_cycle  # noqa: E402
from academy.extensions import db  # noqa: E402
from academy.models import Cycle, Delivery, Department, Job, User, utcnow  # noqa: E402
from academy.people import create_user  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/13"
PASSPHRASE = "bench hr passphrase"  # noqa: S105 - a throwaway account in a throwaway database


class Sink:
    """An SMTP server that counts what it accepts, per recipient."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.last = 0.0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.update(envelope.rcpt_tos)
            self.last = time.monotonic()
        return "250 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(people: int) -> tuple[int, str]:
    depts = [Department(name=f"Department {n}", slug=f"d{n}") for n in range(40)]
    db.session.add_all(depts)
    db.session.flush()
    now = utcnow()
    rows = [
        {
            "email": f"p{n}@bench.example",
            "given_name": f"P{n}",
            "family_name": "Bench",
            "department_id": depts[n % 40].id,
            "language": "it" if n % 3 == 0 else "en",
            "active": True,
            "session_version": 1,
            "created_at": now,
        }
        for n in range(people)
    ]
    for start in range(0, people, 5000):
        db.session.execute(insert(User.__table__), rows[start : start + 5000])
    db.session.commit()
    hr = create_user(
        email="hr@bench.example",
        given_name="Hana",
        family_name="Bench",
        department=depts[0],
        roles={"hr"},
        password=PASSPHRASE,
    )
    db.session.commit()
    cycle = create_cycle(
        assessment_id="customer-culture",
        name="Bench",
        opens_on=date.today(),
        closes_on=date.today() + timedelta(days=14),
        actor=None,
    )
    return cycle.id, hr.email


def proc_stats(pid: int) -> tuple[float, float]:
    """CPU seconds and peak resident memory (MB) of a live process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    peak = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return cpu, peak


def wait_until(condition, timeout: float) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"timed out after {timeout:.0f} s")
        time.sleep(0.05)
    return time.monotonic() - started


def start_worker(overrides: dict) -> subprocess.Popen:
    env = {
        **os.environ,
        "ACADEMY_TEST_OVERRIDES": json.dumps(overrides),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "flask", "--app", "bench.worker_app", "jobs", "worker"]
    return subprocess.Popen(
        [*command, "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def announce(app, cycle_id: int, hr_email: str) -> float:
    """HR opens the cycle through the web; returns the request's time."""
    client = app.test_client()
    client.post("/auth/login", data={"email": hr_email, "password": PASSPHRASE})
    started = time.perf_counter()
    response = client.post(f"/assessment/cycles/{cycle_id}/open", data={"announce": "y"})
    assert response.status_code == 303, response.status_code
    return time.perf_counter() - started


def outage(sink: Sink, port: int, controller: Controller, seconds: float, expected: int):
    """Close the cycle; stop the mail server once a fifth of the thanks are out, for
    `seconds`; returns (sent before the stop, resumed after, done after, controller)."""
    before = sink.total()
    wait_until(lambda: sink.total() >= before + expected // 5, 600)
    controller.stop()
    stalled_at = sink.total()
    time.sleep(seconds)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    back_at = time.monotonic()
    wait_until(lambda: sink.total() > stalled_at, 900)
    resumed = time.monotonic() - back_at
    wait_until(lambda: sink.total() >= before + expected, 1800)
    return stalled_at - before, resumed, time.monotonic() - back_at, controller


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--database", default="")
    parser.add_argument("--outage", type=float, default=60.0, help="seconds without SMTP")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    queue = f"academy-bench-{uuid.uuid4().hex[:8]}"
    overrides = {
        "SQLALCHEMY_DATABASE_URI": url,
        "JOBS_URL": REDIS_URL,
        "JOBS_QUEUE": queue,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_TIMEOUT": 5,
        "PUBLIC_URL": "http://academy.bench",
    }
    app = create_app({"ENV_NAME": "testing", **overrides})
    worker = None
    try:
        with app.app_context():
            if url.startswith("postgresql"):
                db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                db.session.commit()
            db.create_all()
            cycle_id, hr_email = build(args.people)
            request_time = announce(app, cycle_id, hr_email)
            expected = args.people + 1
            worker = start_worker(overrides)
            send_time = wait_until(lambda: sink.total() >= expected, 1800)
            cpu, peak = proc_stats(worker.pid)
            duplicates = sum(n - 1 for n in sink.received.values() if n > 1)
            load = os.getloadavg()[0]
            print(
                f"database {url.split(':', 1)[0]}, {args.people:,} people (+1 HR), "
                f"queue Redis, 1 worker thread; load {load:.1f}"
            )
            print(
                f"  open request (web, queues only): {request_time * 1000:6.0f} ms   target < 2 s"
            )
            print(
                f"  {expected:,} announcements sent in {send_time:6.1f} s from worker start "
                f"({expected / send_time:4.0f}/s)   target < 300 s"
            )
            print(
                f"  worker CPU {cpu:6.1f} s ({cpu / expected * 1000:4.1f} ms per email, start-up "
                f"included); peak memory {peak:4.0f} MB   target < 250 MB"
            )
            print(f"  duplicates: {duplicates}   target 0")

            # The thank-you batch, with the mail server away for a while in the middle.
            close_cycle(db.session.get(Cycle, cycle_id), None)
            sent_first, resumed, finished, controller = outage(
                sink, port, controller, args.outage, expected
            )
            db.session.rollback()
            job = db.session.scalar(select(Job).where(Job.name == "cycle.thank"))
            # Everyone has had two messages by now: the announcement and the thank-you.
            duplicates = sum(n - 2 for n in sink.received.values() if n > 2)
            both = len(sink.received) == expected and all(n == 2 for n in sink.received.values())
            states = dict(
                db.session.execute(
                    select(Delivery.status, func.count())
                    .where(Delivery.kind == "cycle-thank")
                    .group_by(Delivery.status)
                ).all()
            )
            cpu, peak = proc_stats(worker.pid)
            print(
                f"  mail server down {args.outage:.0f} s during the {expected:,} thank-you emails "
                f"(after {sent_first:,} were sent):"
            )
            print(
                f"    sending resumed {resumed:5.1f} s after the server came back "
                f"(backoff from JOB_RETRY_DELAY={app.config['JOB_RETRY_DELAY']} s); batch done "
                f"{finished:5.1f} s after it came back; job {job.status.value}"
            )
            print(
                f"    delivery states { ({k.value: v for k, v in states.items()}) }; "
                f"duplicates: {duplicates} (target 0); everyone got both emails: {both}"
            )
            print(f"  worker at the end: CPU {cpu:6.1f} s, peak memory {peak:4.0f} MB")
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
        with contextlib.suppress(Exception):
            controller.stop()
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"*{queue}*"):
            store.delete(key)


if __name__ == "__main__":
    main()
