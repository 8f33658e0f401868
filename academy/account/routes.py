"""My account: what is stored about me, a copy of it to download, and my sessions."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from academy.account import bp
from academy.account.services import activity_counts, personal_data
from academy.auth.sessions import active_sessions, current_row_id, end_session, end_sessions
from academy.extensions import db
from academy.forms import Form


@bp.route("/")
def overview() -> Any:
    return render_template(
        "account/overview.html",
        counts=activity_counts(current_user),
        sessions=active_sessions(current_user.id),
        current_session=current_row_id(),
        action_form=Form(formdata=None),
    )


@bp.route("/data.json")
def data() -> Any:
    body = json.dumps(personal_data(current_user.record()), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-academy-data.json"'},
    )


@bp.post("/sessions/<int:session_id>/end")
def end_one_session(session_id: int) -> Any:
    if session_id == current_row_id():
        abort(400, _("To end this session, log out."))
    if end_session(current_user.id, session_id):
        db.session.commit()
        flash(_("That session has ended: it is logged out."), "success")
    return redirect(url_for("account.overview"), 303)


@bp.post("/sessions/end-others")
def end_other_sessions() -> Any:
    ended = end_sessions(current_user.id, except_row=current_row_id())
    db.session.commit()
    flash(
        _("Every other session has ended (%(n)d).", n=ended)
        if ended
        else _("No other session was open."),
        "success",
    )
    return redirect(url_for("account.overview"), 303)
