"""Background jobs for admins: what is queued, running, done and failed, with the error."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from academy.admin import bp
from academy.audit import record
from academy.extensions import db
from academy.forms import Form
from academy.jobs.labels import job_label
from academy.jobs.queue import requeue
from academy.models import Job, JobStatus
from academy.validation import query_int

PER_PAGE = 50


@bp.route("/jobs")
def jobs() -> Any:
    status = request.args.get("status", "")
    query = select(Job)
    if status in {s.value for s in JobStatus}:
        query = query.where(Job.status == JobStatus(status))
    else:
        status = ""
    page = db.paginate(
        query.order_by(Job.id.desc()),
        page=query_int("page", maximum=100_000) or 1,
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "admin/jobs.html",
        page=page,
        status=status,
        statuses=[s.value for s in JobStatus],
        job_label=job_label,
        action_form=Form(formdata=None),
    )


@bp.route("/jobs/<int:job_id>/retry", methods=["POST"])
def retry_job(job_id: int) -> Any:
    """Queue a failed job again: jobs are idempotent, so what was done is not redone."""
    row = db.session.get(Job, job_id)
    if row is None:
        abort(404)
    if not Form().validate_on_submit():
        abort(400)
    if row.status != JobStatus.FAILED:
        flash(_("Only a failed job can be run again."), "error")
    else:
        requeue(row)
        record(
            current_user, "job.retried", target_type="job", target_id=row.id, target_label=row.name
        )
        db.session.commit()
        flash(_("The job is queued again."), "success")
    return redirect(url_for("main.job", job_id=job_id), 303)
