"""HR pages: overview, heatmap, department, training, reliability, CSV downloads.

Routes only pick the cycle and hand report objects (academy.reports) to templates,
charts and CSV files; every figure comes from the stored results of a closed cycle.
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from academy.extensions import db
from academy.insights import bp
from academy.main.panels import home_panel
from academy.models import Cycle, CycleStatus, Department, Person
from academy.reports import charts, csvfiles
from academy.reports.cycles import cycle_choices, pick_cycle
from academy.reports.figures import (
    DepartmentReport,
    ScoreTable,
    department_report,
    frozen_training,
    reliability,
    results_of,
    score_table,
)
from academy.reports.participation import LOW_PARTICIPATION_PCT, participation
from academy.reports.training import training_now
from academy.scope import department_scope, require_department
from academy.security import role_required
from academy.validation import query_int


def _cycle(closed: bool = False) -> Cycle | None:
    """The cycle named by ?cycle=, or the default one; 404 for an unknown id."""
    cycle_id = query_int("cycle")
    cycle = pick_cycle(cycle_id, closed=closed)
    if cycle_id is not None and cycle is None:
        abort(404)
    return cycle


def _common(cycle: Cycle | None, **extra: Any) -> dict[str, Any]:
    return {"cycle": cycle, "cycles": cycle_choices(), "CLOSED": CycleStatus.CLOSED, **extra}


def _overview_chart(table: ScoreTable) -> Any:
    rows = []
    for dim_id, title in table.dimensions:
        cell = table.company.cells[dim_id]
        before = None if cell.change is None or cell.score is None else cell.score - cell.change
        rows.append((title, cell.score, before))
    previous = table.previous.name if table.previous else None
    return charts.bar_chart(
        rows,
        _("Company score per dimension"),
        _("Bars show each dimension's score on 0 to 100; the values are in the table.")
        + (" " + _("The dashed line marks %(cycle)s.", cycle=previous) if previous else ""),
        previous,
    )


@bp.route("/")
def overview() -> Any:
    if not current_user.has_role("hr"):
        return _managed_overview()
    cycle = _cycle()
    if cycle is None:
        return render_template("insights/overview.html", **_common(None))
    table = score_table(cycle)
    chart = _overview_chart(table) if table and table.company.hidden is None else None
    return render_template(
        "insights/overview.html",
        **_common(
            cycle,
            table=table,
            chart=chart,
            participation=participation(cycle),
            low_pct=LOW_PARTICIPATION_PCT,
        ),
    )


@bp.route("/heatmap")
@role_required("hr")
def heatmap() -> Any:
    cycle = _cycle(closed=True)
    table = score_table(cycle) if cycle is not None else None
    return render_template(
        "insights/heatmap.html", **_common(cycle, table=table, heat_class=charts.heat_class)
    )


def _department_figures(report: DepartmentReport, name: str) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    table = report.table
    if report.row.hidden is None:
        figures["bars"] = charts.bar_chart(
            [
                (title, report.row.cells[d].score, report.company.cells[d].score)
                for d, title in table.dimensions
            ],
            _("%(department)s: score per dimension", department=name),
            _("Bars show the department's score on 0 to 100; the dashed line marks the company."),
            _("company"),
        )
        labels = (_("Favourable"), _("Neutral"), _("Unfavourable"))
        figures["distributions"] = {
            dim_id: charts.distribution_chart(
                [
                    (i.text, i.favourable, i.neutral, i.unfavourable)
                    for i in items
                    if i.hidden is None
                ],
                _("Answers per statement"),
                _(
                    "Share of favourable, neutral and unfavourable answers per statement; "
                    "the numbers are in the table."
                ),
                labels,
            )
            for dim_id, items in report.items.items()
            if report.row.cells[dim_id].hidden is None
        }
    points = [(p.cycle.name, p.overall, p.company) for p in report.trend]
    if any(d is not None for _n, d, _c in points):
        figures["trend"] = charts.trend_chart(
            [p[0] for p in points],
            [(name, [p[1] for p in points], False), (_("Company"), [p[2] for p in points], True)],
            _("Overall score over the cycles"),
            _(
                "The department's overall score and the company's in each closed cycle; "
                "gaps are cycles where the department's figures were not shown."
            ),
        )
    return figures


def _managed_overview() -> Any:
    """A manager's start page: the departments they manage."""
    scope = department_scope(current_user) or frozenset()
    departments = db.session.scalars(
        select(Department).where(Department.id.in_(sorted(scope))).order_by(Department.name)
    ).all()
    return render_template(
        "insights/managed.html", departments=departments, cycle=pick_cycle(None, closed=True)
    )


@bp.route("/departments/<int:department_id>")
def department(department_id: int) -> Any:
    dept = db.get_or_404(Department, department_id)
    require_department(current_user, dept.id)
    cycle = _cycle(closed=True)
    report = department_report(cycle, dept.id) if cycle is not None else None
    name = report.row.name if report else dept.name
    return render_template(
        "insights/department.html",
        **_common(
            cycle,
            report=report,
            department=dept,
            name=name,
            cycle_has_results=cycle is not None and results_of(cycle) is not None,
            figures=_department_figures(report, name) if report else {},
        ),
    )


@bp.route("/training")
@role_required("hr")
def training() -> Any:
    cycle = _cycle(closed=True) if request.args.get("cycle") else None
    report = frozen_training(cycle) if cycle is not None else training_now()
    if report is None:
        abort(404)
    scatter = None
    if len(report.points) >= 3:
        scatter = charts.scatter_chart(
            [(r.name, r.completion, r.culture) for r in report.points],  # type: ignore[misc]
            _("Training completion and culture score"),
            _(
                "Each point is a department: completion of required modules (across) "
                "against its culture score (up)."
            ),
            _("Required modules completed (%)"),
            _("Culture score"),
        )
    return render_template(
        "insights/training.html", **_common(cycle, report=report, scatter=scatter)
    )


@bp.route("/reliability", endpoint="reliability")
@role_required("hr")
def reliability_page() -> Any:
    cycle = _cycle(closed=True)
    report = reliability(cycle) if cycle is not None else None
    return render_template("insights/reliability.html", **_common(cycle, report=report))


EXPORTS = ("participation", "scores", "heatmap", "department", "training", "reliability")


@bp.route("/export/<table>.csv")
def export(table: str) -> Any:
    if table not in EXPORTS:
        abort(404)
    if table != "department" and not current_user.has_role("hr"):
        abort(403)
    if table == "training" and "cycle" not in request.args:
        header, rows = csvfiles.training_rows(training_now())
        name = "training.csv"
    else:
        cycle = _cycle(closed=table != "participation")
        if cycle is None:
            abort(404)
        slug = f"cycle-{cycle.id}"
        if table == "participation":
            header, rows = csvfiles.participation_rows(participation(cycle))
        elif (score := score_table(cycle)) is None:
            abort(404)
        elif table in ("scores", "heatmap"):
            builder = csvfiles.scores_rows if table == "scores" else csvfiles.heatmap_rows
            header, rows = builder(score)
        elif table == "department":
            dept = db.get_or_404(Department, query_int("department"))
            require_department(current_user, dept.id)
            report = department_report(cycle, dept.id)
            if report is None:
                abort(404)
            header, rows = csvfiles.department_rows(report)
            slug += f"-{dept.slug}"
        elif table == "training":
            report_t = frozen_training(cycle)
            if report_t is None:
                abort(404)
            header, rows = csvfiles.training_rows(report_t)
        else:
            header, rows = csvfiles.reliability_rows(reliability(cycle) or [])
        name = f"{table}-{slug}.csv"
    response = csvfiles.csv_response(
        name, header, rows, current_user, table, csvfiles.requested_format()
    )
    db.session.commit()
    return response


@home_panel("insights/_home_panel.html", order=70)
def hr_panel(user: Person) -> dict | None:
    return {"cycle": pick_cycle(None)} if user.has_role("hr") else None


@home_panel("insights/_manager_panel.html", order=71)
def manager_panel(user: Person) -> dict | None:
    if user.has_role("hr") or not user.has_role("manager"):
        return None
    scope = department_scope(user) or frozenset()
    departments = db.session.scalars(
        select(Department).where(Department.id.in_(sorted(scope))).order_by(Department.name)
    ).all()
    return {"departments": departments}
