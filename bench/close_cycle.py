"""What closing a cycle costs with sealed answers: open, shuffle, store, compute results.

    python bench/close_cycle.py                       # 10,000 people, SQLite file
    python bench/close_cycle.py --people 2000
    python bench/close_cycle.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds a company of N people in 40 departments, opens a cycle of the shipped
questionnaire, seals an answer for 85% of them (as submissions would, in bulk), then
times HR's close (the web request) and the background release job separately, and
reports the worker's peak memory. Target: the web request stays well under a second
whatever N; the release of 10,000 answers completes in under a minute.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text

from academy import create_app
from academy.assess import release
from academy.assess.cycles import close_cycle, create_cycle, open_cycle
from academy.assess.responses import sealer
from academy.assess.sealing import SealedAnswer
from academy.extensions import db
from academy.models import (
    Cycle,
    CycleMember,
    Department,
    Job,
    SealedResponse,
    User,
)
from academy.models.assessment import random_id


def build(people: int, rng: random.Random) -> int:
    depts = [Department(name=f"Department {n}", slug=f"d{n}") for n in range(40)]
    db.session.add_all(depts)
    db.session.flush()
    rows = [
        {
            "email": f"p{n}@bench.example",
            "given_name": "P",
            "family_name": str(n),
            "department_id": depts[n % 40].id,
            "active": True,
            "session_version": 1,
        }
        for n in range(people)
    ]
    for start in range(0, people, 5000):
        db.session.execute(insert(User.__table__), rows[start : start + 5000])
    db.session.commit()
    from datetime import date, timedelta

    cycle = create_cycle(
        assessment_id="customer-culture",
        name="Bench",
        opens_on=date.today(),
        closes_on=date.today() + timedelta(days=14),
        actor=None,
    )
    open_cycle(cycle, None)
    from academy.assess.cycles import assessment_for

    assessment = assessment_for(cycle)
    box = sealer()
    members = db.session.execute(
        select(CycleMember.id, CycleMember.department_id).where(CycleMember.cycle_id == cycle.id)
    ).all()
    sealed, answered = [], []
    for member_id, dept in members:
        if rng.random() > 0.85:
            continue
        values = tuple(None if rng.random() < 0.04 else rng.randint(1, 5) for _ in assessment.items)
        comment = "A comment about customers." if rng.random() < 0.15 else None
        blob = box.seal(cycle.id, assessment.version, SealedAnswer(dept, values, comment))
        sealed.append({"id": random_id(), "cycle_id": cycle.id, "payload": blob})
        answered.append(member_id)
    for start in range(0, len(sealed), 2000):
        db.session.execute(insert(SealedResponse.__table__), sealed[start : start + 2000])
    db.session.execute(
        CycleMember.__table__.update().where(CycleMember.id.in_(answered)).values(answered=True)
    )
    db.session.commit()
    return cycle.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--database", default="")
    parser.add_argument("--release", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.release:
        run_release(args.release, args.database)
        return
    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    # Closing only queues the job here; it is run below, timed on its own.
    app = create_app(
        {"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "JOBS_URL": "immediate"}
    )
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.create_all()
        cycle_id = build(args.people, random.Random(1))
        answers = db.session.scalar(select(db.func.count()).select_from(SealedResponse))
        from academy import jobs

        # Time the web request alone: the job is dispatched after its commit, so catch it.
        dispatched: list[int] = []
        real_wake = jobs.queue._wake
        jobs.queue._wake = lambda job_id, eta: dispatched.append(job_id)
        cpu0, t0 = time.process_time(), time.perf_counter()
        close_cycle(db.session.get(Cycle, cycle_id), None)
        request_wall, request_cpu = time.perf_counter() - t0, time.process_time() - cpu0
        jobs.queue._wake = real_wake
        job_id = db.session.scalar(select(Job.id).where(Job.name == release.RELEASE_JOB))
    # The release runs in a fresh process, as in a worker, so its memory is its own.
    child = subprocess.run(
        [sys.executable, __file__, "--release", str(job_id), "--database", url],
        capture_output=True,
        text=True,
        check=True,
    )
    release_wall, release_cpu, peak_mb, status = child.stdout.split()
    kind = url.split(":", 1)[0]
    print(f"database {kind}, {args.people} people, {answers} sealed answers")
    print(
        f"  close request (web):   {request_wall * 1000:7.0f} ms wall,"
        f" {request_cpu * 1000:6.0f} ms CPU   target < 1,000 ms"
    )
    print(
        f"  release job (worker):  {float(release_wall):7.1f} s wall,"
        f"  {float(release_cpu):6.1f} s CPU   target < 60 s"
    )
    print(f"  cycle {status}; worker peak memory {float(peak_mb):.0f} MB (target < 200 MB)")


def run_release(job_id: int, url: str) -> None:
    app = create_app(
        {"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "JOBS_URL": "immediate"}
    )
    from academy import jobs

    with app.app_context():
        cpu0, t0 = time.process_time(), time.perf_counter()
        jobs.run_now(job_id)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        job = db.session.get(Job, job_id)
        status = db.session.scalar(select(Cycle.status).where(Cycle.id == job.args["cycle_id"]))
        if job.error:
            print(job.error, file=sys.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{wall:.3f} {cpu:.3f} {peak_mb:.1f} {status.value}")


if __name__ == "__main__":
    main()
