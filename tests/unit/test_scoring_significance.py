"""Welch's test, Benjamini–Hochberg and the linearised per-person values, against scipy."""

import math
import random

import pytest
from scipy import stats

from academy.scoring import (
    benjamini_hochberg,
    linearized_values,
    welch_from_values,
    welch_test,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([3.0, 4.0, 4.5, 5.0, 2.5], [3.5, 3.0, 2.0, 4.0, 3.5, 3.25, 4.75, 2.0]),
        ([1.0, 1.0, 2.0], [4.0, 5.0, 5.0, 4.5]),
        ([4.2] * 3 + [4.3], [1.0, 5.0, 3.0, 2.0, 4.0, 3.0, 3.0]),
    ],
)
def test_welch_matches_scipy(a, b):
    ours = welch_from_values(a, b)
    ref = stats.ttest_ind(a, b, equal_var=False)
    assert ours.t == pytest.approx(ref.statistic, rel=1e-12)
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-9)
    assert ours.df == pytest.approx(ref.df, rel=1e-12)


def test_welch_from_summary_statistics_matches_scipy():
    rng = random.Random(7)
    for _ in range(50):
        m1, m2 = rng.uniform(1, 5), rng.uniform(1, 5)
        s1, s2 = rng.uniform(0.1, 2), rng.uniform(0.1, 2)
        n1, n2 = rng.randint(2, 300), rng.randint(2, 3000)
        ours = welch_test(m1, s1 * s1, n1, m2, s2 * s2, n2)
        ref = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
        assert ours.t == pytest.approx(ref.statistic, rel=1e-12)
        assert ours.p == pytest.approx(ref.pvalue, rel=1e-8, abs=1e-300)


def test_welch_undefined_cases():
    assert welch_test(3, 1, 1, 3, 1, 10) is None
    assert welch_test(3, 0, 5, 4, 0, 5) is None
    assert welch_from_values([1.0], [1.0, 2.0]) is None
    with pytest.raises(ValueError, match="variances"):
        welch_test(3, -1, 5, 4, 1, 5)


def test_benjamini_hochberg_matches_scipy():
    rng = random.Random(11)
    for m in (1, 2, 5, 40, 320):
        for _ in range(20):
            p = [rng.random() ** rng.choice((1, 3, 8)) for _ in range(m)]
            expected = list(stats.false_discovery_control(p) <= 0.05)
            assert benjamini_hochberg(p) == expected


def test_benjamini_hochberg_step_up_example():
    # Benjamini & Hochberg (1995), the 15 p-values of their worked example: 4 rejected.
    p = [
        0.0001,
        0.0004,
        0.0019,
        0.0095,
        0.0201,
        0.0278,
        0.0298,
        0.0344,
        0.0459,
        0.3240,
        0.4262,
        0.5719,
        0.6528,
        0.7590,
        1.0000,
    ]
    assert sum(benjamini_hochberg(p)) == 4
    with pytest.raises(ValueError, match="level"):
        benjamini_hochberg(p, 0)


def test_linearized_values_without_dont_know_are_person_means():
    rows = [[4, 5, 3], [2, 2, 2], [5, 5, 4], [1, 3, 2]]
    group = linearized_values(rows)
    assert group.values == pytest.approx([sum(r) / 3 for r in rows])
    assert group.score == pytest.approx(sum(sum(r) for r in rows) / 12)


def test_linearized_values_average_to_the_mean_of_item_means():
    rng = random.Random(3)
    for _ in range(200):
        k = rng.randint(1, 6)
        rows = [
            [None if rng.random() < 0.3 else rng.randint(1, 5) for _ in range(k)]
            for _ in range(rng.randint(1, 30))
        ]
        group = linearized_values(rows)
        answered = [i for i in range(k) if any(r[i] is not None for r in rows)]
        if not answered:
            assert group.score is None
            continue
        item_means = [
            sum(r[i] for r in rows if r[i] is not None) / sum(r[i] is not None for r in rows)
            for i in answered
        ]
        expected = sum(item_means) / len(item_means)
        assert group.score == pytest.approx(expected, rel=1e-12)
        assert math.fsum(group.values) / len(group.values) == pytest.approx(expected, rel=1e-12)
        assert len(group.values) == sum(any(v is not None for v in r) for r in rows)


def test_linearized_variance_is_the_delta_method_variance():
    # Var(D) of the mean of item means, worked out directly from its influence terms:
    # Σ_p u_p² · n/(n-1) with u_p = (1/|I|) Σ_i (x_pi − m_i)/n_i equals s²(z)/n.
    rows = [[4, None], [5, 3], [2, 2], [None, 5], [3, 4], [4, None]]
    group = linearized_values(rows)
    n = len(rows)
    means = [
        sum(r[i] for r in rows if r[i] is not None) / sum(r[i] is not None for r in rows)
        for i in range(2)
    ]
    counts = [sum(r[i] is not None for r in rows) for i in range(2)]
    u = [sum((r[i] - means[i]) / counts[i] for i in range(2) if r[i] is not None) / 2 for r in rows]
    delta = sum(x * x for x in u) * n / (n - 1)
    z = group.values
    mean = sum(z) / n
    assert sum((v - mean) ** 2 for v in z) / (n - 1) / n == pytest.approx(delta, rel=1e-12)


def test_linearized_moments_from_cross_sums_match_the_rows():
    from academy.scoring import cross_sums, linearized_moments

    rng = random.Random(5)
    for _ in range(300):
        k = rng.randint(1, 5)
        rows = [
            [None if rng.random() < 0.25 else rng.randint(1, 5) for _ in range(k)]
            for _ in range(rng.randint(2, 25))
        ]
        subset = sorted(rng.sample(range(k), rng.randint(1, k)))
        restricted = [[r[i] for i in subset] for r in rows]
        reference = linearized_values(restricted)
        moments = linearized_moments(cross_sums(rows, k), subset)
        if reference.score is None:
            assert moments is None
            continue
        values = reference.values
        n = len(values)
        assert moments.n == n
        assert moments.score == pytest.approx(reference.score, rel=1e-12)
        if n > 1:
            mean = sum(values) / n
            variance = sum((v - mean) ** 2 for v in values) / (n - 1)
            assert moments.variance == pytest.approx(variance, rel=1e-9, abs=1e-12)


def test_cross_sums_of_the_rest_are_company_minus_department():
    from academy.scoring import cross_sums, linearized_moments

    rng = random.Random(9)
    dept = [[rng.choice([None, 1, 2, 3, 4, 5]) for _ in range(3)] for _ in range(12)]
    rest = [[rng.choice([None, 1, 2, 3, 4, 5]) for _ in range(3)] for _ in range(40)]
    company = cross_sums(dept + rest, 3)
    derived = linearized_moments(company - cross_sums(dept, 3))
    direct = linearized_moments(cross_sums(rest, 3))
    assert derived.score == pytest.approx(direct.score, rel=1e-12)
    assert derived.variance == pytest.approx(direct.variance, rel=1e-12)
    assert derived.n == direct.n
