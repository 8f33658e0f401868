from flask import Blueprint

bp = Blueprint("main", __name__)

from academy.main import jobs, routes  # noqa: E402, F401
