from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from academy.auth import bp
from academy.auth.forms import LoginForm, PasswordChangeForm
from academy.auth.services import AuthError, authenticate, change_password
from academy.extensions import limiter
from academy.security import public, safe_next


def _login_email_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _limit(name: str):
    return lambda: current_app.config[name]


LOGIN_ERRORS = {
    "invalid": lambda: _("Wrong email or password."),
    "deactivated": lambda: _(
        "This account has been deactivated. If you think this is a mistake, "
        "contact your administrator."
    ),
}


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_limit("LOGIN_LIMIT_ADDRESS"), methods=["POST"])
@limiter.limit(_limit("LOGIN_LIMIT_ACCOUNT"), methods=["POST"], key_func=_login_email_key)
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data) or url_for("main.home"))
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except AuthError as exc:
            form.password.errors.append(LOGIN_ERRORS[exc.reason]())
        else:
            # A new session (new token) defeats fixation; only the language is kept.
            keep = {k: session[k] for k in ("lang",) if k in session}
            session.clear()
            session.update(keep)
            session.regenerate()  # type: ignore[attr-defined]
            login_user(user)
            session.permanent = True
            flash(_("Welcome, %(name)s.", name=user.given_name), "success")
            return redirect(safe_next(form.next.data) or url_for("main.home"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["POST"])
@public
def logout():
    # The person keeps reading in the language they chose.
    language = getattr(current_user, "language", None) or session.get("lang")
    logout_user()
    session.clear()
    # The session ends on the server: its cookie, replayed, is worth nothing.
    session.regenerate()  # type: ignore[attr-defined]
    if language:
        session["lang"] = language
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            user = current_user.record()
            change_password(user, form.current_password.data, form.new_password.data)
        except AuthError:
            form.current_password.errors.append(_("Your current password is not correct."))
        else:
            # Every session ended with the change: this one continues under a new token.
            session.regenerate()  # type: ignore[attr-defined]
            login_user(user)
            flash(
                _("Your password has been changed. Other sessions have been logged out."), "success"
            )
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form), 200 if not form.errors else 422
