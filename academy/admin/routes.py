"""People: list, create, edit, deactivate, reactivate, invite, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from academy.admin import bp, services
from academy.admin.erasure import delete_person
from academy.admin.forms import NewPersonForm, PersonForm, UserFilterForm
from academy.admin.services import AdminError, PersonData
from academy.auth.password_links import invitation_link, reset_link
from academy.extensions import db
from academy.forms import Form
from academy.mail import MailError
from academy.models import ROLES, User
from academy.validation import query_int


def get_user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _person_data(form: PersonForm) -> PersonData:
    return PersonData(
        given_name=form.given_name.data,
        family_name=form.family_name.data or "",
        employee_number=form.employee_number.data or None,
        department=form.chosen_department(),
        roles=frozenset(form.roles.data or ()),
        language=form.language.data or None,
        managed=form.managed_ids(),
    )


def _mail_failed(exc: MailError) -> None:
    flash(
        _(
            "The email could not be sent (%(error)s). Check the mail settings and try again.",
            error=exc,
        ),
        "error",
    )


@bp.route("/")
def index():
    return redirect(url_for("admin.users"))


@bp.route("/users")
def users():
    form = UserFilterForm(formdata=request.args)
    role = form.role.data if form.role.data in ROLES else ""
    status = form.status.data if form.status.data in ("active", "inactive", "no_password") else ""
    query = services.user_query(form.q.data or "", form.department_id(), role, status)
    page = db.paginate(
        query,
        page=query_int("page", maximum=100_000) or 1,
        per_page=services.PER_PAGE,
        error_out=False,
    )
    uninvited = db.session.scalar(
        select(func.count()).select_from(
            query.where(User.active.is_(True), User.password_hash.is_(None))
            .order_by(None)
            .subquery()
        )
    )
    return render_template(
        "admin/users.html",
        form=form,
        page=page,
        filters=form.args(),
        filtering=bool(form.args()),
        uninvited=uninvited,
        action_form=Form(formdata=None),
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = NewPersonForm()
    if form.validate_on_submit():
        try:
            user = services.create_person(current_user, form.email.data, _person_data(form))
        except AdminError as exc:
            db.session.rollback()
            form[exc.field or "email"].errors.append(str(exc))
        else:
            flash(_("%(name)s has been added.", name=user.name), "success")
            if form.invite.data:
                _invite(user)
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_new.html", form=form), 200 if not form.errors else 422


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = get_user_or_404(user_id)
    form = PersonForm(
        user=user,
        data={
            "given_name": user.given_name,
            "family_name": user.family_name,
            "employee_number": user.employee_number or "",
            "department": str(user.department_id),
            "roles": sorted(user.roles),
            "managed": [str(d) for d in sorted(user.managed_department_ids)],
            "language": user.language or "",
        },
    )
    if form.validate_on_submit():
        try:
            changed = services.update_person(current_user, user, _person_data(form))
        except AdminError as exc:
            db.session.rollback()
            form[exc.field or "roles"].errors.append(str(exc))
        else:
            if changed:
                flash(_("Changes to %(name)s have been saved.", name=user.name), "success")
            else:
                flash(_("Nothing changed."), "info")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_edit.html", form=form, user=user), (
        200 if not form.errors else 422
    )


def _act(user_id: int, action: Callable[[User, User], None], done: Callable[[User], str]) -> Any:
    user = get_user_or_404(user_id)
    try:
        action(current_user, user)
    except AdminError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(done(user), "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
def deactivate_user(user_id: int):
    return _act(
        user_id,
        services.deactivate,
        lambda u: _("%(name)s has been deactivated and can no longer log in.", name=u.name),
    )


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
def reactivate_user(user_id: int):
    return _act(
        user_id,
        services.reactivate,
        lambda u: _("%(name)s has been reactivated and can log in again.", name=u.name),
    )


def _invite(user: User) -> None:
    try:
        services.invite(current_user, user, invitation_link)
    except AdminError as exc:
        flash(str(exc), "error")
    except MailError as exc:
        _mail_failed(exc)
    else:
        flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
def invite_user(user_id: int):
    _invite(get_user_or_404(user_id))
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.route("/users/<int:user_id>/password-link", methods=["POST"])
def send_password_link(user_id: int):
    user = get_user_or_404(user_id)
    try:
        services.send_password_reset(current_user, user, reset_link)
    except AdminError as exc:
        flash(str(exc), "error")
    except MailError as exc:
        _mail_failed(exc)
    else:
        flash(
            _("A link to choose a new password has been sent to %(email)s.", email=user.email),
            "success",
        )
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.route("/users/<int:user_id>/delete", methods=["GET", "POST"])
def delete_user(user_id: int):
    user = get_user_or_404(user_id)
    if request.method == "POST":
        name = user.name
        try:
            delete_person(current_user, user)
        except AdminError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("admin.edit_user", user_id=user_id))
        flash(_("%(name)s and their activity have been deleted.", name=name), "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_delete.html", user=user)
