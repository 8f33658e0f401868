"""CSV downloads of every insights table, built from the same report objects as the pages.

UTF-8 with a byte-order mark so that Excel opens accented Italian text correctly.
Hidden groups appear with their reason and no figures, exactly as on the page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response
from flask_babel import gettext as _

from academy import audit
from academy.i18n import current_language
from academy.insights.department import DepartmentReport
from academy.insights.reliability import DimensionReliability
from academy.insights.reports import Participation, ScoreTable
from academy.insights.training import TrainingReport
from academy.models import User

BOM = "\ufeff"


def _num(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _hidden(reason: str | None) -> str:
    if reason is None:
        return ""
    if reason == "small":
        return _("hidden: too few respondents")
    return _("hidden: protects a smaller group")


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]], actor: User, table: str
) -> Response:
    """The CSV as an attachment; records the export in the audit log (caller commits)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    audit.record(
        actor, "export.csv", target_type="report", target_label=filename, table=table, rows=count
    )
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def participation_rows(report: Participation) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Department"),
        _("Headcount at opening"),
        _("Responses"),
        _("Participation %"),
        _("Below 60%"),
    ]
    rows: list[list[object]] = [
        [r.name, r.headcount, r.responses, _num(r.rate), _("yes") if r.low else ""]
        for r in report.rows
    ]
    c = report.company
    rows.append([_("Company"), c.headcount, c.responses, _num(c.rate), _("yes") if c.low else ""])
    return header, rows


def scores_rows(table: ScoreTable) -> tuple[list[str], list[list[object]]]:
    """Company score per dimension (the overview)."""
    header = [_("Dimension"), _("Score (0-100)"), _("Favourable %"), _("Respondents"), _("Change")]
    rows: list[list[object]] = []
    for dim_id, title in table.dimensions:
        cell = table.company.cells.get(dim_id)
        if cell is None:
            rows.append([title, "", "", "", _hidden(table.company.hidden)])
            continue
        rows.append(
            [title, _num(cell.score), _num(cell.favourable), cell.respondents, _num(cell.change)]
        )
    rows.append(
        [
            _("Overall index"),
            _num(table.company.overall),
            "",
            table.company.respondents,
            _num(table.company.overall_change),
        ]
    )
    return header, rows


def heatmap_rows(table: ScoreTable) -> tuple[list[str], list[list[object]]]:
    header = [_("Department"), _("Respondents"), _("Status"), _("Overall")]
    for _id, title in table.dimensions:
        header += [
            title,
            _("%(dimension)s: respondents", dimension=title),
            _("%(dimension)s: change", dimension=title),
            _("%(dimension)s: vs company", dimension=title),
        ]
    rows: list[list[object]] = []
    for row in [*table.rows, table.company]:
        name = row.name or _("Company")
        if row.hidden is not None:
            rows.append([name, "", _hidden(row.hidden)])
            continue
        line: list[object] = [name, row.respondents, "", _num(row.overall)]
        for dim_id, _title in table.dimensions:
            cell = row.cells[dim_id]
            significance = {1: _("above"), -1: _("below")}.get(cell.significance, "")
            line += [_num(cell.score), cell.respondents, _num(cell.change), significance]
        rows.append(line)
    return header, rows


def department_rows(report: DepartmentReport) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Dimension"),
        _("Item"),
        _("Score (0-100)"),
        _("Company score"),
        _("Favourable"),
        _("Neutral"),
        _("Unfavourable"),
        _("Don't know"),
    ]
    if report.row.hidden is not None:
        return header, [[_hidden(report.row.hidden)]]
    titles = {d.id: d.title(current_language()) for d in report.assessment.dimensions}
    rows: list[list[object]] = []
    for dim_id, items in report.items.items():
        cell = report.row.cells[dim_id]
        company = report.company.cells.get(dim_id)
        rows.append(
            [titles[dim_id], "", _num(cell.score), _num(company.score if company else None)]
        )
        for item in items:
            rows.append(
                [
                    titles[dim_id],
                    item.text,
                    _num(item.score.score_100),
                    _num(item.company.score_100),
                    item.favourable,
                    item.neutral,
                    item.unfavourable,
                    item.dont_know,
                ]
            )
    return header, rows


def training_rows(report: TrainingReport) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Department"),
        _("People"),
        _("Required modules completed %"),
        _("Average best quiz score %"),
        _("Culture score"),
    ]
    rows: list[list[object]] = []
    for r in report.rows:
        if r.hidden is not None:
            rows.append([r.name, "", _hidden(r.hidden)])
        else:
            rows.append([r.name, r.people, _num(r.completion), _num(r.best_score), _num(r.culture)])
    return header, rows


def reliability_rows(report: list[DimensionReliability]) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Dimension"),
        _("Item"),
        _("Cronbach's alpha"),
        _("Interval low (95%)"),
        _("Interval high (95%)"),
        _("Respondents"),
        _("Corrected item-total correlation"),
        _("Flagged"),
    ]
    rows: list[list[object]] = []
    for dim in report:
        low, high = dim.interval or (None, None)
        rows.append([dim.title, "", _num(dim.alpha, 3), _num(low, 3), _num(high, 3), dim.n])
        for item in dim.items:
            rows.append(
                [
                    dim.title,
                    item.text,
                    "",
                    "",
                    "",
                    "",
                    _num(item.correlation, 3),
                    _("yes") if item.flagged else "",
                ]
            )
    return header, rows
