"""Keep a person's form input across an expired session or CSRF token.

When a POST cannot be accepted because the login or the form token expired, its fields
(never passwords or the token) are kept in the session for that path; the next form
built for the same path on GET starts from them, so nothing typed is lost.
"""

from __future__ import annotations

from flask import request, session
from werkzeug.datastructures import MultiDict

STASH_KEY = "_form_stash"
_SKIP = ("csrf_token", "password", "submission_token")


def stash_form(path: str | None = None) -> bool:
    """Keep the current request's form for `path` (default: this path). True if kept."""
    fields = [
        (key, value)
        for key, values in request.form.lists()
        if not any(s in key for s in _SKIP)
        for value in values
    ]
    if not fields:
        return False
    session[STASH_KEY] = {"path": path or request.path, "fields": fields}
    return True


def has_stash(path: str) -> bool:
    """Whether input is waiting for the form at `path` (lets pages skip building a form)."""
    kept = session.get(STASH_KEY)
    return bool(kept) and kept.get("path") == path


def take_stash(path: str) -> MultiDict | None:
    """Return (and forget) the fields kept for `path`, if any."""
    kept = session.get(STASH_KEY)
    if not kept or kept.get("path") != path:
        return None
    session.pop(STASH_KEY, None)
    return MultiDict([tuple(pair) for pair in kept["fields"]])
