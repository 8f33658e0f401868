"""One department next to the company: items, answer distributions, trend, comments."""

from __future__ import annotations

from dataclasses import dataclass

from academy.catalog import Assessment
from academy.i18n import current_language
from academy.insights.aggregates import cycle_data
from academy.insights.disclosure import disclose
from academy.insights.queries import comments
from academy.insights.reports import (
    Row,
    closed_cycles,
    dimension_scores,
    item_index,
    score_table,
)
from academy.models import Cycle, Department
from academy.scoring import ItemAggregate, ItemScore, item_score, overall_score


@dataclass(frozen=True)
class ItemDetail:
    id: str
    text: str
    reverse: bool
    score: ItemScore
    company: ItemScore
    favourable: int
    neutral: int
    unfavourable: int
    dont_know: int


@dataclass
class DepartmentReport:
    cycle: Cycle
    assessment: Assessment
    department: Department
    row: Row
    company: Row
    items: dict[str, list[ItemDetail]]
    trend: list[TrendPoint]
    comments: list[str] | None  # None: hidden (too few respondents for comments)


def department_report(
    cycle: Cycle, assessment: Assessment, department: Department
) -> DepartmentReport:
    """One department's figures next to the company's; hidden departments get a Row with
    ``hidden`` set and no numbers (and no items, trend points or comments)."""
    table = score_table(cycle, assessment)
    row = next((r for r in table.rows if r.department_id == department.id), None)
    if row is None:
        row = Row(department.id, department.name, 0, "small")
    items: dict[str, list[ItemDetail]] = {}
    shown_comments: list[str] | None = None
    if row.hidden is None:
        data = cycle_data(cycle, assessment.points, assessment.favourable_from)
        index = item_index(data.items)
        raw = {r.item_id: r for r in data.items if r.department_id == department.id}
        for dim in assessment.dimensions:
            items[dim.id] = []
            for item in dim.items:
                r = raw.get(item.id)
                agg = index[department.id].get(item.id, ItemAggregate(0, 0, 0))
                company = index[None].get(item.id, ItemAggregate(0, 0, 0))
                fav = r.favourable if r else 0
                unfav = r.unfavourable if r else 0
                n = r.n if r else 0
                items[dim.id].append(
                    ItemDetail(
                        item.id,
                        item.text(current_language()),
                        item.reverse,
                        item_score(agg, assessment.points),
                        item_score(company, assessment.points),
                        fav,
                        n - fav - unfav,
                        unfav,
                        r.dont_know if r else 0,
                    )
                )
        if disclose(data.respondents, comments=True).visible(department.id):
            shown_comments = comments(cycle.id, department.id)
    return DepartmentReport(
        cycle,
        assessment,
        department,
        row,
        table.company,
        items,
        department_trend(assessment, department.id),
        shown_comments,
    )


@dataclass(frozen=True)
class TrendPoint:
    """One closed cycle of a department's trend; None where the figure is not shown."""

    cycle: Cycle
    overall: float | None
    company: float | None
    dimensions: dict[str, float | None]


def department_trend(assessment: Assessment, department_id: int) -> list[TrendPoint]:
    """Overall and dimension scores of the department, and the company's overall score,
    in every closed cycle.

    The disclosure is decided per cycle: a cycle where the department was hidden gives
    None for it, whatever other cycles show.
    """
    trend = []
    for cycle in closed_cycles(assessment.id):
        data = cycle_data(cycle, assessment.points, assessment.favourable_from)
        disclosure = disclose(data.respondents)
        index = item_index(data.items)
        company = (
            overall_score(dimension_scores(assessment, index[None]).values())
            if disclosure.total_visible
            else None
        )
        if disclosure.visible(department_id):
            scores = dimension_scores(assessment, index.get(department_id, {}))
            dims = {d: s.score_100 for d, s in scores.items()}
            trend.append(TrendPoint(cycle, overall_score(scores.values()), company, dims))
        else:
            dims = {d.id: None for d in assessment.dimensions}
            trend.append(TrendPoint(cycle, None, company, dims))
    return trend
