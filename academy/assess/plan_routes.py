"""HR: opening a cycle (with its confirmation step), its dates, and what happens by itself."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from academy.assess import bp
from academy.assess.cycles import CycleError, change_plan, open_cycle
from academy.assess.forms import OpenCycleForm, PlanForm
from academy.assess.messages import cycle_error_message
from academy.assess.schedule import closing_time, opening_time
from academy.extensions import db
from academy.forms import Form
from academy.models import Cycle, CycleStatus, Department, User, utcnow
from academy.security import role_required


def get_cycle(cycle_id: int) -> Cycle:
    return db.get_or_404(Cycle, cycle_id)


def people_to_ask() -> list[tuple[str, int]]:
    """Who opening a cycle now would ask: active people per department."""
    rows = db.session.execute(
        select(Department.name, func.count(User.id))
        .join(User, User.department_id == Department.id)
        .where(User.active.is_(True))
        .group_by(Department.id, Department.name)
        .order_by(Department.name)
    ).all()
    return [(name, int(count)) for name, count in rows]


@bp.route("/cycles/<int:cycle_id>/open", methods=["GET", "POST"], endpoint="open_cycle")
@role_required("hr")
def open_cycle_view(cycle_id: int) -> Any:
    cycle = get_cycle(cycle_id)
    if cycle.status != CycleStatus.DRAFT:
        flash(cycle_error_message("not_draft"), "error")
        return redirect(url_for("assess.cycle", cycle_id=cycle_id), 303)
    form = OpenCycleForm(data={"announce": cycle.announce})
    if form.validate_on_submit():
        try:
            if form.schedule.data:
                change_plan(cycle, current_user, auto_open=True, announce=form.announce.data)
                done = _(
                    "The cycle will open by itself on %(when)s.", when=_when(opening_time(cycle))
                )
            else:
                open_cycle(cycle, current_user, announce=form.announce.data)
                done = (
                    _("The cycle is open. The announcement is on its way to everyone asked.")
                    if form.announce.data
                    else _("The cycle is open. No announcement was sent.")
                )
        except CycleError as exc:
            flash(cycle_error_message(exc.reason), "error")
        else:
            flash(done, "success")
        return redirect(url_for("assess.cycle", cycle_id=cycle_id), 303)
    asked = people_to_ask()
    return render_template(
        "assess/open_confirm.html",
        cycle=cycle,
        form=form,
        asked=asked,
        total=sum(n for _name, n in asked),
        opens_at=opening_time(cycle),
        opens_in_future=opening_time(cycle) > utcnow(),
    )


def _when(moment: Any) -> str:
    from flask_babel import format_datetime

    return format_datetime(moment, "full")


@bp.route("/cycles/<int:cycle_id>/plan", methods=["POST"])
@role_required("hr")
def plan_cycle(cycle_id: int) -> Any:
    cycle = get_cycle(cycle_id)
    form = PlanForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("assess.cycle", cycle_id=cycle_id, _anchor="plan"), 303)
    try:
        change_plan(
            cycle,
            current_user,
            opens_on=form.opens_on.data if cycle.status == CycleStatus.DRAFT else None,
            closes_on=form.closes_on.data,
            auto_close=form.auto_close.data,
            thank=form.thank.data,
        )
    except CycleError as exc:
        flash(cycle_error_message(exc.reason), "error")
    else:
        flash(_("The cycle's plan has been saved."), "success")
    return redirect(url_for("assess.cycle", cycle_id=cycle_id, _anchor="plan"), 303)


@bp.route("/cycles/<int:cycle_id>/cancel-opening", methods=["POST"])
@role_required("hr")
def cancel_opening(cycle_id: int) -> Any:
    cycle = get_cycle(cycle_id)
    if Form().validate_on_submit():
        try:
            change_plan(cycle, current_user, auto_open=False)
        except CycleError as exc:
            flash(cycle_error_message(exc.reason), "error")
        else:
            flash(_("The cycle will not open by itself: open it when you are ready."), "success")
    return redirect(url_for("assess.cycle", cycle_id=cycle_id), 303)


def plan_context(cycle: Any) -> dict[str, Any]:
    """What the cycle page shows of the plan: the form and the times things happen."""
    form = PlanForm(
        formdata=None,
        data={
            "opens_on": cycle.opens_on,
            "closes_on": cycle.closes_on,
            "auto_close": cycle.auto_close,
            "thank": cycle.thank,
        },
    )
    return {
        "cycle_error_message": cycle_error_message,
        "plan_form": form,
        "opens_at": opening_time(cycle),
        "closes_at": closing_time(cycle),
    }
