"""Shrunk values of one indicator on a Context: each member's value pulled toward its peers.

The maths is :func:`benchlearn.analysis.ebci.shrink` (empirical Bayes with the robust
intervals of Armstrong, Kolesár & Plagborg-Møller 2022); this module chooses what it
is fed from what the Context read: the indicator's usable values in the year with
their stored standard errors, the peers that share a target, and the values of the
``toward`` variables (structural variables or other indicators, same year).

Peers decide the target, as they decide the comparator of a ranking: with
``network`` (the default) every member is pulled toward the members' precision-
weighted mean; with ``all`` or ``attr:NAME`` each group of the partition toward
its own (all its units with a value and a standard error inform the mean and the
spread, though only members are shown). Peer sets that differ from member to
member (``group:NAME``, ``similar:K``) share no target to estimate the spread of
true values around, so they are refused in one sentence.

A member is left out, and named, when its value has no standard error or one of
the ``toward`` variables has no value for it: an estimate of it would be a guess
of another kind. The raw value is never replaced: every output shows the estimate
beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchlearn.context import Context
from benchlearn.errors import BenchlearnError
from benchlearn.frames import usable_matrix

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "Fit", "Shrunk", "shrink_indicator", "shrink_network"]

#: The columns of :attr:`Shrunk.table`, in order.
COLUMNS = ["municipality", "value", "se", "estimate", "ci_low", "ci_high", "shrinkage"]


@dataclass(frozen=True)
class Fit:
    """The prior estimated for one peer group: the target's coefficients and the moments.

    ``delta`` maps ``intercept`` and each ``toward`` variable to its coefficient;
    ``mu2`` and ``kappa`` are the finite-sample-corrected second moment and kurtosis
    of the true values about the target (the ``uncorrected`` ones before the
    correction); ``units`` how many values with se > 0 they were estimated on;
    ``half_length`` the average half-length of the group's members' intervals.
    """

    group: str
    units: int
    delta: dict[str, float]
    mu2: float
    kappa: float
    mu2_uncorrected: float
    kappa_uncorrected: float
    half_length: float


@dataclass(frozen=True)
class Shrunk:
    """One indicator's shrunk values: the table, the fits, and the members left out.

    ``table`` has :data:`COLUMNS`, one row per member shrunk, sorted by municipality;
    ``no_se`` are members whose usable value has no standard error, ``no_toward``
    members with one but without a value of a ``toward`` variable.
    """

    indicator: str
    year: int
    confidence: float
    toward: tuple[str, ...]
    table: pd.DataFrame
    fits: tuple[Fit, ...]
    no_se: tuple[str, ...]
    no_toward: tuple[str, ...]


def shrink_indicator(ctx: Context, indicator: str, toward: Sequence[str] = ()) -> Shrunk:
    """Shrink the members' values of ``indicator`` in the Context's year toward their peers
    (or a regression on ``toward``), at the Context's confidence.

    Fails in one sentence when no value of the indicator has a standard error, when the
    peers give members sets of their own, or when a group has too few values with
    se > 0 to estimate its target and spread (:func:`benchlearn.analysis.ebci.shrink`).
    """
    import numpy as np
    import pandas as pd

    from benchlearn.analysis.ebci import shrink
    from benchlearn.values import standard_errors

    ctx.definitions.indicator(indicator)
    codes = list(dict.fromkeys(toward))
    for code in codes:
        ctx.definitions.indicator(code)
    if ctx.peer_spec.kind in {"group", "similar"}:
        raise BenchlearnError.of("shr_peers_own_sets", {"peers": ctx.peers})
    partition = ctx.assignment.partition
    assert partition is not None  # network, all and attr: peers are a partition
    long = ctx.values([indicator])
    usable = long[long["status"].isna() & long["value"].notna()]
    values = usable.set_index("municipality")["value"].astype(float)
    values = values[~values.index.duplicated()]
    errors = standard_errors(ctx.connection, [indicator], ctx.year, boundaries=ctx.boundaries)
    se = errors.set_index("municipality")["se"].astype(float)
    se = se[se.index.isin(values.index)]
    if se.empty:
        raise BenchlearnError.of("shr_no_se", {"indicator": indicator, "year": ctx.year})
    members = set(ctx.members)
    shown = [m for m in sorted(values.index) if m in members]
    no_se = tuple(m for m in shown if m not in se.index)
    pool = [m for m in values.index if m in se.index and m in partition.index]
    regressors = None
    no_toward: tuple[str, ...] = ()
    if codes:
        wide = usable_matrix(ctx.values(codes), index=pool, columns=codes)
        complete = wide.notna().all(axis=1)
        no_toward = tuple(m for m in shown if m in se.index and not complete.get(m, False))
        pool = [m for m in pool if complete[m]]
        regressors = wide.loc[pool]
    frames = []
    fits = []
    groups = partition.reindex(pool)
    # Groups that hold no member are not shown, so not estimated.
    wanted = sorted({str(groups[m]) for m in pool if m in members})
    for label in wanted:
        chosen = [m for m in pool if str(groups[m]) == label]
        result = shrink(
            values.reindex(chosen),
            se.reindex(chosen).to_numpy(),
            None if regressors is None else regressors.loc[chosen],
            confidence=ctx.confidence,
        )
        units = result.units[result.units.index.isin(list(members))]
        frames.append(units)
        fits.append(
            Fit(
                group=label,
                units=int((result.units["se"] > 0).sum()),
                delta={str(k): float(v) for k, v in result.delta.items()},
                mu2=result.mu2,
                kappa=result.kappa,
                mu2_uncorrected=result.mu2_uncorrected,
                kappa_uncorrected=result.kappa_uncorrected,
                half_length=float(((units["ci_high"] - units["ci_low"]) / 2).mean()),
            )
        )
    if frames:
        table = pd.concat(frames).rename_axis("municipality").reset_index()
        table = table.sort_values("municipality", kind="stable")[COLUMNS]
    else:
        table = pd.DataFrame({c: pd.Series(dtype=object if c == "municipality" else float)
                              for c in COLUMNS})  # fmt: skip
    table = table.reset_index(drop=True)
    table[COLUMNS[1:]] = table[COLUMNS[1:]].astype(np.float64)
    return Shrunk(indicator, ctx.year, ctx.confidence, tuple(codes), table, tuple(fits),
                  no_se, no_toward)  # fmt: skip


def shrink_network(ctx: Context) -> pd.DataFrame:
    """Every network indicator whose values have standard errors, shrunk toward the members'
    mean (a document's ``--shrink``): a long table with ``indicator`` first, then
    :data:`COLUMNS`, in the network's order; empty when no value has a standard error.

    An indicator whose values have too few standard errors to estimate its spread is left
    out, as one without any. Peers that are each member's own list are refused as in
    :func:`shrink_indicator`, before anything is shrunk.
    """
    import pandas as pd

    from benchlearn.values import standard_errors

    if ctx.peer_spec.kind in {"group", "similar"}:  # refused up front, as shrink refuses it
        raise BenchlearnError.of("shr_peers_own_sets", {"peers": ctx.peers})
    codes = [c for c in ctx.codes if ctx.definitions.indicators[c].ranked]
    errors = standard_errors(ctx.connection, codes, ctx.year, boundaries=ctx.boundaries)
    with_se = [c for c in codes if c in set(errors["indicator"])]
    frames = []
    for code in with_se:
        try:
            found = shrink_indicator(ctx, code)
        except BenchlearnError:
            continue
        frames.append(found.table.assign(indicator=code))
    if not frames:
        texts = {"indicator", "municipality"}
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c in texts else float) for c in ["indicator", *COLUMNS]}
        )
    return pd.concat(frames, ignore_index=True)[["indicator", *COLUMNS]]
