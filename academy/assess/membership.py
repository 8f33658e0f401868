"""Whoever joins or comes back while a cycle is open is asked in it too.

A person asked counts in the participation denominator; without this, someone who
joined after the opening and answered would push their department past 100%. Done on
every flush of the ORM session rather than in each place that creates or reactivates
people (admin pages, CSV import, the command line, provisioning), so that no path
can forget it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, event, exists, insert, inspect, literal, select
from sqlalchemy.orm import Session

from academy.models import Cycle, CycleMember, CycleStatus, User


def _joiners(session: Session) -> list[User]:
    joined = [obj for obj in session.new if isinstance(obj, User) and obj.active]
    for obj in session.dirty:
        if isinstance(obj, User) and obj.active:
            history = inspect(obj).attrs.active.history
            if history.deleted and history.deleted[0] is False:
                joined.append(obj)
    return joined


@event.listens_for(Session, "before_flush")
def _note_joiners(session: Session, _context: Any, _instances: Any) -> None:
    joined = _joiners(session)
    if joined:
        session.info.setdefault("academy.joiners", []).extend(joined)


@event.listens_for(Session, "after_flush")
def _ask_joiners(session: Session, _context: Any) -> None:
    joined = session.info.pop("academy.joiners", None)
    if not joined:
        return
    connection = session.connection()
    for user in joined:
        open_cycles = select(Cycle.id).where(Cycle.status == CycleStatus.OPEN).subquery()
        already = exists().where(
            and_(CycleMember.cycle_id == open_cycles.c.id, CycleMember.user_id == user.id)
        )
        connection.execute(
            insert(CycleMember).from_select(
                ["cycle_id", "user_id", "department_id", "joined_late", "answered"],
                select(
                    open_cycles.c.id,
                    literal(user.id),
                    literal(user.department_id),
                    literal(True),
                    literal(False),
                ).where(~already),
            )
        )
