"""HR pages: overview, heatmap, department, training, reliability, CSV downloads."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from academy.catalog import Assessment
from academy.extensions import db
from academy.i18n import current_language
from academy.insights import bp, charts, exports
from academy.insights.department import department_report
from academy.insights.reliability import reliability
from academy.insights.reports import (
    LOW_PARTICIPATION_PCT,
    Cell,
    assessment_of,
    participation,
    pick_cycle,
    report_cycles,
    score_table,
)
from academy.insights.training import training_report
from academy.main.panels import home_panel
from academy.models import Cycle, CycleStatus, Department, User


def _cycle(closed: bool = False) -> Cycle | None:
    """The cycle named by ?cycle=, or the default one; 404 for an unknown id."""
    cycle_id = request.args.get("cycle", type=int)
    cycle = pick_cycle(cycle_id, closed=closed)
    if cycle_id is not None and cycle is None:
        abort(404)
    return cycle


def _assessment(cycle: Cycle) -> Assessment:
    assessment = assessment_of(cycle)
    if assessment is None:
        abort(404, _("The assessment of this cycle is no longer in the content files."))
    return assessment


def _common(cycle: Cycle | None, **extra: Any) -> dict[str, Any]:
    return {"cycle": cycle, "cycles": report_cycles(), "CLOSED": CycleStatus.CLOSED, **extra}


@bp.route("/")
def overview():
    cycle = _cycle()
    if cycle is None:
        return render_template("insights/overview.html", **_common(None))
    table = chart = None
    if cycle.status == CycleStatus.CLOSED:
        assessment = _assessment(cycle)
        table = score_table(cycle, assessment)
        if table.company.hidden is None:
            chart = charts.bar_chart(
                [(title, table.company.cells[d].score, None) for d, title in table.dimensions],
                _("Company score per dimension"),
                _("Bars show each dimension's score on 0 to 100; the values are in the table."),
                _("company"),
            )
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
def heatmap():
    cycle = _cycle(closed=True)
    if cycle is not None and cycle.status != CycleStatus.CLOSED:
        return render_template("insights/heatmap.html", **_common(cycle, table=None))
    table = score_table(cycle, _assessment(cycle)) if cycle else None
    return render_template(
        "insights/heatmap.html", **_common(cycle, table=table, heat_class=charts.heat_class)
    )


def _dimensions(assessment: Assessment) -> list[tuple[str, str]]:
    return [(d.id, d.title(current_language())) for d in assessment.dimensions]


def _score(cell: Cell | None) -> float | None:
    return cell.score if cell is not None else None


@bp.route("/departments/<int:department_id>")
def department(department_id: int):
    dept = db.get_or_404(Department, department_id)
    cycle = _cycle(closed=True)
    if cycle is None or cycle.status != CycleStatus.CLOSED:
        return render_template(
            "insights/department.html", **_common(cycle, report=None, department=dept)
        )
    assessment = _assessment(cycle)
    report = department_report(cycle, assessment, dept)
    figures: dict[str, Any] = {}
    if report.row.hidden is None:
        figures["bars"] = charts.bar_chart(
            [
                (title, report.row.cells[d].score, _score(report.company.cells.get(d)))
                for d, title in _dimensions(assessment)
            ],
            _("%(department)s: score per dimension", department=dept.name),
            _("Bars show the department's score on 0 to 100; the dashed line marks the company."),
            _("company"),
        )
        labels = (_("Favourable"), _("Neutral"), _("Unfavourable"))
        figures["distributions"] = {
            dim_id: charts.distribution_chart(
                [(i.id, i.favourable, i.neutral, i.unfavourable) for i in items],
                _("Answers per item"),
                _(
                    "Share of favourable, neutral and unfavourable answers per item; "
                    "the numbers are in the table."
                ),
                labels,
            )
            for dim_id, items in report.items.items()
        }
    points = [(p.cycle.name, p.overall, p.company) for p in report.trend]
    if any(d is not None for _n, d, _c in points):
        figures["trend"] = charts.trend_chart(
            [p[0] for p in points],
            [
                (dept.name, [p[1] for p in points], False),
                (_("Company"), [p[2] for p in points], True),
            ],
            _("Overall score over the cycles"),
            _(
                "The department's overall score and the company's in each closed cycle; "
                "gaps are cycles where the department had too few respondents."
            ),
        )
    return render_template(
        "insights/department.html",
        **_common(cycle, report=report, department=dept, figures=figures),
    )


@bp.route("/training")
def training():
    report = training_report()
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
    return render_template("insights/training.html", report=report, scatter=scatter)


@bp.route("/reliability", endpoint="reliability")
def reliability_page():
    cycle = _cycle(closed=True)
    report = None
    if cycle is not None and cycle.status == CycleStatus.CLOSED:
        report = reliability(cycle, _assessment(cycle))
    return render_template("insights/reliability.html", **_common(cycle, report=report))


EXPORTS = ("participation", "scores", "heatmap", "department", "training", "reliability")


@bp.route("/export/<table>.csv")
def export(table: str):
    if table not in EXPORTS:
        abort(404)
    if table == "training":
        header, rows = exports.training_rows(training_report())
        name = "training.csv"
    else:
        cycle = _cycle(closed=table != "participation")
        if cycle is None:
            abort(404)
        slug = f"cycle-{cycle.id}"
        if table == "participation":
            header, rows = exports.participation_rows(participation(cycle))
        elif cycle.status != CycleStatus.CLOSED:
            abort(404)
        elif table in ("scores", "heatmap"):
            builder = exports.scores_rows if table == "scores" else exports.heatmap_rows
            header, rows = builder(score_table(cycle, _assessment(cycle)))
        elif table == "department":
            dept = db.get_or_404(Department, request.args.get("department", type=int))
            header, rows = exports.department_rows(
                department_report(cycle, _assessment(cycle), dept)
            )
            slug += f"-{dept.slug}"
        else:
            result = reliability(cycle, _assessment(cycle))
            if result is None:
                abort(404)
            header, rows = exports.reliability_rows(result)
        name = f"{table}-{slug}.csv"
    response = exports.csv_response(name, header, rows, current_user, table)
    db.session.commit()
    return response


@home_panel("insights/_home_panel.html", order=70)
def hr_panel(user: User) -> dict | None:
    return {"cycle": pick_cycle(None)} if user.has_role("hr") else None
