"""The uncertainty of DEA efficiencies: a bias-corrected efficiency and an interval.

:func:`bootstrap` gives each unit a bias-corrected efficiency and an interval.
The bias correction is Simar & Wilson's (1998, *Management Science* 44:49)
smoothed bootstrap, as Benchmarking's ``dea.boot``: efficiencies are drawn from
a kernel estimate of their density reflected at 1 (Silverman's rule for the
bandwidth, on the inefficient units' distances and their mirror images, with
the correction for the reflected sample; the draws rescaled to the sample's
variance), the frontier units' data are moved by the drawn inefficiency, and
every unit is measured against each such pseudo-frontier; the bias-corrected
efficiency is twice the estimate less the replicates' mean. All this is done
on Shephard distances (``1/θ`` for inputs, ``φ`` for outputs), which are at
least 1, as Simar & Wilson write it.

The interval is not that bootstrap's. Checked step by step against Simar &
Wilson (1998, 2000) and ``dea.boot`` (reflection, bandwidth, rescaling,
pseudo-data ``x·θ̂/θ*``, the basic interval from ``δ̂ − δ̂*``), it is computed
as published, and on a known frontier (``tests/test_dea.py``: one input, one
output, variable returns, 30 units) its 95 % interval covered the true
efficiency for 80 % of units (400 replicates: 81 %): the pseudo-frontiers are
the estimated frontier moved out, so the replicates miss part of the estimate's
own error at a few dozen units; Kneip, Simar & Wilson (2008, *Econometric
Theory* 24:1663) prove consistency only for subsampling and for a bootstrap that
also smooths the frontier. The interval is therefore the m-out-of-n bootstrap of
Kneip, Simar & Wilson (2008) as Simar & Wilson (2011, *Journal of Productivity
Analysis* 36:205) apply it: frontiers of m < n units drawn with replacement,
the estimator's known rate ``n^κ`` carrying the subsamples' error over to the
whole sample's (:func:`_subsample_interval`), and m chosen per unit by the
minimum-volatility rule they recommend. Subsampling rather than their
double-smoothed bootstrap: it needs no second bandwidth, is proven consistent
for any number of inputs and outputs, and each subsample's programme is
smaller than the sample's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from benchlearn.analysis.dea import (
    ONE_TOLERANCE,
    Orientation,
    Returns,
    checked,
    peer_mask,
    radial,
    returns_rows,
    set_pairs,
)
from benchlearn.errors import BenchlearnError

#: A distance above 1 by more than this is inefficient in the bandwidth (as ``dea.boot``).
_INEFFICIENT = 1e-6
#: Weights (units × reference units × replicates) in one bootstrap programme: batches of
#: replicates start the solver less often, but HiGHS slows on programmes much larger.
_BATCH_WEIGHTS = 20_000


@dataclass(frozen=True)
class Bootstrap:
    """Every unit's bias-corrected efficiency and interval (Farrell's measure, oriented as
    the estimate), with the smoothed bootstrap's bandwidth, the replicates (for each
    subsample size tried) and each unit's chosen subsample size."""

    efficiency: np.ndarray  # (n,)
    bias_corrected: np.ndarray  # (n,)
    low: np.ndarray  # (n,)
    high: np.ndarray  # (n,)
    bandwidth: float
    replicates: int
    confidence: float
    subsample: np.ndarray  # (n,): the m of each unit's interval


def bandwidth(distances: np.ndarray) -> float:
    """Silverman's rule on the inefficient units' distances and their reflections at 1,
    scaled to the whole sample as ``dea.boot`` does; a sample without an inefficient unit
    has no spread to draw from."""
    inefficient = distances[distances > 1 + _INEFFICIENT]
    if len(inefficient) < 2:
        raise BenchlearnError.of("dea_boot_degenerate", {})
    mirrored = np.concatenate([inefficient, 2 - inefficient])
    adjust = np.std(distances, ddof=1) / np.std(mirrored, ddof=1)
    adjust *= (len(mirrored) / len(distances)) ** 0.2
    spread = float(np.std(mirrored, ddof=1))
    q75, q25 = np.percentile(mirrored, [75, 25])
    iqr = (q75 - q25) / 1.349
    if 1e-6 < iqr < spread:
        spread = iqr
    return float(adjust * 0.9 * spread * len(mirrored) ** -0.2)


def _draw(distances: np.ndarray, h: float, rng: np.random.Generator) -> np.ndarray:
    """One smoothed draw of every unit's distance, reflected at 1 (Simar & Wilson's step 2)."""
    mirrored = np.concatenate([distances, 2 - distances])
    beta = rng.choice(mirrored, size=len(distances), replace=True)
    smoothed = beta + h * rng.standard_normal(len(distances))
    centre = beta.mean()
    drawn = centre + (smoothed - centre) / np.sqrt(1 + h**2 / np.var(mirrored, ddof=1))
    return np.where(drawn < 1, 2 - drawn, drawn)


def _reachable(
    x: np.ndarray,
    y: np.ndarray,
    x_ref: np.ndarray,
    y_ref: np.ndarray,
    orientation: str,
    returns: str,
    reference: np.ndarray | None,
) -> np.ndarray:
    """Whether each set's reference units (``(sets, k, ·)``) can make each unit's outputs
    (input orientation) or work with its inputs (output orientation), ``(sets, n)``.

    A subsample may lack every unit that makes as much as a unit does, and then no radial
    factor exists (Benchmarking's NA). One programme finds the shortfall: per block the
    smallest ``Σ e`` (scaled by the set's largest value) with ``Σλ y_ref + e ≥ y`` (or
    ``Σλ x_ref − e ≤ x``) under the returns row; a unit is reachable when it is 0.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    sets, k, _ = x_ref.shape
    n = x.shape[0]
    own, ref, sign = (y, y_ref, -1.0) if orientation == "input" else (x, x_ref, 1.0)
    q = own.shape[1]
    count = sets * n
    blocks, rows_of = set_pairs(reference, sets, n, k)
    pairs = len(blocks)
    ref_all = ref.reshape(-1, q)
    rows = np.concatenate([np.repeat(blocks * q, q) + np.tile(np.arange(q), pairs),
                           np.arange(count * q)])  # fmt: skip
    cols = np.concatenate([np.repeat(np.arange(pairs), q), pairs + np.arange(count * q)])
    vals = np.concatenate([sign * ref_all[rows_of].ravel(), -np.ones(count * q)])
    width = pairs + count * q
    a_ub = sparse.csr_matrix((vals, (rows, cols)), shape=(count * q, width))
    rhs = sign * np.tile(own, (sets, 1)).ravel()
    scale = np.maximum(np.abs(ref_all).max(axis=0), np.abs(own).max(axis=0))
    scale = np.where(scale > 0, scale, 1.0)
    cost = np.concatenate([np.zeros(pairs), np.tile(1 / scale, count)])
    extra_ub, extra_b, a_eq, b_eq = returns_rows(returns, blocks, np.arange(pairs), count, width)
    if extra_ub is not None and extra_b is not None:
        a_ub = sparse.vstack([a_ub, extra_ub]).tocsr()
        rhs = np.concatenate([rhs, extra_b])
    solved = linprog(cost, A_ub=a_ub, b_ub=rhs, A_eq=a_eq, b_eq=b_eq, bounds=(0, None),
                     method="highs")  # fmt: skip
    if solved.status != 0:
        raise BenchlearnError.of("dea_not_solved", {"reason": solved.message})
    shortfall = np.asarray(solved.x[pairs:], dtype=float).reshape(count, q) / scale
    return (shortfall.max(axis=1) <= ONE_TOLERANCE).reshape(sets, n)


def _reach(
    x: np.ndarray,
    y: np.ndarray,
    x_ref: np.ndarray,
    y_ref: np.ndarray,
    orientation: str,
    returns: str,
    reference: np.ndarray | None,
) -> np.ndarray:
    """:func:`_reachable`, with its programme kept for the units the plain cases leave open:
    a drawn unit that makes at least as much of every output (input orientation; uses no
    more of any input, output orientation) reaches a unit on its own under any returns;
    an output above every drawn unit's (an input below), where the weights sum to at most
    (at least) 1, is out of reach."""
    own, ref = (y, y_ref) if orientation == "input" else (-x, -x_ref)
    allowed: np.ndarray = np.ones((x_ref.shape[0], len(x), x_ref.shape[1]), dtype=bool)
    if reference is not None:
        allowed = np.broadcast_to(reference, allowed.shape)
    covers = (ref[:, None, :, :] >= own[None, :, None, :]).all(axis=3)
    reach: np.ndarray = np.asarray((covers & allowed).any(axis=2), dtype=bool)
    bounded = returns in (("vrs", "drs") if orientation == "input" else ("vrs", "irs"))
    out = np.zeros_like(reach)
    if bounded:
        most = np.where(allowed[..., None], ref[:, None, :, :], -np.inf).max(axis=2)
        out = np.asarray((own[None] > most).any(axis=2), dtype=bool)
    open_ = ~reach & ~out
    if open_.any():
        sets = np.flatnonzero(open_.any(axis=1))
        within = None if reference is None else reference[sets]
        found = _reachable(x, y, x_ref[sets], y_ref[sets], orientation, returns, within)
        reach[sets] |= found & open_[sets]
    return reach


def subsample_sizes(units: int) -> np.ndarray:
    """The subsample sizes m tried: ``⌊n^γ⌋`` for γ from 0.5 to 0.85 in eight steps, each
    at least 2 and below n. The m-out-of-n bootstrap needs m → ∞ and m/n → 0; above
    n^0.85 a network of a few dozen leaves m/n ≥ 0.6, too little subsampling (on the known
    frontier of ``tests/test_dea.py`` a grid to n^0.95 let the rule pick m = 21 of 30
    and covered 88 %, against 92 % to n^0.85)."""
    sizes = np.floor(units ** np.linspace(0.5, 0.85, 8)).astype(int)
    return np.unique(np.clip(sizes, 2, max(2, units - 1)))


def rate(inputs: int, outputs: int, returns: str) -> float:
    """The DEA estimator's rate of convergence κ: ``n^κ (θ̂ − θ)`` has a limit law;
    2/(p+q+1) on a convex frontier (Kneip, Park & Simar 1998), 2/(p+q) under constant
    returns (Park, Jeong & Simar 2010)."""
    return 2 / (inputs + outputs + (0 if returns == "crs" else 1))


def _subsample_ratios(
    x: np.ndarray,
    y: np.ndarray,
    distance: np.ndarray,
    orientation: str,
    returns: str,
    mask: np.ndarray | None,
    draws: np.ndarray,
) -> np.ndarray:
    """``m^κ (δ̂*_m / δ̂ − 1)`` for every unit (rows) and replicate (columns): each unit's
    Shephard distance against a frontier of the m units ``draws`` holds per replicate, relative
    to its estimate. A unit the subsample cannot reach has distance 0 (input orientation:
    no finite input makes its outputs; output: its inputs make nothing), ratio ``−m^κ``."""
    n, p = x.shape
    q = y.shape[1]
    kappa = rate(p, q, returns)
    replicates, size = draws.shape
    ratios = np.empty((n, replicates))
    batch = max(1, _BATCH_WEIGHTS // (n * size))
    for first in range(0, replicates, batch):
        count = min(batch, replicates - first)
        drawn = draws[first : first + count]
        x_ref, y_ref = x[drawn], y[drawn]
        # A unit drawn twice is one reference unit: its copies get no weight variable.
        first_draw = np.ones((count, size), dtype=bool)
        order = np.argsort(drawn, axis=1, kind="stable")
        ranked = np.take_along_axis(drawn, order, axis=1)
        np.put_along_axis(first_draw, order[:, 1:], ranked[:, 1:] != ranked[:, :-1], axis=1)
        within = np.repeat(first_draw[:, None, :], n, axis=1)
        if mask is not None:
            within &= mask[:, drawn].transpose(1, 0, 2)
        if orientation == "input" and (x == 0).any():  # θ·0 bounds such an input at 0
            within &= ~((x[None, :, None, :] == 0) & (x_ref[:, None, :, :] > 0)).any(axis=3)
        empty = ~within.any(axis=2)  # no allowed unit drawn: nothing to compare with
        within[empty] = first_draw[np.nonzero(empty)[0]]  # a stand-in, set aside below
        reach = _reach(x, y, x_ref, y_ref, orientation, returns, within) & ~empty
        x_eval = np.repeat(x[None], count, axis=0)
        y_eval = np.repeat(y[None], count, axis=0)
        # An unreachable unit is measured as a stand-in that any weights serve (the most of
        # every input drawn, and no output in input orientation); its factor is set aside.
        x_eval[~reach] = np.repeat(x_ref.max(axis=1)[:, None], n, axis=1)[~reach]
        if orientation == "input":
            y_eval[~reach] = 0.0
        factor = radial(x_eval, y_eval, x_ref, y_ref, orientation, returns, within)
        star = 1 / factor if orientation == "input" else factor
        star[~reach] = 0.0
        ratios[:, first : first + count] = (size**kappa * (star / distance - 1)).T
    return ratios


def _subsample_interval(
    x: np.ndarray,
    y: np.ndarray,
    distance: np.ndarray,
    orientation: str,
    returns: str,
    mask: np.ndarray | None,
    replicates: int,
    confidence: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every unit's interval for its Shephard distance by the m-out-of-n bootstrap
    (Kneip, Simar & Wilson 2008; Simar & Wilson 2011), with m chosen per unit by the
    minimum-volatility rule: (low, high, m).

    With quantiles ``c`` of ``m^κ (δ̂*_m / δ̂ − 1)``, which stand for those of
    ``n^κ (δ̂ / δ − 1)``, the interval is ``δ̂ / (1 + n^−κ c_{1−α/2})`` to
    ``δ̂ / (1 + n^−κ c_{α/2})``. For each m of :func:`subsample_sizes` the ends are
    computed; the m whose ends move least over it and its two neighbours (the sum of
    the two ends' standard deviations) is taken, as Politis, Romano & Wolf (1999, §9.3)
    advise and Simar & Wilson (2011) do.
    """
    n, p = x.shape
    scale = float(n) ** -rate(p, y.shape[1], returns)
    alpha = 1 - confidence / 100
    sizes = subsample_sizes(n)
    lows, highs = np.empty((len(sizes), n)), np.empty((len(sizes), n))
    # Each replicate's subsamples are nested, the first m of one sequence of draws, so the
    # ends change with m, not with fresh draws, and their volatility shows m's effect.
    draws = rng.integers(0, n, (replicates, int(sizes[-1])))
    for j, size in enumerate(sizes):
        ratios = _subsample_ratios(x, y, distance, orientation, returns, mask,
                                   draws[:, :size])  # fmt: skip
        c_low, c_high = np.quantile(ratios, [alpha / 2, 1 - alpha / 2], axis=1,
                                    method="median_unbiased")  # fmt: skip
        lows[j], highs[j] = distance / (1 + scale * c_high), distance / (1 + scale * c_low)
    volatility = np.full((len(sizes), n), np.inf)
    for j in range(len(sizes)):
        if len(sizes) >= 3 and j in (0, len(sizes) - 1):
            continue  # an end of the grid has one neighbour only
        near = slice(max(0, j - 1), j + 2)
        volatility[j] = lows[near].std(axis=0) + highs[near].std(axis=0)
    chosen = volatility.argmin(axis=0)
    units = np.arange(n)
    return lows[chosen, units], highs[chosen, units], sizes[chosen]


def bootstrap(
    inputs: np.ndarray | Sequence[Sequence[float]],
    outputs: np.ndarray | Sequence[Sequence[float]],
    *,
    orientation: Orientation = "input",
    returns: Returns = "vrs",
    n: int = 2000,
    seed: int = 0,
    confidence: float = 95.0,
    reference: np.ndarray | None = None,
    efficiency: np.ndarray | None = None,
) -> Bootstrap:
    """Every unit's bias-corrected efficiency (Simar & Wilson's 1998 smoothed bootstrap)
    and interval (the m-out-of-n bootstrap, ``n`` replicates for each m tried; see the module).

    ``efficiency``: the estimate when already computed (:func:`farrell`'s).
    The interval's level is ``confidence`` per cent; the same ``seed`` gives
    the same replicates.
    """
    x, y = checked(inputs, outputs, orientation, returns)
    if n < 2:
        raise BenchlearnError.of("dea_boot_replicates", {"replicates": n})
    if not 0 < confidence < 100:
        raise BenchlearnError.of("dea_boot_confidence", {"confidence": confidence})
    mask = peer_mask(reference, len(x))
    if efficiency is None:
        efficiency = radial(x, y, x, y, orientation, returns, mask)
    estimate = np.asarray(efficiency, dtype=float)
    distance = 1 / estimate if orientation == "input" else estimate
    h = bandwidth(distance)
    rng = np.random.default_rng(seed)
    replicates = np.empty((len(x), n))
    batch = max(1, _BATCH_WEIGHTS // len(x) ** 2)
    for first in range(0, n, batch):  # a batch of replicates is one programme
        size = min(batch, n - first)
        drawn = np.stack([_draw(distance, h, rng) for _ in range(size)])
        if orientation == "input":  # onto the frontier, then out by the drawn distance
            x_ref = x[None] * (estimate * drawn)[:, :, None]
            y_ref = np.broadcast_to(y, (size, *y.shape))
        else:
            x_ref = np.broadcast_to(x, (size, *x.shape))
            y_ref = y[None] * (estimate / drawn)[:, :, None]
        factor = radial(x, y, x_ref, y_ref, orientation, returns, mask)
        replicates[:, first : first + size] = (1 / factor if orientation == "input" else factor).T
    corrected = 2 * distance - replicates.mean(axis=1)
    low, high, sizes = _subsample_interval(x, y, distance, orientation, returns, mask, n,
                                           confidence, rng)  # fmt: skip
    if orientation == "input":  # back to Farrell's input measure: the ends swap
        corrected, low, high = 1 / corrected, 1 / high, 1 / low
    return Bootstrap(estimate, corrected, low, high, h, n, confidence, sizes)
