from flask import redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from academy.extensions import db
from academy.main import bp
from academy.main.forms import LanguageForm
from academy.main.panels import panels_for
from academy.security import public, safe_next


@bp.route("/")
def home():
    return render_template("main/home.html", panels=panels_for(current_user))


@bp.route("/privacy")
@public
def privacy():
    return render_template("main/privacy.html")


@bp.route("/healthz")
@public
def healthz():
    # Liveness: the process answers. Called often; it must not touch the database.
    return {"status": "ok"}


@bp.route("/readyz")
@public
def readyz():
    """Readiness, for load balancers: 200 when the database answers, else 503."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except DBAPIError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.route("/language", methods=["POST"])
@public
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.language.data
        if current_user.is_authenticated:
            current_user.record().language = form.language.data
            db.session.commit()
    return redirect(safe_next(form.next.data) or url_for("main.home"))
