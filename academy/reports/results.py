"""A closed cycle's results: computed once when it closes, stored, shown forever.

:func:`store_results` runs in the transaction that releases the cycle's answers
(academy.assess.release). It gathers what the computation needs from the database as
it is at that moment (department names, who was asked, training figures: the *inputs*,
kept so that a rebuild starts from the same place), computes every figure the reports
can show, applies the disclosure rules figure by figure, and stores only what may be
shown (the *payload*). Reports of a closed cycle read that row and nothing else
(academy.reports.figures), so what a closed cycle showed, it shows forever, whatever
later happens to people, departments or content.

The payload carries ``COMPUTATION_VERSION``. When the computation changes, the number
goes up and `flask insights precompute` rebuilds older results on purpose, from the
stored inputs and the released answers (which never change), and reports what moved.

Disclosure (DESIGN.md invariant 3), per dimension (academy.scoring.disclose_family):
a department's dimension score, % favourable, respondent count, significance mark and
item figures are shown together, only if every one rests on at least the minimum
number of scored answers, and only if the departments hidden for it hold no scored
answers or at least the minimum for every item. A department's overall index is shown
only when all its dimensions are. Comments need the comment minimum of respondents.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from academy.catalog import Assessment
from academy.extensions import db
from academy.models import Cycle, CycleResult, CycleStatus, utcnow
from academy.reports import queries
from academy.reports.queries import ItemRow
from academy.reports.training import training_snapshot, with_culture
from academy.scoring import (
    FDR_LEVEL,
    CrossSums,
    DimensionScore,
    ItemAggregate,
    compare_with_rest,
    corrected_item_total,
    cronbach_alpha,
    cross_sums,
    dimension_score,
    disclose_family,
    feldt_interval,
    item_score,
    linearized_moments,
    overall_score,
    significance_marks,
)

#: Version of the computation below; stored with every result.
COMPUTATION_VERSION = 1


# ----------------------------------------------------------------------------- inputs


def previous_closed_cycle_id(cycle: Cycle) -> int | None:
    """The closed cycle of the same questionnaire that opened last before this one."""
    return db.session.scalar(
        select(Cycle.id)
        .where(
            Cycle.assessment_id == cycle.assessment_id,
            Cycle.status == CycleStatus.CLOSED,
            Cycle.id != cycle.id,
            (Cycle.opens_on < cycle.opens_on)
            | ((Cycle.opens_on == cycle.opens_on) & (Cycle.id < cycle.id)),
        )
        .order_by(Cycle.opens_on.desc(), Cycle.id.desc())
        .limit(1)
    )


def gather_inputs(cycle: Cycle) -> dict[str, Any]:
    """What the computation needs that the database does not keep as it was at close."""
    members = queries.member_counts(cycle.id)
    released = queries.respondents(cycle.id)
    ids = {m.department_id for m in members} | set(released)
    names = queries.departments(ids)
    config = current_app.config
    return {
        "min_group_size": int(config["MIN_GROUP_SIZE"]),
        "comment_min_group_size": int(config["COMMENT_MIN_GROUP_SIZE"]),
        "departments": {str(d): {"name": n, "slug": s} for d, (n, s) in names.items()},
        "participation": {
            str(m.department_id): {
                "asked_at_opening": m.asked_at_opening,
                "joined": m.joined,
                "answered": m.answered,
            }
            for m in members
        },
        "previous_cycle_id": previous_closed_cycle_id(cycle),
        "training": training_snapshot(),
    }


# ------------------------------------------------------------------------ computation


def _aggregate(row: ItemRow | None) -> ItemAggregate:
    return ItemAggregate(row.n, row.total, row.favourable) if row else ItemAggregate(0, 0, 0)


def _item_figure(row: ItemRow | None, points: int) -> dict[str, Any]:
    if row is None or row.n == 0:
        return {"n": 0, "dont_know": row.dont_know if row else 0}
    score = item_score(_aggregate(row), points)
    return {
        "n": row.n,
        "score": score.score_100,
        "favourable_pct": score.favourable_pct,
        "favourable": row.favourable,
        "neutral": row.n - row.favourable - row.unfavourable,
        "unfavourable": row.unfavourable,
        "dont_know": row.dont_know,
    }


def _dimension_figure(
    items: list[str], rows: dict[str, ItemRow], points: int, respondents: int
) -> dict[str, Any]:
    """The dimension's score (scoring.dimension_score: the mean of its item means) and
    pooled % favourable, with the people behind it."""
    score = dimension_score([_aggregate(rows.get(i)) for i in items], points)
    if score.score_100 is None:
        return {"score": None, "favourable_pct": None, "n": 0}
    return {"score": score.score_100, "favourable_pct": score.favourable_pct, "n": respondents}


def _combine(rows: list[ItemRow]) -> ItemRow:
    return ItemRow(
        -1,
        rows[0].item_id,
        sum(r.n for r in rows),
        sum(r.total for r in rows),
        sum(r.favourable for r in rows),
        sum(r.unfavourable for r in rows),
        sum(r.dont_know for r in rows),
    )


def _person_data(
    cycle_id: int, assessment: Assessment
) -> tuple[dict[str, dict[int, CrossSums]], dict[str, list[list[int | None]]]]:
    """Per dimension: cross sums per department, and every person's row (for alpha)."""
    position = {
        item.id: (dim.id, index)
        for dim in assessment.dimensions
        for index, item in enumerate(dim.items)
    }
    sizes = {dim.id: len(dim.items) for dim in assessment.dimensions}
    per_dept: dict[str, dict[int, list[list[int | None]]]] = {d: defaultdict(list) for d in sizes}
    company_rows: dict[str, list[list[int | None]]] = {d: [] for d in sizes}
    current: str | None = None
    dept = 0
    vectors: dict[str, list[int | None]] = {}

    def flush() -> None:
        for dim_id, row in vectors.items():
            per_dept[dim_id][dept].append(row)
            company_rows[dim_id].append(row)

    for response_id, department_id, item_id, score in queries.person_scores(cycle_id):
        if response_id != current:
            if current is not None:
                flush()
            current, dept = response_id, department_id
            vectors = {d: [None] * k for d, k in sizes.items()}
        if item_id in position:
            dim_id, index = position[item_id]
            vectors[dim_id][index] = score
    if current is not None:
        flush()
    sums = {
        dim_id: {d: cross_sums(rows, sizes[dim_id]) for d, rows in depts.items()}
        for dim_id, depts in per_dept.items()
    }
    return sums, company_rows


def compute(cycle: Cycle, assessment: Assessment, inputs: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the cycle that the disclosure rules allow, as JSON-able values."""
    k = int(inputs["min_group_size"])
    points = assessment.points
    rows = queries.item_rows(cycle.id, points, assessment.favourable_from)
    by_dept: dict[int, dict[str, ItemRow]] = defaultdict(dict)
    for r in rows:
        by_dept[r.department_id][r.item_id] = r
    released = queries.respondents(cycle.id)
    dept_ids = sorted(set(released) | {int(d) for d in inputs["participation"]})
    sums, company_rows = _person_data(cycle.id, assessment)

    company: dict[str, Any] = {
        "respondents": sum(released.values()),
        "dimensions": {},
        "items": {},
    }
    departments: dict[str, dict[str, Any]] = {
        str(d): {"respondents": released.get(d, 0), "dimensions": {}, "items": {}} for d in dept_ids
    }
    tests: dict[tuple[str, str], tuple[float, int]] = {}  # (dept, dimension): (p, sign)
    for dim in assessment.dimensions:
        item_ids = [i.id for i in dim.items]
        counts = {d: {i: by_dept[d][i].n for i in item_ids if i in by_dept[d]} for d in dept_ids}
        decision = disclose_family(counts, item_ids, k)
        dim_sums = sums[dim.id]
        all_sums = _total(dim_sums, len(item_ids))
        # Company: items each on their own count; the dimension when every item may be.
        company_items = {
            i: _combine([by_dept[d][i] for d in dept_ids if i in by_dept[d]])
            for i in item_ids
            if any(i in by_dept[d] for d in dept_ids)
        }
        for i in item_ids:
            if i in decision.company:
                company["items"][i] = _item_figure(company_items.get(i), points)
            elif company_items.get(i) and company_items[i].n:
                company["items"][i] = {"hidden": "small"}
            else:
                company["items"][i] = _item_figure(company_items.get(i), points)
        if decision.company_family:
            whole = linearized_moments(all_sums)
            company["dimensions"][dim.id] = _dimension_figure(
                item_ids, company_items, points, whole.n if whole else 0
            )
        else:
            company["dimensions"][dim.id] = {"hidden": "small" if all_sums.patterns else "empty"}
        for d in dept_ids:
            out = departments[str(d)]
            if d not in decision.shown:
                reason = decision.reasons.get(d, "empty")
                out["dimensions"][dim.id] = {"hidden": reason}
                for i in item_ids:
                    out["items"][i] = {"hidden": reason}
                continue
            mine = dim_sums.get(d)
            own = linearized_moments(mine) if mine is not None else None
            out["dimensions"][dim.id] = _dimension_figure(
                item_ids, by_dept[d], points, own.n if own else 0
            )
            for i in item_ids:
                out["items"][i] = _item_figure(by_dept[d].get(i), points)
            if mine is None:
                continue
            compared = compare_with_rest(mine, all_sums)
            if compared is not None:
                result, sign = compared
                tests[(str(d), dim.id)] = (result.p, sign)
                out["dimensions"][dim.id]["p"] = result.p
    _mark_significance(departments, tests)
    _overall(company)
    for out in departments.values():
        _overall(out)
    _comments(cycle.id, departments, released, int(inputs["comment_min_group_size"]))
    culture = {d: out["overall"].get("score") for d, out in departments.items()}
    return {
        "version": COMPUTATION_VERSION,
        "fdr_level": FDR_LEVEL,
        "min_group_size": k,
        "comment_min_group_size": int(inputs["comment_min_group_size"]),
        "previous_cycle_id": inputs["previous_cycle_id"],
        "dimensions": {d.id: [i.id for i in d.items] for d in assessment.dimensions},
        "company": company,
        "departments": departments,
        "reliability": _reliability(assessment, company_rows, company),
        "training": with_culture(inputs["training"], culture),
    }


def _total(by_dept: dict[int, CrossSums], size: int) -> CrossSums:
    total = cross_sums([], size)
    for part in by_dept.values():
        total = total + part
    return total


def _mark_significance(
    departments: dict[str, dict[str, Any]], tests: dict[tuple[str, str], tuple[float, int]]
) -> None:
    """▲/▼ where Benjamini–Hochberg across the whole heatmap keeps the difference."""
    for (dept, dim_id), mark in significance_marks(tests).items():
        departments[dept]["dimensions"][dim_id]["significance"] = mark


def _overall(group: dict[str, Any]) -> None:
    """The overall index: the mean of the dimension scores, shown only when every
    dimension with answers is shown (otherwise it would reveal a hidden one)."""
    dims = group["dimensions"].values()
    hidden = [d["hidden"] for d in dims if "hidden" in d and d["hidden"] != "empty"]
    scores = [d["score"] for d in dims if d.get("score") is not None]
    if hidden:
        group["overall"] = {"hidden": hidden[0]}
    elif not scores:
        group["overall"] = {"hidden": "empty"}
    else:
        group["overall"] = {
            "score": overall_score(DimensionScore(score, None, 0) for score in scores)
        }


def _comments(
    cycle_id: int, departments: dict[str, dict[str, Any]], released: dict[int, int], minimum: int
) -> None:
    for dept, out in departments.items():
        if released.get(int(dept), 0) >= minimum:
            out["comments"] = queries.comments(cycle_id, int(dept))
        else:
            out["comments"] = None


def _reliability(
    assessment: Assessment,
    company_rows: dict[str, list[list[int | None]]],
    company: dict[str, Any],
) -> dict[str, Any]:
    """Cronbach's alpha with Feldt's interval and corrected item-total correlations, at
    company level, for each dimension whose company figure is shown."""
    result: dict[str, Any] = {}
    for dim in assessment.dimensions:
        if "hidden" in company["dimensions"][dim.id]:
            result[dim.id] = {"hidden": company["dimensions"][dim.id]["hidden"]}
            continue
        rows = company_rows[dim.id]
        alpha = cronbach_alpha(rows)
        interval = (
            feldt_interval(alpha.alpha, alpha.n, alpha.k) if alpha.alpha is not None else None
        )
        ids = [i.id for i in dim.items]
        result[dim.id] = {
            "alpha": alpha.alpha,
            "n": alpha.n,
            "k": alpha.k,
            "interval": list(interval) if interval else None,
            "items": dict(
                zip(ids, corrected_item_total(rows) if rows else [None] * len(ids), strict=True)
            ),
        }
    return result


# ---------------------------------------------------------------------------- storage


def store_results(cycle: Cycle, assessment: Assessment) -> CycleResult:
    """Compute and keep the results of a cycle that is closing (caller commits)."""
    inputs = gather_inputs(cycle)
    payload = compute(cycle, assessment, inputs)
    row = db.session.get(CycleResult, cycle.id)
    if row is None:
        row = CycleResult(
            cycle_id=cycle.id, version=COMPUTATION_VERSION, inputs=inputs, payload=payload
        )
        db.session.add(row)
    else:
        row.version, row.inputs, row.payload, row.computed_at = (
            COMPUTATION_VERSION,
            inputs,
            payload,
            utcnow(),
        )
    return row


def stored_results(cycle: Cycle) -> CycleResult | None:
    if cycle.status != CycleStatus.CLOSED:
        return None
    return db.session.get(CycleResult, cycle.id)


@dataclass(frozen=True)
class Rebuild:
    cycle: Cycle
    status: str  # "current" | "computed" | "rebuilt"
    changes: list[str]


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def describe_changes(before: dict[str, Any], after: dict[str, Any], limit: int = 50) -> list[str]:
    """What moved between two payloads, one line per figure (numbers rounded as shown)."""
    old, new = _flatten(before), _flatten(after)
    lines = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if isinstance(a, float) and isinstance(b, float) and round(a, 6) == round(b, 6):
            continue
        if a != b:
            lines.append(f"{key}: {a!r} -> {b!r}")
    if len(lines) > limit:
        lines = [*lines[:limit], f"... and {len(lines) - limit} more"]
    return lines


def rebuild_results(cycle: Cycle, assessment: Assessment, *, force: bool = False) -> Rebuild:
    """Recompute a closed cycle's results with this version of the computation.

    Starts from the inputs stored at close (department names, who was asked, training
    then) and the released answers, which never change; only the computation differs.
    Cycles closed before results were stored get their inputs gathered now. Caller commits.
    """
    row = db.session.get(CycleResult, cycle.id)
    if row is not None and row.version == COMPUTATION_VERSION and not force:
        return Rebuild(cycle, "current", [])
    inputs = dict(row.inputs) if row is not None else {}
    missing = {k: v for k, v in gather_inputs(cycle).items() if k not in inputs}
    inputs.update(missing)
    before = row.payload if row is not None else {}
    payload = compute(cycle, assessment, inputs)
    if row is None:
        db.session.add(
            CycleResult(
                cycle_id=cycle.id, version=COMPUTATION_VERSION, inputs=inputs, payload=payload
            )
        )
    else:
        row.version, row.inputs, row.payload, row.computed_at = (
            COMPUTATION_VERSION,
            inputs,
            payload,
            utcnow(),
        )
    status = "rebuilt" if before else "computed"
    return Rebuild(cycle, status, describe_changes(before, payload) if before else [])
