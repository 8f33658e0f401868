"""Authentication use cases. No Flask request, flash or login here."""

from __future__ import annotations

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from academy.extensions import db
from academy.models import User, utcnow

#: OWASP ASVS 4.0, 2.1.1: at least 12 characters; 200 at most (a longer one only costs
#: the server hashing time).
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200


class AuthError(Exception):
    """Authentication refused; `reason` is "invalid" or "deactivated"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_dummy_hash: str | None = None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _spend_equal_time(password: str) -> None:
    # Checking a hash even for unknown emails keeps response times from revealing accounts.
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("not-a-real-password")
    check_password_hash(_dummy_hash, password)


def authenticate(email: str, password: str) -> User:
    """Return the user for these credentials or raise AuthError.

    "deactivated" is only revealed to someone who knows the password.
    """
    user = User.by_email(email)
    if user is None or not user.password_hash:
        # Unknown address or no password yet: the same answer, in the same time, as a
        # wrong password, so that the login form does not tell which addresses exist.
        _spend_equal_time(password)
        raise AuthError("invalid")
    if not check_password_hash(user.password_hash, password):
        raise AuthError("invalid")
    if not user.active:
        raise AuthError("deactivated")
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Set a new password and end every other session of this user."""
    from academy.auth.sessions import end_sessions

    user.password_hash = hash_password(password)
    user.session_version += 1
    end_sessions(user.id)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    if not user.password_hash or not check_password_hash(user.password_hash, current):
        raise AuthError("invalid")
    set_password(user, new)
