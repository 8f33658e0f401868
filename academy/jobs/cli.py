"""`flask jobs ...`: run the worker, list jobs, run one by hand."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from huey import crontab
from sqlalchemy import select

from academy.extensions import db
from academy.jobs.queue import dispatch_pending, huey, run_now
from academy.models import Job

jobs_cli = AppGroup("jobs", help="Background jobs (the worker, and what it has done).")


@huey.periodic_task(crontab(minute="*"), name="academy.sweep")
def sweep() -> None:
    """Every minute: wake the jobs that are due and whose wake-up was lost."""
    from academy.jobs.queue import _app_for_job

    with _app_for_job().app_context():
        dispatch_pending()


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time.")
def worker_command(workers: int) -> None:
    """Run the job worker (with the every-minute sweep) until stopped."""
    if huey.immediate:
        raise click.ClickException(
            "JOBS_URL is 'immediate': jobs run inside the web process and need no worker."
        )
    click.echo(f"Job worker: {workers} threads, queue {current_app.config['JOBS_URL']}")
    dispatch_pending()
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()


@jobs_cli.command("tick")
@click.option("--at", "at", default=None, help="Run as if it were this UTC time (ISO 8601).")
def tick_command(at: str | None) -> None:
    """Do what is due now (the worker does this every minute): scheduled openings,
    closings and reminders. For installations that use cron instead of a worker."""
    from datetime import UTC, datetime

    from academy.jobs.periodic import run_due_work

    moment = None
    if at:
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            raise click.BadParameter(
                "use ISO 8601, e.g. 2027-03-01T08:00", param_hint="--at"
            ) from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    done = run_due_work(moment)
    click.echo("\n".join(done) if done else "Nothing was due.")


@jobs_cli.command("list")
@click.option("--limit", default=20, show_default=True)
def list_command(limit: int) -> None:
    """The most recent jobs and their state."""
    rows = db.session.scalars(select(Job).order_by(Job.id.desc()).limit(limit))
    for row in rows:
        progress = f" {row.progress_done}/{row.progress_total}" if row.progress_total else ""
        error = f"  {row.error}" if row.error else ""
        click.echo(f"{row.id:>6} {row.status.value:<8} {row.name}{progress}{error}")


@jobs_cli.command("run")
@click.argument("job_id", type=int)
def run_command(job_id: int) -> None:
    """Run one queued job now, in this process."""
    run_now(job_id)
    row = db.session.get(Job, job_id)
    click.echo(f"job {job_id}: {row.status.value if row else 'not found'}")
