"""Signed, time-limited, single-use links for invitations and password resets.

A link carries the user id and a fingerprint of the user's current password hash and
session version, signed with SECRET_KEY and a salt per purpose. Setting a password
(or deactivating the account) changes the fingerprint, so a used link stops working
without any table of issued tokens.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from academy.extensions import db
from academy.models import User

INVITATION = "invitation"
PASSWORD_RESET = "password-reset"  # noqa: S105 - a link purpose, not a password
_MAX_AGE_SETTING = {
    INVITATION: "INVITATION_MAX_AGE_HOURS",
    PASSWORD_RESET: "PASSWORD_RESET_MAX_AGE_HOURS",
}


class LinkError(Exception):
    """A link was refused; `reason` is "invalid", "expired" or "used"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"academy.{purpose}")


def _fingerprint(user: User) -> str:
    # Keyed, so the link reveals nothing about the password hash it is bound to.
    state = f"{user.id}:{user.password_hash or ''}:{user.session_version}".encode()
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, state, hashlib.sha256).hexdigest()[:24]


def max_age_hours(purpose: str) -> int:
    return int(current_app.config[_MAX_AGE_SETTING[purpose]])


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user)})


def read_token(token: str, purpose: str) -> User:
    """Return the active user the link was made for, or raise LinkError."""
    serializer = _serializer(purpose)
    try:
        data = serializer.loads(token, max_age=max_age_hours(purpose) * 3600)
    except SignatureExpired as exc:
        raise LinkError("expired") from exc
    except BadSignature as exc:
        raise LinkError("invalid") from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise LinkError("invalid")
    user = db.session.get(User, data["u"])
    if user is None or not user.active:
        raise LinkError("invalid")
    if not hmac.compare_digest(str(data.get("f", "")), _fingerprint(user)):
        raise LinkError("used")
    return user
