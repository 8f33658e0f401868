"""Admins see every background job, with its state and error, and can run a failed one
again; whoever started a job follows its progress; nobody else sees it."""

from __future__ import annotations

from sqlalchemy import select

from academy import jobs
from academy.extensions import db
from academy.models import AuditEvent, Job, JobStatus
from tests import factories
from tests.conftest import login


@jobs.job("test.fails")
def _fails(progress: jobs.Progress, message: str) -> None:
    raise jobs.JobFailed(message)


@jobs.job("test.counts")
def _counts(progress: jobs.Progress, seen: list | None = None) -> None:
    progress(3, 3)


def _job(name, creator=None, **args) -> Job:
    row = jobs.enqueue(name, created_by_id=creator.id if creator else None, **args)
    db.session.commit()
    db.session.refresh(row)
    return row


def test_admins_see_jobs_by_state_with_their_errors(app, admin):
    failed = _job("test.fails", message="the mail server said no")
    done = _job("test.counts")
    assert failed.status is JobStatus.FAILED
    assert done.status is JobStatus.DONE
    page = admin.get("/admin/jobs").get_data(as_text=True)
    assert "the mail server said no" in page
    assert f"/jobs/{done.id}" in page
    only_failed = admin.get("/admin/jobs?status=failed").get_data(as_text=True)
    assert f"/jobs/{failed.id}" in only_failed
    assert f"/jobs/{done.id}" not in only_failed
    detail = admin.get(f"/jobs/{failed.id}").get_data(as_text=True)
    assert "the mail server said no" in detail
    state = admin.get(f"/jobs/{done.id}/state").get_json()
    assert state == {
        "id": done.id,
        "status": "done",
        "label": "Done",
        "done": 3,
        "total": 3,
        "finished": True,
        "emails": None,
    }


def test_a_failed_job_can_be_run_again(app, admin):
    failed = _job("test.fails", message="first time")
    response = admin.post(f"/admin/jobs/{failed.id}/retry")
    assert response.status_code == 303
    db.session.refresh(failed)
    assert failed.status is JobStatus.FAILED  # it failed again, at once (immediate jobs)
    assert failed.attempts == 1
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "job.retried"))
    done = _job("test.counts")
    admin.post(f"/admin/jobs/{done.id}/retry", follow_redirects=True)
    db.session.refresh(done)
    assert done.status is JobStatus.DONE


def test_the_person_who_started_a_job_follows_it_and_nobody_else(app, as_role):
    hr = as_role("hr")
    owner = factories.user("hr")
    row = _job("test.counts", creator=owner)
    client = app.test_client()
    login(client, owner)
    assert client.get(f"/jobs/{row.id}").status_code == 200
    assert hr.get(f"/jobs/{row.id}").status_code == 404
    assert hr.get(f"/jobs/{row.id}/state").status_code == 404
    assert as_role().get("/admin/jobs").status_code == 403
