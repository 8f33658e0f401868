"""Small-sample statistics in pure Python: intervals, correlation, reliability.

Everything here uses only :mod:`math` and :class:`statistics.NormalDist` (plus the t and
F quantiles of :mod:`.distributions`): each web worker must stay small, so numpy/scipy
are not dependencies of the application.

Functions return ``None`` where a statistic is undefined for the data given (too few
people, zero variance), never raise ``ZeroDivisionError``: reports show "not enough
data" instead of crashing. Invalid *arguments* (a probability outside (0, 1), a
negative count) raise ``ValueError``: those are programming errors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import NamedTuple

from .distributions import (
    check_probability,
    f_cdf,
    f_quantile,
    regularized_beta,
    t_cdf,
    t_quantile,
)

__all__ = [
    "MIN_ALPHA",
    "MIN_ITEM_TOTAL_CORRELATION",
    "AlphaResult",
    "Moments",
    "corrected_item_total",
    "cronbach_alpha",
    "f_cdf",
    "f_quantile",
    "feldt_interval",
    "from_moments",
    "is_low_alpha",
    "is_weak_item",
    "mean_t_interval",
    "pearson",
    "regularized_beta",
    "t_cdf",
    "t_quantile",
    "weak_items",
    "wilson_interval",
]

#: Items whose corrected item-total correlation is below this do not track the rest of
#: their scale. 0.2 is the common rule of thumb for attitude scales (Streiner & Norman,
#: *Health Measurement Scales*, chapter "Selecting the items": items correlating below
#: 0.20 with the rest are candidates for removal); stricter texts use 0.3 (Kline 1986),
#: but with department-sized samples 0.3 would flag sound items by chance. Below 0.2 an
#: item mostly adds noise to its dimension score, and a *negative* value nearly always
#: means a reverse-keyed item is keyed the wrong way.
MIN_ITEM_TOTAL_CORRELATION = 0.2

#: A scale whose Cronbach's alpha is below this measures its dimension too unreliably
#: for small differences between departments to mean much: 0.70 is the conventional
#: minimum for group comparisons (Nunnally & Bernstein, *Psychometric Theory*, 3rd ed.,
#: §7; DeVellis, *Scale Development*, ch. 3: "below .70 unacceptable" for research use).
MIN_ALPHA = 0.70


def is_low_alpha(alpha: float | None) -> bool:
    """Whether a scale's alpha is below :data:`MIN_ALPHA` (None: not enough data, no flag)."""
    return alpha is not None and alpha < MIN_ALPHA


def is_weak_item(correlation: float | None, threshold: float = MIN_ITEM_TOTAL_CORRELATION) -> bool:
    """Whether an item's corrected item-total correlation is below ``threshold``.

    ``None`` (undefined, e.g. everyone gave the same answer) is not flagged: there is no
    evidence either way, and the report shows it as "not enough data".
    """
    return correlation is not None and correlation < threshold


# ---------------------------------------------------------------------------
# Means and proportions
# ---------------------------------------------------------------------------


class Moments(NamedTuple):
    """Mean and sample standard deviation (``None`` where undefined)."""

    mean: float | None
    sd: float | None


def from_moments(n: int, total: float, total_sq: float) -> Moments:
    """Mean and sample SD from SQL sums: n = COUNT(x), total = SUM(x), total_sq = SUM(x*x).

    mean = total / n;  s² = (n·Σx² − (Σx)²) / (n (n − 1)).
    With integer answers (Likert) the numerator is computed exactly in integers, so the
    textbook cancellation problem of this one-pass formula does not arise; for floats a
    tiny negative value from rounding is clamped to 0. n = 0 gives (None, None); n = 1
    gives (mean, None) because one person has no spread.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return Moments(None, None)
    mean = total / n
    if n == 1:
        return Moments(mean, None)
    numerator = n * total_sq - total * total
    variance = max(0.0, numerator / (n * (n - 1)))
    return Moments(mean, math.sqrt(variance))


def mean_t_interval(
    mean: float, sd: float | None, n: int, confidence: float = 0.95
) -> tuple[float, float] | None:
    """Confidence interval for a mean: mean ± t(1 − γ/2; n − 1) · sd / √n, γ = 1 − confidence.

    Student (1908); any introductory text, e.g. Moore & McCabe, *Introduction to the
    Practice of Statistics*, §7.1. ``None`` when n < 2 (or sd unknown): one answer gives
    no estimate of spread.
    """
    check_probability(confidence)
    if n < 2 or sd is None:
        return None
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * sd / math.sqrt(n)
    return (mean - half, mean + half)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion (e.g. % favourable, pass rate).

    With p̂ = successes / n and z = Φ⁻¹(1 − γ/2):
    centre = (p̂ + z²/2n) / (1 + z²/n),
    half   = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
    Unlike the Wald interval it stays inside [0, 1] and behaves at p̂ = 0 or 1, which
    small departments hit often. Wilson (1927), JASA 22:209; Newcombe (1998), Stat Med
    17:857. Example: 81 of 263 at 95% -> (0.2553, 0.3662). ``None`` when n = 0.
    """
    check_probability(confidence)
    if n < 0 or not 0 <= successes <= n:
        raise ValueError("need 0 <= successes <= n")
    if n == 0:
        return None
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    p_hat = successes / n
    z2n = z * z / n
    centre = (p_hat + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * math.sqrt(p_hat * (1.0 - p_hat) / n + z2n / (4.0 * n))
    # At p̂ = 0 (or 1) the lower (upper) bound is exactly 0 (1) analytically; set it so
    # rounding does not leave 3e-17. Otherwise clamp only against rounding.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return (low, high)


# ---------------------------------------------------------------------------
# Correlation and reliability
# ---------------------------------------------------------------------------


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²).

    Two-pass (means first) for accuracy. ``None`` when undefined or meaningless: fewer
    than 3 pairs (two points always give ±1) or either variable constant.
    Reference: Pearson (1896); Moore & McCabe §2.2.
    """
    if len(xs) != len(ys):
        raise ValueError("xs and ys must have the same length")
    n = len(xs)
    if n < 3:
        return None
    mx = math.fsum(xs) / n
    my = math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    r = sxy / math.sqrt(sxx * syy)
    # Rounding can push |r| a hair past 1 for perfectly collinear data.
    return max(-1.0, min(1.0, r))


def _complete_rows(rows: Sequence[Sequence[float | None]]) -> tuple[list[list[float]], int]:
    """Listwise deletion: keep rows with no missing value; also return the item count k."""
    if not rows:
        return [], 0
    k = len(rows[0])
    complete: list[list[float]] = []
    for row in rows:
        if len(row) != k:
            raise ValueError("every row must have the same number of items")
        if all(value is not None for value in row):
            complete.append([float(value) for value in row])  # type: ignore[arg-type]
    return complete, k


def _sample_variance(values: Sequence[float]) -> float:
    n = len(values)
    mean = math.fsum(values) / n
    return math.fsum((v - mean) ** 2 for v in values) / (n - 1)


@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's alpha (``None`` if undefined) with the n people and k items it used."""

    alpha: float | None
    n: int
    k: int


def cronbach_alpha(rows: Sequence[Sequence[float | None]]) -> AlphaResult:
    """Cronbach's alpha for one scale: rows are people, columns are items.

    α = k / (k − 1) · (1 − Σ s²ᵢ / s²ₜ), s²ᵢ the variance of item i, s²ₜ that of the row
    totals (Cronbach 1951, Psychometrika 16:297). Rows containing ``None`` ("don't know")
    are dropped whole (listwise deletion) so every variance uses the same people.
    Reverse-keyed items must already be reversed. ``alpha`` is ``None`` when k < 2,
    n < 2 or the totals have no variance. It can be negative: that signals items that
    pull against each other (often a miskeyed item), not a bug.
    """
    complete, k = _complete_rows(rows)
    n = len(complete)
    if k < 2 or n < 2:
        return AlphaResult(None, n, k)
    item_variances = [_sample_variance([row[j] for row in complete]) for j in range(k)]
    total_variance = _sample_variance([math.fsum(row) for row in complete])
    if total_variance == 0:
        return AlphaResult(None, n, k)
    alpha = k / (k - 1) * (1.0 - math.fsum(item_variances) / total_variance)
    return AlphaResult(alpha, n, k)


def feldt_interval(
    alpha: float, n: int, k: int, confidence: float = 0.95
) -> tuple[float, float] | None:
    """Feldt's confidence interval for Cronbach's alpha.

    (1 − α) / (1 − α̂) follows F(n − 1, (n − 1)(k − 1)) (Feldt 1965, Psychometrika 30:357;
    Feldt, Woodruff & Salih 1987, Appl Psych Meas 11:93, formulas 6-7). With
    γ = 1 − confidence:

    lower = 1 − (1 − α̂) · F(1 − γ/2; n − 1, (n − 1)(k − 1))
    upper = 1 − (1 − α̂) · F(γ/2;     n − 1, (n − 1)(k − 1))

    The larger F quantile gives the lower bound, so lower < α̂ < upper. ``None`` when
    n < 2 or k < 2 (no degrees of freedom).
    """
    check_probability(confidence)
    if alpha > 1:
        raise ValueError("alpha cannot exceed 1")
    if n < 2 or k < 2:
        return None
    gamma = 1.0 - confidence
    df1 = n - 1
    df2 = (n - 1) * (k - 1)
    lower = 1.0 - (1.0 - alpha) * f_quantile(1.0 - gamma / 2.0, df1, df2)
    upper = 1.0 - (1.0 - alpha) * f_quantile(gamma / 2.0, df1, df2)
    return (lower, upper)


def corrected_item_total(rows: Sequence[Sequence[float | None]]) -> list[float | None]:
    """Corrected item-total correlation of each item: r(item j, sum of the OTHER items).

    "Corrected" because the item is left out of the total, otherwise it would correlate
    with itself and look better than it is (Nunnally & Bernstein, *Psychometric Theory*,
    3rd ed., §8). Listwise deletion as in :func:`cronbach_alpha`. One entry per item;
    ``None`` where the correlation is undefined (see :func:`pearson`).
    """
    complete, k = _complete_rows(rows)
    totals = [math.fsum(row) for row in complete]
    result: list[float | None] = []
    for j in range(k):
        item = [row[j] for row in complete]
        rest = [total - value for total, value in zip(totals, item, strict=True)]
        result.append(pearson(item, rest))
    return result


def weak_items(
    correlations: Sequence[float | None], threshold: float = MIN_ITEM_TOTAL_CORRELATION
) -> list[int]:
    """Indexes of items whose corrected item-total correlation is below ``threshold``.

    ``None`` (undefined, e.g. everyone gave the same answer) is not flagged: there is no
    evidence either way, and the report shows it as "not enough data".
    """
    return [i for i, r in enumerate(correlations) if is_weak_item(r, threshold)]
