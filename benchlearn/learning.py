"""How far a member is behind the similar municipalities that do clearly better.

Benchlearning asks "whom do we learn from?" (:func:`benchlearn.compare.partners`) and,
next, "what would it mean for us to do as well as they do?". For each member and each
indicator where it is behind its comparator, the similar municipalities clearly better
there (:func:`clearly_better`: significantly better where values have intervals, from
counts or a standard error, else at least "better") give a median; the gap to it is said
in the indicator's own units and, where the indicator is a count over a denominator
(a rate, a proportion, or a formula ``A / B``), in the numerator's own units for the
member's own denominator: "12 more home-care clients", "EUR 140,000 a year". The median,
not the best, so that one outlier among the peers does not set the bar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from benchlearn.context import Context
from benchlearn.errors import BenchlearnError

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.definitions import IndicatorDefinition

#: What :func:`peer_gaps` returns, one row per member and indicator where it is behind.
GAP_COLUMNS = [
    "municipality", "indicator", "value", "better_peers", "better_median", "gap",
    "gap_amount", "gap_of",
]  # fmt: skip
#: A formula that is one indicator over another: its gap converts to the first one's units.
_RATIO = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*/\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")


def clearly_better(ctx: Context, municipalities: Sequence[str], k: int = 15) -> pd.DataFrame | None:
    """Each of ``municipalities``' indicators where it is behind its comparator, with every
    similar candidate clearly better there (the rule of :func:`benchlearn.compare.partners`,
    before choosing among them); None when nobody can be (no similarity, nothing ranked).

    Columns: ``municipality, indicator, own_value, peer_mad, partner, similarity,
    partner_value, band, significance, gap``.
    """
    import numpy as np
    import pandas as pd

    if ctx.network.structural:
        try:
            near = ctx.nearest(k)
        except BenchlearnError:  # no structural figures to compare anyone on
            return None
        # A municipality without a similarity has no rows here, so no partners.
        candidates = near[near["municipality"].isin(municipalities) & near["similarity"].notna()]
        candidates = candidates[["municipality", "neighbour", "similarity"]].rename(
            columns={"neighbour": "partner"}
        )
    else:
        peers = [
            (m, p) for m in municipalities for p in sorted(set(ctx.assignment.peer_set(m)) - {m})
        ]
        candidates = pd.DataFrame(peers, columns=["municipality", "partner"]).assign(
            similarity=np.nan
        )
    directions = {c: ctx.direction(c) for c in ctx.codes}  # levels, yes/no: no partners
    codes = [c for c in ctx.codes if directions[c] != "neutral"]
    if not codes:  # a self-assessment, or context only: nobody is "clearly better"
        return None
    ranked = ctx.ranked(ctx.year, list(ctx.codes), everyone=True)
    ranked = ranked[ranked["indicator"].isin(codes)]
    sign = ranked["indicator"].map(directions).map({"lower": -1.0}).fillna(1.0)
    behind = sign * (ranked["value"] - ranked["comparator"]) < 0
    own = ranked[
        ranked["municipality"].isin(municipalities)
        & ranked["value"].notna()
        & (ranked["n"] >= 2)
        & behind
    ][["municipality", "indicator", "value", "peer_mad"]].rename(columns={"value": "own_value"})
    offered = ranked[ranked["value"].notna()][
        ["municipality", "indicator", "value", "band", "significance"]
    ].rename(columns={"municipality": "partner", "value": "partner_value"})
    found = own.merge(candidates, on="municipality").merge(offered, on=["partner", "indicator"])
    flip = np.where(found["indicator"].map(directions) == "lower", -1.0, 1.0)
    ahead = flip * (found["partner_value"] - found["own_value"])
    mad = found["peer_mad"].where(found["peer_mad"] > 0)
    found["gap"] = ahead / mad
    judged = found["significance"].isin(["better", "similar", "worse"])
    clearly = np.where(
        judged, found["significance"] == "better", found["band"].isin(["better", "much better"])
    )
    found = found[(ahead > 0) & clearly].copy()
    found["similarity"] = found["similarity"].astype(float)
    return found


def counted_parts(ind: IndicatorDefinition) -> tuple[str, str, float] | None:
    """The numerator, denominator and multiplier an indicator's value is made of
    (value = numerator / denominator × multiplier): a rate's or proportion's declared
    ones, or a formula's that is exactly ``A / B``; None for anything else."""
    if ind.statistic is not None and ind.numerator and ind.denominator:
        return ind.numerator, ind.denominator, float(ind.multiplier or 1.0)
    found = _RATIO.match(ind.formula or "")
    return (found.group(1), found.group(2), 1.0) if found else None


def peer_gaps(ctx: Context, municipalities: Sequence[str], k: int = 15) -> pd.DataFrame:
    """:data:`GAP_COLUMNS` for ``municipalities``: on each indicator where one is behind its
    comparator and has similar municipalities clearly better (its ``k`` nearest, as
    :func:`benchlearn.compare.partners` takes them), how many they are
    (``better_peers``), their median (``better_median``), ``gap`` = that median minus its
    value (signed, in the indicator's units), and where the indicator is counted over a
    denominator (:func:`counted_parts`), ``gap_amount`` = gap / multiplier × the member's
    own denominator, in the units of the numerator ``gap_of`` (empty where the
    denominator is missing or confidential). Sorted by municipality and network order.
    """
    import numpy as np
    import pandas as pd

    empty = pd.DataFrame(columns=GAP_COLUMNS)
    found = clearly_better(ctx, municipalities, k) if municipalities else None
    if found is None or found.empty:
        return empty
    gaps = (
        found.groupby(["municipality", "indicator"], sort=False)
        .agg(
            value=("own_value", "first"),
            better_peers=("partner", "size"),
            better_median=("partner_value", "median"),
        )  # fmt: skip
        .reset_index()
    )
    gaps["gap"] = gaps["better_median"] - gaps["value"]
    parts: dict[str, tuple[str, str, float]] = {}
    for code in gaps["indicator"].unique():
        made_of = counted_parts(ctx.definitions.indicators[str(code)])
        if made_of is not None:
            parts[str(code)] = made_of
    gaps["gap_of"] = gaps["indicator"].map({c: p[0] for c, p in parts.items()})
    gaps["gap_amount"] = np.nan
    if parts:
        below = sorted({p[1] for p in parts.values()})
        sizes = ctx.values(below, ctx.year)
        sizes = sizes[sizes["status"].isna() & sizes["value"].notna()]
        size = sizes.set_index(["municipality", "indicator"])["value"]
        keys = pd.MultiIndex.from_arrays(
            [gaps["municipality"], gaps["indicator"].map({c: p[1] for c, p in parts.items()})]
        )
        own_size = size.reindex(keys).to_numpy(float)
        multiplier = gaps["indicator"].map({c: p[2] for c, p in parts.items()}).to_numpy(float)
        gaps["gap_amount"] = gaps["gap"].to_numpy(float) / multiplier * own_size
    order = {c: i for i, c in enumerate(ctx.codes)}
    gaps = gaps.sort_values(
        ["municipality", "indicator"], key=lambda s: s.map(order) if s.name == "indicator" else s
    )
    gaps["better_peers"] = gaps["better_peers"].astype(int)
    return gaps[GAP_COLUMNS].reset_index(drop=True)
