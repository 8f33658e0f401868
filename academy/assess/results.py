"""The company column of a person's own result: the last closed cycle's scores.

The figures come from the insights aggregation (a GROUP BY over ``answers``, stored for
closed cycles), so the result page and HR's reports can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from academy.catalog import Assessment
from academy.extensions import db
from academy.insights.aggregates import cycle_data
from academy.insights.reports import dimension_scores, item_index
from academy.models import Cycle, CycleStatus
from academy.scoring import DimensionScore, overall_score


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
    data = cycle_data(cycle, assessment.points, assessment.favourable_from)
    count = sum(data.respondents.values())
    if count < current_app.config["MIN_GROUP_SIZE"]:
        return None
    dims = dimension_scores(assessment, item_index(data.items)[None])
    return CompanyResult(cycle, count, dims, overall_score(dims.values()))
