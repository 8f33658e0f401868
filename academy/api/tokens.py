"""API bearer tokens: created by HR, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from academy import audit
from academy.extensions import db
from academy.models import ApiToken, User, utcnow

#: Every token starts with this, so a leaked one is recognisable (e.g. by secret scanners).
PREFIX = "cca_"
#: How long a token works unless HR chooses otherwise, and the longest it may.
DEFAULT_DAYS = 90
MAX_DAYS = 365


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(name: str, actor: User, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token (not committed) and its secret value, which is never stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_hash=hash_token(secret),
        prefix=secret[:10],
        created_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        actor, "token.created", target_type="api_token", target_id=token.id, target_label=name
    )
    return token, secret


def revoke_token(token: ApiToken, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(
            actor,
            "token.revoked",
            target_type="api_token",
            target_id=token.id,
            target_label=token.name,
        )


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, its last use updated (not committed)."""
    if not secret.startswith(PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or not token.active:
        return None
    token.last_used_at = utcnow()
    return token
