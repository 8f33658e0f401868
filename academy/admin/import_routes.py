"""Importing people from a CSV file in the browser: check first, then import."""

from __future__ import annotations

import base64
import binascii
import zlib
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.utils import secure_filename

from academy.admin import bp
from academy.admin.csvfile import COLUMNS, REQUIRED_COLUMNS, CsvFileError
from academy.admin.forms import ImportConfirmForm, ImportForm
from academy.admin.imports import ImportReport, run_import
from academy.extensions import db
from academy.forms import Form
from academy.models import User


def pack(data: bytes) -> str:
    """The checked file, carried back in the report's form so it need not be chosen again.

    Servers keep nothing between requests; the file is checked again when it returns.
    """
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def unpack(content: str, limit: int) -> bytes:
    """The file carried back by the report's form; refused (ValueError) when it would
    inflate past ``limit`` bytes: compressed data must not balloon in a worker's memory."""
    inflater = zlib.decompressobj()
    data = inflater.decompress(base64.b64decode(content, validate=True), limit + 1)
    if len(data) > limit or inflater.unconsumed_tail:
        raise ValueError("the file is larger than allowed")
    return data


def _render(form: ImportForm, report: ImportReport | None = None, **context: Any) -> Any:
    status = 422 if form.errors or context.get("file_error") or (report and not report.ok) else 200
    return render_template(
        "admin/import.html",
        form=form,
        report=report,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        **context,
    ), status


def _run(form: ImportForm, data: bytes, filename: str, dry_run: bool, create: bool) -> Any:
    try:
        report = run_import(
            data,
            actor=current_user,
            dry_run=dry_run,
            create_departments=create,
            filename=filename,
        )
    except CsvFileError as exc:
        return _render(form, file_error=str(exc), filename=filename)
    confirm = None
    if report.dry_run and report.ok:
        confirm = ImportConfirmForm(
            formdata=None,
            data={
                "content": pack(data),
                "filename": filename,
                "create_departments": "1" if create else "",
            },
        )
    return _render(
        form,
        report,
        confirm=confirm,
        filename=filename,
        uninvited=_uninvited(report) if report.applied else [],
        action_form=Form(formdata=None),
    )


def _uninvited(report: ImportReport) -> list[int]:
    """The people of an applied file who have no password yet: the ones to invite."""
    emails = [r.email.strip().lower() for r in report.rows if r.action != "reject" and r.email]
    ids: list[int] = []
    for start in range(0, len(emails), 500):
        ids += db.session.scalars(
            select(User.id).where(
                func.lower(User.email).in_(emails[start : start + 500]),
                User.active.is_(True),
                User.password_hash.is_(None),
            )
        )
    return sorted(ids)


@bp.route("/import", methods=["GET", "POST"])
def import_users():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = secure_filename(upload.filename or "") or "people.csv"
        return _run(
            form,
            upload.read(),
            filename,
            dry_run=not form.apply.data,
            create=form.create_departments.data,
        )
    return _render(form)


@bp.route("/import/confirm", methods=["POST"])
def confirm_import():
    confirm = ImportConfirmForm()
    form = ImportForm(formdata=None)
    if not confirm.validate_on_submit():
        return _render(form, file_error=_lost_file_message())
    try:
        data = unpack(confirm.content.data, current_app.config["IMPORT_MAX_BYTES"])
    except (binascii.Error, ValueError, zlib.error):
        return _render(form, file_error=_lost_file_message())
    filename = secure_filename(confirm.filename.data or "") or "people.csv"
    form.create_departments.data = confirm.create_departments.data == "1"
    return _run(form, data, filename, dry_run=False, create=confirm.create_departments.data == "1")


def _lost_file_message() -> str:
    return _("The checked file did not come through. Choose it again and import it.")
