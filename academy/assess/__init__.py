"""The customer-culture assessment: cycles run by HR, answered anonymously by everyone."""

from flask import Blueprint

bp = Blueprint("assess", __name__)

from academy.assess import cycle_routes, panels, routes  # noqa: E402, F401
