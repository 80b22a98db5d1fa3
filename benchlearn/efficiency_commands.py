"""What the commands of efficiency and structure do (``expected-cost``, ``efficiency
--model``): each opens one Context, as :mod:`benchlearn.commands` does, and calls the
library. Kept apart so that :mod:`benchlearn.commands` stays one readable module."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from benchlearn import structure
from benchlearn.commands import context
from benchlearn.definitions import StructuralSpec

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.efficiency import Efficiency
    from benchlearn.structure import ExpectedCostView


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
    from benchlearn import efficiency as dea
    from benchlearn import model_views

    with context(engine, network, year, peers=peers) as ctx:
        ctx.require_members()
        declared = ctx.network.model(code)
        chosen = dataclasses.replace(
            declared,
            orientation=orientation or declared.orientation,
            returns=returns or declared.returns,
        )
        model = dea.model_of(ctx, chosen.inputs, chosen.outputs, chosen.orientation,
                             chosen.returns)  # fmt: skip
        found = dea.efficiency(ctx, model, replicates=replicates, seed=seed, confidence=confidence)
        view = model_views.model_view(ctx, chosen, found=found)
        notes = [
            *view.sentences(ctx.definitions, lang),
            model_views.stage_text(view, ctx.definitions, lang),
        ]
        partners = dea.efficiency_partners(ctx, found, k=k) if ctx.network.structural else None
        return found, partners, notes
