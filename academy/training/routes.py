"""Training pages: HR's assignments, the people report (HR and managers) with its CSV and
reminders, and each person's certificate once their required training is complete."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from academy.content import get_catalog
from academy.extensions import db
from academy.forms import Form
from academy.i18n import current_language
from academy.models import Assignment, Department
from academy.reports import csvfiles
from academy.scope import department_scope
from academy.security import role_required
from academy.training import bp
from academy.training.assignments import create_assignment, delete_assignment
from academy.training.forms import AssignmentForm, PeopleFilterForm, RemindForm
from academy.training.reminders import people_with_training_to_do, queue_training_reminder
from academy.training.report import people_report, visible_departments
from academy.training.requirements import DONE, person_ref, requirements_of, standings, today
from academy.validation import MAX_ID, query_int

PER_PAGE = 50


def _module_choices() -> list[tuple[str, str]]:
    lang = current_language()
    modules = [m for m in get_catalog().modules.values() if not m.is_draft]
    return [(m.id, m.title(lang)) for m in sorted(modules, key=lambda m: m.title(lang).casefold())]


def _titles() -> dict[str, str]:
    return dict(_module_choices())


@bp.route("/assignments", methods=["GET", "POST"])
@role_required("hr")
def assignments() -> Any:
    departments = visible_departments(None)
    form = AssignmentForm(_module_choices(), departments)
    if form.validate_on_submit():
        department = None
        if form.department.data:
            department = db.session.get(Department, int(form.department.data))
        by_date = form.rule.data == "date"
        create_assignment(
            current_user,
            module_id=form.module_id.data,
            department=department,
            due_on=form.due_on.data if by_date else None,
            due_days=None if by_date else form.due_days.data,
        )
        flash(_("The module is now required, with its due date."), "success")
        return redirect(url_for("training.assignments"), 303)
    rows = db.session.query(Assignment).order_by(Assignment.id.desc()).all()
    names = dict(departments)
    return render_template(
        "training/assignments.html",
        form=form,
        rows=rows,
        titles=_titles(),
        department_names=names,
        content_required=[
            (m.id, m.title(current_language()))
            for m in get_catalog().modules.values()
            if m.required and not m.is_draft
        ],
        action_form=Form(formdata=None),
    ), 422 if form.errors else 200


@bp.route("/assignments/<int:assignment_id>/delete", methods=["POST"])
@role_required("hr")
def delete(assignment_id: int) -> Any:
    row = db.get_or_404(Assignment, assignment_id)
    if Form().validate_on_submit():
        delete_assignment(current_user, row)
        flash(_("The assignment has been removed."), "success")
    return redirect(url_for("training.assignments"), 303)


def _report_args() -> tuple[PeopleFilterForm, frozenset[int] | None, dict[str, Any]]:
    scope = department_scope(current_user)
    departments = visible_departments(scope)
    form = PeopleFilterForm(_module_choices(), departments, formdata=request.args)
    department_id = query_int("department")
    if department_id is not None and department_id not in {d for d, _n in departments}:
        abort(403 if scope is not None else 404)
    module = form.module.data if form.module.data in _titles() else None
    status = form.status.data if form.status.data in ("overdue", "due", "open", "done") else None
    sort = (
        form.sort.data
        if form.sort.data in ("name", "department", "overdue", "completion")
        else "name"
    )
    return (
        form,
        scope,
        {"department_id": department_id, "module_id": module, "status": status, "sort": sort},
    )


@bp.route("/people")
@role_required("hr", "manager")
def people() -> Any:
    form, scope, filters = _report_args()
    report = people_report(scope, **filters)
    page_number = query_int("page", maximum=100_000) or 1
    pages = max(1, -(-len(report.lines) // PER_PAGE))
    page_number = min(page_number, pages)
    shown = report.lines[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    remind = RemindForm(formdata=None, data={"department": request.args.get("department", "")})
    return render_template(
        "training/people.html",
        form=form,
        report=report,
        lines=shown,
        page_number=page_number,
        pages=pages,
        args=args,
        titles=_titles(),
        remind_form=remind,
        departments=visible_departments(scope),
    )


@bp.route("/people.csv")
@role_required("hr", "manager")
def people_csv() -> Any:
    _form, scope, filters = _report_args()
    report = people_report(scope, **filters)
    titles = _titles()
    header = [
        _("Name"),
        _("Email"),
        _("Employee number"),
        _("Department"),
        _("Module"),
        _("Due date"),
        _("Status"),
        _("Completed on"),
        _("First attempt (%)"),
        _("Best score (%)"),
    ]
    labels = status_labels()
    rows = [
        [
            line.name,
            line.email,
            line.employee_number or "",
            line.department,
            titles.get(line.module_id, line.module_id),
            line.due_on,
            labels[line.status],
            line.completed_at.date() if line.completed_at else None,
            line.first_score,
            line.best_score,
        ]
        for line in report.lines
    ]
    response = csvfiles.csv_response(
        "training-people.csv",
        header,
        rows,
        current_user,
        "training-people",
        csvfiles.requested_format(),
    )
    db.session.commit()
    return response


def status_labels() -> dict[str, str]:
    return {
        "done": _("Completed"),
        "overdue": _("Overdue"),
        "due": _("Due"),
        "open": _("Not done"),
    }


@bp.route("/remind", methods=["POST"])
@role_required("hr", "manager")
def remind() -> Any:
    form = RemindForm()
    scope = department_scope(current_user)
    if not form.validate_on_submit():
        abort(400)
    raw = form.department.data or ""
    if raw:
        if not raw.isdigit() or len(raw) > 10 or not 0 < int(raw) <= MAX_ID:
            abort(400)
        department_ids: frozenset[int] | None = frozenset({int(raw)})
        if scope is not None and int(raw) not in scope:
            abort(403)
    else:
        department_ids = scope
    people_ids = people_with_training_to_do(department_ids, overdue_only=form.overdue_only.data)
    if not people_ids:
        flash(_("Nobody here has required training left to do."), "info")
        return redirect(url_for("training.people", department=raw or None), 303)
    job = queue_training_reminder(current_user, people_ids)
    db.session.commit()
    flash(
        _(
            "Reminders are on their way. People reminded in the last day are skipped, so "
            "nobody gets two in a row."
        ),
        "success",
    )
    return redirect(url_for("main.job", job_id=job.id), 303)


@bp.route("/certificate")
def certificate() -> Any:
    """The printable certificate, once every module required of the person is done."""
    ref = person_ref(current_user)
    mine = standings([ref], {ref.id: requirements_of(ref)})[ref.id]
    now = today()
    if not mine or any(s.status(now) != DONE for s in mine):
        return render_template(
            "training/certificate_pending.html", standings=mine, titles=_titles()
        ), 404
    return render_template(
        "training/certificate.html",
        standings=sorted(mine, key=lambda s: s.completed_at),
        titles=_titles(),
        issued=now,
    )
