from flask import Blueprint

from academy.security import guard_blueprint

bp = Blueprint("admin", __name__)
guard_blueprint(bp, "admin")

from academy.admin import (  # noqa: E402, F401  (routes attach themselves to bp)
    audit_routes,
    department_routes,
    import_routes,
    invite_routes,
    job_routes,
    routes,
)
