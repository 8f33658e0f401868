"""Internal consistency of each dimension for one cycle (company level)."""

from __future__ import annotations

from dataclasses import dataclass

from academy.catalog import Assessment
from academy.i18n import current_language
from academy.insights.aggregates import stored
from academy.insights.disclosure import disclose
from academy.insights.queries import dimension_matrix, respondents
from academy.models import Cycle
from academy.scoring import (
    MIN_ITEM_TOTAL_CORRELATION,
    corrected_item_total,
    cronbach_alpha,
    feldt_interval,
)


@dataclass(frozen=True)
class ItemReliability:
    id: str
    text: str
    reverse: bool
    correlation: float | None

    @property
    def flagged(self) -> bool:
        """Negative or near zero: the item does not measure what its dimension measures."""
        return self.correlation is not None and self.correlation < MIN_ITEM_TOTAL_CORRELATION


@dataclass(frozen=True)
class DimensionReliability:
    id: str
    title: str
    alpha: float | None
    interval: tuple[float, float] | None
    n: int
    k: int
    items: list[ItemReliability]


def reliability_kind(assessment: Assessment) -> str:
    return f"reliability:{assessment.version}"


def reliability_payload(cycle: Cycle, assessment: Assessment) -> dict:
    """Alpha, interval and item-total correlations per dimension, as JSON-able values."""
    result = {}
    for dim in assessment.dimensions:
        ids = [i.id for i in dim.items]
        matrix = dimension_matrix(cycle.id, ids)
        rows = [[answers.get(i) for i in ids] for answers in matrix.values()]
        alpha = cronbach_alpha(rows)
        interval = (
            feldt_interval(alpha.alpha, alpha.n, alpha.k) if alpha.alpha is not None else None
        )
        result[dim.id] = {
            "alpha": alpha.alpha,
            "n": alpha.n,
            "k": alpha.k,
            "interval": list(interval) if interval else None,
            # With no respondents there is no row to tell the number of items from.
            "items": dict(
                zip(ids, corrected_item_total(rows) if rows else [None] * len(ids), strict=True)
            ),
        }
    return result


def reliability_data(cycle: Cycle, assessment: Assessment) -> dict:
    """Alpha, interval and item-total correlations per dimension (stored once closed)."""
    return stored(
        cycle, reliability_kind(assessment), lambda: reliability_payload(cycle, assessment)
    )


def reliability(cycle: Cycle, assessment: Assessment) -> list[DimensionReliability] | None:
    """Cronbach's alpha with Feldt's 95% interval and corrected item-total correlations
    per dimension; None when the cycle has too few respondents to report at all."""
    if not disclose(respondents(cycle.id)).total_visible:
        return None
    data = reliability_data(cycle, assessment)
    report = []
    lang = current_language()
    for dim in assessment.dimensions:
        d = data.get(
            dim.id, {"alpha": None, "n": 0, "k": len(dim.items), "interval": None, "items": {}}
        )
        report.append(
            DimensionReliability(
                dim.id,
                dim.title(lang),
                d["alpha"],
                tuple(d["interval"]) if d["interval"] else None,  # type: ignore[arg-type]
                d["n"],
                d["k"],
                [
                    ItemReliability(i.id, i.text(lang), i.reverse, d["items"].get(i.id))
                    for i in dim.items
                ],
            )
        )
    return report
