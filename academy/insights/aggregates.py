"""A cycle's aggregates, read from the summary table for closed cycles.

Closed cycles never change, so their GROUP BY results are stored in ``cycle_aggregates``
the first time a report needs them; every instance then reads a few hundred rows
instead of re-scanning hundreds of thousands of answers. Open cycles are always
computed live (and the reports show only their participation). A stored row is used
only while its ``cycle_closed_at`` matches the cycle's: reopening a cycle makes it stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from academy.extensions import db
from academy.insights import queries
from academy.insights.queries import ItemRow, MomentRow
from academy.models import Cycle, CycleAggregate, CycleStatus


@dataclass(frozen=True)
class CycleData:
    """Everything the score reports need about one cycle, as aggregates."""

    respondents: dict[int, int]
    items: list[ItemRow]
    moments: list[MomentRow]


def stored(cycle: Cycle, kind: str, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON-able result, kept in the summary table for closed cycles."""
    if cycle.status != CycleStatus.CLOSED or cycle.closed_at is None:
        return compute()
    row = db.session.scalar(
        select(CycleAggregate).where(
            CycleAggregate.cycle_id == cycle.id, CycleAggregate.kind == kind
        )
    )
    if row is not None and row.cycle_closed_at == cycle.closed_at:
        return row.payload
    payload = compute()
    try:
        with db.session.begin_nested():
            if row is None:
                db.session.add(
                    CycleAggregate(
                        cycle_id=cycle.id,
                        kind=kind,
                        cycle_closed_at=cycle.closed_at,
                        payload=payload,
                    )
                )
            else:
                row.cycle_closed_at = cycle.closed_at
                row.payload = payload
        db.session.commit()
    except IntegrityError:
        # Another instance stored the same aggregates first: theirs are identical.
        db.session.rollback()
    return payload


def cycle_data(cycle: Cycle, points: int, favourable_from: int) -> CycleData:
    def compute() -> dict:
        return {
            "respondents": [[d, n] for d, n in queries.respondents(cycle.id).items()],
            "items": [list(r) for r in queries.item_rows(cycle.id, points, favourable_from)],
            "moments": [list(r) for r in queries.moment_rows(cycle.id)],
        }

    payload = stored(cycle, f"scores:{points}:{favourable_from}", compute)
    return CycleData(
        respondents={int(d): int(n) for d, n in payload["respondents"]},
        items=[ItemRow(*r) for r in payload["items"]],
        moments=[MomentRow(*r) for r in payload["moments"]],
    )
