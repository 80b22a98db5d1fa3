"""Fair comparisons: Wilson and Poisson intervals, significance, funnel limits, overdispersion.

The property tests compare with computations written independently here:
scipy's ``binomtest(...).proportion_ci(method="wilson")``, the Wilson score
equation solved by ``brentq``, ``chi2.ppf`` for exact Poisson limits, and
Byar's formula written out with :mod:`math`.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq
from scipy.stats import binomtest, chi2, norm

from benchlearn.analysis import statistics as stats
from benchlearn.analysis.statistics import (
    CONFIDENCES,
    FUNNEL,
    SIGNIFICANCE,
    funnel_class,
    funnel_limits,
    limits,
    overdispersion,
    proportion_limits,
    rate_limits,
    significance,
    value,
    z_value,
)

levels = st.sampled_from(CONFIDENCES)
counts = st.integers(0, 5_000_000)
weighted = st.floats(1e-3, 5_000_000.0).filter(lambda x: x != int(x))  # survey-weighted counts
FAST = settings(max_examples=60, deadline=None)


def z_of(confidence: float) -> float:
    return float(norm.ppf(1 - (1 - confidence / 100) / 2))


# --- z values ------------------------------------------------------------------------


def test_z_values_are_the_two_sided_normal_quantiles() -> None:
    assert z_value(95) == pytest.approx(1.959963984540054, rel=1e-15)
    assert z_value(99.8) == pytest.approx(3.090232306167813, rel=1e-15)
    for bad in (0, 100, -5, 120):
        with pytest.raises(ValueError, match="confidence"):
            z_value(bad)


# --- Wilson --------------------------------------------------------------------------


def test_wilson_known_values() -> None:
    low, high = proportion_limits([0, 10, 50], [10, 10, 100], 95)

    # 0/10: upper = z²/(n + z²) = 3.8415/13.8415; 10/10 mirrors it; 50/100 is symmetric.
    assert low.tolist() == [
        0.0,
        pytest.approx(0.7224672001371109, rel=1e-12),
        pytest.approx(0.4038315303659956, rel=1e-12),
    ]
    assert high.tolist() == [
        pytest.approx(0.27753279986288926, rel=1e-12),
        1.0,
        pytest.approx(0.5961684696340044, rel=1e-12),
    ]
    assert high[0] == pytest.approx(z_of(95) ** 2 / (10 + z_of(95) ** 2), rel=1e-12)


@FAST
@given(k=counts, extra=st.integers(0, 5_000_000), level=levels)
def test_wilson_equals_scipy_binomtest(k: int, extra: int, level: float) -> None:
    n = k + extra
    assume(n > 0)
    expected = binomtest(k, n).proportion_ci(confidence_level=level / 100, method="wilson")

    low, high = proportion_limits(k, n, level)

    assert float(low) == pytest.approx(expected.low, rel=1e-9, abs=1e-15)
    assert float(high) == pytest.approx(expected.high, rel=1e-9, abs=1e-15)


def score_roots(x: float, n: float, z: float) -> tuple[float, float]:
    """Both roots of |p̂ − π| = z·sqrt(π(1 − π)/n), found by brentq on either side of p̂."""
    p = x / n

    def gap(pi: float) -> float:
        return abs(p - pi) - z * math.sqrt(pi * (1 - pi) / n)

    low = brentq(gap, 0.0, p, xtol=1e-300, rtol=1e-14) if p > 0 else 0.0
    high = brentq(gap, p, 1.0, xtol=1e-300, rtol=1e-14) if p < 1 else 1.0
    return low, high


@FAST
@given(x=weighted, extra=st.floats(1e-3, 5_000_000.0), level=levels)
def test_wilson_for_weighted_counts_solves_the_score_equation(
    x: float, extra: float, level: float
) -> None:
    n = x + extra
    expected = score_roots(x, n, z_of(level))

    low, high = proportion_limits(x, n, level)

    assert float(low) == pytest.approx(expected[0], rel=1e-9, abs=1e-300)
    assert float(high) == pytest.approx(expected[1], rel=1e-9)


def test_weighted_numerators_are_not_rounded() -> None:
    low, high = proportion_limits([2.0, 2.5, 3.0], 10, 95)

    assert low[0] < low[1] < low[2] and high[0] < high[1] < high[2]


def test_wilson_is_nan_where_the_counts_cannot_be_a_proportion() -> None:
    low, high = proportion_limits([np.nan, 1, 1, -1, 11, 1], [10, np.nan, 0, 10, 10, -4], 95)

    assert np.isnan(low).all() and np.isnan(high).all()


# --- Poisson -------------------------------------------------------------------------


def test_exact_poisson_known_values() -> None:
    low, high = rate_limits([0, 1, 9], 1, 95)

    # 0 events: upper = −ln(0.025); 1 event: lower = −ln(0.975) (χ² with 2 df is exponential).
    assert low.tolist() == [
        0.0,
        pytest.approx(-math.log(0.975), rel=1e-12),
        pytest.approx(4.115373097378334, rel=1e-12),
    ]
    assert high.tolist() == [
        pytest.approx(-math.log(0.025), rel=1e-12),
        pytest.approx(5.571643390938898, rel=1e-12),
        pytest.approx(17.084803451419166, rel=1e-12),
    ]


def test_a_subnormal_count_has_a_zero_lower_limit() -> None:
    low, high = rate_limits(5e-324, 1, 95)  # scipy's chi2.ppf gives NaN here

    assert float(low) == 0.0 and float(high) == pytest.approx(-math.log(0.025), rel=1e-12)


def test_byar_known_value() -> None:
    low, high = rate_limits(100, 1000, 95)

    # 100 (1 − 1/900 − 1.959964/30)³ and 101 (1 − 1/909 + 1.959964/(3√101))³, per 1,000.
    assert float(low) == pytest.approx(81.36210549052788 / 1000, rel=1e-12)
    assert float(high) == pytest.approx(121.6279375792065 / 1000, rel=1e-12)


@FAST
@given(
    x=st.one_of(st.integers(0, 9), st.floats(1e-300, 10.0, exclude_max=True)),
    n=st.floats(0.5, 1e7),
    level=levels,
)
def test_exact_poisson_below_ten_equals_chi_squared(x: float, n: float, level: float) -> None:
    alpha = 1 - level / 100
    expected_low = chi2.ppf(alpha / 2, 2 * x) / 2 / n if x > 0 else 0.0
    expected_high = chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2 / n

    low, high = rate_limits(x, n, level)

    assert float(low) == pytest.approx(expected_low, rel=1e-10, abs=1e-300)
    assert float(high) == pytest.approx(expected_high, rel=1e-10)


@FAST
@given(
    x=st.one_of(st.integers(10, 5_000_000), st.floats(10.0, 5_000_000.0)),
    n=st.floats(1.0, 1e8),
    level=levels,
)
def test_byar_from_ten_follows_the_formula_and_approaches_exact(
    x: float, n: float, level: float
) -> None:
    z, alpha = z_of(level), 1 - level / 100
    byar_low = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3 / n
    byar_high = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3 / n
    exact_low = chi2.ppf(alpha / 2, 2 * x) / 2 / n
    exact_high = chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2 / n

    low, high = rate_limits(x, n, level)

    assert float(low) == pytest.approx(byar_low, rel=1e-12)
    assert float(high) == pytest.approx(byar_high, rel=1e-12)
    # Byar's error falls like x^-1.5: 1.5 % at x = 10 (99.8 %), 6e-6 at 1,000, 2e-10 at a million.
    assert float(low) == pytest.approx(exact_low, rel=0.5 * x**-1.5)
    assert float(high) == pytest.approx(exact_high, rel=0.5 * x**-1.5)


def test_poisson_is_nan_where_counts_are_missing_or_impossible() -> None:
    low, high = rate_limits([np.nan, 3, 3, 3, -1], [100, np.nan, 0, -5, 100], 95)

    assert np.isnan(low).all() and np.isnan(high).all()


def test_limits_and_value_are_in_the_indicators_unit() -> None:
    low, high = limits("rate", [4, 40], [2000, 20000], 100_000, 99.8)
    raw = rate_limits([4, 40], [2000, 20000], 99.8)

    assert np.allclose(low, raw[0] * 100_000) and np.allclose(high, raw[1] * 100_000)
    assert np.allclose(
        limits("proportion", 3, 12, 100, 95), np.array(proportion_limits(3, 12, 95)) * 100
    )
    shown = value("rate", [3, np.nan, 3, 2.5], [1000, 10, 0, -1], 1000)
    assert shown[0] == 3.0 and np.isnan(shown[1:]).all()
    with pytest.raises(ValueError, match="statistic"):
        limits("mean", 1, 2, 1, 95)  # type: ignore[arg-type]


# --- significance ---------------------------------------------------------------------

#: comparator → expected words for higher, lower and neutral indicators; the interval is [10, 20].
TRUTH = [
    (5.0, ("better", "worse", "higher")),
    (10.0, ("similar", "similar", "similar")),
    (15.0, ("similar", "similar", "similar")),
    (20.0, ("similar", "similar", "similar")),
    (25.0, ("worse", "better", "lower")),
]


@pytest.mark.parametrize(("comparator", "words"), TRUTH)
def test_significance_truth_table(comparator: float, words: tuple[str, str, str]) -> None:
    for direction, word in zip(("higher", "lower", "neutral"), words, strict=True):
        assert significance(15.0, 10.0, 20.0, comparator, direction).tolist() == word

    per_row = significance([15] * 3, [10] * 3, [20] * 3, comparator, ["higher", "lower", "neutral"])
    assert per_row.tolist() == list(words)
    assert per_row.dtype == object


def test_significance_not_compared_where_anything_is_missing() -> None:
    out = significance(
        [15, 15, 15, 15, np.nan],
        [np.nan, 10, 10, 10, 10],
        [20, np.nan, 20, 20, 20],
        [5, 5, np.nan, 5, 5],
        "higher",
    )

    assert out.tolist() == [
        "not compared",
        "not compared",
        "not compared",
        "better",
        "not compared",
    ]
    assert set(out) <= set(SIGNIFICANCE)
    with pytest.raises(ValueError, match="direction"):
        significance(1, 0, 2, 1, ["higher", "up"])


# --- funnel classes -------------------------------------------------------------------


def test_funnel_class_boundaries_are_within() -> None:
    low95, high95, low998, high998 = 40.0, 60.0, 30.0, 70.0
    up, down = np.nextafter(70.0, 100), np.nextafter(30.0, 0)
    values = [
        70.0,
        up,
        60.0,
        np.nextafter(60.0, 100),
        50.0,
        40.0,
        np.nextafter(40.0, 0),
        30.0,
        down,
        np.nan,
    ]

    out = funnel_class(values, low95, high95, low998, high998)

    assert out.tolist() == [
        "above 95%", "above 99.8%", "within", "above 95%", "within",
        "within", "below 95%", "below 95%", "below 99.8%", "",
    ]  # fmt: skip
    assert set(out) - {""} <= set(FUNNEL)
    assert funnel_class(50, np.nan, 60, 30, 70).tolist() == ""


# --- funnel limits --------------------------------------------------------------------


def wilson(p: float, n: float, z: float) -> tuple[float, float]:
    """Wilson's interval for an observed proportion p of n, as Wilson (1927) wrote it."""
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@settings(max_examples=80, deadline=None)
@given(p0=st.floats(0.001, 0.999), n=st.floats(1.0, 1e6), level=levels)
def test_proportion_funnel_inverts_the_wilson_interval(p0: float, n: float, level: float) -> None:
    z = z_of(level)

    low, high = funnel_limits("proportion", p0 * 100, n, 100, level)

    # The upper limit is the observed proportion whose Wilson lower bound is the target.
    if wilson(1.0, n, z)[0] > p0:
        expected = brentq(lambda p: wilson(p, n, z)[0] - p0, p0, 1.0, xtol=1e-15)
        assert float(high) == pytest.approx(expected * 100, rel=1e-9)
    else:
        assert float(high) == 100.0
    if wilson(0.0, n, z)[1] < p0:
        expected = brentq(lambda p: wilson(p, n, z)[1] - p0, 0.0, p0, xtol=1e-15)
        assert float(low) == pytest.approx(expected * 100, rel=1e-9, abs=1e-12)
    else:
        assert float(low) == 0.0


@settings(max_examples=80, deadline=None)
@given(expected=st.floats(1e-4, 1e7), level=levels)
def test_rate_funnel_counts_have_the_expected_count_as_their_exact_limit(
    expected: float, level: float
) -> None:
    alpha = 1 - level / 100
    n = 1000.0
    target = expected / n * 100_000  # per 100,000

    low, high = funnel_limits("rate", target, n, 100_000, level)
    count_low, count_high = float(low) * n / 100_000, float(high) * n / 100_000

    # E is the exact upper limit of L (or no L ≥ 0 reaches it) and the exact lower limit of U.
    if count_low > 0:
        assert chi2.ppf(1 - alpha / 2, 2 * count_low + 2) / 2 == pytest.approx(expected, rel=1e-9)
    else:
        assert chi2.ppf(1 - alpha / 2, 2) / 2 >= expected * (1 - 1e-12)
    assert chi2.ppf(alpha / 2, 2 * count_high) / 2 == pytest.approx(expected, rel=1e-9)


def test_rate_funnel_on_many_rows_matches_the_direct_solution() -> None:
    rng = np.random.default_rng(3)
    n = np.exp(rng.uniform(np.log(1e-3), np.log(1e11), 20_000))  # E from 1e-6 to 1e8
    target = 100.0  # per 100,000: E = n / 1000
    for level in CONFIDENCES:
        # 20,000 rows take the interpolated path; 400 are bisected directly.
        low, high = funnel_limits("rate", target, n, 100_000, level)
        low_direct, high_direct = funnel_limits("rate", target, n[:400], 100_000, level)
        expected = n[:400] / 1000

        assert np.all(np.abs(low[:400] - low_direct) * n[:400] / 100_000 <= 1e-9 * expected)
        assert np.allclose(high[:400], high_direct, rtol=1e-9, atol=0)
        alpha = 1 - level / 100
        upper = high[:400] * n[:400] / 100_000
        assert np.allclose(chi2.ppf(alpha / 2, 2 * upper) / 2, expected, rtol=1e-8, atol=0)


def test_funnel_limits_handle_zero_targets_and_missing_rows() -> None:
    low, high = funnel_limits("rate", [0.0, 50.0, 50.0, np.nan], [1000, np.nan, 0, 1000], 1000, 95)

    assert low[0] == 0.0 and high[0] == 0.0
    assert np.isnan(low[1:]).all() and np.isnan(high[1:]).all()
    low, high = funnel_limits("proportion", [0.0, 100.0, 120.0], 50, 100, 95)
    assert low[:2].tolist() == [0.0, 100.0] and high[:2].tolist() == [0.0, 100.0]
    assert np.isnan(low[2]) and np.isnan(high[2])
    with pytest.raises(ValueError, match="tau2"):
        funnel_limits("rate", 1, 1, 1, 95, tau2=-0.1)


def test_overdispersed_limits_follow_spiegelhalter() -> None:
    z = z_of(95)
    low, high = funnel_limits("proportion", 25.0, 100, 100, 95, tau2=0.01)
    # asin√0.25 = π/6, s² = 1/400
    spread = z * math.sqrt(1 / 400 + 0.01)
    assert float(low) == pytest.approx(math.sin(math.pi / 6 - spread) ** 2 * 100, rel=1e-12)
    assert float(high) == pytest.approx(math.sin(math.pi / 6 + spread) ** 2 * 100, rel=1e-12)

    low, high = funnel_limits("rate", 50.0, 20_000, 100_000, 95, tau2=0.01)
    spread = z * math.sqrt(1 / (4 * 10.0) + 0.01)  # E = 50/100,000 × 20,000 = 10
    assert float(low) == pytest.approx(50 * (1 - spread) ** 2, rel=1e-12)
    assert float(high) == pytest.approx(50 * (1 + spread) ** 2, rel=1e-12)
    low, _ = funnel_limits("rate", 50.0, 200, 100_000, 95, tau2=0.5)
    assert float(low) == 0.0  # 1 − spread < 0


@pytest.mark.parametrize("statistic", ["proportion", "rate"])
def test_limits_widen_as_tau2_grows(statistic: stats.Statistic) -> None:
    n = np.array([50.0, 500.0, 5000.0, 50_000.0, 500_000.0])
    target, scale = (30.0, 100) if statistic == "proportion" else (800.0, 100_000)
    bands = [
        funnel_limits(statistic, target, n, scale, 99.8, tau2=t) for t in (1e-4, 1e-3, 1e-2, 0.05)
    ]

    for (low_a, high_a), (low_b, high_b) in zip(bands, bands[1:], strict=False):
        assert np.all(low_b <= low_a) and np.all(high_b > high_a)
    exact_low, exact_high = funnel_limits(statistic, target, n, scale, 99.8)
    assert np.all(bands[-1][0][2:] < exact_low[2:]) and np.all(bands[-1][1] > exact_high)


# --- overdispersion -------------------------------------------------------------------


def test_winsorisation_on_a_hand_example() -> None:
    # E = 25 everywhere, so z = (√(O/25) − 1)·2√25 = 2√O − 10: −10, −8, …, 10 and 14.
    observed = [0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 144, np.nan, 5]
    denominator = [25] * 12 + [25, 0]  # a missing count and a zero denominator are left out

    phi, tau2 = overdispersion("rate", observed, denominator, 1.0, 1)

    # Type 7 quantiles of the 12 z-scores: 10 % at position 1.1 → −7.8; 90 % at 9.9 → 9.8.
    squares = 2 * 7.8**2 + 36 + 16 + 4 + 0 + 4 + 16 + 36 + 64 + 2 * 9.8**2
    assert phi == pytest.approx(squares / 12, rel=1e-12)
    # w = 1/s² = 4E = 100 for every row: Σw − Σw²/Σw = 1200 − 100.
    assert tau2 == pytest.approx((squares - 11) / 1100, rel=1e-12)


def test_overdispersion_needs_two_rows() -> None:
    phi, tau2 = overdispersion("proportion", [3, np.nan], [10, 10], 30, 100)

    assert math.isnan(phi) and tau2 == 0.0


@pytest.mark.parametrize("statistic", ["proportion", "rate"])
def test_no_overdispersion_on_data_from_the_null(statistic: stats.Statistic) -> None:
    rng = np.random.default_rng(11)
    n = rng.integers(2_000, 50_000, 4_000).astype(float)
    if statistic == "proportion":
        x = rng.binomial(n.astype(np.int64), 0.3).astype(float)
        z = (np.arcsin(np.sqrt(x / n)) - np.arcsin(np.sqrt(0.3))) * 2 * np.sqrt(n)
    else:
        x = rng.poisson(n * 0.01).astype(float)
        z = (np.sqrt(x / (n * 0.01)) - 1) * 2 * np.sqrt(n * 0.01)
    target = 30.0 if statistic == "proportion" else 1000.0

    phi, tau2 = overdispersion(
        statistic, x, n, target, 100 if statistic == "proportion" else 100_000
    )

    # The unwinsorised z-scores are standard normal; winsorising at the 10 % and 90 %
    # quantiles gives E[min(Z², c²)] = 0.8 − 2cφ(c) + 0.2c² ≈ 0.679 with c = Φ⁻¹(0.9), not 1.
    c = norm.ppf(0.9)
    assert np.mean(z**2) == pytest.approx(1.0, abs=0.06)
    assert phi == pytest.approx(0.8 - 2 * c * norm.pdf(c) + 0.2 * c * c, abs=0.05)
    assert tau2 == 0.0


@pytest.mark.parametrize("statistic", ["proportion", "rate"])
def test_overdispersion_is_found_on_overdispersed_data(statistic: stats.Statistic) -> None:
    rng = np.random.default_rng(12)
    n = rng.integers(2_000, 50_000, 400).astype(float)
    truth = 0.3 * np.exp(rng.normal(0, 0.15, n.size))  # municipalities really differ
    if statistic == "proportion":
        x = rng.binomial(n.astype(np.int64), truth).astype(float)
    else:
        x = rng.poisson(n * truth / 30).astype(float)
    scale = 100 if statistic == "proportion" else 100_000
    target = x.sum() / n.sum() * scale

    phi, tau2 = overdispersion(statistic, x, n, target, scale)

    assert phi > 2 and tau2 > 0
    low, high = funnel_limits(statistic, target, n, scale, 99.8, tau2=tau2)
    inside = (x / n * scale >= low) & (x / n * scale <= high)
    plain_low, plain_high = funnel_limits(statistic, target, n, scale, 99.8)
    plain = (x / n * scale >= plain_low) & (x / n * scale <= plain_high)
    assert inside.mean() > 0.95 > plain.mean()
