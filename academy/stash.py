"""Keep a person's form input across an expired login or form token.

When a POST cannot be accepted because the login or the form token expired, what was
typed (never passwords or tokens) is kept for the person who typed it, and the next
form built for the same page, by the same person, starts from it: nothing is lost.

Kept safely by construction:

* **Bound to the person.** The kept input is stored with the id of the person whose
  session posted it, and only handed to a form built for that same person: if someone
  else logs in on the same browser, they never see it.
* **Nothing personal client-side.** It is kept on the server (``form_stashes``),
  encrypted with a random key that only the person's browser holds, in a cookie that
  carries that key and nothing else. A reader of the database cannot read it; a reader
  of the cookie has no data.
* **Short-lived.** One kept form per person, deleted when restored or after an hour.
* A request that cannot be tied to a person (no session at all, as with a POST from
  another site) keeps nothing.
"""

from __future__ import annotations

import base64
import json
import os
from datetime import timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, Response, g, request
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from academy.extensions import db
from academy.models import FormStash, utcnow

COOKIE = "form_key"
LIFETIME = timedelta(hours=1)
# Substrings of field names that are never kept: secrets and one-time tokens.
_SKIP = ("csrf_token", "password", "confirm", "secret", "token")
_CLEAR = object()


def _aad(user_id: int, path: str) -> bytes:
    return f"stash:{user_id}:{path}".encode()


def stash_form(user_id: int | None, path: str | None = None) -> bool:
    """Keep the current request's form for `user_id` at `path` (default: this path).

    Returns True if something was kept. Nothing is kept without a person to bind it to.
    """
    if user_id is None:
        return False
    path = path or request.path
    fields = [
        (key, value)
        for key, values in request.form.lists()
        if not any(s in key.lower() for s in _SKIP)
        for value in values
    ]
    if not fields:
        return False
    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    plain = json.dumps(fields).encode()
    sealed = nonce + AESGCM(key).encrypt(nonce, plain, _aad(user_id, path))
    db.session.rollback()
    db.session.execute(delete(FormStash).where(FormStash.user_id == user_id))
    db.session.add(FormStash(user_id=user_id, path=path, sealed=sealed))
    db.session.commit()
    g.stash_cookie = base64.urlsafe_b64encode(key).decode()
    return True


def _cookie_key() -> bytes | None:
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 64:
        return None
    try:
        key = base64.urlsafe_b64decode(raw.encode())
    except ValueError:
        return None
    return key if len(key) == 32 else None


def _row(user_id: int, path: str) -> FormStash | None:
    return db.session.scalar(
        select(FormStash).where(
            FormStash.user_id == user_id,
            FormStash.path == path,
            FormStash.created_at > utcnow() - LIFETIME,
        )
    )


def has_stash(user_id: int, path: str) -> bool:
    """Whether input is waiting for this person's form at `path`."""
    return COOKIE in request.cookies and _row(user_id, path) is not None


def take_stash(user_id: int, path: str) -> MultiDict | None:
    """Return (and forget) the fields this person's browser kept for `path`, if any."""
    key = _cookie_key()
    if key is None:
        return None
    row = _row(user_id, path)
    if row is None:
        return None
    sealed = row.sealed
    db.session.delete(row)
    db.session.commit()
    g.stash_cookie = _CLEAR
    try:
        plain = AESGCM(key).decrypt(sealed[:12], sealed[12:], _aad(user_id, path))
    except (InvalidTag, ValueError):
        return None
    return MultiDict([tuple(pair) for pair in json.loads(plain)])


def purge() -> int:
    """Delete kept forms older than their lifetime; caller commits."""
    return db.session.execute(
        delete(FormStash).where(FormStash.created_at <= utcnow() - LIFETIME)
    ).rowcount


def init_app(app: Flask) -> None:
    @app.after_request
    def stash_cookie(response: Response) -> Response:
        value = g.get("stash_cookie")
        if value is _CLEAR:
            response.delete_cookie(COOKIE, path="/")
        elif value is not None:
            response.set_cookie(
                COOKIE,
                value,
                max_age=int(LIFETIME.total_seconds()),
                httponly=True,
                secure=app.config["SESSION_COOKIE_SECURE"],
                samesite="Lax",
                path="/",
            )
        return response
