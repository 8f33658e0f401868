"""HR insights: culture scores across departments and over time, exports, API tokens."""

from flask import Blueprint

from academy.security import guard_blueprint

bp = Blueprint("insights", __name__)
guard_blueprint(bp, "hr")

from academy.insights import routes, tokens  # noqa: E402, F401 - routes register on bp
