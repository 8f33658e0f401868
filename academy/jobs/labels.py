"""What each kind of job is called on admin pages, and which batch of emails it sends."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from academy.models import Job

JOB_LABELS = {
    "cycle.release": _l("Closing a cycle"),
    "cycle.results": _l("Computing a cycle's results"),
    "cycle.announce": _l("Announcing a cycle"),
    "cycle.remind": _l("Assessment reminder"),
    "cycle.thank": _l("Thank-you after a cycle"),
    "mail.send": _l("Sending emails"),
    "auth.password_reset": _l("Password reset email"),
    "people.invite": _l("Invitations"),
    "training.due": _l("Training due-date reminders"),
    "training.remind": _l("Training reminder"),
}


def job_label(job: Job) -> str:
    return str(JOB_LABELS.get(job.name, job.name))


def job_batch(job: Job) -> str | None:
    """The batch of emails the job sends, when it sends one."""
    batch = (job.args or {}).get("batch")
    return batch if isinstance(batch, str) else None
