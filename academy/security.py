"""Access control, safe redirects and security headers.

Every route needs a logged-in user unless its view is marked @public; blueprints that
authenticate differently (the bearer-token API) say so with `token_auth = True`.
A route that forgets its guard is therefore refused, not exposed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, g, request, session
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC_ATTR = "_academy_public"
ROLES_ATTR = "_academy_roles"


def public(view: F) -> F:
    """Mark a view as reachable without logging in."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow the view to users holding any of `roles`; others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapped, ROLES_ATTR, roles)
        return wrapped  # type: ignore[return-value]

    return decorator


def guard_blueprint(bp: Blueprint, *roles: str) -> None:
    """Require one of `roles` on every route of a blueprint."""
    bp.required_roles = roles  # type: ignore[attr-defined]

    @bp.before_request
    def _check_roles() -> None:
        if current_user.is_authenticated and not current_user.has_role(*roles):
            abort(403)


def is_public_endpoint(app: Flask, endpoint: str | None) -> bool:
    if endpoint is None or endpoint == "static":
        return True
    view = app.view_functions.get(endpoint)
    return bool(getattr(view, PUBLIC_ATTR, False))


def safe_next(target: str | None) -> str | None:
    """Return `target` only when it is a path on this site, else None.

    Refuses absolute URLs, scheme-relative `//host`, and `/\\host` which browsers
    normalise to `//host`.
    """
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def absolute_url(endpoint: str, **values: Any) -> str:
    """A link for an email: built on PUBLIC_URL (required in production), never on the
    Host header a client sent, so a forged Host cannot turn a reset email into a trap.
    Without PUBLIC_URL (development, tests) the request's own address is used."""
    from flask import has_request_context, url_for

    base = current_app.config.get("PUBLIC_URL")
    if not base and not has_request_context():
        # A job in development without PUBLIC_URL: the address `make run` serves on.
        base = "http://127.0.0.1:5000"
    if base:
        with current_app.test_request_context(base_url=base.rstrip("/") + "/"):
            return url_for(endpoint, _external=True, **values)
    return url_for(endpoint, _external=True, **values)


def cross_site(app: Flask) -> bool:
    """Whether this state-changing request was sent by a page of another site.

    Browsers say so in ``Sec-Fetch-Site`` (cross-site) and ``Origin``; requests without
    either (older browsers, scripts) still need a valid CSRF token, as every POST does.
    """
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin == "null"
    allowed = {request.host_url.rstrip("/")}
    public_url = app.config.get("PUBLIC_URL")
    if public_url:
        parts = urlsplit(public_url)
        allowed.add(f"{parts.scheme}://{parts.netloc}")
    return origin.rstrip("/") not in allowed


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
#: Endpoints that accept a body larger than MAX_CONTENT_LENGTH (up to IMPORT_MAX_BYTES).
LARGE_UPLOADS = frozenset({"admin.import_users", "admin.confirm_import"})


def init_app(app: Flask) -> None:
    from academy import stash
    from academy.auth.sessions import ServerSessionInterface

    app.session_interface = ServerSessionInterface()
    stash.init_app(app)

    def refuse_cross_site() -> Any:
        # Before everything else (CSRF, login): a page on another site posting here is
        # refused outright; nothing is kept and the visitor's session is left alone.
        exempt = request.path.startswith(("/api/", "/scim/"))  # bearer tokens, no cookies
        if request.method in UNSAFE_METHODS and not exempt and cross_site(app):
            abort(403, "cross-site request refused")
        return None

    def request_limits() -> None:
        # Before anything reads the body (CSRF, login throttling): the people import may
        # send a larger file than any other form.
        if request.endpoint in LARGE_UPLOADS:
            limit = int(app.config["IMPORT_MAX_BYTES"])
            request.max_content_length = limit * 2 + 64 * 1024
            request.max_form_memory_size = limit * 2 + 64 * 1024

    def refuse_nul_characters() -> None:
        # PostgreSQL text cannot hold NUL: refused here with a clear message rather than
        # failing in the database (a 500) after the form was accepted.
        values = list(request.args.values())
        if request.method in UNSAFE_METHODS and request.mimetype in FORM_TYPES:
            values += request.form.values()
        if any("\x00" in value for value in values):
            abort(400, "Text may not contain NUL characters.")

    def database_reachable() -> None:
        # The session could not be read: the database is down. Answer 503 at once, with
        # a page that needs no database (academy.errors.plain_error).
        if g.get("database_down"):
            from academy.errors import DatabaseUnavailable

            raise DatabaseUnavailable

    app.before_request_funcs.setdefault(None, []).insert(0, refuse_cross_site)
    app.before_request_funcs[None].insert(0, refuse_nul_characters)
    app.before_request_funcs[None].insert(0, request_limits)
    app.before_request_funcs[None].insert(0, database_reachable)

    @app.before_request
    def require_login() -> Any:
        if is_public_endpoint(app, request.endpoint):
            return None
        bp = app.blueprints.get(request.blueprint or "")
        if getattr(bp, "token_auth", False):
            return None
        if not current_user.is_authenticated:
            return app.login_manager.unauthorized()  # type: ignore[attr-defined]
        return None

    headers_for_all = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if app.config.get("SECURITY_HSTS"):
        headers_for_all.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def security_headers(response: Any) -> Any:
        headers = response.headers
        # A view may set its own value for any of these (one pass over the headers).
        present = {name.lower() for name, _ in headers}
        headers.extend((k, v) for k, v in headers_for_all if k.lower() not in present)
        if "_user_id" in session and "cache-control" not in present:
            # Pages for a logged-in person must not be kept by shared caches or the back button.
            # (Read from the session: loading the user here would cost /healthz a query.)
            headers["Cache-Control"] = "no-store"
        return response
