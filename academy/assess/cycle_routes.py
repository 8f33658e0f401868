"""HR's side: create, open and close assessment cycles; follow participation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from academy.assess import bp
from academy.assess.cycles import (
    CycleError,
    assessment_for,
    close_cycle,
    create_cycle,
)
from academy.assess.forms import CycleForm
from academy.assess.messages import cycle_error_message
from academy.assess.outreach_routes import outreach_context
from academy.assess.plan_routes import plan_context
from academy.assess.schedule import closing_time, opening_time
from academy.content import get_catalog
from academy.extensions import db
from academy.forms import Form
from academy.i18n import current_language
from academy.models import Cycle, CycleMember, CycleReminder
from academy.reports.participation import participation
from academy.security import role_required


def get_cycle(cycle_id: int) -> Cycle:
    return db.get_or_404(Cycle, cycle_id)


@bp.route("/cycles", methods=["GET", "POST"])
@role_required("hr")
def cycles() -> Any:
    lang = current_language()
    catalog = get_catalog()
    form = CycleForm(list(catalog.assessments.values()), lang)
    if form.validate_on_submit():
        try:
            cycle = create_cycle(
                assessment_id=form.assessment_id.data,
                name=form.name.data,
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                actor=current_user,
            )
        except CycleError as exc:
            form.name.errors.append(cycle_error_message(exc.reason))
        else:
            flash(_("Cycle “%(name)s” created as a draft.", name=cycle.name), "success")
            return redirect(url_for("assess.cycle", cycle_id=cycle.id), 303)
    counts = dict(
        db.session.execute(
            select(CycleMember.cycle_id, func.count())
            .where(CycleMember.answered.is_(True))
            .group_by(CycleMember.cycle_id)
        ).all()
    )
    rows = list(db.session.scalars(select(Cycle).order_by(Cycle.opens_on.desc(), Cycle.id.desc())))
    scheduled = dict(
        db.session.execute(
            select(CycleReminder.cycle_id, func.count())
            .where(CycleReminder.sent_at.is_(None))
            .group_by(CycleReminder.cycle_id)
        ).all()
    )
    return render_template(
        "assess/cycles.html",
        form=form,
        cycles=rows,
        opening_times={c.id: opening_time(c) for c in rows},
        closing_times={c.id: closing_time(c) for c in rows},
        scheduled_reminders=scheduled,
        counts=counts,
        catalog=catalog,
        lang=lang,
    ), 422 if form.errors else 200


@bp.route("/cycles/<int:cycle_id>")
@role_required("hr")
def cycle(cycle_id: int) -> Any:
    cycle = get_cycle(cycle_id)
    report = participation(cycle)
    try:
        assessment = assessment_for(cycle)
    except CycleError:
        assessment = None
    return render_template(
        "assess/cycle.html",
        cycle=cycle,
        report=report,
        assessment=assessment,
        action_form=Form(formdata=None),
        lang=current_language(),
        **plan_context(cycle),
        **outreach_context(cycle),
    )


def _change(cycle_id: int, change: Callable[[Cycle, Any], None], done: str) -> Any:
    """Apply an HR status change and go back to the cycle page with what happened."""
    cycle = get_cycle(cycle_id)
    try:
        change(cycle, current_user)
    except CycleError as exc:
        flash(cycle_error_message(exc.reason), "error")
    else:
        flash(done, "success")
    return redirect(url_for("assess.cycle", cycle_id=cycle_id), 303)


@bp.route("/cycles/<int:cycle_id>/close", methods=["POST"], endpoint="close_cycle")
@role_required("hr")
def close_cycle_view(cycle_id: int) -> Any:
    return _change(
        cycle_id,
        close_cycle,
        _(
            "The cycle is closed: it takes no more answers. Its results are being computed "
            "and appear in Insights in a few minutes."
        ),
    )
