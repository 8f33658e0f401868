"""Likert scoring of the customer-culture assessment (DESIGN.md, "Scoring").

Answers are ints 1..points, or ``None`` for "don't know", which is excluded from every
denominator (it is neither agreement nor disagreement, and counting it as the midpoint
would pull small departments towards "neutral").

* reverse-keyed item: answer' = (1 + points) − answer
* item score        = mean of its answers after reversal
* dimension score   = mean of its item scores (each item weighs the same, however many
  people answered it)
* overall score     = mean of the dimension scores (each dimension weighs the same)
* 0-100 display     = (mean − 1) / (points − 1) × 100
* % favourable      = share of answers (after reversal, don't-know excluded) that are
  >= favourable_from; for a dimension this pools the answers of all its items.

Because the 0-100 transform is linear, a mean of 0-100 scores equals the 0-100 transform
of the mean, so dimension and overall means can be taken on either scale.

Two entry points give the same numbers: :func:`score_response` for one person's answers
(their own result page) and :func:`item_score` / :func:`dimension_score` /
:func:`overall_score` for per-item aggregates computed in SQL (DESIGN.md invariant 4).
Empty data gives ``None``, never ``ZeroDivisionError``.

References: Likert (1932), Archives of Psychology 140; on reverse-keyed items and
don't-know options, DeVellis, *Scale Development*, 4th ed., ch. 5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "DimensionScore",
    "ItemAggregate",
    "ItemKey",
    "ItemScore",
    "ResponseScores",
    "dimension_score",
    "item_score",
    "overall_score",
    "reverse",
    "score_response",
    "to_100",
]


@dataclass(frozen=True)
class ItemKey:
    """An assessment item as far as scoring cares: its id and whether it is reverse-keyed."""

    id: str
    reverse: bool = False


@dataclass(frozen=True)
class ItemAggregate:
    """Per-item sums from SQL, over answers that are not "don't know".

    n          COUNT(answer)                        (SQL COUNT skips NULL = don't know)
    total      SUM(answer after reversal)           e.g. SUM(CASE WHEN reverse
               THEN (1 + points) - answer ELSE answer END)
    favourable COUNT of answers whose *reversed* value >= favourable_from
    """

    n: int
    total: float
    favourable: int


@dataclass(frozen=True)
class ItemScore:
    """One item's score on 0-100 and % favourable (``None`` when nobody answered)."""

    score_100: float | None
    favourable_pct: float | None
    n_answered: int


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's score on 0-100 and % favourable (``None`` when nothing was answered).

    ``n_answered`` counts answers (not people), don't-know excluded.
    """

    score_100: float | None
    favourable_pct: float | None
    n_answered: int


@dataclass(frozen=True)
class ResponseScores:
    """Scores per dimension id plus the overall score on 0-100."""

    dimensions: dict[str, DimensionScore]
    overall: float | None


def _check_points(points: int) -> None:
    # A 1-point scale has no spread: to_100 would divide by zero.
    if points < 2:
        raise ValueError(f"a Likert scale needs at least 2 points, got {points}")


def _check_favourable_from(favourable_from: int, points: int) -> None:
    if not 1 <= favourable_from <= points:
        raise ValueError(f"favourable_from must be within 1..{points}, got {favourable_from}")


def reverse(answer: int, points: int) -> int:
    """Score of a reverse-keyed item: (1 + points) − answer, so 1 <-> points on the scale."""
    _check_points(points)
    if not 1 <= answer <= points:
        raise ValueError(f"answer must be within 1..{points}, got {answer}")
    return (1 + points) - answer


def to_100(mean: float, points: int) -> float:
    """Map a mean on 1..points to 0..100: (mean − 1) / (points − 1) × 100.

    0 is "everyone chose the lowest option", 100 "everyone chose the highest", so
    scales of different lengths read the same.
    """
    _check_points(points)
    return (mean - 1) / (points - 1) * 100


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _pct(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def item_score(agg: ItemAggregate, points: int) -> ItemScore:
    """Score of one item from its SQL aggregate: to_100(total / n) and favourable / n × 100."""
    _check_points(points)
    if agg.n < 0 or not 0 <= agg.favourable <= agg.n:
        raise ValueError("need n >= 0 and 0 <= favourable <= n")
    if agg.n == 0:
        return ItemScore(None, None, 0)
    return ItemScore(to_100(agg.total / agg.n, points), _pct(agg.favourable, agg.n), agg.n)


def dimension_score(item_aggs: Iterable[ItemAggregate], points: int) -> DimensionScore:
    """Score of one dimension from its items' SQL aggregates.

    score = to_100(mean over answered items of (total / n)): the mean of item means, as
    DESIGN.md says, so an item many people skipped still counts as one item.
    % favourable = Σ favourable / Σ n × 100: the share of all the dimension's answers.
    Items nobody answered are left out of both.
    """
    aggs = list(item_aggs)  # iterated twice below; accept generators too
    scores = [item_score(agg, points) for agg in aggs]
    item_means = [s.score_100 for s in scores if s.score_100 is not None]
    n_answered = sum(agg.n for agg in aggs)
    favourable = sum(agg.favourable for agg in aggs)  # item_score checked favourable <= n
    return DimensionScore(_mean(item_means), _pct(favourable, n_answered), n_answered)


def overall_score(dimensions: Iterable[DimensionScore]) -> float | None:
    """Overall score on 0-100: the mean of the dimensions' scores, skipping empty ones."""
    return _mean([d.score_100 for d in dimensions if d.score_100 is not None])


def score_response(
    dimensions: Mapping[str, Sequence[ItemKey]],
    answers: Mapping[str, int | None],
    points: int,
    favourable_from: int,
) -> ResponseScores:
    """Score one person's answers (their own result page).

    ``answers`` maps item id to 1..points or ``None`` (don't know); a missing item counts
    as don't know. Each answer is reversed where the item is reverse-keyed, then fed
    through the same aggregate functions the reports use (n = 1 per answered item), so
    a person's own result and the group reports cannot drift apart.
    """
    _check_points(points)
    _check_favourable_from(favourable_from, points)
    scored: dict[str, DimensionScore] = {}
    for dim_id, items in dimensions.items():
        aggs: list[ItemAggregate] = []
        for item in items:
            answer = answers.get(item.id)
            if answer is None:
                aggs.append(ItemAggregate(0, 0, 0))
                continue
            value = reverse(answer, points) if item.reverse else _checked(answer, points)
            aggs.append(ItemAggregate(1, value, int(value >= favourable_from)))
        scored[dim_id] = dimension_score(aggs, points)
    return ResponseScores(scored, overall_score(scored.values()))


def _checked(answer: int, points: int) -> int:
    # A value outside the scale means a bug or tampered form upstream: fail loudly rather
    # than publish a score above 100.
    if not 1 <= answer <= points:
        raise ValueError(f"answer must be within 1..{points}, got {answer}")
    return answer
