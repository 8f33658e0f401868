"""The job table, the Huey queue that wakes workers, and the worker's side of a job."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from academy.extensions import db
from academy.models import Job, JobStatus, utcnow

log = logging.getLogger("academy.jobs")

#: The queue. Its store is chosen from JOBS_URL by init_app; until then (and with
#: JOBS_URL=immediate) jobs run at once, in the process that enqueues them.
huey = Huey("academy", results=False, utc=True, immediate=True, storage_class=MemoryStorage)

Handler = Callable[..., None]
HANDLERS: dict[str, Handler] = {}
_PENDING_KEY = "academy.jobs.pending"
_app: Flask | None = None


class RetryLater(Exception):
    """Raised by a job that should run again later (e.g. the mail server is down).

    ``made_progress``: the run did part of the work before stopping, so the backoff
    starts again from its first step instead of counting towards giving up (a batch
    of 10,000 emails may meet several short outages).
    """

    def __init__(self, message: str = "", made_progress: bool = False) -> None:
        super().__init__(message)
        self.made_progress = made_progress


class JobFailed(Exception):
    """Raised by a job that cannot succeed; its message is shown to admins."""


def job(name: str) -> Callable[[Handler], Handler]:
    """Register a job handler. It receives the job's arguments and a ``progress``."""

    def register(handler: Handler) -> Handler:
        if name in HANDLERS and HANDLERS[name] is not handler:
            raise ValueError(f"job {name!r} is registered twice")
        HANDLERS[name] = handler
        return handler

    return register


def enqueue(
    name: str,
    *,
    key: str | None = None,
    run_after: datetime | None = None,
    created_by_id: int | None = None,
    **args: Any,
) -> Job:
    """Add a job in the caller's transaction; it is dispatched once that commits.

    With a ``key``, an unfinished job with the same key is returned instead of a second
    one (the work is already on its way).
    """
    if name not in HANDLERS:
        raise ValueError(f"unknown job {name!r}")
    if key is not None:
        existing = db.session.scalar(
            select(Job).where(Job.key == key, Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)))
        )
        if existing is not None:
            return existing
        # A finished job keeps its row for the record; free the key for the new one.
        db.session.execute(
            update(Job)
            .where(Job.key == key)
            .values(key=None)
            .execution_options(synchronize_session=False)
        )
    row = Job(name=name, key=key, args=args, run_after=run_after, created_by_id=created_by_id)
    db.session.add(row)
    db.session.flush()
    db.session.info.setdefault(_PENDING_KEY, []).append(row.id)
    return row


def requeue(row: Job) -> None:
    """Queue a finished job again, from its first attempt (dispatched on commit)."""
    row.status = JobStatus.QUEUED
    row.attempts = 0
    row.run_after = None
    row.finished_at = None
    db.session.flush()
    db.session.info.setdefault(_PENDING_KEY, []).append(row.id)


@event.listens_for(Session, "after_commit")
def _dispatch_committed(session: Session) -> None:
    ids = session.info.pop(_PENDING_KEY, None)
    if ids:
        for job_id in ids:
            _wake(job_id, None)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


@huey.task(name="academy.run_job")
def _run_job_task(job_id: int) -> None:
    run_now(job_id)


def _wake(job_id: int, eta: datetime | None) -> None:
    try:
        if eta is not None and not huey.immediate:
            _run_job_task.schedule(args=(job_id,), eta=eta)
        else:
            _run_job_task(job_id)
    except Exception:
        # The row stays queued: the next sweep dispatches it again.
        log.exception("could not dispatch job %s; the sweep will try again", job_id)


@dataclass
class Progress:
    """What a running job reports: how much of how much is done."""

    job_id: int
    total: int | None = None
    done: int = 0

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        # In a transaction of its own, so admins see it while the job's own transaction
        # is still open; on SQLite that transaction may hold the write lock, so a
        # progress note that cannot be written at once is simply skipped.
        try:
            with db.engine.connect() as conn:
                sqlite = conn.dialect.name == "sqlite"
                if sqlite:
                    # Never wait for the write lock: the job itself may hold it.
                    conn.exec_driver_sql("PRAGMA busy_timeout = 0")
                try:
                    conn.execute(
                        update(Job)
                        .where(Job.id == self.job_id)
                        .values(
                            progress_done=done, progress_total=self.total, heartbeat_at=utcnow()
                        )
                    )
                    conn.commit()
                finally:
                    if sqlite:
                        # The connection goes back to the pool: with no wait, whoever
                        # used it next would fail at the first lock.
                        conn.rollback()
                        conn.exec_driver_sql("PRAGMA busy_timeout = 5000")
        except Exception:  # progress is informative only
            log.debug("progress of job %s not recorded", self.job_id, exc_info=True)


def _app_for_job() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _app is None:
        raise RuntimeError("no application for jobs: run the worker with `flask jobs worker`")
    return _app


def _claim(job_id: int) -> Job | None:
    """Mark a queued (or stale running) job as running; None when someone else has it."""
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    claimed = db.session.execute(
        update(Job)
        .where(
            Job.id == job_id,
            or_(
                Job.status == JobStatus.QUEUED,
                (Job.status == JobStatus.RUNNING) & (Job.heartbeat_at < stale),
            ),
            or_(Job.run_after.is_(None), Job.run_after <= now),
        )
        .values(
            status=JobStatus.RUNNING,
            attempts=Job.attempts + 1,
            started_at=now,
            heartbeat_at=now,
            error=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(Job, job_id) if claimed else None


def run_now(job_id: int) -> None:
    """Run one job in a fresh application context and session, and record how it went."""
    app = _app_for_job()
    with app.app_context():
        job_row = _claim(job_id)
        if job_row is None:
            return
        handler = HANDLERS.get(job_row.name)
        progress = Progress(job_row.id, job_row.progress_total, 0)
        try:
            if handler is None:
                raise JobFailed(f"unknown job {job_row.name!r}")
            handler(progress=progress, **job_row.args)
        except RetryLater as exc:
            db.session.rollback()
            _retry_or_fail(job_id, str(exc) or type(exc).__name__, exc.made_progress)
            return
        except Exception as exc:
            db.session.rollback()
            log.exception("job %s (%s) failed", job_id, job_row.name)
            message = str(exc) if isinstance(exc, JobFailed) else f"{type(exc).__name__}: {exc}"
            _finish(job_id, JobStatus.FAILED, message)
            return
        _finish(job_id, JobStatus.DONE, None)


def _finish(job_id: int, status: JobStatus, error: str | None) -> None:
    db.session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(status=status, error=error, finished_at=utcnow(), heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _retry_or_fail(job_id: int, error: str, made_progress: bool = False) -> None:
    row = db.session.get_one(Job, job_id)
    if made_progress:
        row.attempts = 1
    limit = current_app.config["JOB_MAX_ATTEMPTS"]
    if row.attempts >= limit:
        _finish(job_id, JobStatus.FAILED, f"{error} (gave up after {row.attempts} attempts)")
        return
    # Exponential backoff: 30 s, 1 min, 2 min, ... capped at an hour.
    delay = min(3600, current_app.config["JOB_RETRY_DELAY"] * 2 ** (row.attempts - 1))
    row.status = JobStatus.QUEUED
    row.error = error
    row.run_after = utcnow() + timedelta(seconds=delay)
    db.session.commit()
    _wake(job_id, row.run_after)


def dispatch_pending(limit: int = 500) -> int:
    """Send a wake-up for every job that is due and not running (or running but stale).

    Run by the worker at start and periodically: it finds the jobs whose wake-up was lost.
    """
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    ids = list(
        db.session.scalars(
            select(Job.id)
            .where(
                or_(
                    Job.status == JobStatus.QUEUED,
                    (Job.status == JobStatus.RUNNING) & (Job.heartbeat_at < stale),
                ),
                or_(Job.run_after.is_(None), Job.run_after <= now),
            )
            .order_by(Job.enqueued_at)
            .limit(limit)
        )
    )
    db.session.commit()
    for job_id in ids:
        _wake(job_id, None)
    return len(ids)


def _storage_for(app: Flask, url: str) -> Any:
    name = app.config.get("JOBS_QUEUE") or huey.name
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(name, url=url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_absolute():
            path = Path(app.instance_path) / path
        return SqliteStorage(name, filename=str(path))
    raise ValueError(f"JOBS_URL must be redis://..., sqlite:///... or immediate, not {url!r}")


def init_app(app: Flask) -> None:
    """Point the queue at JOBS_URL. The last app initialised is the one workers use."""
    global _app
    url = app.config["JOBS_URL"]
    if url == "immediate":
        huey.immediate = True
    else:
        huey.immediate = False
        huey.storage = _storage_for(app, url)
    _app = app
    from academy.jobs import cli

    app.cli.add_command(cli.jobs_cli)
