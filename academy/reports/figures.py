"""What the assessment reports show, read from a closed cycle's stored results.

Every object here is built from ``cycle_results`` rows (academy.reports.results), which
hold only figures that passed the disclosure rules when the cycle closed. Pages, charts,
CSV files and the API render these objects as they are; a figure that is not in them
cannot be shown, and nothing here reads the answers or today's departments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from academy.catalog import Assessment
from academy.content import cycle_questionnaire
from academy.extensions import db
from academy.i18n import current_language
from academy.models import Cycle, CycleResult, CycleStatus
from academy.reports.training import TrainingReport, report_from
from academy.scoring import EMPTY, is_low_alpha, is_weak_item


@dataclass(frozen=True)
class Cell:
    """One group × dimension: score on 0-100, % favourable, respondents with a scored
    answer, change since the previous cycle, significance mark (+1/−1/0), or why hidden."""

    score: float | None = None
    favourable: float | None = None
    respondents: int = 0
    change: float | None = None
    significance: int = 0
    hidden: str | None = None


@dataclass
class Row:
    department_id: int | None  # None: the company
    name: str
    respondents: int
    hidden: str | None  # every dimension hidden: the reason; else None
    cells: dict[str, Cell] = field(default_factory=dict)
    overall: float | None = None
    overall_hidden: str | None = None
    overall_change: float | None = None


@dataclass(frozen=True)
class ItemFigure:
    id: str
    text: str
    reverse: bool
    hidden: str | None
    score: float | None = None
    favourable_pct: float | None = None
    n: int = 0
    favourable: int = 0
    neutral: int = 0
    unfavourable: int = 0
    dont_know: int = 0
    company: float | None = None


@dataclass
class ScoreTable:
    """Departments × dimensions of one closed cycle, as decided when it closed."""

    cycle: Cycle
    assessment: Assessment
    previous: Cycle | None
    min_size: int
    comment_min_size: int
    fdr_level: float
    company: Row
    rows: list[Row]
    payload: dict[str, Any] = field(repr=False)

    @property
    def dimensions(self) -> list[tuple[str, str]]:
        lang = current_language()
        return [(d.id, d.title(lang)) for d in self.assessment.dimensions]

    @property
    def visible_rows(self) -> list[Row]:
        return [r for r in self.rows if r.hidden is None]

    def row(self, department_id: int) -> Row | None:
        return next((r for r in self.rows if r.department_id == department_id), None)


def results_of(cycle: Cycle) -> CycleResult | None:
    """The stored results of a closed cycle (None while open, closing or never computed)."""
    if cycle.status != CycleStatus.CLOSED:
        return None
    row = db.session.get(CycleResult, cycle.id)
    # Results of cycles closed before they were stored are computed by a job; until
    # then (version 0, nothing computed) there is nothing to show.
    return row if row is not None and row.payload else None


def _cell(data: dict[str, Any]) -> Cell:
    if "hidden" in data:
        return Cell(hidden=data["hidden"])
    return Cell(
        data.get("score"),
        data.get("favourable_pct"),
        int(data.get("n", 0)),
        None,
        int(data.get("significance", 0)),
    )


def _row(department_id: int | None, name: str, data: dict[str, Any]) -> Row:
    cells = {dim: _cell(values) for dim, values in data["dimensions"].items()}
    reasons = [c.hidden for c in cells.values() if c.hidden is not None]
    all_hidden = bool(cells) and len(reasons) == len(cells)
    overall = data.get("overall", {"hidden": EMPTY})
    return Row(
        department_id,
        name,
        int(data["respondents"]),
        (next((r for r in reasons if r != EMPTY), reasons[0]) if all_hidden else None),
        cells,
        overall.get("score"),
        overall.get("hidden"),
    )


def _comparable(payload: dict[str, Any], previous: dict[str, Any], dim_id: str) -> bool:
    """A dimension compares across cycles only when it is made of the same items."""
    return payload["dimensions"].get(dim_id) == previous["dimensions"].get(dim_id)


def _set_changes(row: Row, before: Row | None, payload: dict, previous: dict) -> None:
    if before is None:
        return
    for dim_id, cell in list(row.cells.items()):
        old = before.cells.get(dim_id)
        if (
            cell.score is not None
            and old is not None
            and old.score is not None
            and _comparable(payload, previous, dim_id)
        ):
            row.cells[dim_id] = Cell(
                cell.score,
                cell.favourable,
                cell.respondents,
                cell.score - old.score,
                cell.significance,
            )
    if (
        row.overall is not None
        and before.overall is not None
        and payload["dimensions"] == previous["dimensions"]
    ):
        row.overall_change = row.overall - before.overall


def _rows(result: CycleResult) -> tuple[Row, list[Row]]:
    payload = result.payload
    names = result.inputs["departments"]
    company = _row(None, "", payload["company"])
    rows = [
        _row(int(d), names.get(d, {}).get("name", "?"), data)
        for d, data in payload["departments"].items()
    ]
    rows.sort(key=lambda r: r.name.casefold())
    return company, rows


def score_table(cycle: Cycle) -> ScoreTable | None:
    """The heatmap of a closed cycle, with changes since the cycle before it."""
    result = results_of(cycle)
    if result is None:
        return None
    payload = result.payload
    company, rows = _rows(result)
    previous_cycle = (
        db.session.get(Cycle, payload["previous_cycle_id"])
        if payload["previous_cycle_id"]
        else None
    )
    previous = results_of(previous_cycle) if previous_cycle is not None else None
    if previous is not None:
        before_company, before_rows = _rows(previous)
        by_id = {r.department_id: r for r in before_rows}
        _set_changes(company, before_company, payload, previous.payload)
        for row in rows:
            _set_changes(row, by_id.get(row.department_id), payload, previous.payload)
    return ScoreTable(
        cycle,
        cycle_questionnaire(cycle),
        previous_cycle if previous is not None else None,
        int(payload["min_group_size"]),
        int(payload["comment_min_group_size"]),
        float(payload["fdr_level"]),
        company,
        rows,
        payload,
    )


# ------------------------------------------------------------------------- department


@dataclass(frozen=True)
class TrendPoint:
    """One closed cycle of a department's trend; None where the figure was not shown."""

    cycle: Cycle
    overall: float | None
    company: float | None
    dimensions: dict[str, float | None]


@dataclass
class DepartmentReport:
    table: ScoreTable
    row: Row
    items: dict[str, list[ItemFigure]]
    trend: list[TrendPoint]
    comments: list[str] | None  # None: hidden (too few respondents for comments)

    @property
    def company(self) -> Row:
        return self.table.company


def department_report(cycle: Cycle, department_id: int) -> DepartmentReport | None:
    """One department next to the company, as shown when the cycle closed.

    None when the cycle has no stored results, or the department had nobody asked in it.
    """
    table = score_table(cycle)
    if table is None:
        return None
    row = table.row(department_id)
    if row is None:
        return None
    data = table.payload["departments"][str(department_id)]
    company_items = table.payload["company"]["items"]
    lang = current_language()
    items: dict[str, list[ItemFigure]] = {}
    for dim in table.assessment.dimensions:
        figures = []
        for item in dim.items:
            mine = data["items"].get(item.id, {"hidden": EMPTY})
            theirs = company_items.get(item.id, {})
            figures.append(
                ItemFigure(
                    item.id,
                    item.text(lang),
                    item.reverse,
                    mine.get("hidden"),
                    mine.get("score"),
                    mine.get("favourable_pct"),
                    int(mine.get("n", 0)),
                    int(mine.get("favourable", 0)),
                    int(mine.get("neutral", 0)),
                    int(mine.get("unfavourable", 0)),
                    int(mine.get("dont_know", 0)),
                    theirs.get("score"),
                )
            )
        items[dim.id] = figures
    return DepartmentReport(
        table, row, items, department_trend(cycle, department_id), data.get("comments")
    )


def department_trend(cycle: Cycle, department_id: int) -> list[TrendPoint]:
    """The department's and the company's figures in every closed cycle of the same
    questionnaire up to this one, each as it was shown when that cycle closed."""
    cycles = db.session.scalars(
        select(Cycle)
        .where(
            Cycle.assessment_id == cycle.assessment_id,
            Cycle.status == CycleStatus.CLOSED,
            (Cycle.opens_on < cycle.opens_on)
            | ((Cycle.opens_on == cycle.opens_on) & (Cycle.id <= cycle.id)),
        )
        .order_by(Cycle.opens_on, Cycle.id)
    )
    points = []
    for earlier in cycles:
        result = results_of(earlier)
        if result is None:
            continue
        company = result.payload["company"].get("overall", {}).get("score")
        data = result.payload["departments"].get(str(department_id))
        dims: dict[str, float | None] = {}
        overall = None
        if data is not None:
            overall = data.get("overall", {}).get("score")
            dims = {d: v.get("score") for d, v in data["dimensions"].items()}
        points.append(TrendPoint(earlier, overall, company, dims))
    return points


# --------------------------------------------------------------------------- reliability


@dataclass(frozen=True)
class ItemReliability:
    id: str
    text: str
    reverse: bool
    correlation: float | None
    weak: bool


@dataclass(frozen=True)
class DimensionReliability:
    id: str
    title: str
    hidden: str | None
    alpha: float | None
    interval: tuple[float, float] | None
    n: int
    k: int
    low: bool
    items: list[ItemReliability]


def reliability(cycle: Cycle) -> list[DimensionReliability] | None:
    """Cronbach's alpha, Feldt's interval and item-rest correlations as stored at close."""
    result = results_of(cycle)
    if result is None:
        return None
    stored = result.payload["reliability"]
    assessment = cycle_questionnaire(cycle)
    lang = current_language()
    report = []
    for dim in assessment.dimensions:
        data = stored.get(dim.id, {"hidden": EMPTY})
        correlations = data.get("items", {})
        alpha = data.get("alpha")
        report.append(
            DimensionReliability(
                dim.id,
                dim.title(lang),
                data.get("hidden"),
                alpha,
                tuple(data["interval"]) if data.get("interval") else None,  # type: ignore[arg-type]
                int(data.get("n", 0)),
                int(data.get("k", len(dim.items))),
                is_low_alpha(alpha),
                [
                    ItemReliability(
                        i.id,
                        i.text(lang),
                        i.reverse,
                        correlations.get(i.id),
                        is_weak_item(correlations.get(i.id)),
                    )
                    for i in dim.items
                ],
            )
        )
    return report


def frozen_training(cycle: Cycle) -> TrainingReport | None:
    """Training per department when the cycle closed, next to its culture scores."""
    result = results_of(cycle)
    if result is None:
        return None
    return report_from(result.payload["training"], frozen=True)
