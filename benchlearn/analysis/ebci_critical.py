"""The robust critical value cva_α(m₂, κ) of Armstrong, Kolesár & Plagborg-Møller (2022).

An empirical-Bayes estimate ``θ̂ = Xδ + w (Y − Xδ)`` is biased for the unit's
true value θ by ``(w − 1)(θ − Xδ)``. Divided by the estimate's standard error
``w σ`` this *normalized bias* ``b`` is unknown for each unit, but its moments
across units are not: ``E b² = m₂ = σ²/μ₂`` (for the EB weight) and
``E b⁴ / m₂² = κ``, the kurtosis of θ − Xδ. The interval ``θ̂ ± χ w σ`` misses
θ with probability ``r(b², χ) = Φ(−b − χ) + Φ(b − χ)`` given b, so its
*average* non-coverage over units is ``E r(t, χ)`` with ``t = b²``. The robust
critical value is the smallest χ for which the largest possible average
non-coverage, over every distribution of t ≥ 0 with ``E t = m₂`` and
``E t² ≤ κ m₂²``, is α. Whatever the distribution of the true values, the
intervals then cover 1 − α of the units on average (the paper's Theorem; the
parametric interval ``θ̂ ± z √w σ`` assumes θ normal and can cover far fewer).

The inner problem is a linear programme over distributions; this module solves
it in the primal without a grid:

* ``r(·, χ)`` is convex then concave in t (for χ² ≥ 3; concave throughout
  otherwise). With the mean constraint alone the worst case is its least
  concave majorant at m₂: the chord from (0, r(0)) to the tangent point t₀,
  where ``r(t₀) − t₀ r′(t₀) = r(0)``, then r itself. The worst distribution
  puts mass on 0 and t₀ (or all on m₂ when m₂ ≥ t₀).
* When that two-point distribution breaks the kurtosis bound (κ m₂ < t₀) the
  bound binds, and the paper shows the worst case has two support points
  a < m₂ < c. Both moment equalities fix c and the weights once a is chosen:
  ``c = a + V/(m₂ − a)`` and ``P(c) = (m₂ − a)²/V`` with
  ``V = κ m₂² − 2 a m₂ + a²`` (the second moment about a), so the problem is a
  one-dimensional maximisation over a ∈ [0, m₂): a dense grid finds the right
  hill (there can be two, as the package's notes say) and Brent's method
  polishes it.

χ is then found by Brent's root finder between the critical value for a
known bias ``√m₂`` (κ = 1, the smallest) and the one for κ = ∞. The R package
ebci (Kolesár) solves the same problem through its dual; its printed values
are checked in ``tests/test_ebci.py``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special, stats

#: Points of the grid over the lower support point a (geometric near 0, where
#: the worst case often lies, then even).
GRID = 400
#: Tolerance of the root finders, as the R package's ``tol``.
TOL = 1e-12


def _phi(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def non_coverage(t: np.ndarray | float, chi: float) -> np.ndarray:
    """r(t, χ): the chance that |Z + √t| > χ for standard normal Z.

    The normal tails are used, not the non-central χ², which loses accuracy far
    beyond the critical value; they are kept there too (√t − χ = 5 still leaves
    Φ(−5) ≈ 3e-7, which a check against a linear programme sees).
    """
    root = np.sqrt(np.asarray(t, dtype=float))
    return np.asarray(special.ndtr(-root - chi) + special.ndtr(root - chi))


def _slope(t: float, chi: float) -> float:
    """∂r/∂t, with its limit χ φ(χ) at t = 0."""
    if t < 1e-8:
        return float(chi * _phi(np.asarray(chi)))
    root = math.sqrt(t)
    return float((_phi(np.asarray(root - chi)) - _phi(np.asarray(root + chi))) / (2 * root))


def tangent_point(chi: float) -> float:
    """t₀: where the tangent to r(·, χ) passes through (0, r(0)); 0 when r is concave.

    r is concave in t for χ² < 3. Otherwise ``f(t) = r(t) − t r′(t) − r(0)`` is
    negative between 0 and t₀ (convex part, then until the tangent) and positive
    after, and t₀ lies beyond the inflection point, which is above χ² − 3.
    """
    if chi * chi < 3:
        return 0.0
    r0 = float(non_coverage(0.0, chi))

    def gap(t: float) -> float:
        return float(non_coverage(t, chi)) - t * _slope(t, chi) - r0

    low = max(chi * chi - 3, 1e-10)
    if gap(low) >= 0:
        return low
    high = 2 * chi * chi
    while gap(high) < 0:
        low, high = high, 2 * high
    return float(optimize.brentq(gap, low, high, xtol=TOL, rtol=4 * np.finfo(float).eps))


def worst_non_coverage(m2: float, kappa: float, chi: float) -> float:
    """ρ(m₂, κ, χ): the largest average non-coverage of ``θ̂ ± χ w σ``.

    The maximum of ``E r(t, χ)`` over distributions of t ≥ 0 with mean m₂ and
    second moment at most κ m₂² (κ ≥ 1; ``math.inf`` for no bound).
    """
    if kappa == 1 or m2 == 0:
        return float(non_coverage(m2, chi))
    t0 = tangent_point(chi)
    if m2 >= t0:
        return float(non_coverage(m2, chi))
    r0 = float(non_coverage(0.0, chi))
    chord = r0 + m2 * (float(non_coverage(t0, chi)) - r0) / t0
    if kappa * m2 >= t0:
        return chord

    def two_points(a: np.ndarray) -> np.ndarray:
        spread = kappa * m2 * m2 - 2 * a * m2 + a * a
        gap = m2 - a
        upper = a + spread / gap
        p_upper = gap * gap / spread
        return np.asarray((1 - p_upper) * non_coverage(a, chi) + p_upper * non_coverage(upper, chi))

    grid = np.unique(
        np.concatenate(
            [
                [0.0],
                m2 * np.geomspace(1e-9, 1, GRID // 2, endpoint=False),
                np.linspace(0, m2, GRID // 2, endpoint=False),
            ]
        )
    )
    values = two_points(grid)
    best = int(np.argmax(values))
    low = grid[max(best - 1, 0)]
    high = grid[best + 1] if best + 1 < grid.size else m2
    polished = optimize.minimize_scalar(
        lambda a: -float(two_points(np.asarray(a))),
        bounds=(low, high),
        method="bounded",
        options={"xatol": 1e-14 * max(m2, 1e-300)},
    )
    return float(max(values[best], -polished.fun, non_coverage(m2, chi)))


def known_bias_critical_value(bias: float, alpha: float) -> float:
    """The critical value when the normalized bias is exactly ``bias`` (κ = 1).

    The 1 − α quantile of |N(bias, 1)|: the root of the non-central χ²₁ quantile,
    or bias + z₁₋α once the far tail no longer matters (bias ≥ 10).
    """
    if bias >= 10:
        return float(bias + stats.norm.ppf(1 - alpha))
    if bias == 0:
        return float(stats.norm.ppf(1 - alpha / 2))
    return float(math.sqrt(stats.ncx2.ppf(1 - alpha, 1, bias * bias)))


def cva(m2: float, kappa: float = math.inf, alpha: float = 0.05) -> float:
    """cva_α(m₂, κ): the robust EBCI critical value.

    The smallest χ with ``ρ(m₂, κ, χ) ≤ α``. It lies between the known-bias
    value (κ = 1) and the κ = ∞ value, which itself is below Chebyshev's bound
    ``√((1 + m₂)/α)``. ``m2`` is the second moment of the normalized bias, ``kappa``
    the kurtosis bound (``math.inf`` for none), ``1 − alpha`` the confidence.
    """
    if not m2 < math.inf:
        raise ValueError("m2 must be finite")
    if kappa == 1 or m2 == 0:
        return known_bias_critical_value(math.sqrt(m2), alpha)
    low = known_bias_critical_value(math.sqrt(m2), alpha) - 0.01
    chebyshev = math.sqrt((1 + m2) / alpha)

    def chord_excess(chi: float) -> float:
        return worst_non_coverage(m2, math.inf, chi) - alpha

    if abs(chord_excess(chebyshev)) < 9e-6:
        high = chebyshev
    else:
        high = float(optimize.brentq(chord_excess, low, chebyshev, xtol=TOL))
    if kappa == math.inf or worst_non_coverage(m2, kappa, high) - alpha >= -1e-5:
        return high
    return float(
        optimize.brentq(lambda chi: worst_non_coverage(m2, kappa, chi) - alpha, low, high, xtol=TOL)
    )
