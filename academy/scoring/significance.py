"""Is a department different from the rest of the company? Welch's test, per person.

The heatmap shows, for each department and dimension, the mean of the item means (each
item's mean over the people who answered it, "don't know" left out). To test that very
figure, each person gets a *linearised* value whose plain mean is exactly the figure
(:func:`linearized_values`); Welch's unequal-variance t test then compares a department's
values with those of the rest of the company (everyone else: the department is not part
of what it is compared with). Across a whole heatmap, the marks are chosen by
Benjamini–Hochberg so that, of the cells marked, at most 5% are expected to be false
discoveries whatever the number of cells.

References: B. L. Welch (1947), Biometrika 34:28 (the test and its degrees of freedom);
Y. Benjamini & Y. Hochberg (1995), JRSS B 57:289 (the step-up procedure); on linearised
(influence) values of a ratio of means, C.-E. Särndal, B. Swensson & J. Wretman, *Model
Assisted Survey Sampling* (Springer 1992), §5.5.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .distributions import t_cdf

__all__ = [
    "FDR_LEVEL",
    "CrossSums",
    "LinearizedGroup",
    "LinearizedMoments",
    "WelchResult",
    "benjamini_hochberg",
    "compare_with_rest",
    "cross_sums",
    "linearized_moments",
    "linearized_values",
    "significance_marks",
    "welch_from_values",
    "welch_test",
]

#: False discovery rate controlled across a heatmap.
FDR_LEVEL = 0.05


@dataclass(frozen=True)
class WelchResult:
    """Welch's t, its Welch–Satterthwaite degrees of freedom and the two-sided p-value."""

    t: float
    df: float
    p: float


def welch_test(
    mean1: float, var1: float, n1: int, mean2: float, var2: float, n2: int
) -> WelchResult | None:
    """Welch's two-sample t test from each group's mean, sample variance and size.

    t = (m1 − m2) / √(s1²/n1 + s2²/n2), df = (s1²/n1 + s2²/n2)² / Σ (sᵢ²/nᵢ)² / (nᵢ − 1).
    ``None`` when undefined: a group of fewer than 2, or no variance in either group.
    Matches scipy.stats.ttest_ind_from_stats(..., equal_var=False).
    """
    if n1 < 2 or n2 < 2:
        return None
    if var1 < 0 or var2 < 0:
        raise ValueError("variances must be >= 0")
    a = var1 / n1
    b = var2 / n2
    if a + b == 0:
        return None
    t = (mean1 - mean2) / math.sqrt(a + b)
    df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    p = 2.0 * t_cdf(-abs(t), df)
    return WelchResult(t, df, min(1.0, p))


def _mean_var(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    mean = math.fsum(values) / n
    return mean, math.fsum((v - mean) ** 2 for v in values) / (n - 1)


def welch_from_values(first: Sequence[float], second: Sequence[float]) -> WelchResult | None:
    """Welch's test on two samples of per-person values."""
    if len(first) < 2 or len(second) < 2:
        return None
    m1, v1 = _mean_var(first)
    m2, v2 = _mean_var(second)
    return welch_test(m1, v1, len(first), m2, v2, len(second))


def benjamini_hochberg(pvalues: Sequence[float], level: float = FDR_LEVEL) -> list[bool]:
    """Which hypotheses to reject at false discovery rate ``level`` (step-up procedure).

    Sort the m p-values; find the largest k with p₍ₖ₎ ≤ k·level/m; reject the k smallest.
    The same decisions as scipy.stats.false_discovery_control(p) <= level.
    """
    if not 0 < level < 1:
        raise ValueError("level must be within (0, 1)")
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    cutoff = 0
    for rank, index in enumerate(order, start=1):
        if pvalues[index] <= rank * level / m:
            cutoff = rank
    rejected = [False] * m
    for index in order[:cutoff]:
        rejected[index] = True
    return rejected


@dataclass(frozen=True)
class LinearizedGroup:
    """A group's mean of item means (on the answer scale) and one value per person whose
    plain mean equals it; ``items`` are the items that had answers."""

    score: float | None
    values: list[float]
    items: list[int]


def linearized_values(rows: Sequence[Sequence[float | None]]) -> LinearizedGroup:
    """Per-person values for the mean of item means of one group.

    ``rows`` are people (only those with at least one scored answer count), columns the
    items of one dimension, ``None`` for "don't know". With Iₐ the items answered by
    someone in the group, nᵢ the answers to item i and mᵢ their mean, the figure is
    D = Σᵢ mᵢ / |Iₐ|, and person p's value is

        z_p = D + (n / |Iₐ|) · Σ_{i answered by p} (x_pi − mᵢ) / nᵢ,

    with n the number of people. Σ_p z_p = n·D exactly, and the sample variance of z / n
    estimates the variance of D (the linearisation of a mean of ratios). With no "don't
    know", z_p is simply person p's mean over the items.
    """
    people = [row for row in rows if any(v is not None for v in row)]
    if not people:
        return LinearizedGroup(None, [], [])
    k = len(people[0])
    sums = [0.0] * k
    counts = [0] * k
    for row in people:
        if len(row) != k:
            raise ValueError("every row must have the same number of items")
        for i, value in enumerate(row):
            if value is not None:
                sums[i] += value
                counts[i] += 1
    items = [i for i in range(k) if counts[i]]
    means = {i: sums[i] / counts[i] for i in items}
    score = math.fsum(means.values()) / len(items)
    n = len(people)
    scale = n / len(items)
    values = [
        score
        + scale * math.fsum((row[i] - means[i]) / counts[i] for i in items if row[i] is not None)  # type: ignore[operator]
        for row in people
    ]
    return LinearizedGroup(score, values, items)


@dataclass(frozen=True)
class CrossSums:
    """Sums over a group's people that give the linearised values' mean and variance for
    any subset of a dimension's items, and that add and subtract between groups (the rest
    of the company is the company minus the department).

    ``patterns`` counts people by the set of items they answered (a bit mask);
    ``pair_count[i][j]``, ``pair_first[i][j]`` and ``pair_product[i][j]`` are, over the
    people who answered both i and j, their number, Σ x_i and Σ x_i·x_j.
    """

    k: int
    patterns: dict[int, int]
    pair_count: tuple[tuple[int, ...], ...]
    pair_first: tuple[tuple[float, ...], ...]
    pair_product: tuple[tuple[float, ...], ...]

    def __add__(self, other: CrossSums) -> CrossSums:
        return self._combine(other, 1)

    def __sub__(self, other: CrossSums) -> CrossSums:
        return self._combine(other, -1)

    def _combine(self, other: CrossSums, sign: int) -> CrossSums:
        if other.k != self.k:
            raise ValueError("cross sums of different item counts")
        patterns = dict(self.patterns)
        for mask, people in other.patterns.items():
            patterns[mask] = patterns.get(mask, 0) + sign * people

        def grid(a: tuple[tuple, ...], b: tuple[tuple, ...]) -> tuple[tuple, ...]:
            return tuple(
                tuple(x + sign * y for x, y in zip(ra, rb, strict=True))
                for ra, rb in zip(a, b, strict=True)
            )

        return CrossSums(
            self.k,
            {m: p for m, p in patterns.items() if p},
            grid(self.pair_count, other.pair_count),
            grid(self.pair_first, other.pair_first),
            grid(self.pair_product, other.pair_product),
        )


def cross_sums(rows: Sequence[Sequence[float | None]], k: int) -> CrossSums:
    """The :class:`CrossSums` of a group's rows (people × k items, None = don't know)."""
    patterns: dict[int, int] = {}
    count = [[0] * k for _ in range(k)]
    first = [[0.0] * k for _ in range(k)]
    product = [[0.0] * k for _ in range(k)]
    for row in rows:
        if len(row) != k:
            raise ValueError("every row must have the same number of items")
        answered = [i for i, v in enumerate(row) if v is not None]
        if not answered:
            continue
        mask = sum(1 << i for i in answered)
        patterns[mask] = patterns.get(mask, 0) + 1
        for i in answered:
            xi = row[i]
            for j in answered:
                count[i][j] += 1
                first[i][j] += xi  # type: ignore[operator]
                product[i][j] += xi * row[j]  # type: ignore[operator]
    return CrossSums(
        k, patterns, tuple(map(tuple, count)), tuple(map(tuple, first)), tuple(map(tuple, product))
    )


@dataclass(frozen=True)
class LinearizedMoments:
    """Mean of item means over ``items`` (= mean of the linearised values), the sample
    variance of those values, and the number of people behind them."""

    score: float
    variance: float
    n: int
    items: tuple[int, ...]


def linearized_moments(
    sums: CrossSums, items: Sequence[int] | None = None
) -> LinearizedMoments | None:
    """The mean and variance of :func:`linearized_values` over ``items`` (default: every
    item with answers), from cross sums alone. None when nobody answered those items.
    """
    chosen = [i for i in (range(sums.k) if items is None else items) if sums.pair_count[i][i] > 0]
    if not chosen:
        return None
    mask = sum(1 << i for i in chosen)
    n = sum(people for pattern, people in sums.patterns.items() if pattern & mask)
    counts = {i: sums.pair_count[i][i] for i in chosen}
    means = {i: sums.pair_first[i][i] / counts[i] for i in chosen}
    score = math.fsum(means.values()) / len(chosen)
    # Σ_p u_p², u_p = Σ_{i answered by p} (x_pi − m_i) / n_i, expanded over item pairs.
    total = 0.0
    for i in chosen:
        for j in chosen:
            c = sums.pair_count[i][j]
            if not c:
                continue
            centred = (
                sums.pair_product[i][j]
                - means[j] * sums.pair_first[i][j]
                - means[i] * sums.pair_first[j][i]
                + c * means[i] * means[j]
            )
            total += centred / (counts[i] * counts[j])
    scale = n / len(chosen)
    variance = scale * scale * max(0.0, total) / (n - 1) if n > 1 else 0.0
    return LinearizedMoments(score, variance, n, tuple(chosen))


def compare_with_rest(group: CrossSums, company: CrossSums) -> tuple[WelchResult, int] | None:
    """Welch's test of a group's mean of item means against the rest of the company's,
    over the items the group answered. Returns the result and the sign of the difference
    (+1 above, −1 below), or None when the test is undefined."""
    own = linearized_moments(group)
    if own is None:
        return None
    rest = linearized_moments(company - group, own.items)
    if rest is None:
        return None
    result = welch_test(own.score, own.variance, own.n, rest.score, rest.variance, rest.n)
    if result is None:
        return None
    return result, (1 if own.score > rest.score else -1)


K = TypeVar("K", bound=Hashable)


def significance_marks(
    tests: Mapping[K, tuple[float, int]], level: float = FDR_LEVEL
) -> dict[K, int]:
    """+1 / −1 for the tests Benjamini–Hochberg keeps at ``level`` across all of them,
    0 for the others. ``tests`` maps each cell to (p-value, sign of the difference)."""
    keys = list(tests)
    rejected = benjamini_hochberg([tests[k][0] for k in keys], level) if keys else []
    return {k: (tests[k][1] if keep else 0) for k, keep in zip(keys, rejected, strict=True)}
