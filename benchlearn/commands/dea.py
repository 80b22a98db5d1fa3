"""The efficiency commands: data envelopment analysis of a network's year, and whom to
learn it from (:mod:`benchlearn.efficiency` holds the library)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from benchlearn.commands.comparisons import context

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.efficiency import Efficiency


def efficiency(
    engine: Engine,
    network: str,
    year: int,
    inputs: Sequence[str],
    outputs: Sequence[str],
    *,
    orientation: str = "input",
    returns: str = "vrs",
    peers: str = "network",
    replicates: int = 0,
    seed: int = 0,
    confidence: float = 95.0,
    k: int = 15,
) -> tuple[Efficiency, pd.DataFrame | None]:
    """``benchlearn efficiency``: :func:`benchlearn.efficiency.efficiency` of the model, and
    its partners (:func:`benchlearn.efficiency.efficiency_partners` among the ``k`` most
    similar; None when the network has no structural variables to find them on)."""
    from benchlearn import efficiency as dea

    with context(engine, network, year, peers=peers) as ctx:
        ctx.require_members()
        model = dea.model_of(ctx, inputs, outputs, orientation, returns)
        found = dea.efficiency(ctx, model, replicates=replicates, seed=seed, confidence=confidence)
        if not ctx.network.structural:
            return found, None
        return found, dea.efficiency_partners(ctx, found, k=k)


def learn_efficiency_from(
    engine: Engine,
    municipality: str,
    network: str,
    year: int,
    inputs: Sequence[str],
    outputs: Sequence[str],
    *,
    orientation: str = "input",
    returns: str = "vrs",
    peers: str = "network",
    k: int = 15,
) -> pd.DataFrame:
    """``benchlearn partners --inputs … --outputs …``: the municipality's reference peers
    that are also among its ``k`` most similar (:func:`benchlearn.efficiency.efficiency_partners`),
    without the ``municipality`` column."""
    from benchlearn import efficiency as dea

    with context(engine, network, year, peers=peers) as ctx:
        ctx.require_member(municipality)
        model = dea.model_of(ctx, inputs, outputs, orientation, returns)
        found = dea.efficiency_partners(ctx, dea.efficiency(ctx, model), k=k)
        mine = found[found["municipality"] == municipality]
        return mine.drop(columns="municipality").reset_index(drop=True)
