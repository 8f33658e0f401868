from flask import Blueprint

bp = Blueprint("learn", __name__)

from academy.learn import panels, routes  # noqa: E402, F401  (they attach themselves)
