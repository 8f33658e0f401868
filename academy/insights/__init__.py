"""HR insights: culture scores across departments and over time, exports, API tokens.
Managers see the reports of the departments they manage (academy.scope), nothing more."""

from flask import Blueprint

from academy.security import guard_blueprint

bp = Blueprint("insights", __name__)
guard_blueprint(bp, "hr", "manager")

from academy.insights import routes, tokens  # noqa: E402, F401 - routes register on bp
