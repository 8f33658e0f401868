"""The audit log: who did what to what, and when, with filters and pages."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from wtforms.fields.choices import SelectChoice

from academy.admin import bp
from academy.admin.audit_labels import action_label, detail_items, target_type_label
from academy.admin.forms import AuditFilterForm
from academy.extensions import db
from academy.models import AuditEvent, User
from academy.validation import query_int

PER_PAGE = 50


def _like(q: str) -> str:
    escaped = q.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


@bp.route("/audit")
def audit_log():
    form = AuditFilterForm(formdata=request.args)
    actions = list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )
    form.action.choices = [SelectChoice("", _l("All actions"))] + [
        SelectChoice(a, action_label(a)) for a in actions
    ]
    query = select(AuditEvent).outerjoin(User, AuditEvent.actor_id == User.id)
    if form.action.data:
        query = query.where(AuditEvent.action == form.action.data)
    if form.q.data:
        pattern = _like(form.q.data)
        query = query.where(
            or_(
                func.lower(AuditEvent.target_label).like(pattern, escape="\\"),
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.given_name + " " + User.family_name).like(pattern, escape="\\"),
            )
        )
    filters = form.args()
    person = query_int("user")
    if person:
        # Everything done by or to one person, linked from their page.
        query = query.where(
            or_(
                AuditEvent.actor_id == person,
                (AuditEvent.target_type == "user") & (AuditEvent.target_id == str(person)),
            )
        )
        filters["user"] = str(person)
    page = db.paginate(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()),
        page=query_int("page", maximum=100_000) or 1,
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        filters=filters,
        person=db.session.get(User, person) if person else None,
        action_label=action_label,
        target_type_label=target_type_label,
        detail_items=detail_items,
    )
