"""A cycle's aggregates, read from the summary table for closed cycles.

Closed cycles never change, so their GROUP BY results are stored in ``cycle_aggregates``
when the cycle closes (:mod:`academy.insights.precompute`); every instance then reads a
few hundred rows instead of re-scanning hundreds of thousands of answers. Reports only
read: a closed cycle with nothing stored (closed before the table existed, until
``flask insights precompute`` runs) is computed on the fly, as an open cycle always is,
so a GET never writes. A stored row is used only while its ``cycle_closed_at`` matches
the cycle's: a cycle closed again has a new closing time, which makes the row stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from academy.extensions import db
from academy.insights import queries
from academy.insights.queries import ItemRow, MomentRow
from academy.models import Cycle, CycleAggregate, CycleStatus, utcnow


@dataclass(frozen=True)
class CycleData:
    """Everything the score reports need about one cycle, as aggregates."""

    respondents: dict[int, int]
    items: list[ItemRow]
    moments: list[MomentRow]


def _fresh_row(cycle: Cycle, kind: str) -> CycleAggregate | None:
    if cycle.status != CycleStatus.CLOSED or cycle.closed_at is None:
        return None
    row = db.session.get(CycleAggregate, (cycle.id, kind))
    return row if row is not None and row.cycle_closed_at == cycle.closed_at else None


def stored(cycle: Cycle, kind: str, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON-able result: the stored copy when a closed cycle has one."""
    row = _fresh_row(cycle, kind)
    return row.payload if row is not None else compute()


def store(cycle: Cycle, kind: str, compute: Callable[[], Any]) -> bool:
    """Keep ``compute()``'s result for a closed cycle, in the caller's transaction.

    Returns False (and computes nothing) when a fresh copy is already stored.
    """
    if _fresh_row(cycle, kind) is not None:
        return False
    payload = compute()
    row = db.session.get(CycleAggregate, (cycle.id, kind))
    if row is None:
        db.session.add(
            CycleAggregate(
                cycle_id=cycle.id, kind=kind, cycle_closed_at=cycle.closed_at, payload=payload
            )
        )
    else:
        row.cycle_closed_at = cycle.closed_at
        row.computed_at = utcnow()
        row.payload = payload
    return True


def scores_kind(points: int, favourable_from: int) -> str:
    return f"scores:{points}:{favourable_from}"


def scores_payload(cycle: Cycle, points: int, favourable_from: int) -> dict:
    """The score aggregates of a cycle as JSON-able lists (what the summary table keeps)."""
    return {
        "respondents": [[d, n] for d, n in queries.respondents(cycle.id).items()],
        "items": [list(r) for r in queries.item_rows(cycle.id, points, favourable_from)],
        "moments": [list(r) for r in queries.moment_rows(cycle.id)],
    }


def cycle_data(cycle: Cycle, points: int, favourable_from: int) -> CycleData:
    payload = stored(
        cycle,
        scores_kind(points, favourable_from),
        lambda: scores_payload(cycle, points, favourable_from),
    )
    return CycleData(
        respondents={int(d): int(n) for d, n in payload["respondents"]},
        items=[ItemRow(*r) for r in payload["items"]],
        moments=[MomentRow(*r) for r in payload["moments"]],
    )
