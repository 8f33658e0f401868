"""My account: what is stored about me, and a copy of it to download."""

from __future__ import annotations

import json

from flask import Response, render_template
from flask_login import current_user

from academy.account import bp
from academy.account.services import activity_counts, personal_data


@bp.route("/")
def overview():
    return render_template("account/overview.html", counts=activity_counts(current_user))


@bp.route("/data.json")
def data():
    body = json.dumps(personal_data(current_user.record()), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-academy-data.json"'},
    )
