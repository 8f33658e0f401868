"""The company column of a person's own result: the last closed cycle's scores.

Read from that cycle's stored results (academy.reports), so the result page and HR's
reports can never disagree, and it shows only what HR may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from academy.extensions import db
from academy.models import Cycle, CycleStatus
from academy.reports.figures import Row, score_table


@dataclass(frozen=True)
class CompanyResult:
    cycle: Cycle
    row: Row


def last_closed_cycle(assessment_id: str) -> Cycle | None:
    return db.session.scalar(
        select(Cycle)
        .where(Cycle.assessment_id == assessment_id, Cycle.status == CycleStatus.CLOSED)
        .order_by(Cycle.closed_at.desc(), Cycle.id.desc())
        .limit(1)
    )


def company_result(assessment_id: str) -> CompanyResult | None:
    """Company scores of the last closed cycle, or None when none may be shown."""
    cycle = last_closed_cycle(assessment_id)
    if cycle is None:
        return None
    table = score_table(cycle)
    if table is None or table.company.hidden is not None:
        return None
    return CompanyResult(cycle, table.company)
