"""Aggregates of anonymous answers, computed by the database (DESIGN.md invariant 4).

Nothing here reads one response at a time: every number is a GROUP BY over `answers`
or `responses`, so results never depend on who answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, func, select

from academy.catalog import Assessment
from academy.extensions import db
from academy.models import Answer, Cycle, CycleStatus, Department, Response
from academy.scoring import DimensionScore, ItemAggregate, dimension_score, overall_score


def item_aggregates(
    cycle_id: int, favourable_from: int, department_id: int | None = None
) -> dict[str, ItemAggregate]:
    """Per item: answers that are not "don't know", their sum and how many are favourable.

    `score` is the answer after reversal, so reverse-keyed items need no special case.
    """
    favourable = func.sum(case((Answer.score >= favourable_from, 1), else_=0))
    query = (
        select(Answer.item_id, func.count(Answer.score), func.sum(Answer.score), favourable)
        .where(Answer.cycle_id == cycle_id)
        .group_by(Answer.item_id)
    )
    if department_id is not None:
        query = query.where(Answer.department_id == department_id)
    return {
        item_id: ItemAggregate(int(n), float(total or 0), int(fav or 0))
        for item_id, n, total, fav in db.session.execute(query)
    }


def dimension_scores(
    assessment: Assessment, aggregates: dict[str, ItemAggregate]
) -> dict[str, DimensionScore]:
    """Dimension scores of the assessment as it is now, from per-item aggregates."""
    empty = ItemAggregate(0, 0, 0)
    return {
        dim.id: dimension_score(
            [aggregates.get(item.id, empty) for item in dim.items], assessment.points
        )
        for dim in assessment.dimensions
    }


def respondents(cycle_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Response).where(Response.cycle_id == cycle_id)
    )


@dataclass(frozen=True)
class CompanyResult:
    cycle: Cycle
    respondents: int
    dimensions: dict[str, DimensionScore]
    overall: float | None


def last_closed_cycle(assessment_id: str) -> Cycle | None:
    return db.session.scalar(
        select(Cycle)
        .where(Cycle.assessment_id == assessment_id, Cycle.status == CycleStatus.CLOSED)
        .order_by(Cycle.closed_at.desc(), Cycle.id.desc())
        .limit(1)
    )


def company_result(assessment: Assessment) -> CompanyResult | None:
    """Company scores of the last closed cycle, or None when it had too few respondents
    for anyone to be shown results (the minimum group size)."""
    cycle = last_closed_cycle(assessment.id)
    if cycle is None:
        return None
    count = respondents(cycle.id)
    if count < current_app.config["MIN_GROUP_SIZE"]:
        return None
    dims = dimension_scores(assessment, item_aggregates(cycle.id, assessment.favourable_from))
    return CompanyResult(cycle, count, dims, overall_score(dims.values()))


@dataclass(frozen=True)
class DepartmentParticipation:
    name: str
    headcount: int
    responses: int

    @property
    def rate(self) -> float | None:
        return self.responses / self.headcount * 100 if self.headcount else None


def participation(cycle: Cycle) -> list[DepartmentParticipation]:
    """Headcount at opening and responses so far, per department (counts only).

    Responses are counted by the department people were in when they answered; someone
    who moved since the cycle opened counts in their new department.
    """
    counts = dict(
        db.session.execute(
            select(Response.department_id, func.count())
            .where(Response.cycle_id == cycle.id)
            .group_by(Response.department_id)
        ).all()
    )
    headcounts = {h.department_id: h.headcount for h in cycle.headcounts}
    ids = set(headcounts) | set(counts)
    names = dict(
        db.session.execute(
            select(Department.id, Department.name).where(Department.id.in_(ids))
        ).all()
    )
    rows = [
        DepartmentParticipation(names.get(d, "?"), headcounts.get(d, 0), counts.get(d, 0))
        for d in ids
    ]
    return sorted(rows, key=lambda r: r.name.casefold())
