"""Storing closed cycles' aggregates: when a cycle closes, and for older cycles on demand."""

from __future__ import annotations

from academy.catalog import Assessment
from academy.content import get_catalog
from academy.extensions import db
from academy.insights.aggregates import scores_kind, scores_payload, store
from academy.insights.reliability import reliability_kind, reliability_payload
from academy.insights.reports import closed_cycles
from academy.models import Cycle


def store_closed_cycle(cycle: Cycle, assessment: Assessment) -> None:
    """Store the score and reliability aggregates of a closed cycle (caller commits).

    Whatever is already stored and still fresh is left as it is.
    """
    points, favourable_from = assessment.points, assessment.favourable_from
    store(
        cycle,
        scores_kind(points, favourable_from),
        lambda: scores_payload(cycle, points, favourable_from),
    )
    store(cycle, reliability_kind(assessment), lambda: reliability_payload(cycle, assessment))


def precompute_closed_cycles() -> int:
    """Store the aggregates of every closed cycle whose stored ones are missing or stale,
    one commit per cycle. Returns the number of cycles looked at."""
    cycles = closed_cycles()
    catalog = get_catalog()
    for cycle in cycles:
        assessment = catalog.assessment(cycle.assessment_id)
        if assessment is None:
            continue
        store_closed_cycle(cycle, assessment)
        db.session.commit()
    return len(cycles)
