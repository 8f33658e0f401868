"""CSV files of every report, built from the same objects as the pages.

UTF-8 with a byte-order mark so that Excel opens accented Italian text correctly. Hidden
groups and figures appear with their reason and no number, exactly as on the page.

Cells are typed: numbers are written as numbers, text is text. Text that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return; a department named ``=HYPERLINK(...)``, say) is neutralised with a leading
apostrophe, the OWASP recommendation; numbers such as -1.3 stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask import Response
from flask_babel import gettext as _

from academy import audit
from academy.models import Person
from academy.reports.figures import DepartmentReport, DimensionReliability, ScoreTable
from academy.reports.participation import Participation
from academy.reports.training import TrainingReport

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvFormat:
    """Separator and decimal mark: "," and "." by default; ";" and "," for locales whose
    spreadsheets expect it (Italian Excel splits on ";" and reads 94,7)."""

    delimiter: str = ","
    decimal: str = "."


def number(value: float | None, digits: int = 1) -> Decimal | None:
    """A figure rounded for a CSV cell (None stays empty)."""
    return None if value is None else round(Decimal(repr(value)), digits)


def cell(value: object, fmt: CsvFormat) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else ""
    if isinstance(value, int | Decimal):
        return str(value).replace(".", fmt.decimal)
    if isinstance(value, float):
        return repr(value).replace(".", fmt.decimal)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[object]], fmt: CsvFormat
) -> tuple[str, int]:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=fmt.delimiter)
    writer.writerow([cell(h, fmt) for h in header])
    count = 0
    for row in rows:
        writer.writerow([cell(v, fmt) for v in row])
        count += 1
    return buffer.getvalue(), count


def requested_format() -> CsvFormat:
    """Comma and point, or ``?format=locale``: the reader's spreadsheet conventions."""
    from flask import request

    from academy.i18n import current_language

    if request.args.get("format") == "locale" and current_language() == "it":
        return CsvFormat(";", ",")
    return CsvFormat()


def csv_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    actor: Person,
    table: str,
    fmt: CsvFormat | None = None,
) -> Response:
    """The CSV as an attachment; records the export in the audit log (caller commits)."""
    text, count = csv_text(header, rows, fmt or CsvFormat())
    audit.record(
        actor, "export.csv", target_type="report", target_label=filename, table=table, rows=count
    )
    return Response(
        text,
        mimetype="text/csv",
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def hidden_text(reason: str | None) -> str:
    if reason is None:
        return ""
    if reason == "empty":
        return _("no scored answers")
    if reason == "small":
        return _("hidden: too few answers")
    return _("hidden: protects a smaller group")


def participation_rows(report: Participation) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Department"),
        _("Asked when the cycle opened"),
        _("Joined since"),
        _("Responses"),
        _("Participation %"),
        _("Below 60%"),
    ]
    rows: list[list[object]] = [
        [r.name, r.asked_at_opening, r.joined, r.responses, number(r.rate), r.low]
        for r in report.rows
    ]
    c = report.company
    rows.append([_("Company"), c.asked_at_opening, c.joined, c.responses, number(c.rate), c.low])
    return header, rows


def scores_rows(table: ScoreTable) -> tuple[list[str], list[list[object]]]:
    """Company score per dimension (the overview)."""
    header = [_("Dimension"), _("Score (0-100)"), _("Favourable %"), _("Respondents"), _("Change")]
    rows: list[list[object]] = []
    for dim_id, title in table.dimensions:
        c = table.company.cells[dim_id]
        if c.hidden is not None:
            rows.append([title, "", "", "", hidden_text(c.hidden)])
            continue
        rows.append([title, number(c.score), number(c.favourable), c.respondents, number(c.change)])
    company = table.company
    rows.append(
        [
            _("Overall index"),
            number(company.overall),
            "",
            company.respondents,
            number(company.overall_change)
            if company.overall_hidden is None
            else hidden_text(company.overall_hidden),
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
            _("%(dimension)s: vs rest of company", dimension=title),
        ]
    rows: list[list[object]] = []
    for row in [*table.rows, table.company]:
        name = row.name or _("Company")
        if row.hidden is not None:
            rows.append([name, row.respondents, hidden_text(row.hidden)])
            continue
        line: list[object] = [
            name,
            row.respondents,
            "",
            number(row.overall) if row.overall_hidden is None else hidden_text(row.overall_hidden),
        ]
        for dim_id, _title in table.dimensions:
            c = row.cells[dim_id]
            if c.hidden is not None:
                line += [hidden_text(c.hidden), "", "", ""]
                continue
            significance = {1: _("above"), -1: _("below")}.get(c.significance, "")
            line += [number(c.score), c.respondents, number(c.change), significance]
        rows.append(line)
    return header, rows


def department_rows(report: DepartmentReport) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Dimension"),
        _("Item"),
        _("Item id"),
        _("Score (0-100)"),
        _("Company score"),
        _("Favourable"),
        _("Neutral"),
        _("Unfavourable"),
        _("Don't know"),
    ]
    titles = dict(report.table.dimensions)
    rows: list[list[object]] = []
    for dim_id, items in report.items.items():
        cell_ = report.row.cells[dim_id]
        company = report.company.cells.get(dim_id)
        if cell_.hidden is not None:
            rows.append([titles[dim_id], "", "", hidden_text(cell_.hidden)])
            continue
        rows.append(
            [
                titles[dim_id],
                "",
                "",
                number(cell_.score),
                number(company.score if company else None),
            ]
        )
        for item in items:
            if item.hidden is not None:
                rows.append([titles[dim_id], item.text, item.id, hidden_text(item.hidden)])
                continue
            rows.append(
                [
                    titles[dim_id],
                    item.text,
                    item.id,
                    number(item.score),
                    number(item.company),
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
    ]
    if report.frozen:
        header.append(_("Culture score"))
    rows: list[list[object]] = []
    for r in report.rows:
        if r.hidden is not None:
            rows.append([r.name, "", hidden_text(r.hidden)])
            continue
        line: list[object] = [r.name, r.people, number(r.completion), number(r.best_score)]
        if report.frozen:
            line.append(number(r.culture))
        rows.append(line)
    return header, rows


def reliability_rows(report: list[DimensionReliability]) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Dimension"),
        _("Item"),
        _("Cronbach's alpha"),
        _("Interval low (95%)"),
        _("Interval high (95%)"),
        _("Respondents"),
        _("Low reliability"),
        _("Corrected item-total correlation"),
        _("Flagged"),
    ]
    rows: list[list[object]] = []
    for dim in report:
        if dim.hidden is not None:
            rows.append([dim.title, "", hidden_text(dim.hidden)])
            continue
        low, high = dim.interval or (None, None)
        rows.append(
            [dim.title, "", number(dim.alpha, 3), number(low, 3), number(high, 3), dim.n, dim.low]
        )
        for item in dim.items:
            rows.append(
                [dim.title, item.text, "", "", "", "", "", number(item.correlation, 3), item.weak]
            )
    return header, rows
