"""What each unit gets for its resources: data envelopment analysis (DEA).

Farrell's radial efficiency against the piecewise-linear frontier spanned by
the units (Charnes, Cooper & Rhodes 1978; Banker, Charnes & Cooper 1984 for
variable returns), reported as R's Benchmarking package reports it (Bogetoft &
Otto, ``dea()``): input orientation ``θ ≤ 1``, the share of its inputs a unit
would need if it did as well as its reference peers; output orientation
``φ ≥ 1``, the factor by which its outputs could grow. The frontier may have
variable (``vrs``: weights summing to 1), constant (``crs``), non-increasing
(``drs``: sum ≤ 1) or non-decreasing (``irs``: sum ≥ 1) returns to scale.

Each unit's envelopment problem is a small linear programme; all of them are
solved in one call to HiGHS (``scipy.optimize.linprog``) as a single
block-diagonal programme, whose optimum is every block's optimum: one solver
start for seventy schools or two thousand bootstrap replicates of them, not
one per unit. A second phase, as Benchmarking's ``SLACK=TRUE``
(``slack()``), keeps each unit's efficiency and maximises the sum of its
slacks (in the variables' own units): the input still to be saved, or output
still to be gained, after the radial contraction. The weights of that second
phase are the reference peers (those above :data:`PEER_TOLERANCE`, at most as
many as the programme's basic solution gives: no more than inputs + outputs +
1), and the targets are what the peers together use and produce.

Why our own code rather than a DEA package: the one kept on PyPI
(``Pyfrontier``, 1.1.1) builds each unit's problem in PuLP and solves it with
CBC one unit at a time, so a bootstrap of two thousand replicates would start
a solver 140 000 times for seventy units; scipy's HiGHS is already a
dependency and solves the whole set at once. An independent implementation
(PuLP with CBC, one programme per unit) made the reference figures of
``tests/data/charnes1981/REFERENCE.txt``, which the tests hold this module to.

The bootstrap of these efficiencies (bias correction and interval) is
:mod:`benchlearn.analysis.dea_bootstrap`'s; the programmes it solves are this
module's :func:`radial`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from benchlearn.errors import BenchlearnError

Orientation = Literal["input", "output"]
Returns = Literal["vrs", "crs", "drs", "irs"]
ORIENTATIONS: tuple[Orientation, ...] = ("input", "output")
RETURNS: tuple[Returns, ...] = ("vrs", "crs", "drs", "irs")
#: A weight at or below this is no reference peer (HiGHS's feasibility tolerance is 1e-7).
PEER_TOLERANCE = 1e-6
#: An efficiency this close to 1 is 1, as Benchmarking rounds lpSolve's (its ``epsint``).
ONE_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Farrell:
    """Every unit's efficiency, reference peers, slacks and targets.

    Arrays have one row per unit in the order given; ``lambdas[o, j]`` is unit
    ``j``'s weight in unit ``o``'s reference point (after the slack phase).
    Targets are that reference point: the inputs (``input_targets``) a unit
    would use and the outputs it would produce if it matched its peers.
    """

    orientation: Orientation
    returns: Returns
    efficiency: np.ndarray  # (n,)
    lambdas: np.ndarray  # (n, n)
    input_slacks: np.ndarray  # (n, inputs)
    output_slacks: np.ndarray  # (n, outputs)
    input_targets: np.ndarray  # (n, inputs)
    output_targets: np.ndarray  # (n, outputs)

    def peers(self) -> list[list[tuple[int, float]]]:
        """Each unit's reference peers as (index, weight), the heaviest first."""
        found: list[list[tuple[int, float]]] = []
        for row in self.lambdas:
            chosen = np.flatnonzero(row > PEER_TOLERANCE)
            chosen = chosen[np.argsort(-row[chosen], kind="stable")]
            found.append([(int(j), float(row[j])) for j in chosen])
        return found


def checked(
    inputs: np.ndarray | Sequence[Sequence[float]],
    outputs: np.ndarray | Sequence[Sequence[float]],
    orientation: str,
    returns: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and outputs as float matrices (one row a unit), with the choices checked."""
    if orientation not in ORIENTATIONS:
        raise BenchlearnError.of("dea_bad_orientation", {"orientation": orientation})
    if returns not in RETURNS:
        raise BenchlearnError.of("dea_bad_returns", {"returns": returns})
    x = np.atleast_2d(np.asarray(inputs, dtype=float))
    y = np.atleast_2d(np.asarray(outputs, dtype=float))
    if x.shape[0] != y.shape[0] or x.size == 0 or y.size == 0:
        raise BenchlearnError.of("dea_shapes", {"inputs": x.shape[0], "outputs": y.shape[0]})
    if not (np.isfinite(x).all() and np.isfinite(y).all()) or (x < 0).any() or (y < 0).any():
        raise BenchlearnError.of("dea_negative", {})
    return x, y


def returns_rows(
    returns: str, blocks: np.ndarray, columns: np.ndarray, n: int, width: int
) -> tuple[object | None, np.ndarray | None, object | None, np.ndarray | None]:
    """The returns-to-scale rows over each block's weights: (A_ub, b_ub, A_eq, b_eq) parts."""
    from scipy import sparse

    if returns == "crs":
        return None, None, None, None
    sign = -1.0 if returns == "irs" else 1.0
    rows = sparse.csr_matrix((np.full(len(blocks), sign), (blocks, columns)), shape=(n, width))
    rhs = np.full(n, sign)
    if returns == "vrs":
        return None, None, rows, rhs
    return rows, rhs, None, None


def _pairs(reference: np.ndarray | None, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The (evaluated, reference) index pairs that get a weight variable."""
    if reference is None:
        return np.repeat(np.arange(n), k), np.tile(np.arange(k), n)
    units, refs = np.nonzero(reference)
    return np.asarray(units), np.asarray(refs)


def set_pairs(
    reference: np.ndarray | None, sets: int, n: int, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The (block, stacked reference row) pairs that get a weight variable: block ``r·n + o``
    is set r's unit o, row ``r·k + j`` set r's reference unit j. ``reference`` is one mask
    for every set ``(n, k)`` or one per set ``(sets, n, k)``."""
    if reference is not None and reference.ndim == 3:
        within, units, refs = np.nonzero(reference)
        return within * n + units, within * k + refs
    units, refs = _pairs(reference, n, k)
    return (
        (np.arange(sets)[:, None] * n + units).ravel(),
        (np.arange(sets)[:, None] * k + refs).ravel(),
    )


def radial(
    x: np.ndarray,
    y: np.ndarray,
    x_ref: np.ndarray,
    y_ref: np.ndarray,
    orientation: str,
    returns: str,
    reference: np.ndarray | None,
) -> np.ndarray:
    """Phase one: every unit's radial factor (θ for inputs, φ for outputs) against each
    of the reference sets ``x_ref, y_ref`` (one, ``(n, ·)``, or several stacked,
    ``(r, n, ·)``: a bootstrap's replicates), all in one programme; ``(n,)`` or ``(r, n)``.

    Variables: a factor per block (replicate and unit), then one weight per
    (block, reference unit) pair. Per block, one row per input
    ``Σλ x_ref − θ x ≤ 0`` (or ``Σλ x_ref ≤ x``) and per output
    ``−Σλ y_ref ≤ −y`` (or ``−Σλ y_ref + φ y ≤ 0``).
    """
    from scipy import sparse
    from scipy.optimize import linprog

    stacked = x_ref.ndim == 3
    xs = x_ref if stacked else x_ref[None]
    ys = y_ref if stacked else y_ref[None]
    sets, k, _ = xs.shape
    n, m = x.shape[-2:]
    s = y.shape[-1]
    count = sets * n  # blocks: replicate r's unit o is block r·n + o
    blocks, rows_of = set_pairs(reference, sets, n, k)
    x_all, y_all = xs.reshape(-1, m), ys.reshape(-1, s)
    weights = count + np.arange(len(blocks))
    per = m + s
    rows = [np.repeat(blocks * per, per) + np.tile(np.arange(per), len(blocks))]
    cols = [np.repeat(weights, per)]
    vals = [np.hstack([x_all[rows_of], -y_all[rows_of]]).ravel()]
    if x.ndim == 3:  # each set measures its own points (a subsample's stand-ins)
        x_eval, y_eval = x.reshape(-1, m), y.reshape(-1, s)
    else:
        x_eval, y_eval = np.tile(x, (sets, 1)), np.tile(y, (sets, 1))
    if orientation == "input":
        rows.append((np.arange(count)[:, None] * per + np.arange(m)).ravel())
        cols.append(np.repeat(np.arange(count), m))
        vals.append(-x_eval.ravel())
        rhs = np.hstack([np.zeros((count, m)), -y_eval]).ravel()
        cost = np.concatenate([np.ones(count), np.zeros(len(blocks))])
    else:
        rows.append((np.arange(count)[:, None] * per + m + np.arange(s)).ravel())
        cols.append(np.repeat(np.arange(count), s))
        vals.append(y_eval.ravel())
        rhs = np.hstack([x_eval, np.zeros((count, s))]).ravel()
        cost = np.concatenate([-np.ones(count), np.zeros(len(blocks))])
    width = count + len(blocks)
    a_ub = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(count * per, width),
    )
    extra_ub, extra_b, a_eq, b_eq = returns_rows(returns, blocks, weights, count, width)
    if extra_ub is not None and extra_b is not None:
        a_ub = sparse.vstack([a_ub, extra_ub]).tocsr()
        rhs = np.concatenate([rhs, extra_b])
    solved = linprog(cost, A_ub=a_ub, b_ub=rhs, A_eq=a_eq, b_eq=b_eq, bounds=(0, None),
                     method="highs")  # fmt: skip
    if solved.status != 0:
        raise BenchlearnError.of("dea_not_solved", {"reason": solved.message})
    factor = np.asarray(solved.x[:count], dtype=float)
    factor[np.abs(factor - 1) < ONE_TOLERANCE] = 1.0
    return factor.reshape(sets, n) if stacked else factor


def _slacks(
    x: np.ndarray,
    y: np.ndarray,
    factor: np.ndarray,
    orientation: str,
    returns: str,
    reference: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Phase two: with every factor fixed, the weights that leave the largest slack sum.

    Variables: one weight per (unit, reference unit) pair, then the input and
    output slacks of every unit; rows ``Σλ x_ref + s_x = θ x`` (or ``= x``) and
    ``Σλ y_ref − s_y = y`` (or ``= φ y``), and the returns-to-scale row.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    n, m = x.shape
    s = y.shape[1]
    blocks, refs = _pairs(reference, n, n)
    per = m + s
    k = len(blocks)
    rows = np.concatenate(
        [np.repeat(blocks * per, per) + np.tile(np.arange(per), k), np.arange(n * per)]
    )
    cols = np.concatenate([np.repeat(np.arange(k), per), k + np.arange(n * per)])
    slack_signs = np.tile(np.concatenate([np.ones(m), -np.ones(s)]), n)
    vals = np.concatenate([np.hstack([x[refs], y[refs]]).ravel(), slack_signs])
    width = k + n * per
    a_eq = sparse.csr_matrix((vals, (rows, cols)), shape=(n * per, width))
    if orientation == "input":
        rhs = np.hstack([x * factor[:, None], y]).ravel()
    else:
        rhs = np.hstack([x, y * factor[:, None]]).ravel()
    a_ub, b_ub, extra_eq, extra_b = returns_rows(returns, blocks, np.arange(k), n, width)
    if extra_eq is not None and extra_b is not None:
        a_eq = sparse.vstack([a_eq, extra_eq]).tocsr()
        rhs = np.concatenate([rhs, extra_b])
    cost = np.concatenate([np.zeros(k), -np.ones(n * per)])
    solved = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=rhs, bounds=(0, None),
                     method="highs")  # fmt: skip
    if solved.status != 0:
        raise BenchlearnError.of("dea_not_solved", {"reason": solved.message})
    lambdas = np.zeros((n, n))
    lambdas[blocks, refs] = solved.x[:k]
    lambdas[lambdas <= PEER_TOLERANCE] = 0.0
    slack = solved.x[k:].reshape(n, per)
    slack[slack < ONE_TOLERANCE * np.maximum(1.0, np.abs(rhs[: n * per].reshape(n, per)))] = 0.0
    return lambdas, slack[:, :m], slack[:, m:]


def peer_mask(reference: np.ndarray | None, n: int) -> np.ndarray | None:
    """Whom each unit may be compared with, itself always included (None: everyone)."""
    if reference is None:
        return None
    return np.asarray(reference, dtype=bool) | np.eye(n, dtype=bool)


def farrell(
    inputs: np.ndarray | Sequence[Sequence[float]],
    outputs: np.ndarray | Sequence[Sequence[float]],
    *,
    orientation: Orientation = "input",
    returns: Returns = "vrs",
    reference: np.ndarray | None = None,
) -> Farrell:
    """Farrell efficiency of every unit (one row of ``inputs`` and ``outputs`` each).

    ``reference`` (n × n, boolean) says whom each unit may be compared with
    (its peer group, itself included); None: everyone.
    """
    x, y = checked(inputs, outputs, orientation, returns)
    mask = peer_mask(reference, len(x))
    factor = radial(x, y, x, y, orientation, returns, mask)
    lambdas, sx, sy = _slacks(x, y, factor, orientation, returns, mask)
    if orientation == "input":
        x_target, y_target = x * factor[:, None] - sx, y + sy
    else:
        x_target, y_target = x - sx, y * factor[:, None] + sy
    return Farrell(orientation, returns, factor, lambdas, sx, sy, x_target, y_target)
