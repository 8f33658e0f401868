"""A background job's progress, for the person who started it and for admins."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import select

from academy.extensions import db
from academy.jobs.labels import job_batch, job_label
from academy.main import bp
from academy.models import Delivery, DeliveryStatus, Job
from academy.outreach import counts
from academy.templating import job_status_label

_PROBLEMS_SHOWN = 50


def visible_job(job_id: int) -> Job:
    """The job, if this person may see it: admins see every job, others their own."""
    job = db.session.get(Job, job_id)
    if job is None or not (current_user.has_role("admin") or job.created_by_id == current_user.id):
        abort(404)
    return job


def job_state(job: Job) -> dict[str, Any]:
    batch = job_batch(job)
    return {
        "id": job.id,
        "status": job.status.value,
        "label": job_status_label(job),
        "done": job.progress_done,
        "total": job.progress_total,
        "finished": job.status.value in ("done", "failed"),
        "emails": counts(batch) if batch else None,
    }


@bp.route("/jobs/<int:job_id>")
def job(job_id: int) -> Any:
    row = visible_job(job_id)
    batch = job_batch(row)
    problems = []
    if batch:
        problems = db.session.scalars(
            select(Delivery)
            .where(
                Delivery.batch == batch,
                Delivery.status.in_((DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN)),
            )
            .order_by(Delivery.id)
            .limit(_PROBLEMS_SHOWN)
        ).all()
    return render_template(
        "main/job.html", job=row, label=job_label(row), state=job_state(row), problems=problems
    )


@bp.route("/jobs/<int:job_id>/state")
def job_state_json(job_id: int) -> Any:
    """The progress page asks for this every few seconds while the job runs."""
    return job_state(visible_job(job_id))
