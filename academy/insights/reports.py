"""The assessment reports: overview, heatmap, department and trend.

Each builder reads aggregates (:mod:`.aggregates`), asks :func:`.disclosure.disclose`
which departments may be shown, and returns plain objects that pages, charts, CSV and
the API render as they are: a figure that is not in a report object cannot leak.

Scores are published for closed cycles only. While a cycle is open every new response
moves its department's score, so anyone who knows who has just answered could work out
their answers from two looks a minute apart; open cycles show participation.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select

from academy.catalog import Assessment
from academy.content import get_catalog
from academy.extensions import db
from academy.i18n import current_language
from academy.insights.aggregates import CycleData, cycle_data
from academy.insights.disclosure import Disclosure, disclose
from academy.insights.queries import ItemRow, MomentRow, headcounts, respondents
from academy.models import Cycle, CycleStatus, Department
from academy.scoring import (
    DimensionScore,
    ItemAggregate,
    dimension_score,
    from_moments,
    overall_score,
    t_quantile,
)

#: Departments where fewer than this % of the headcount answered are flagged.
LOW_PARTICIPATION_PCT = 60.0


# --------------------------------------------------------------------------- cycles


def report_cycles() -> list[Cycle]:
    """Cycles that have been opened, newest first."""
    return list(
        db.session.scalars(
            select(Cycle)
            .where(Cycle.status != CycleStatus.DRAFT)
            .order_by(Cycle.opens_on.desc(), Cycle.id.desc())
        )
    )


def closed_cycles(assessment_id: str | None = None) -> list[Cycle]:
    """Closed cycles, oldest first (trend order)."""
    stmt = select(Cycle).where(Cycle.status == CycleStatus.CLOSED)
    if assessment_id is not None:
        stmt = stmt.where(Cycle.assessment_id == assessment_id)
    return list(db.session.scalars(stmt.order_by(Cycle.opens_on, Cycle.id)))


def pick_cycle(cycle_id: int | None, *, closed: bool = False) -> Cycle | None:
    """The requested cycle, or by default the open one (unless ``closed``), else the latest
    closed one. A cycle id that does not exist gives None."""
    if cycle_id is not None:
        cycle = db.session.get(Cycle, cycle_id)
        if cycle is None or cycle.status == CycleStatus.DRAFT:
            return None
        return cycle
    cycles = report_cycles()
    if not closed:
        open_cycle = next((c for c in cycles if c.status == CycleStatus.OPEN), None)
        if open_cycle is not None:
            return open_cycle
    return next((c for c in cycles if c.status == CycleStatus.CLOSED), None)


def previous_closed(cycle: Cycle) -> Cycle | None:
    earlier = [
        c
        for c in closed_cycles(cycle.assessment_id)
        if (c.opens_on, c.id) < (cycle.opens_on, cycle.id)
    ]
    return earlier[-1] if earlier else None


def assessment_of(cycle: Cycle) -> Assessment | None:
    return get_catalog().assessment(cycle.assessment_id)


def department_names() -> dict[int, str]:
    return {d.id: d.name for d in db.session.scalars(select(Department))}


# --------------------------------------------------------------------- participation


@dataclass(frozen=True)
class ParticipationRow:
    department_id: int | None  # None: the company row
    name: str
    headcount: int
    responses: int

    @property
    def rate(self) -> float | None:
        return self.responses / self.headcount * 100 if self.headcount else None

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < LOW_PARTICIPATION_PCT


@dataclass(frozen=True)
class Participation:
    cycle: Cycle
    rows: list[ParticipationRow]
    company: ParticipationRow


def participation(cycle: Cycle) -> Participation:
    """Responses / headcount at opening per department.

    Participation counts people who took part, not what they answered, so it is shown
    for every department (and live while the cycle is open).
    """
    heads = headcounts(cycle.id)
    answered = respondents(cycle.id)
    names = department_names()
    ids = sorted(set(heads) | set(answered), key=lambda d: names.get(d, "").casefold())
    rows = [
        ParticipationRow(d, names.get(d, "?"), heads.get(d, 0), answered.get(d, 0)) for d in ids
    ]
    company = ParticipationRow(None, "", sum(heads.values()), sum(answered.values()))
    return Participation(cycle, rows, company)


# ---------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Cell:
    """One department × dimension: score on 0-100, % favourable, respondents, change since
    the previous cycle and whether its 95% interval lies above (+1) or below (-1) the company."""

    score: float | None
    favourable: float | None
    respondents: int
    change: float | None = None
    significance: int = 0
    interval: tuple[float, float] | None = None


@dataclass
class Row:
    department_id: int | None
    name: str
    respondents: int
    hidden: str | None  # None when shown, else the disclosure reason
    cells: dict[str, Cell] = field(default_factory=dict)
    overall: float | None = None
    overall_change: float | None = None


@dataclass
class ScoreTable:
    """Departments × dimensions for one closed cycle, disclosure applied."""

    cycle: Cycle
    assessment: Assessment
    previous: Cycle | None
    disclosure: Disclosure
    company: Row
    rows: list[Row]

    @property
    def dimensions(self) -> list[tuple[str, str]]:
        return [(d.id, d.title(current_language())) for d in self.assessment.dimensions]

    @property
    def visible_rows(self) -> list[Row]:
        return [r for r in self.rows if r.hidden is None]


def item_index(rows: list[ItemRow]) -> dict[int | None, dict[str, ItemAggregate]]:
    """{department (None = company): {item: aggregate}}; the company sums all departments."""
    index: dict[int | None, dict[str, ItemAggregate]] = defaultdict(dict)
    company: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        index[r.department_id][r.item_id] = ItemAggregate(r.n, r.total, r.favourable)
        sums = company[r.item_id]
        sums[0] += r.n
        sums[1] += r.total
        sums[2] += r.favourable
    index[None] = {item: ItemAggregate(n, t, f) for item, (n, t, f) in company.items()}
    return index


def dimension_scores(
    assessment: Assessment, items: dict[str, ItemAggregate]
) -> dict[str, DimensionScore]:
    empty = ItemAggregate(0, 0, 0)
    return {
        d.id: dimension_score([items.get(i.id, empty) for i in d.items], assessment.points)
        for d in assessment.dimensions
    }


def _moment_index(rows: list[MomentRow]) -> dict[int | None, dict[str, tuple[int, float, float]]]:
    index: dict[int | None, dict[str, tuple[int, float, float]]] = defaultdict(dict)
    company: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for r in rows:
        index[r.department_id][r.dimension_id] = (r.n, r.total, r.total_sq)
        sums = company[r.dimension_id]
        sums[0] += r.n
        sums[1] += r.total
        sums[2] += r.total_sq
    index[None] = {d: (int(n), s, ss) for d, (n, s, ss) in company.items()}
    return index


def _interval_100(
    moments: tuple[int, float, float] | None, points: int
) -> tuple[float | None, tuple[float, float] | None, int]:
    """Mean of respondents' dimension means and its 95% t interval, both on 0-100."""
    if moments is None:
        return None, None, 0
    n, total, total_sq = moments
    mean, sd = from_moments(n, total, total_sq)
    if mean is None:
        return None, None, n
    scale = 100 / (points - 1)
    mean_100 = (mean - 1) * scale
    if sd is None:
        return mean_100, None, n
    # scoring.mean_t_interval's formula, with the t quantile cached per df: the heatmap
    # needs hundreds of intervals and each quantile is a root search.
    half = _t_975(n - 1) * sd / math.sqrt(n) * scale
    return mean_100, (mean_100 - half, mean_100 + half), n


@lru_cache(maxsize=2048)
def _t_975(df: int) -> float:
    return t_quantile(0.975, df)


def _scored_rows(
    assessment: Assessment, data: CycleData, disclosure: Disclosure
) -> tuple[Row, dict[int, Row]]:
    names = department_names()
    items = item_index(data.items)
    moments = _moment_index(data.moments)
    company_means = {
        d.id: _interval_100(moments[None].get(d.id), assessment.points)[0]
        for d in assessment.dimensions
    }

    def build(dept: int | None) -> Row:
        scores = dimension_scores(assessment, items.get(dept, {}))
        row = Row(dept, names.get(dept, "") if dept else "", 0, None)
        for dim_id, score in scores.items():
            _mean, interval, n = _interval_100(moments.get(dept, {}).get(dim_id), assessment.points)
            significance = 0
            company_mean = company_means[dim_id]
            if dept is not None and interval is not None and company_mean is not None:
                if interval[0] > company_mean:
                    significance = 1
                elif interval[1] < company_mean:
                    significance = -1
            row.cells[dim_id] = Cell(
                score.score_100, score.favourable_pct, n, None, significance, interval
            )
        row.overall = overall_score(scores.values())
        return row

    company = build(None)
    company.respondents = disclosure.total
    rows = {}
    for dept, count in disclosure.counts.items():
        reason = disclosure.reason(dept)
        row = build(dept) if reason is None else Row(dept, names.get(dept, "?"), count, reason)  # type: ignore[arg-type]
        row.respondents = count
        rows[dept] = row  # type: ignore[index]
    return company, rows


def score_table(cycle: Cycle, assessment: Assessment) -> ScoreTable:
    """The heatmap's data: every department with respondents, hidden ones without figures."""
    data = cycle_data(cycle, assessment.points, assessment.favourable_from)
    disclosure = disclose(data.respondents)
    company, rows = _scored_rows(assessment, data, disclosure)
    previous = previous_closed(cycle)
    if previous is not None:
        prev_data = cycle_data(previous, assessment.points, assessment.favourable_from)
        prev_disclosure = disclose(prev_data.respondents)
        prev_company, prev_rows = _scored_rows(assessment, prev_data, prev_disclosure)
        # A change is shown only where both cycles' figures are shown.
        _set_changes(company, prev_company if prev_disclosure.total_visible else None)
        for dept, row in rows.items():
            prev_row = prev_rows.get(dept)
            if row.hidden is None and prev_row is not None and prev_row.hidden is None:
                _set_changes(row, prev_row)
    if not disclosure.total_visible:
        company = Row(None, "", disclosure.total, "small")
    ordered = sorted(rows.values(), key=lambda r: r.name.lower())
    return ScoreTable(cycle, assessment, previous, disclosure, company, ordered)


def _set_changes(row: Row, previous: Row | None) -> None:
    if previous is None:
        return
    for dim_id, cell in list(row.cells.items()):
        before = previous.cells.get(dim_id)
        if cell.score is not None and before is not None and before.score is not None:
            row.cells[dim_id] = Cell(
                cell.score,
                cell.favourable,
                cell.respondents,
                cell.score - before.score,
                cell.significance,
                cell.interval,
            )
    if row.overall is not None and previous.overall is not None:
        row.overall_change = row.overall - previous.overall
