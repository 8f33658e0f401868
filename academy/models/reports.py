"""Stored aggregates of closed assessment cycles.

A closed cycle's answers never change, so its GROUP BY results are computed once and
kept here: every app instance reads the same rows (DESIGN.md invariant 7) and a cold
instance simply finds them in the database. Only aggregates are stored, never answers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from academy.extensions import db
from academy.models.base import utcnow


class CycleAggregate(db.Model):
    __tablename__ = "cycle_aggregates"

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    # The cycle's closing time when this was computed: a cycle reopened and closed again
    # has a new one, which makes the stored row stale.
    cycle_closed_at: Mapped[datetime]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    payload: Mapped[dict] = mapped_column(JSON)
