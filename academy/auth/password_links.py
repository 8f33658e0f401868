"""Public pages reached from emailed links: accept an invitation, reset a password."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from academy import jobs
from academy.auth import bp, emails
from academy.auth.forms import ChoosePasswordForm, ForgotPasswordForm
from academy.auth.links import INVITATION, PASSWORD_RESET, LinkError, read_token
from academy.auth.services import set_password
from academy.extensions import db, limiter
from academy.mail import MailError, send
from academy.models import User
from academy.security import absolute_url, public


def _reset_email_key() -> str:
    return "reset-account:" + (request.form.get("email") or "").strip().lower()


def _limit(name: str):
    return lambda: current_app.config[name]


def _absolute_url(endpoint: str, **values: str) -> str:
    return absolute_url(endpoint, **values)


def reset_link(token: str) -> str:
    return _absolute_url("auth.reset_password", token=token)


def invitation_link(token: str) -> str:
    return _absolute_url("auth.accept_invitation", token=token)


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit(_limit("PASSWORD_RESET_LIMIT_ADDRESS"), methods=["POST"])
@limiter.limit(_limit("PASSWORD_RESET_LIMIT_ACCOUNT"), methods=["POST"], key_func=_reset_email_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        response = redirect(url_for("auth.login"))
        # The same work whether or not the address has an account: a job looks it up and
        # sends the email, so neither the answer nor its timing tells which addresses exist.
        jobs.enqueue(RESET_JOB, email=form.email.data.strip().lower())
        db.session.commit()
        # The same answer whether or not the address has an account.
        flash(
            _(
                "If %(email)s belongs to an account, a link to choose a new password is on "
                "its way. Check your inbox.",
                email=form.email.data,
            ),
            "info",
        )
        return response
    return render_template("auth/forgot_password.html", form=form), 200 if not form.errors else 422


RESET_JOB = "auth.password_reset"


@jobs.job(RESET_JOB)
def send_password_reset(email: str, progress: jobs.Progress) -> None:
    """Email a reset link to the account with this address, if there is an active one."""
    user = User.by_email(email)
    if user is None or not user.active:
        return
    try:
        send(emails.password_reset(user, reset_link))
    except MailError as exc:
        raise jobs.RetryLater(str(exc)) from exc


def _link_problem(reason: str, purpose: str) -> Any:
    messages = {
        "expired": _("This link has expired."),
        "used": _("This link has already been used."),
        "invalid": _("This link is not valid. Check that you copied all of it."),
    }
    return render_template("auth/link_problem.html", message=messages[reason], purpose=purpose), (
        410 if reason in {"expired", "used"} else 400
    )


def _choose_password(token: str, purpose: str, template: str) -> Any:
    try:
        user = read_token(token, purpose)
    except LinkError as exc:
        return _link_problem(exc.reason, purpose)
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        set_password(user, form.new_password.data)
        if purpose == INVITATION:
            flash(_("Your password is set. Log in with your email and new password."), "success")
        else:
            flash(_("Your password has been changed. Log in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return render_template(template, form=form, user=user), 200 if not form.errors else 422


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    return _choose_password(token, INVITATION, "auth/accept_invitation.html")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    return _choose_password(token, PASSWORD_RESET, "auth/reset_password.html")
