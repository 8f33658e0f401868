"""Statistics against printed tables, published examples and hand computations."""

import math

import pytest

from academy.scoring import (
    MIN_ITEM_TOTAL_CORRELATION,
    AlphaResult,
    Moments,
    corrected_item_total,
    cronbach_alpha,
    f_cdf,
    f_quantile,
    feldt_interval,
    from_moments,
    mean_t_interval,
    pearson,
    regularized_beta,
    t_cdf,
    t_quantile,
    weak_items,
    wilson_interval,
)

# ---------------------------------------------------------------------------
# Incomplete beta, t and F
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("x", [0.1, 0.37, 0.5, 0.9])
def test_regularized_beta_closed_forms(x):
    assert regularized_beta(x, 1, 1) == pytest.approx(x)  # uniform
    assert regularized_beta(x, 3, 1) == pytest.approx(x**3)  # I_x(a, 1) = x^a
    assert regularized_beta(x, 1, 2) == pytest.approx(1 - (1 - x) ** 2)  # I_x(1, b)


def test_regularized_beta_symmetry_and_bounds():
    assert regularized_beta(0.5, 7.5, 7.5) == pytest.approx(0.5)
    assert regularized_beta(0.0, 2, 3) == 0.0
    assert regularized_beta(1.0, 2, 3) == 1.0
    with pytest.raises(ValueError, match="positive"):
        regularized_beta(0.5, 0, 1)


@pytest.mark.parametrize(
    ("p", "df", "table"),
    [
        # Student t table, two-sided 95 % column, and the 99 % one for df = 5.
        (0.975, 1, 12.706),
        (0.975, 10, 2.228),
        (0.975, 30, 2.042),
        (0.995, 5, 4.032),
        (0.95, 20, 1.725),
    ],
)
def test_t_quantile_matches_table(p, df, table):
    assert t_quantile(p, df) == pytest.approx(table, abs=5e-4)
    assert t_quantile(1 - p, df) == pytest.approx(-table, abs=5e-4)  # symmetric


@pytest.mark.parametrize(
    ("df", "table"), [(120, 1.980), (1000, 1.962), (1e5, 1.960), (math.inf, 1.960)]
)
def test_t_quantile_tends_to_normal(df, table):
    assert t_quantile(0.975, df) == pytest.approx(table, abs=5e-4)


def test_t_quantile_large_df_is_close_to_normal():
    assert t_quantile(0.975, 1e8) == pytest.approx(1.959964, abs=1e-6)


def test_t_quantile_roundtrip_and_median():
    assert t_quantile(0.5, 4) == 0
    for df in (1, 2.5, 17):
        assert t_cdf(t_quantile(0.9, df), df) == pytest.approx(0.9, abs=1e-12)
    # df = 1 is the Cauchy distribution: P(T <= 1) = 1/2 + atan(1)/π = 0.75
    assert t_cdf(1, 1) == pytest.approx(0.75)
    assert t_cdf(0, 3) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("p", "df1", "df2", "table"),
    [
        (0.95, 5, 10, 3.326),
        (0.975, 10, 20, 2.774),
        (0.95, 1, 1, 161.45),
        (0.99, 2, 10, 7.559),
    ],
)
def test_f_quantile_matches_table(p, df1, df2, table):
    assert f_quantile(p, df1, df2) == pytest.approx(table, abs=5e-3 if table > 100 else 5e-4)


def test_f_quantile_identities():
    # F(p; d1, d2) = 1 / F(1 − p; d2, d1)
    assert f_quantile(0.025, 10, 20) == pytest.approx(1 / f_quantile(0.975, 20, 10))
    # F(1 − γ; 1, d) = t(1 − γ/2; d)²: 2.228² = 4.965
    assert f_quantile(0.95, 1, 10) == pytest.approx(t_quantile(0.975, 10) ** 2)
    assert f_cdf(f_quantile(0.3, 4, 7), 4, 7) == pytest.approx(0.3, abs=1e-12)
    assert f_cdf(0, 3, 3) == 0


@pytest.mark.parametrize("p", [0, 1, -0.1, 1.5])
def test_quantiles_reject_bad_probability(p):
    with pytest.raises(ValueError, match="probability"):
        t_quantile(p, 5)
    with pytest.raises(ValueError, match="probability"):
        f_quantile(p, 5, 5)


def test_quantiles_reject_bad_df():
    with pytest.raises(ValueError, match="df"):
        t_quantile(0.9, 0)
    with pytest.raises(ValueError, match="degrees"):
        f_quantile(0.9, 1, 0)


# ---------------------------------------------------------------------------
# Means and proportions
# ---------------------------------------------------------------------------


def test_from_moments():
    # 2, 4, 4, 4, 5, 5, 7, 9: n = 8, Σx = 40, Σx² = 232
    # mean 5; s² = (8 × 232 − 40²) / (8 × 7) = 256 / 56 = 32/7
    mean, sd = from_moments(8, 40, 232)
    assert mean == 5
    assert sd == pytest.approx(math.sqrt(32 / 7))
    assert from_moments(0, 0, 0) == Moments(None, None)
    assert from_moments(1, 4, 16) == Moments(4.0, None)
    assert from_moments(3, 12, 48) == Moments(4.0, 0.0)  # everyone answered 4


def test_from_moments_clamps_float_rounding():
    n, x = 3, 0.1
    assert from_moments(n, n * x, n * x * x).sd == pytest.approx(0.0, abs=1e-8)


def test_mean_t_interval():
    # mean 10, sd 2, n 11: half = t(0.975, 10) × 2 / √11 = 2.2281 × 0.60302 = 1.3436
    low, high = mean_t_interval(10, 2, 11)
    assert low == pytest.approx(8.6564, abs=1e-4)
    assert high == pytest.approx(11.3436, abs=1e-4)
    assert mean_t_interval(10, 2, 1) is None
    assert mean_t_interval(10, None, 5) is None
    # a 99 % interval is wider
    low99, high99 = mean_t_interval(10, 2, 11, confidence=0.99)
    assert low99 < low
    assert high99 > high


def test_wilson_published_example():
    # 81 successes in 263 trials, 95 %: (0.2553, 0.3662) (Wilson score interval)
    low, high = wilson_interval(81, 263)
    assert low == pytest.approx(0.2553, abs=5e-5)
    assert high == pytest.approx(0.3662, abs=5e-5)


def test_wilson_edges():
    # 0 of 10: low 0, high = z² / (n + z²) = 3.8415 / 13.8415 = 0.2775
    low, high = wilson_interval(0, 10)
    assert low == 0
    assert high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson_interval(10, 10)
    assert high == 1
    assert low == pytest.approx(1 - 0.2775, abs=1e-4)
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(5, 4)


# ---------------------------------------------------------------------------
# Correlation and reliability
# ---------------------------------------------------------------------------


def test_pearson_hand_computed():
    # x̄ = 3, ȳ = 4; dx = −2 −1 0 1 2, dy = −2 0 1 0 1
    # Sxy = 4 + 0 + 0 + 0 + 2 = 6; Sxx = 10; Syy = 6 -> r = 6 / √60 = √0.6
    assert pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) == pytest.approx(math.sqrt(0.6))
    assert pearson([1, 2, 3], [3, 2, 1]) == -1
    assert pearson([1, 2, 3], [10, 20, 30]) == 1


def test_pearson_undefined():
    assert pearson([1, 2], [2, 1]) is None  # n < 3: two points are always ±1
    assert pearson([3, 3, 3], [1, 2, 3]) is None  # zero variance
    assert pearson([1, 2, 3], [4, 4, 4]) is None
    with pytest.raises(ValueError, match="same length"):
        pearson([1, 2, 3], [1, 2])


def test_cronbach_alpha_hand_computed_with_listwise_deletion():
    rows = [
        [1, 2, 2],
        [2, 2, 3],
        [3, 4, 3],
        [4, 4, 4],
        [5, None, 1],  # a don't-know: the whole row is left out
    ]
    # item variances (n − 1): 1,2,3,4 -> 5/3; 2,2,4,4 -> 4/3; 2,3,3,4 -> 2/3; Σ = 11/3
    # totals 5, 7, 10, 12: mean 8.5, SS = 12.25 + 2.25 + 2.25 + 12.25 = 29 -> 29/3
    # α = 3/2 × (1 − (11/3) / (29/3)) = 3/2 × 18/29 = 27/29 = 0.9310
    result = cronbach_alpha(rows)
    assert result.alpha == pytest.approx(27 / 29)
    assert (result.n, result.k) == (4, 3)


# Published example (Statology, "How to Calculate Cronbach's Alpha in Python", pingouin):
# 10 respondents, 3 items; reported alpha 0.773, 95 % CI [0.336, 0.939].
STATOLOGY = list(
    zip(
        [1, 2, 2, 3, 2, 2, 3, 3, 2, 3],
        [1, 1, 1, 2, 3, 3, 2, 3, 3, 3],
        [1, 1, 2, 1, 2, 3, 3, 3, 2, 3],
        strict=True,
    )
)


def test_cronbach_alpha_published_example():
    # By hand: item variances 41/90, 76/90, 69/90 (Σ = 31/15); total variance 64/15
    # α = 3/2 × (1 − 31/64) = 99/128 = 0.7734375
    assert cronbach_alpha(STATOLOGY) == AlphaResult(pytest.approx(99 / 128), 10, 3)


def test_cronbach_alpha_undefined():
    assert cronbach_alpha([]).alpha is None
    assert cronbach_alpha([[1], [2], [3]]) == AlphaResult(None, 3, 1)  # k < 2
    assert cronbach_alpha([[1, 2]]) == AlphaResult(None, 1, 2)  # n < 2
    assert cronbach_alpha([[1, None], [None, 2]]) == AlphaResult(None, 0, 2)
    assert cronbach_alpha([[3, 3], [3, 3], [3, 3]]).alpha is None  # no variance
    with pytest.raises(ValueError, match="same number"):
        cronbach_alpha([[1, 2], [1, 2, 3]])


def test_cronbach_alpha_can_be_negative():
    # Two items pulling against each other (a miskeyed pair):
    # item 1 = 1,2,5 -> s² = 39/9; item 2 = 5,3,2 -> s² = 21/9; totals 6,5,7 -> s² = 1
    # α = 2 × (1 − 60/9) = −34/3: reported as is, it is the signal of a keying error.
    assert cronbach_alpha([[1, 5], [2, 3], [5, 2]]).alpha == pytest.approx(-34 / 3)


def test_feldt_interval_from_table_values():
    # α̂ = 0.8, n = 11, k = 3 -> df = (10, 20)
    # lower = 1 − 0.2 × F(0.975; 10, 20) = 1 − 0.2 × 2.774 = 0.4452
    # upper = 1 − 0.2 × F(0.025; 10, 20) = 1 − 0.2 / F(0.975; 20, 10) = 1 − 0.2 / 3.419
    #       = 0.9415
    low, high = feldt_interval(0.8, 11, 3)
    assert low == pytest.approx(0.4452, abs=2e-4)
    assert high == pytest.approx(0.9415, abs=2e-4)
    assert low < 0.8 < high


def test_feldt_interval_published_example():
    result = cronbach_alpha(STATOLOGY)
    low, high = feldt_interval(result.alpha, result.n, result.k)
    assert low == pytest.approx(0.336, abs=5e-4)
    assert high == pytest.approx(0.939, abs=5e-4)
    assert low < result.alpha < high


def test_feldt_interval_edges():
    assert feldt_interval(0.7, 1, 5) is None
    assert feldt_interval(0.7, 30, 1) is None
    narrow = feldt_interval(0.7, 30, 5, confidence=0.90)
    wide = feldt_interval(0.7, 30, 5, confidence=0.99)
    assert wide[0] < narrow[0] < 0.7 < narrow[1] < wide[1]
    with pytest.raises(ValueError, match="exceed 1"):
        feldt_interval(1.2, 30, 5)


# Items 1-3 agree; item 4 is reverse-keyed (6 − item 1) but was NOT reversed back.
MISKEYED = [
    [1, 1, 2, 5],
    [2, 2, 2, 4],
    [3, 3, 4, 3],
    [4, 5, 4, 2],
    [5, 4, 5, 1],
]


def test_corrected_item_total_exposes_miskeyed_item():
    r = corrected_item_total(MISKEYED)
    # item 4: x = 5,4,3,2,1 (dev 2,1,0,−1,−2); rest = items 1-3 = 4,6,10,13,14
    # (mean 9.4, dev −5.4,−3.4,.6,3.6,4.6); Sxy = −27, Sxx = 10, Syy = 75.2
    # r = −27 / √752 = −0.9846
    assert r[3] == pytest.approx(-27 / math.sqrt(752))
    # item 1: rest = 8,8,10,11,10 -> Sxy = 7, Syy = 7.2 -> r = 7 / √72 = 0.8250
    assert r[0] == pytest.approx(7 / math.sqrt(72))
    assert weak_items(r) == [3]


def test_corrected_item_total_after_fixing_the_key():
    fixed = [[*row[:3], 6 - row[3]] for row in MISKEYED]
    r = corrected_item_total(fixed)
    assert all(value is not None and value > MIN_ITEM_TOTAL_CORRELATION for value in r)
    assert weak_items(r) == []


def test_corrected_item_total_listwise_and_undefined():
    rows = [[1, 2, 3], [2, 2, 1], [3, 2, 2], [None, 1, 1]]
    r = corrected_item_total(rows)
    assert len(r) == 3
    assert r[1] is None  # item 2 is constant once the incomplete row is dropped
    assert corrected_item_total([]) == []


def test_weak_items_threshold():
    assert MIN_ITEM_TOTAL_CORRELATION == 0.2
    # 0.2 itself is not below the threshold; None (undefined) is not flagged.
    assert weak_items([0.5, 0.19, None, 0.2, -0.3]) == [1, 4]
    assert weak_items([0.5, 0.35], threshold=0.4) == [1]
