"""Training per department, and how it went with the culture score of a closed cycle.

Training is not anonymous (people's own progress is theirs and their manager's to see),
but these department figures are disclosed like assessment results: a department with
fewer active people than the minimum group size is hidden (with complementary
suppression), so a small team's average quiz score is not one person's score.

Two views: the training figures *now*, and the figures frozen when a cycle closed,
next to that cycle's culture scores, with their correlation (stored in the cycle's
results, so it never moves afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.content import get_catalog
from academy.reports import queries
from academy.reports.disclosure import disclose
from academy.scoring import pearson
from academy.training.requirements import assignments


@dataclass(frozen=True)
class TrainingRow:
    department_id: int
    name: str
    people: int | None  # None when hidden
    hidden: str | None
    completion: float | None = None  # % of required (person, module) pairs completed
    best_score: float | None = None  # mean best quiz score, %
    culture: float | None = None  # overall culture score of the cycle (frozen view)


@dataclass(frozen=True)
class TrainingReport:
    rows: list[TrainingRow]
    min_size: int
    required: list[str]  # module ids
    correlation: float | None = None
    frozen: bool = False

    @property
    def points(self) -> list[TrainingRow]:
        """Departments with both a completion rate and a culture score (the scatter)."""
        return [r for r in self.rows if r.completion is not None and r.culture is not None]


def training_snapshot() -> dict[str, Any]:
    """The training figures now, with the disclosure applied, as JSON-able values."""
    live = [m for m in get_catalog().modules.values() if not m.is_draft]
    rules = assignments()
    # Required of a department: by the files, or assigned to it or to everyone.
    modules = [m for m in live if m.required or any(r.module_id == m.id for r in rules)]
    people = queries.active_people()
    decision = disclose(people)
    completed = queries.completed_pairs([m.id for m in modules])
    best = queries.best_quiz_scores()
    names = queries.departments(people)
    rows: dict[str, Any] = {}
    for dept, count in people.items():
        name, slug = names.get(dept, ("?", ""))
        reason = decision.reason(dept)
        if reason is not None:
            rows[str(dept)] = {"name": name, "hidden": reason}
            continue
        applicable = [
            m.id
            for m in modules
            if m.is_for(slug)
            and (
                m.required
                or any(r.module_id == m.id and r.department_id in (None, dept) for r in rules)
            )
        ]
        done = sum(completed.get((dept, m), 0) for m in applicable)
        rows[str(dept)] = {
            "name": name,
            "people": count,
            "completion": done / (count * len(applicable)) * 100 if applicable else None,
            "best_score": best[dept][1] if dept in best else None,
        }
    return {
        "min_group_size": decision.min_size,
        "required": [m.id for m in modules],
        "departments": rows,
    }


def with_culture(snapshot: dict[str, Any], culture: dict[str, float | None]) -> dict[str, Any]:
    """A training snapshot with each department's culture score and their correlation."""
    rows = {}
    pairs = []
    for dept, row in snapshot["departments"].items():
        row = dict(row)
        if "hidden" not in row:
            row["culture"] = culture.get(dept)
            if row.get("completion") is not None and row["culture"] is not None:
                pairs.append((row["completion"], row["culture"]))
        rows[dept] = row
    correlation = pearson([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else None
    return {**snapshot, "departments": rows, "correlation": correlation}


def report_from(snapshot: dict[str, Any], *, frozen: bool) -> TrainingReport:
    rows = [
        TrainingRow(
            int(dept),
            row["name"],
            row.get("people"),
            row.get("hidden"),
            row.get("completion"),
            row.get("best_score"),
            row.get("culture"),
        )
        for dept, row in snapshot["departments"].items()
    ]
    rows.sort(key=lambda r: r.name.casefold())
    return TrainingReport(
        rows,
        int(snapshot["min_group_size"]),
        list(snapshot["required"]),
        snapshot.get("correlation"),
        frozen,
    )


def training_now() -> TrainingReport:
    return report_from(training_snapshot(), frozen=False)
