"""The structure said out loud: a network's figures read for the regressions on structure.

Between the database and :mod:`benchlearn.analysis.expected_cost`: it reads a
cost indicator, the structural (context) variables and the population of the
members in a year through the Context (so the audience's limits hold), takes logs
where asked, leaves out the units with a figure missing and names them, and
calls the analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchlearn.definitions import StructuralSpec
from benchlearn.errors import BenchlearnError
from benchlearn.frames import usable_matrix

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.analysis.expected_cost import ExpectedCost
    from benchlearn.context import Context


@dataclass(frozen=True)
class ExpectedCostView:
    """:class:`~benchlearn.analysis.expected_cost.ExpectedCost` of one indicator in a network
    and year, with what it was computed from.

    ``terms`` are the regressors as the coefficients name them (``log(POP)``);
    ``left_out`` the members without every figure (or with a figure of 0 or less
    where a log is taken), which get no expected cost.
    """

    network: str
    year: int
    indicator: str
    terms: tuple[str, ...]
    result: ExpectedCost
    left_out: tuple[str, ...]

    def table(self) -> pd.DataFrame:
        """Columns: ``municipality`` then :data:`~benchlearn.analysis.expected_cost.COLUMNS`,
        the unit furthest above its expected cost first."""
        units = self.result.units.sort_values("difference", ascending=False, kind="stable")
        return units.rename_axis("municipality").reset_index()


def term(spec: StructuralSpec) -> str:
    """How a variable appears among the coefficients: ``POP`` or ``log(POP)``."""
    return f"log({spec.code})" if spec.log else spec.code


def expected_cost(
    ctx: Context, indicator: str, variables: Sequence[StructuralSpec] | None = None
) -> ExpectedCostView:
    """Each member's ``indicator`` against what ``variables`` (default: the network's
    structural variables) predict; totals by the network's population indicator."""
    import numpy as np
    import pandas as pd

    from benchlearn.analysis.expected_cost import expected_cost as regress

    ctx.definitions.indicator(indicator)
    specs = tuple(variables) if variables else ctx.network.structural
    if not specs:
        raise BenchlearnError.of("eff_no_context", {"network": ctx.network.code})
    for spec in specs:
        ctx.definitions.indicator(spec.code)
    population = ctx.network.population
    extra = [population] if population else []
    codes = list(dict.fromkeys([indicator, *(s.code for s in specs), *extra]))
    wide = usable_matrix(ctx.values(codes), index=ctx.members, columns=codes)
    context = pd.DataFrame(index=wide.index)
    for spec in specs:
        column = wide[spec.code].astype(float)
        context[term(spec)] = np.log(column.where(column > 0)) if spec.log else column
    cost = wide[indicator].astype(float)
    usable = cost.notna() & context.notna().all(axis=1)
    left_out = tuple(str(code) for code in wide.index[~usable])
    people = wide[population].astype(float) if population else None
    result = regress(cost[usable], context[usable], people[usable] if people is not None else None)
    return ExpectedCostView(
        ctx.network.code, ctx.year, indicator, tuple(context.columns), result, left_out
    )


def money_unit(ctx: Context, indicator: str, lang: str = "en") -> str:
    """The money a cost per inhabitant is counted in ("NOK" of "NOK per inhabitant", of
    "NOK uz vienu iedzīvotāju"): what a difference times the population is in."""
    unit = ctx.definitions.indicator(indicator).unit_label(lang)
    for joint in (" per ", " uz "):
        if joint in unit:
            return unit.split(joint, 1)[0].strip()
    return unit
