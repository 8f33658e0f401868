from flask import Blueprint

bp = Blueprint("account", __name__)

from academy.account import routes  # noqa: E402, F401  (routes attach themselves to bp)
