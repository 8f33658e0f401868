"""Who took part in a cycle: people asked per department, and how many answered.

Participation counts people, not answers, so it is shown for every department, live
while a cycle is open. The denominator is the people asked: everyone active when the
cycle opened, in their department that day, plus whoever joined while it was open; a
person counts in the department they were asked in, so no rate exceeds 100%. For a
closed cycle the counts are those stored when it closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from academy.models import Cycle, CycleStatus
from academy.reports import queries
from academy.reports.figures import results_of

#: Departments where fewer than this % of the people asked answered are flagged.
LOW_PARTICIPATION_PCT = 60.0


@dataclass(frozen=True)
class ParticipationRow:
    department_id: int | None  # None: the company row
    name: str
    asked_at_opening: int
    joined: int
    responses: int

    @property
    def headcount(self) -> int:
        """Everyone asked: at opening, and since."""
        return self.asked_at_opening + self.joined

    @property
    def rate(self) -> float | None:
        return self.responses / self.headcount * 100 if self.headcount else None

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < LOW_PARTICIPATION_PCT


@dataclass(frozen=True)
class Participation:
    cycle: Cycle
    rows: list[ParticipationRow]
    company: ParticipationRow
    final: bool  # stored when the cycle closed


def participation(cycle: Cycle) -> Participation:
    result = results_of(cycle) if cycle.status == CycleStatus.CLOSED else None
    if result is not None:
        names = {d: v["name"] for d, v in result.inputs["departments"].items()}
        rows = [
            ParticipationRow(
                int(d), names.get(d, "?"), v["asked_at_opening"], v["joined"], v["answered"]
            )
            for d, v in result.inputs["participation"].items()
        ]
    else:
        counts = queries.member_counts(cycle.id)
        live = queries.departments(m.department_id for m in counts)
        rows = [
            ParticipationRow(
                m.department_id,
                live.get(m.department_id, ("?", ""))[0],
                m.asked_at_opening,
                m.joined,
                m.answered,
            )
            for m in counts
        ]
    rows.sort(key=lambda r: r.name.casefold())
    company = ParticipationRow(
        None,
        "",
        sum(r.asked_at_opening for r in rows),
        sum(r.joined for r in rows),
        sum(r.responses for r in rows),
    )
    return Participation(cycle, rows, company, result is not None)
