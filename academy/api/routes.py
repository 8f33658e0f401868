"""`/api/v1/...`: cycles, scores per department, participation, training.

Every figure comes from the same report objects as the HR pages, so the same
disclosure decision applies: hidden departments are listed with their reason and no
numbers.
"""

from __future__ import annotations

from typing import Any

from flask import g, request
from werkzeug.exceptions import HTTPException

from academy.api import bp
from academy.api.openapi import document
from academy.api.tokens import authenticate
from academy.extensions import csrf, db
from academy.models import Cycle, CycleStatus
from academy.reports.cycles import cycle_choices, pick_cycle
from academy.reports.figures import Cell, Row, score_table
from academy.reports.participation import participation
from academy.reports.training import training_now
from academy.security import public

csrf.exempt(bp)


def _error(code: int, message: str) -> tuple[dict, int, dict[str, str]]:
    headers = {"WWW-Authenticate": 'Bearer realm="api"'} if code == 401 else {}
    return {"error": {"code": code, "message": message}}, code, headers


@bp.before_request
def require_token() -> Any:
    if request.endpoint == "api.openapi":
        return None
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return _error(401, "missing bearer token: send 'Authorization: Bearer <token>'")
    token = authenticate(secret.strip())
    if token is None:
        return _error(401, "invalid or revoked token")
    db.session.commit()
    g.api_token = token
    return None


@bp.after_request
def no_store(response: Any) -> Any:
    # Figures about people: not for shared caches or proxies.
    if request.endpoint != "api.openapi":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Any:
    body, code, headers = _error(exc.code or 500, exc.description or exc.name)
    # 405 says which methods the address does take (RFC 9110 §15.5.6).
    allow = dict(exc.get_headers()).get("Allow")
    if allow:
        headers["Allow"] = allow
    return body, code, headers


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _cycle_json(cycle: Cycle) -> dict[str, Any]:
    return {
        "id": cycle.id,
        "name": cycle.name,
        "assessment_id": cycle.assessment_id,
        "status": cycle.status.value,
        "opens_on": cycle.opens_on.isoformat(),
        "closes_on": cycle.closes_on.isoformat(),
    }


def _get_cycle(cycle_id: int) -> Cycle:
    cycle = pick_cycle(cycle_id)
    if cycle is None:
        raise _NotFound(f"no cycle with id {cycle_id}")
    return cycle


class _NotFound(HTTPException):
    code = 404


class _Conflict(HTTPException):
    code = 409


@bp.route("/cycles")
def cycles():
    return {"cycles": [_cycle_json(c) for c in cycle_choices()]}


def _cell(cell: Cell) -> dict[str, Any]:
    if cell.hidden is not None:
        return {
            "hidden": cell.hidden,
            "score": None,
            "favourable_pct": None,
            "respondents": None,
            "change": None,
            "significance": "none",
        }
    return {
        "hidden": None,
        "score": _round(cell.score),
        "favourable_pct": _round(cell.favourable),
        "respondents": cell.respondents,
        "change": _round(cell.change),
        "significance": {1: "above", -1: "below"}.get(cell.significance, "none"),
    }


def _row(row: Row) -> dict[str, Any]:
    shown = row.hidden is None
    return {
        "respondents": row.respondents,
        "hidden": row.hidden,
        "overall": _round(row.overall) if shown and row.overall_hidden is None else None,
        "dimensions": {d: _cell(c) for d, c in row.cells.items()} if shown else None,
    }


@bp.route("/cycles/<int:cycle_id>/scores")
def scores(cycle_id: int):
    cycle = _get_cycle(cycle_id)
    if cycle.status != CycleStatus.CLOSED:
        raise _Conflict("scores are published when the cycle closes; see /participation")
    table = score_table(cycle)
    if table is None:
        raise _Conflict("the results of this cycle are still being computed")
    return {
        "cycle": _cycle_json(cycle),
        "min_group_size": table.min_size,
        "dimensions": [{"id": d, "title": t} for d, t in table.dimensions],
        "company": _row(table.company),
        "departments": [{"id": r.department_id, "name": r.name, **_row(r)} for r in table.rows],
    }


@bp.route("/cycles/<int:cycle_id>/participation")
def cycle_participation(cycle_id: int):
    report = participation(_get_cycle(cycle_id))

    def row(r: Any) -> dict[str, Any]:
        return {
            "asked_at_opening": r.asked_at_opening,
            "joined": r.joined,
            "headcount": r.headcount,
            "responses": r.responses,
            "rate_pct": _round(r.rate),
            "low": r.low,
        }

    return {
        "cycle": _cycle_json(report.cycle),
        "company": row(report.company),
        "departments": [{"id": r.department_id, "name": r.name, **row(r)} for r in report.rows],
    }


@bp.route("/training")
def training():
    report = training_now()
    return {
        "min_group_size": report.min_size,
        "departments": [
            {
                "id": r.department_id,
                "name": r.name,
                "hidden": r.hidden,
                "people": r.people if r.hidden is None else None,
                "required_completion_pct": _round(r.completion),
                "mean_best_quiz_score_pct": _round(r.best_score),
            }
            for r in report.rows
        ],
    }


@bp.route("/openapi.json")
@public
def openapi():
    return document()
