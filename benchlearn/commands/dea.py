"""The efficiency commands: data envelopment analysis of a network's year, a declared
model with its potential and the structure's part (``efficiency --model``), the expected
cost (``expected-cost``), and whom to learn from (:mod:`benchlearn.efficiency`,
:mod:`benchlearn.structure` and :mod:`benchlearn.model_views` hold the library)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from benchlearn import structure
from benchlearn.commands.comparisons import context
from benchlearn.definitions import StructuralSpec

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.compare import Context
    from benchlearn.efficiency import Efficiency
    from benchlearn.structure import ExpectedCostView


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
    with context(engine, network, year, peers=peers) as ctx:
        return _measured(ctx, inputs, outputs, orientation, returns, replicates, seed,
                         confidence, k)  # fmt: skip


def _measured(
    ctx: Context,
    inputs: Sequence[str],
    outputs: Sequence[str],
    orientation: str,
    returns: str,
    replicates: int,
    seed: int,
    confidence: float,
    k: int,
) -> tuple[Efficiency, pd.DataFrame | None]:
    """The members' efficiency under one model, and their partners among the ``k`` most
    similar (None without structural variables): what ``efficiency`` prints, given
    inputs and outputs or a declared model."""
    from benchlearn import efficiency as dea

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


def expected_cost(
    engine: Engine,
    network: str,
    year: int,
    indicator: str,
    variables: Sequence[StructuralSpec] | None = None,
    lang: str = "en",
) -> tuple[ExpectedCostView, str]:
    """``benchlearn expected-cost``: :func:`benchlearn.structure.expected_cost`, and the
    money its totals are in (:func:`benchlearn.structure.money_unit`)."""
    with context(engine, network, year) as ctx:
        return structure.expected_cost(ctx, indicator, variables), structure.money_unit(
            ctx, indicator, lang
        )


def efficiency_model(
    engine: Engine,
    network: str,
    year: int,
    code: str,
    lang: str = "en",
    *,
    orientation: str | None = None,
    returns: str | None = None,
    peers: str = "network",
    replicates: int = 0,
    seed: int = 0,
    confidence: float = 95.0,
    k: int = 15,
) -> tuple[Efficiency, pd.DataFrame | None, list[str]]:
    """``benchlearn efficiency --model CODE``: the network's model ``code`` (its orientation
    and returns unless given) as :func:`efficiency` runs it, and in ``lang`` the network's
    potential per variable and the second stage (:mod:`benchlearn.model_views`)."""
    from benchlearn import model_views

    with context(engine, network, year, peers=peers) as ctx:
        declared = ctx.network.model(code)
        chosen = dataclasses.replace(
            declared,
            orientation=orientation or declared.orientation,
            returns=returns or declared.returns,
        )
        found, partners = _measured(ctx, chosen.inputs, chosen.outputs, chosen.orientation,
                                    chosen.returns, replicates, seed, confidence, k)  # fmt: skip
        view = model_views.model_view(ctx, chosen, found=found)
        notes = [
            *view.sentences(ctx.definitions, lang),
            model_views.stage_text(view, ctx.definitions, lang),
        ]
        return found, partners, notes
