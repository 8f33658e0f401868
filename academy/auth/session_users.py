"""Flask-Login wiring: loading the user from the session and the "please log in" path."""

from __future__ import annotations

from typing import Any

from flask import Flask, flash, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy.orm import joinedload

from academy.extensions import db
from academy.models import User
from academy.stash import stash_form


def load_user(token: str) -> User | None:
    user_id, _, version = token.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # One query for the user and their roles: this runs on every request.
    user = db.session.get(
        User, int(user_id), options=[joinedload(User.role_rows), joinedload(User.department)]
    )
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def unauthorized() -> Any:
    if request.blueprint == "api" or request.path.startswith("/api/"):
        return jsonify(error={"code": 401, "message": "authentication required"}), 401
    if request.method == "POST" and stash_form():
        flash(_l("Your session expired. Log in again: what you entered has been kept."), "warning")
        target = request.path
    else:
        flash(_l("Please log in to continue."), "info")
        target = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return redirect(url_for("auth.login", next=target))


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    login_manager.session_protection = "basic"
