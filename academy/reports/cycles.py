"""Which cycle a report shows: the one asked for, or a sensible default."""

from __future__ import annotations

from sqlalchemy import select

from academy.extensions import db
from academy.models import Cycle, CycleStatus


def cycle_choices() -> list[Cycle]:
    """Cycles that have been opened, newest first (the cycle picker)."""
    return list(
        db.session.scalars(
            select(Cycle)
            .where(Cycle.status != CycleStatus.DRAFT)
            .order_by(Cycle.opens_on.desc(), Cycle.id.desc())
        )
    )


def pick_cycle(cycle_id: int | None, *, closed: bool = False) -> Cycle | None:
    """The requested cycle (None if it does not exist or is a draft), or by default the
    open one (unless ``closed``), else the latest closed one."""
    if cycle_id is not None:
        cycle = db.session.get(Cycle, cycle_id)
        if cycle is None or cycle.status == CycleStatus.DRAFT:
            return None
        return cycle
    cycles = cycle_choices()
    if not closed:
        current = next(
            (c for c in cycles if c.status in (CycleStatus.OPEN, CycleStatus.CLOSING)), None
        )
        if current is not None:
            return current
    return next((c for c in cycles if c.status == CycleStatus.CLOSED), None)
