"""Background jobs: slow and scheduled work, off the web request (DESIGN.md invariant 10).

Huey (https://huey.readthedocs.io) carries the work: Redis in production
(``JOBS_URL=redis://...``), an SQLite file in the instance folder by default, so
`make run` needs nothing installed; tests run jobs at once (``JOBS_URL=immediate``).
Huey was chosen over RQ (Redis only, no embedded store) and Celery (a broker to run and
much more to configure) because it offers both stores, retries with backoff and
periodic tasks in one small library.

Every job is also a row in the ``jobs`` table, written in the same transaction as the
change that asked for it: that row is the job's record (queued, running, done, failed
with the error, progress) and what admins see. The queue only carries a wake-up call;
a wake-up lost with a killed worker or a restarted broker is found again by a periodic
sweep of the table and sent again. Jobs are therefore written to be idempotent: running
one twice does its work once.

Usage::

    @job("cycle.release")
    def release(cycle_id: int, progress: Progress) -> None: ...

    enqueue("cycle.release", key=f"cycle-release:{cycle.id}", cycle_id=cycle.id)
    db.session.commit()   # the job is dispatched once the row is committed
"""

from academy.jobs.queue import (
    HANDLERS,
    JobFailed,
    Progress,
    RetryLater,
    dispatch_pending,
    enqueue,
    huey,
    init_app,
    job,
    run_now,
)

__all__ = [
    "HANDLERS",
    "JobFailed",
    "Progress",
    "RetryLater",
    "dispatch_pending",
    "enqueue",
    "huey",
    "init_app",
    "job",
    "run_now",
]
