"""HR manages the API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from academy.api.tokens import create_token, revoke_token
from academy.extensions import db
from academy.insights import bp
from academy.insights.forms import RevokeForm, TokenForm
from academy.models import ApiToken
from academy.security import role_required


def _tokens() -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


@bp.route("/tokens", methods=["GET", "POST"])
@role_required("hr")
def tokens():
    form = TokenForm()
    if form.validate_on_submit():
        token, secret = create_token(form.name.data, current_user.record(), form.days.data)
        db.session.commit()
        # Rendered, not redirected: the secret must not travel through the session cookie.
        return render_template(
            "insights/tokens.html",
            form=TokenForm(formdata=None),
            tokens=_tokens(),
            created=token,
            secret=secret,
            revoke_form=RevokeForm(),
        )
    status = 422 if form.errors else 200
    return render_template(
        "insights/tokens.html",
        form=form,
        tokens=_tokens(),
        created=None,
        secret=None,
        revoke_form=RevokeForm(),
    ), status


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@role_required("hr")
def revoke(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    if RevokeForm().validate_on_submit():
        revoke_token(token, current_user)
        db.session.commit()
        flash(
            _("Token “%(name)s” revoked: it no longer opens the API.", name=token.name), "success"
        )
    return redirect(url_for("insights.tokens"))
