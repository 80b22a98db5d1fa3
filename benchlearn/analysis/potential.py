"""The potential: what would be saved (or gained) if every unit matched its reference peers.

Norway's ministry reads DEA this way each year ("if all municipalities were as
efficient as the best, about NOK 29 billion could be freed"): each unit's target
(the point on the frontier its reference peers span, slacks included) against what
it uses, summed over the network. benchlearn says it per unit and for the network,
per input (input orientation: what could be spent less) or per output (output
orientation: what more could be produced), in the indicator's unit; a money input
also in money.

It is an upper bound read with care: the frontier is estimated from the members
themselves (DEA's efficiency is biased upwards in small networks, so the potential is
if anything understated), and a unit's structure may keep it from its peers, which
the second stage (:mod:`.second_stage`) says out loud.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: The columns of :attr:`Potential.units` after ``municipality``: per variable.
COLUMNS = ("variable", "actual", "target", "potential", "share")


@dataclass(frozen=True)
class Potential:
    """Per unit and variable, and per variable for the network.

    ``units`` has ``municipality`` and :data:`COLUMNS`: ``potential`` is actual − target for
    an input (what could be saved) and target − actual for an output (what could be
    gained), never below 0; ``share`` is it over ``actual``. ``network`` has
    :data:`COLUMNS` but ``municipality``: the sums over the units, ``share`` of the
    network's actual total.
    """

    units: pd.DataFrame
    network: pd.DataFrame
    orientation: str


def potential(actual: pd.DataFrame, target: pd.DataFrame, orientation: str = "input") -> Potential:
    """``actual`` and ``target`` (index: municipality; columns: the model's inputs for
    input orientation, its outputs for output orientation) → :class:`Potential`."""
    target = target.reindex(index=actual.index, columns=actual.columns)
    gap = (actual - target) if orientation == "input" else (target - actual)
    gap = gap.clip(lower=0)  # a rounding of the LP's last digits is no negative potential
    long = pd.DataFrame(
        {
            "municipality": actual.index.repeat(len(actual.columns)),
            "variable": list(actual.columns) * len(actual.index),
            "actual": actual.to_numpy(dtype=float).ravel(),
            "target": target.to_numpy(dtype=float).ravel(),
            "potential": gap.to_numpy(dtype=float).ravel(),
        }
    )
    long["share"] = long["potential"] / long["actual"]
    sums = long.groupby("variable", sort=False)[["actual", "target", "potential"]].sum()
    sums["share"] = sums["potential"] / sums["actual"]
    return Potential(long, sums.reset_index(), orientation)
