"""Read-only JSON API for BI tools, authenticated by bearer tokens HR creates."""

from flask import Blueprint

bp = Blueprint("api", __name__)
# Authenticates itself (bearer tokens), not with the login session.
bp.token_auth = True  # type: ignore[attr-defined]

from academy.api import routes  # noqa: E402, F401 - routes register on bp
