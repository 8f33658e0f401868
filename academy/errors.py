"""Central error pages: HTML for people, JSON for the API, rollback on server errors."""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
)
from flask.globals import request_ctx
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from academy.extensions import db
from academy.stash import stash_form

log = logging.getLogger("academy.errors")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please try again.")),
        403: (
            _("Access denied"),
            _(
                "Your account does not have access to this page. "
                "If you need it, ask an administrator."
            ),
        ),
        404: (_("Page not found"), _("There is no page at this address. It may have moved.")),
        405: (_("Not allowed"), _("This page cannot be used that way.")),
        413: (_("Too large"), _("What you sent is too large.")),
        422: (_("Cannot process"), _("Some of what you sent is not valid.")),
        429: (
            _("Too many attempts"),
            _("Too many attempts in a short time. Wait a minute and try again."),
        ),
        500: (
            _("Something went wrong"),
            _("An unexpected error occurred. It has been logged; please try again later."),
        ),
    }


def wants_json() -> bool:
    return request.path.startswith("/api/")


class DatabaseUnavailable(HTTPException):
    """The database cannot be reached or does not answer in time."""

    code = 503
    description = "The database is not available."


def render_error(code: int, description: str | None = None) -> Any:
    if wants_json():
        title, _message = _messages().get(code, (str(code), description or ""))
        return {"error": {"code": code, "message": description or title}}, code
    if g.get("database_down") or request_ctx.url_adapter is None:
        return plain_error(code)
    title, message = _messages().get(code, (str(code), description or ""))
    return render_template("errors/error.html", code=code, title=title, message=message), code


def plain_error(code: int) -> Any:
    """An error page that needs nothing but the request: no database, no session, no
    routing (the database is down, or the request's Host is not one of ours). The
    language comes from the browser."""
    languages = tuple(current_app.config["LANGUAGES"])
    lang = request.accept_languages.best_match(languages) or languages[0]
    with force_locale(lang):
        title, message = _messages().get(code, (str(code), ""))
        if code == 503:
            title = _("Temporarily unavailable")
            message = _("The Academy cannot reach its database right now.")
        body = render_template(
            "errors/minimal.html",
            code=code,
            title=title,
            message=message,
            lang=lang,
            retry=code == 503,
        )
    response = Response(body, code, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    if code == 503:
        response.headers["Retry-After"] = "30"
    return response


def _has_page(path: str) -> bool:
    """Whether `path` also answers GET (a form page to go back to)."""
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(path, method="GET")
    except HTTPException:
        return False
    return True


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> Any:
        # An expired form token must not cost the person what they typed: keep the input
        # and send them back to the form, which restores it.
        # The person whose form it is: logged in, or whose login has just expired.
        person = (
            current_user.id
            if current_user.is_authenticated
            else getattr(session, "expired_user_id", None)
        )
        if request.method == "POST" and request.endpoint == "auth.login":
            # Nobody to keep it for yet: the form comes back in this response only.
            from academy.auth.forms import LoginForm

            form = LoginForm(formdata=request.form.copy())
            form.password.data = ""
            session.allow_creation()  # type: ignore[attr-defined]  # the new form's token
            message = _("This form expired. Please log in again.")
            return render_template("auth/login.html", form=form, expired=message), 400
        if request.method == "POST" and _has_page(request.path):
            if stash_form(person):
                message = _(
                    "This form expired. Your answers have been kept: check them and submit again."
                )
            else:
                # Nothing that may be kept (passwords never are), or nobody to keep it for.
                message = _("This form expired. Please fill it in again.")
            flash(message, "warning")
            return redirect(request.path, 303)
        return render_error(400, exc.description)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        response = current_app.make_response(render_error(exc.code or 500, exc.description))
        # 405 says which methods the address does take (RFC 9110 §15.5.6).
        allow = dict(exc.get_headers()).get("Allow")
        if allow:
            response.headers["Allow"] = allow
        return response

    @app.errorhandler(DBAPIError)
    def database_error(exc: DBAPIError) -> Any:
        # Connection refused, a server gone away, a statement or connect timeout: the
        # database is the problem, not the request. 503, and a page that needs no database.
        _safe_rollback()
        if not (exc.connection_invalidated or _is_unavailable(exc)):
            log.exception("database error on %s %s", request.method, request.path)
            return render_error(500)
        log.warning("database unavailable on %s %s: %s", request.method, request.path, exc.orig)
        g.database_down = True
        return render_error(503)

    @app.errorhandler(InternalServerError)
    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> Any:
        if isinstance(exc, HTTPException) and not isinstance(exc, InternalServerError):
            return render_error(exc.code or 500, exc.description)
        _safe_rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        try:
            return render_error(500)
        except Exception:  # the error page itself failed: fall back to one that cannot
            log.exception("error page failed on %s %s", request.method, request.path)
            return plain_error(500)


def _safe_rollback() -> None:
    try:
        db.session.rollback()
    except DBAPIError:
        db.session().invalidate()


#: Error codes and message fragments of "the database is not there", per driver.
_UNAVAILABLE_SQLSTATES = {"08000", "08001", "08003", "08004", "08006", "57014", "57P01", "57P03"}


def _is_unavailable(exc: DBAPIError) -> bool:
    if isinstance(exc, OperationalError):
        sqlstate = getattr(exc.orig, "sqlstate", None)
        if sqlstate is None:
            # SQLite: "database is locked" after the busy timeout, "unable to open".
            text = str(exc.orig).lower()
            return any(s in text for s in ("locked", "unable to open", "disk i/o", "busy"))
        return sqlstate in _UNAVAILABLE_SQLSTATES
    return getattr(exc.orig, "sqlstate", None) in _UNAVAILABLE_SQLSTATES
