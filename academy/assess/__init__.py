"""The customer-culture assessment: cycles run by HR, answered anonymously by everyone."""

from flask import Blueprint

bp = Blueprint("assess", __name__)

from academy.assess import (  # noqa: E402, F401 - register on bp, the job queue and the ORM
    cycle_routes,
    emails,
    membership,
    outreach,
    panels,
    release,
    routes,
    schedule,
)
