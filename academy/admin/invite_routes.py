"""Inviting many people at once: everyone without a password in a filtered list, or the
people of an import. The invitations go out from a job; its page shows the counts."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from academy.admin import bp, services
from academy.admin.forms import UserFilterForm
from academy.admin.invitations import queue_invitations
from academy.extensions import db
from academy.forms import Form
from academy.models import User
from academy.validation import MAX_ID

_MAX_IDS = 50_000


def _ids_from_form() -> list[int] | None:
    """The ids posted by an import report (comma-separated), or None when absent."""
    raw = request.form.get("ids")
    if raw is None:
        return None
    ids = []
    for part in raw.split(",")[:_MAX_IDS]:
        part = part.strip()
        if part.isascii() and part.isdigit() and len(part) <= 10 and 0 < int(part) <= MAX_ID:
            ids.append(int(part))
    return ids


def _ids_from_filters() -> list[int]:
    form = UserFilterForm(formdata=request.form)
    role = form.role.data or ""
    query = services.user_query(form.q.data or "", form.department_id(), role, "no_password")
    return list(db.session.scalars(query.with_only_columns(User.id).order_by(None)))


@bp.route("/users/invite", methods=["POST"])
def invite_many() -> Any:
    if not Form().validate_on_submit():
        flash(_("The form had expired. Nothing was sent: try again."), "error")
        return redirect(url_for("admin.users"), 303)
    ids = _ids_from_form()
    if ids is None:
        ids = _ids_from_filters()
    else:
        ids = list(
            db.session.scalars(
                select(User.id).where(
                    User.id.in_(ids), User.active.is_(True), User.password_hash.is_(None)
                )
            )
        )
    if not ids:
        flash(_("Everyone here already has a password: there is nobody to invite."), "info")
        return redirect(url_for("admin.users"), 303)
    job = queue_invitations(current_user, ids)
    db.session.commit()
    flash(
        _(
            "Invitations are on their way. People whose earlier invitation still works are "
            "skipped, so nobody gets a second link."
        ),
        "success",
    )
    return redirect(url_for("main.job", job_id=job.id), 303)
