"""Training per department, and how it relates to the culture score."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from academy.content import get_catalog
from academy.extensions import db
from academy.i18n import current_language
from academy.insights.disclosure import Disclosure, disclose
from academy.insights.queries import active_people, best_quiz_scores, completed_pairs
from academy.insights.reports import assessment_of, department_names, pick_cycle, score_table
from academy.models import Cycle, Department
from academy.scoring import pearson


@dataclass(frozen=True)
class TrainingRow:
    department_id: int
    name: str
    people: int
    hidden: str | None
    completion: float | None = None  # % of required (person, module) pairs completed
    best_score: float | None = None  # mean best quiz score, %
    culture: float | None = None  # overall culture score of the latest closed cycle


@dataclass(frozen=True)
class TrainingReport:
    rows: list[TrainingRow]
    disclosure: Disclosure
    cycle: Cycle | None
    required: list[str]
    correlation: float | None

    @property
    def points(self) -> list[TrainingRow]:
        """Departments with both a completion rate and a culture score (the scatter)."""
        return [r for r in self.rows if r.completion is not None and r.culture is not None]


def training_report() -> TrainingReport:
    """Completion of required modules and mean best quiz score per department.

    Figures about people are disclosed like assessment results: departments with fewer
    active people than the minimum group size are hidden (with complementary
    suppression), so a small team's quiz scores are not individual scores.
    """
    modules = [m for m in get_catalog().modules.values() if m.required and not m.is_draft]
    people = active_people()
    disclosure = disclose(people)
    completed = completed_pairs([m.id for m in modules])
    best = best_quiz_scores()
    slugs = {d.id: d.slug for d in db.session.scalars(select(Department))}
    names = department_names()

    cycle = pick_cycle(None, closed=True)
    culture: dict[int, float | None] = {}
    if cycle is not None and (assessment := assessment_of(cycle)) is not None:
        culture = {r.department_id: r.overall for r in score_table(cycle, assessment).visible_rows}  # type: ignore[misc]

    rows = []
    for dept, count in sorted(people.items(), key=lambda kv: names.get(kv[0], "").lower()):
        reason = disclosure.reason(dept)
        if reason is not None:
            rows.append(TrainingRow(dept, names.get(dept, "?"), count, reason))
            continue
        applicable = [m.id for m in modules if m.is_for(slugs.get(dept))]
        done = sum(completed.get((dept, m), 0) for m in applicable)
        completion = done / (count * len(applicable)) * 100 if applicable else None
        best_score = best[dept][1] if dept in best else None
        rows.append(
            TrainingRow(dept, names[dept], count, None, completion, best_score, culture.get(dept))
        )
    pairs = [
        (r.completion, r.culture)
        for r in rows
        if r.completion is not None and r.culture is not None
    ]
    correlation = pearson([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else None  # type: ignore[misc]
    return TrainingReport(
        rows, disclosure, cycle, [m.title(current_language()) for m in modules], correlation
    )
