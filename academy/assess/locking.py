"""Serialising on a cycle: submitting an answer and closing the cycle never interleave.

A submission holds a shared lock on its cycle row and checks, under it, that the cycle is
still open; closing takes the exclusive lock and sets the cycle to "closing". So a
submission is either committed before the close starts (and is released with the
others) or sees the cycle closing and is refused with its answers given back: never
accepted and then left out of the results.

PostgreSQL: ``SELECT ... FOR SHARE`` / ``FOR UPDATE`` on the cycle row (submissions do
not wait for each other, only for a close). SQLite has one writer at a time: a no-op
UPDATE of the row takes the database's write lock before the status is read.
"""

from __future__ import annotations

from sqlalchemy import select, update

from academy.extensions import db
from academy.models import Cycle, CycleStatus


def lock_cycle(cycle_id: int, *, exclusive: bool) -> CycleStatus | None:
    """Lock the cycle for the rest of the transaction and return its current status.

    None when the cycle does not exist (any more).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        query = select(Cycle.status).where(Cycle.id == cycle_id)
        return db.session.scalar(query.with_for_update(read=not exclusive))
    db.session.execute(
        update(Cycle)
        .where(Cycle.id == cycle_id)
        .values(status=Cycle.status)
        .execution_options(synchronize_session=False)
    )
    return db.session.scalar(select(Cycle.status).where(Cycle.id == cycle_id))
