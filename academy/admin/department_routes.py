"""Departments: list and create, rename, merge, archive and restore."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from academy.admin import bp, departments
from academy.admin.forms import DepartmentForm, MergeForm
from academy.admin.services import AdminError
from academy.extensions import db
from academy.models import Department


def get_department_or_404(department_id: int) -> Department:
    return db.get_or_404(Department, department_id)


@bp.route("/departments", methods=["GET", "POST"])
def departments_list():
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            dept = departments.create_department(current_user, form.name.data, form.slug.data)
        except AdminError as exc:
            db.session.rollback()
            form.slug.errors.append(str(exc))
        else:
            flash(_("The department %(name)s has been created.", name=dept.name), "success")
            return redirect(url_for("admin.departments_list"))
    return render_template(
        "admin/departments.html", form=form, rows=departments.departments_with_counts()
    ), (200 if not form.errors else 422)


@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
def edit_department(department_id: int):
    dept = get_department_or_404(department_id)
    form = DepartmentForm(department=dept, data={"name": dept.name, "slug": dept.slug})
    if form.validate_on_submit():
        try:
            changed = departments.rename_department(
                current_user, dept, form.name.data, form.slug.data
            )
        except AdminError as exc:
            db.session.rollback()
            form.slug.errors.append(str(exc))
        else:
            if changed:
                flash(_("The department has been renamed to %(name)s.", name=dept.name), "success")
            else:
                flash(_("Nothing changed."), "info")
            return redirect(url_for("admin.departments_list"))
    return render_template(
        "admin/department_edit.html",
        form=form,
        dept=dept,
        merge_form=MergeForm(source=dept, formdata=None),
        active_people=departments.active_members(dept),
    ), (200 if not form.errors else 422)


@bp.route("/departments/<int:department_id>/merge", methods=["POST"])
def merge_department(department_id: int):
    source = get_department_or_404(department_id)
    form = MergeForm(source=source)
    if form.validate_on_submit():
        target = get_department_or_404(int(form.target.data))
        try:
            moved = departments.merge_departments(current_user, source, target)
        except AdminError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(
                _(
                    "%(source)s has been merged into %(target)s: %(n)d people moved. Past "
                    "assessment answers stay under %(source)s, which is now archived.",
                    source=source.name,
                    target=target.name,
                    n=moved,
                ),
                "success",
            )
            return redirect(url_for("admin.departments_list"))
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")
    return redirect(url_for("admin.edit_department", department_id=department_id))


@bp.route("/departments/<int:department_id>/archive", methods=["POST"])
def archive_department(department_id: int):
    dept = get_department_or_404(department_id)
    try:
        departments.archive_department(current_user, dept)
    except AdminError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.edit_department", department_id=department_id))
    flash(_("The department %(name)s has been archived.", name=dept.name), "success")
    return redirect(url_for("admin.departments_list"))


@bp.route("/departments/<int:department_id>/restore", methods=["POST"])
def restore_department(department_id: int):
    dept = get_department_or_404(department_id)
    departments.restore_department(current_user, dept)
    flash(_("The department %(name)s is active again.", name=dept.name), "success")
    return redirect(url_for("admin.departments_list"))
