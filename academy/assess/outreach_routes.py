"""HR: the cycle's emails (previews, what was sent) and reminders (now or scheduled)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from academy.assess import bp
from academy.assess.emails import _facts, announcement, reminder, thanks
from academy.assess.forms import ReminderForm
from academy.assess.outreach import (
    ANNOUNCE_JOB,
    THANK_JOB,
    announce_batch,
    remind_now,
    reminder_batch,
    schedule_reminder,
    thank_batch,
)
from academy.assess.plan_routes import get_cycle
from academy.assess.schedule import closing_time, reminder_time
from academy.extensions import db
from academy.forms import Form
from academy.mail import Mail
from academy.models import Cycle, CycleMember, CycleReminder, CycleStatus, Job, User, utcnow
from academy.outreach import counts
from academy.outreach.deliveries import Recipient
from academy.security import role_required

PREVIEWS = {"announcement": announcement, "reminder": reminder, "thanks": thanks}


@dataclass(frozen=True)
class Send:
    """One send of the cycle's emails, as the cycle page lists it."""

    label: str
    when: datetime | None
    job: Job | None
    counts: dict[str, int]
    reminder: CycleReminder | None = None

    @property
    def scheduled(self) -> bool:
        return self.reminder is not None and self.reminder.sent_at is None


def _job(job_id: int | None) -> Job | None:
    return db.session.get(Job, job_id) if job_id else None


def _cycle_job(name: str, cycle_id: int) -> Job | None:
    """The latest job of this name for the cycle (a job's key is freed when it ends)."""
    return db.session.scalar(
        select(Job)
        .where(Job.name == name, Job.args["cycle_id"].as_integer() == cycle_id)
        .order_by(Job.id.desc())
        .limit(1)
    )


def outreach_context(cycle: Cycle) -> dict[str, Any]:
    sends: list[Send] = []
    if cycle.opened_at is not None:
        sends.append(
            Send(
                _("Announcement"),
                cycle.opened_at,
                _cycle_job(ANNOUNCE_JOB, cycle.id),
                counts(announce_batch(cycle.id)),
            )
        )
    reminders = db.session.scalars(
        select(CycleReminder)
        .where(CycleReminder.cycle_id == cycle.id)
        .order_by(CycleReminder.send_at)
    ).all()
    for row in reminders:
        sends.append(
            Send(_("Reminder"), row.send_at, _job(row.job_id), counts(reminder_batch(row.id)), row)
        )
    if cycle.status == CycleStatus.CLOSED:
        sends.append(
            Send(
                _("Thank-you"),
                cycle.closed_at,
                _cycle_job(THANK_JOB, cycle.id),
                counts(thank_batch(cycle.id)),
            )
        )
    waiting = 0
    if cycle.status == CycleStatus.OPEN:
        waiting = db.session.scalar(
            select(func.count())
            .select_from(CycleMember)
            .join(User, User.id == CycleMember.user_id)
            .where(
                CycleMember.cycle_id == cycle.id,
                CycleMember.answered.is_(False),
                User.active.is_(True),
            )
        )
    return {
        "sends": sends,
        "not_answered": waiting,
        "reminder_form": ReminderForm(formdata=None),
        "reminders_max": current_app.config["REMINDERS_MAX_PER_CYCLE"],
        "previews": list(PREVIEWS),
    }


@bp.route("/cycles/<int:cycle_id>/remind", methods=["POST"])
@role_required("hr")
def remind(cycle_id: int) -> Any:
    cycle = get_cycle(cycle_id)
    if not Form().validate_on_submit():
        abort(400)
    if cycle.status != CycleStatus.OPEN:
        flash(_("Reminders go out only while the cycle is open."), "error")
        return redirect(url_for("assess.cycle", cycle_id=cycle_id), 303)
    row = remind_now(cycle, current_user)
    db.session.commit()
    flash(
        _("The reminder is on its way to the people who have not answered yet."),
        "success",
    )
    return redirect(url_for("main.job", job_id=row.job_id), 303)


@bp.route("/cycles/<int:cycle_id>/reminders", methods=["POST"])
@role_required("hr")
def schedule(cycle_id: int) -> Any:
    cycle = get_cycle(cycle_id)
    form = ReminderForm()
    target = url_for("assess.cycle", cycle_id=cycle_id, _anchor="emails")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(target, 303)
    if cycle.status not in (CycleStatus.DRAFT, CycleStatus.OPEN):
        flash(_("Reminders go out only while the cycle is open."), "error")
        return redirect(target, 303)
    send_at = reminder_time(cycle, form.days_before.data)
    if send_at <= utcnow() or send_at >= closing_time(cycle):
        flash(_("That day has passed, or is after the closing date: choose another."), "error")
        return redirect(target, 303)
    schedule_reminder(cycle, send_at, current_user)
    db.session.commit()
    flash(_("The reminder is scheduled."), "success")
    return redirect(target, 303)


@bp.route("/cycles/<int:cycle_id>/reminders/<int:reminder_id>/delete", methods=["POST"])
@role_required("hr")
def delete_reminder(cycle_id: int, reminder_id: int) -> Any:
    row = db.session.get(CycleReminder, reminder_id)
    if row is None or row.cycle_id != cycle_id:
        abort(404)
    if Form().validate_on_submit():
        if row.sent_at is not None:
            flash(_("This reminder has already gone out."), "error")
        else:
            db.session.delete(row)
            db.session.commit()
            flash(_("The scheduled reminder has been cancelled."), "success")
    return redirect(url_for("assess.cycle", cycle_id=cycle_id, _anchor="emails"), 303)


def _preview(cycle: Cycle, kind: str) -> tuple[Mail, str]:
    build = PREVIEWS.get(kind)
    if build is None:
        abort(404)
    lang = request.args.get("lang")
    if lang not in current_app.config["LANGUAGES"]:
        lang = current_user.language or current_app.config["BABEL_DEFAULT_LOCALE"]
    person = Recipient(
        current_user.id,
        current_user.email,
        current_user.given_name,
        current_user.family_name,
        lang,
        current_user.department_id or 0,
        True,
        True,
    )
    return build(person, _facts(cycle)), lang


@bp.route("/cycles/<int:cycle_id>/emails/<kind>")
@role_required("hr")
def preview(cycle_id: int, kind: str) -> Any:
    cycle = get_cycle(cycle_id)
    mail, lang = _preview(cycle, kind)
    return render_template(
        "assess/email_preview.html",
        cycle=cycle,
        kind=kind,
        mail=mail,
        mail_lang=lang,
        kinds=list(PREVIEWS),
        languages=current_app.config["LANGUAGES"],
    )


@bp.route("/cycles/<int:cycle_id>/emails/<kind>/html")
@role_required("hr")
def preview_html(cycle_id: int, kind: str) -> Any:
    """The email's HTML part alone, for the preview's frame: sandboxed, no scripts."""
    cycle = get_cycle(cycle_id)
    mail, _lang = _preview(cycle, kind)
    response = make_response(mail.html or "")
    response.headers["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
