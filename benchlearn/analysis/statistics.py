"""Fair comparisons: confidence intervals, significance and funnel plots for counts.

A league table of raw values flatters small municipalities by chance: 3 events
among 500 people is a rate of 600 per 100,000, but so might 0 or 7 be next
year. England's Fingertips (OHID/UKHSA, with the PHEindicatormethods R package)
and NHS-R's FunnelPlotR answer this with methods chosen to behave well for the
small counts that dominate local data, and this module follows them:

* proportions get the Wilson (1927) score interval, which never leaves [0, 1]
  and keeps its coverage near 0 and 1 where the normal (Wald) interval fails;
* rates get exact Poisson limits from the chi-squared distribution below 10
  events and Byar's approximation (Breslow & Day 1987) from 10 on, as the
  Fingertips technical guidance prescribes: Byar's is within 0.5·x^-1.5
  (relative) of the exact limits there and needs no special function;
* a municipality differs significantly from a comparator when the comparator
  lies outside its interval, and the indicator's direction turns "higher" into
  "better" or "worse";
* funnel plots (Spiegelhalter 2005, *Statistics in Medicine* 24:1185) draw
  control limits around a target for every denominator, so each municipality is
  judged against the chance variation its own size allows; an additive random
  effect (Spiegelhalter 2005, *Quality and Safety in Health Care* 14:347), as in
  FunnelPlotR, widens them when the indicators vary more between municipalities
  than chance alone explains.

Values are in the indicator's unit: numerator / denominator × multiplier (100
for a percentage, 100,000 for a rate per 100,000). Numerators may be weighted
survey counts and are never rounded: every formula here is continuous in the
count. Everything is vectorised over NumPy arrays of any shape (NaN in, NaN
out); nothing loops over rows.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from benchlearn.definitions.model import DIRECTIONS, Direction

Statistic = Literal["proportion", "rate"]
STATISTICS: tuple[Statistic, ...] = ("proportion", "rate")
#: The two confidence levels every output carries, in percent (Fingertips' "2 and 3 sigma").
CONFIDENCES = (95.0, 99.8)
SIGNIFICANCE = ("better", "similar", "worse", "higher", "lower", "not compared")
FUNNEL = ("above 99.8%", "above 95%", "within", "below 95%", "below 99.8%")
# Labels as object arrays: outputs are built by indexing them with small integer codes.
_SIGNIFICANCE_LABELS = np.array(
    ["similar", "better", "worse", "higher", "lower", "not compared"], dtype=object
)
_FUNNEL_LABELS = np.array([*FUNNEL, ""], dtype=object)

#: Below this many events, rate limits are exact Poisson; from it on, Byar's approximation.
BYAR_FROM = 10.0
#: Grid points per unit of log(expected count): cubic interpolation error is below 1e-9 there.
_GRID_DENSITY = 64
_BISECTION_STEPS = 64


def z_value(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence in percent (95 → 1.96)."""
    if not 0.0 < confidence < 100.0:
        raise ValueError(f"confidence must be a percentage between 0 and 100, not {confidence}")
    from scipy import special

    return float(special.ndtri(0.5 + confidence / 200.0))


def _alpha(confidence: float) -> float:
    z_value(confidence)  # validates
    return 1.0 - confidence / 100.0


def _floats(*arrays: ArrayLike) -> list[np.ndarray]:
    return [np.asarray(a, dtype=float) for a in np.broadcast_arrays(*arrays)]


def _labelled(labels: np.ndarray, code: np.ndarray) -> np.ndarray:
    """An object array of labels by code, of the codes' shape (0-d for scalar inputs too)."""
    return labels[np.ravel(code)].reshape(np.shape(code))


def _check_statistic(statistic: str) -> None:
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {', '.join(STATISTICS)}, not {statistic!r}")


def proportion_limits(
    numerator: ArrayLike, denominator: ArrayLike, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson (1927) score interval for numerator / denominator, on the 0–1 scale.

    The bounds are the proportions π whose score test just accepts the observed
    p̂: |p̂ − π| = z·sqrt(π(1 − π)/n). Fingertips uses it for every proportion
    because it stays inside [0, 1] and keeps its coverage for small counts and
    proportions near 0 or 1. The lower bound is computed in a form without
    cancellation (2x² / (n(2x + z² + z·sqrt(z² + 4x(n − x)/n)))), so it is exactly 0
    for x = 0 and accurate for tiny x; the upper bound is exactly 1 for x = n.
    NaN where a count is missing, the denominator is not positive, or the
    numerator is negative or above the denominator.
    """
    x, n = _floats(numerator, denominator)
    z = z_value(confidence)
    z2 = z * z
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        usable = (n > 0) & (x >= 0) & (x <= n)
        spread = z * np.sqrt(z2 + 4.0 * x * ((n - x) / n))
        low = 2.0 * x * x / (n * (2.0 * x + z2 + spread))
        high = np.where(x == n, 1.0, np.minimum((2.0 * x + z2 + spread) / (2.0 * (n + z2)), 1.0))
    return np.where(usable, low, np.nan), np.where(usable, high, np.nan)


def rate_limits(
    numerator: ArrayLike, denominator: ArrayLike, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Poisson limits for numerator / denominator, per unit of denominator.

    Below 10 events the exact limits (Garwood 1936) from the chi-squared
    distribution: lower = χ²(α/2; 2x)/2 (0 when x = 0), upper = χ²(1 − α/2; 2x + 2)/2,
    computed as the equal inverse regularised gamma functions, which also give
    the continuous extension for weighted, non-integer counts. From 10 events
    Byar's approximation, as the Fingertips technical guidance does:
    lower = x(1 − 1/(9x) − z/(3√x))³, upper = (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³.
    (Byar's lower bound is clipped at 0, which only a z above 9 could need.)
    Both are divided by the denominator; the caller multiplies. NaN where a
    count is missing, the denominator is not positive or the numerator negative.
    """
    from scipy import special

    x, n = _floats(numerator, denominator)
    alpha = _alpha(confidence)
    z = z_value(confidence)
    with np.errstate(invalid="ignore"):
        usable = (n > 0) & (x >= 0)
    exact = usable & (x < BYAR_FROM)
    byar = usable & (x >= BYAR_FROM)
    low = np.full(x.shape, np.nan)
    high = np.full(x.shape, np.nan)
    # Counts below 10 are mostly small integers: each distinct count is inverted once.
    small, where = np.unique(x[exact], return_inverse=True)
    positive = small > 0
    below = special.gammaincinv(np.where(positive, small, 1.0), alpha / 2)
    # 0 events give 0; so does a subnormal count, where the limit underflows (scipy says NaN).
    below = np.where(positive & ~np.isnan(below), below, 0.0)
    low[exact] = below[where]
    high[exact] = special.gammainccinv(small + 1.0, alpha / 2)[where]
    large = x[byar]
    low[byar] = large * np.maximum(1.0 - 1.0 / (9.0 * large) - z / (3.0 * np.sqrt(large)), 0) ** 3
    above = large + 1.0
    high[byar] = above * (1.0 - 1.0 / (9.0 * above) + z / (3.0 * np.sqrt(above))) ** 3
    with np.errstate(invalid="ignore", divide="ignore"):
        return low / n, high / n


def limits(
    statistic: Statistic,
    numerator: ArrayLike,
    denominator: ArrayLike,
    multiplier: ArrayLike,
    confidence: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The confidence interval in the indicator's unit: Wilson or Poisson, times the multiplier."""
    _check_statistic(statistic)
    bounds = proportion_limits if statistic == "proportion" else rate_limits
    low, high = bounds(numerator, denominator, confidence)
    scale = np.asarray(multiplier, dtype=float)
    return low * scale, high * scale


def value(
    statistic: Statistic, numerator: ArrayLike, denominator: ArrayLike, multiplier: ArrayLike
) -> np.ndarray:
    """numerator / denominator × multiplier; NaN where the denominator is not positive.

    ``statistic`` is taken for symmetry with :func:`limits`: a proportion and a
    rate compute their value alike.
    """
    _check_statistic(statistic)
    x, n, scale = _floats(numerator, denominator, multiplier)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, x / n * scale, np.nan)


def significance(
    value: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    comparator: ArrayLike,
    direction: Direction | ArrayLike,
) -> np.ndarray:
    """Fingertips' comparison with a benchmark: is the comparator outside the interval?

    The interval is closed: a comparator equal to a limit is "similar". A
    comparator below the interval means the municipality is significantly
    higher: "better" when higher is better, "worse" when lower is, "higher"
    for a neutral indicator; above it, "worse", "better" or "lower".
    "not compared" where the value, a limit or the comparator is missing.
    ``direction`` is one string for every row or an array of them.
    """
    v, lo, hi, comp = _floats(value, low, high, comparator)
    wanted = np.asarray(direction)
    is_higher, is_lower = wanted == "higher", wanted == "lower"
    unknown = ~(is_higher | is_lower | (wanted == "neutral"))
    if unknown.any():
        bad = sorted({str(d) for d in np.atleast_1d(wanted)[np.atleast_1d(unknown)]})
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {bad}")
    # Codes into _SIGNIFICANCE_LABELS: similar, better, worse, higher, lower, not compared.
    when_above = np.select([is_higher, is_lower], [1, 2], 3).astype(np.int8)
    when_below = np.select([is_higher, is_lower], [2, 1], 4).astype(np.int8)
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(hi) | np.isnan(comp)
    code = np.select([missing, comp < lo, comp > hi], [np.int8(5), when_above, when_below], 0)
    return _labelled(_SIGNIFICANCE_LABELS, code)


def _count_below(expected: np.ndarray, q: float) -> np.ndarray:
    """The count L whose exact upper Poisson limit is E: Q(L + 1, E) = q, or 0 if e^-E ≥ q.

    Q is the regularised upper incomplete gamma function, increasing and
    continuous in L; Q(E + 2, E) ≥ 1/2 > q brackets the root. Bisection.
    """
    from scipy import special

    low, high = np.zeros_like(expected), expected + 1.0
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (low + high)
        short = special.gammaincc(mid + 1.0, expected) < q
        low, high = np.where(short, mid, low), np.where(short, high, mid)
    return np.where(np.exp(-expected) >= q, 0.0, 0.5 * (low + high))


def _count_above(expected: np.ndarray, q: float) -> np.ndarray:
    """The count U whose exact lower Poisson limit is E: P(U, E) = q. Bisection.

    P is the regularised lower incomplete gamma function, decreasing and
    continuous in U, from 1 at U → 0; the upper end of the bracket is widened
    until P falls below q (E + 6√E + 40 already does for q ≥ 1e-12).
    """
    from scipy import special

    low, high = np.zeros_like(expected), expected + 6.0 * np.sqrt(expected) + 40.0
    for _ in range(_BISECTION_STEPS):
        short = special.gammainc(high, expected) >= q
        if not short.any():
            break
        high = np.where(short, 2.0 * high, high)
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (low + high)
        short = special.gammainc(mid, expected) > q
        low, high = np.where(short, mid, low), np.where(short, high, mid)
    return 0.5 * (low + high)


def _log_grid(start: float, stop: float) -> np.ndarray:
    return np.linspace(start, stop, int(np.ceil((stop - start) * _GRID_DENSITY)) + 2)


def _poisson_counts(expected: np.ndarray, q: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson funnel counts (L, U) for any expected counts; 0 for E = 0, NaN if missing.

    Few rows are bisected directly. For many, one gammainc per row per step
    (~0.4 µs) would take seconds, so the counts are bisected on a grid of 64
    points per unit of log E spanning the data and interpolated by a cubic
    spline in log E, on scales where they are nearly linear: √U − √E, and
    (L − E)/√E from E₀ = −ln q, where L leaves 0. The interpolation error is
    below 1e-9 of E (tested against direct bisection).
    """
    from scipy.interpolate import CubicSpline

    e = np.asarray(expected, dtype=float)
    lower = np.where(e == 0, 0.0, np.nan)
    upper = lower.copy()
    with np.errstate(invalid="ignore"):
        positive = np.isfinite(e) & (e > 0)
    values = e[positive]
    if values.size == 0:
        return lower, upper
    logs = np.log(values)
    pad = 1.0 / _GRID_DENSITY
    start, stop = float(logs.min()) - pad, float(logs.max()) + pad
    if values.size <= 2 * _log_grid(start, stop).size:
        lower[positive], upper[positive] = _count_below(values, q), _count_above(values, q)
        return lower, upper
    grid = _log_grid(start, stop)
    grid_e = np.exp(grid)
    spline = CubicSpline(grid, np.sqrt(_count_above(grid_e, q)) - np.sqrt(grid_e))
    upper[positive] = (spline(logs) + np.sqrt(values)) ** 2
    kink = float(np.log(-np.log(q)))
    counts = np.zeros_like(values)
    leaves = logs > kink
    if leaves.any():
        grid = _log_grid(max(start, kink), stop)
        grid_e = np.exp(grid)
        spline = CubicSpline(grid, (_count_below(grid_e, q) - grid_e) / np.sqrt(grid_e))
        inside = values[leaves]
        counts[leaves] = np.maximum(spline(logs[leaves]) * np.sqrt(inside) + inside, 0.0)
    lower[positive] = counts
    return lower, upper


def funnel_limits(
    statistic: Statistic,
    target: ArrayLike,
    denominator: ArrayLike,
    multiplier: ArrayLike,
    confidence: float,
    tau2: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Funnel plot control limits around ``target`` for each denominator, in the indicator's unit.

    Without overdispersion (``tau2 == 0``), as the Fingertips technical guidance
    and PHEindicatormethods draw them (Spiegelhalter 2005):

    * proportion: the observed proportion at which the Wilson interval's bound
      meets the target p₀ = target / multiplier, which is the score test's
      p₀ ± z·sqrt(p₀(1 − p₀)/n), clipped to [0, 1];
    * rate: exact Poisson limits for the expected count E = p₀·n: the lower
      limit count L is the count whose exact upper limit is E, the upper U the
      count whose exact lower limit is E (continuous in the count; L = 0 when no
      L ≥ 0 qualifies); the limits are L/n and U/n times the multiplier. For
      many rows L and U are interpolated from a fine grid of E, to 1e-9 of E.

    With ``tau2 > 0`` (an additive random effect, Spiegelhalter 2005 QSHC, as
    FunnelPlotR): proportions on the arcsine-square-root scale,
    sin²(clip(asin√p₀ ± z·sqrt(1/(4n) + τ²), 0, π/2)); rates on the square-root
    scale of O/E, target·max(0, 1 ± z·sqrt(1/(4E) + τ²))². τ² comes from
    :func:`overdispersion`. NaN where the denominator is missing or not
    positive, or the target is missing, negative or (proportions) above the multiplier.
    """
    _check_statistic(statistic)
    if not tau2 >= 0.0:
        raise ValueError(f"tau2 must be a non-negative number, not {tau2}")
    t, n, scale = _floats(target, denominator, multiplier)
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p0 = t / scale
        ceiling = 1.0 if statistic == "proportion" else np.inf
        usable = (n > 0) & (p0 >= 0) & (p0 <= ceiling) & np.isfinite(p0 * n)
        if statistic == "proportion":
            if tau2 == 0.0:
                spread = z * np.sqrt(p0 * (1.0 - p0) / n)
                low, high = np.clip(p0 - spread, 0, 1), np.clip(p0 + spread, 0, 1)
            else:
                theta = np.arcsin(np.sqrt(p0))
                spread = z * np.sqrt(0.25 / n + tau2)
                low = np.sin(np.clip(theta - spread, 0, np.pi / 2)) ** 2
                high = np.sin(np.clip(theta + spread, 0, np.pi / 2)) ** 2
            low, high = low * scale, high * scale
        else:
            expected = np.where(usable, p0 * n, np.nan)
            if tau2 == 0.0:
                counts_l, counts_u = _poisson_counts(expected, _alpha(confidence) / 2)
                low, high = counts_l / n * scale, counts_u / n * scale
            else:
                spread = z * np.sqrt(0.25 / expected + tau2)
                low = np.where(expected > 0, t * np.maximum(1.0 - spread, 0.0) ** 2, 0.0)
                high = np.where(expected > 0, t * (1.0 + spread) ** 2, 0.0)
    return np.where(usable, low, np.nan), np.where(usable, high, np.nan)


def overdispersion(
    statistic: Statistic,
    numerator: ArrayLike,
    denominator: ArrayLike,
    target: ArrayLike,
    multiplier: ArrayLike,
) -> tuple[float, float]:
    """(φ, τ²): how much more the rows vary than chance allows (Spiegelhalter 2005 QSHC).

    As FunnelPlotR: z-scores on a variance-stabilising scale (proportions:
    (asin√(x/n) − asin√p₀)/s with s = 1/(2√n); rates: (√(O/E) − 1)/s with
    s = 1/(2√E)) are winsorised at their 10 % and 90 % quantiles (linear, R's
    type 7) so a few true outliers do not inflate the estimate; φ is the mean
    squared winsorised z over the I usable rows. The additive random-effect
    variance is τ² = max(0, (Iφ − (I − 1)) / (Σw − Σw²/Σw)) with w = 1/s², and 0
    when Iφ < I − 1. Winsorising shrinks φ: with no overdispersion it is about
    0.68 (E[min(Z², c²)] for c = Φ⁻¹(0.9)), not 1, so τ² is 0 there. Rows with
    a missing count, a non-positive denominator (or expected count), or
    (proportions) a numerator outside [0, denominator] are left out; fewer than
    two rows give (nan, 0.0).
    """
    _check_statistic(statistic)
    x, n, t, scale = _floats(numerator, denominator, target, multiplier)
    with np.errstate(invalid="ignore", divide="ignore"):
        p0 = t / scale
        if statistic == "proportion":
            usable = (n > 0) & (x >= 0) & (x <= n) & (p0 >= 0) & (p0 <= 1)
            s = 0.5 / np.sqrt(n)
            z = (np.arcsin(np.sqrt(x / n)) - np.arcsin(np.sqrt(p0))) / s
        else:
            expected = p0 * n
            usable = (n > 0) & (x >= 0) & (expected > 0)
            s = 0.5 / np.sqrt(expected)
            z = (np.sqrt(x / expected) - 1.0) / s
        usable &= np.isfinite(z)
    z, s = z[usable], s[usable]
    count = z.size
    if count < 2:
        return float("nan"), 0.0
    bottom, top = np.quantile(z, [0.1, 0.9])
    phi = float(np.mean(np.clip(z, bottom, top) ** 2))
    if count * phi < count - 1:
        return phi, 0.0
    w = 1.0 / s**2
    tau2 = (count * phi - (count - 1)) / (w.sum() - (w**2).sum() / w.sum())
    return phi, max(0.0, float(tau2))


def funnel_class(
    value: ArrayLike, low95: ArrayLike, high95: ArrayLike, low998: ArrayLike, high998: ArrayLike
) -> np.ndarray:
    """Where each value falls on the funnel: one of :data:`FUNNEL`, "" when missing.

    A value equal to a limit is within it. "" where the value or any limit is
    missing (a row without limits has not been judged).
    """
    v, lo95, hi95, lo998, hi998 = _floats(value, low95, high95, low998, high998)
    missing = np.isnan(v) | np.isnan(lo95) | np.isnan(hi95) | np.isnan(lo998) | np.isnan(hi998)
    code = np.select([missing, v > hi998, v > hi95, v < lo998, v < lo95], [5, 0, 1, 4, 3], 2)
    return _labelled(_FUNNEL_LABELS, code)
