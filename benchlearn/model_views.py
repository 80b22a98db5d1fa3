"""A network's efficiency models as its documents show them: scores, potential, structure.

For each model a network declares (:class:`~benchlearn.definitions.model.EfficiencyModel`)
this runs data envelopment analysis on the members (:func:`benchlearn.efficiency.efficiency`,
through the Context, so the audience's limits hold), the potential of matching the
reference peers (:mod:`benchlearn.analysis.potential`), and, with context variables,
the second stage (:mod:`benchlearn.analysis.second_stage`). The workbook, the handout
and the site read the result; none of them computes.

A context variable the network also declares structural with ``log: true``
(population, say) enters the second stage in logs, as it enters the similarity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchlearn.errors import BenchlearnError
from benchlearn.frames import records, usable_matrix
from benchlearn.messages import general, number, percent, t

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.analysis.potential import Potential
    from benchlearn.analysis.second_stage import SecondStage
    from benchlearn.context import Context
    from benchlearn.definitions import Definitions
    from benchlearn.definitions.model import EfficiencyModel
    from benchlearn.efficiency import Efficiency

#: Bootstrap draws of the documents' second stage: its intervals to two digits, in about a
#: second for a few hundred members (the command's default is more).
DRAWS = 200
#: A unit that is money, and by how much: "NOK 1000", "EUR", "tūkst. NOK", "1000 EUR".
_MONEY = re.compile(
    r"^(?:(?P<lv>tūkst\.)\s*)?(?:(?P<before>1000|1 000|000)\s+)?"
    r"(?P<currency>NOK|EUR|SEK|DKK|GBP|€|£)"
    r"(?:\s*(?P<after>1000|1 000|000|thousand))?$"
)


def money(unit: str) -> tuple[str, float] | None:
    """The currency of a money unit and what one of the unit is in it (``NOK 1000`` →
    ``("NOK", 1000)``); None for a unit that is not money (m², staff)."""
    found = _MONEY.match(unit.strip())
    if found is None:
        return None
    thousand = found["lv"] or found["before"] or found["after"]
    return found["currency"], 1000.0 if thousand else 1.0


@dataclass(frozen=True)
class ModelView:
    """One model's results in a network and year.

    ``table`` is :func:`benchlearn.efficiency.efficiency`'s (``municipality, efficiency,
    rank, peers``, slacks and targets), with ``structure_adjusted`` when there is a second
    stage; ``values`` the scored members' inputs and outputs (index: municipality);
    ``potential`` per member and for the network; ``stage`` the second stage (None
    without context variables or with too few members off the frontier);
    ``left_out`` the members without every input and output, and what they lack.
    """

    model: EfficiencyModel
    table: pd.DataFrame
    values: pd.DataFrame
    potential: Potential
    stage: SecondStage | None
    left_out: dict[str, tuple[str, ...]]
    terms: tuple[str, ...] = ()

    @property
    def drawable(self) -> bool:
        """One input and one output: a frontier one can draw."""
        return len(self.model.inputs) == 1 and len(self.model.outputs) == 1

    def sentences(self, definitions: Definitions, lang: str = "en") -> list[str]:
        """The network's potential per variable, in money where the variable is money:
        "If every member used no more than its reference peers, about NOK 41,100,000 of …
        could be saved: 12.3 % of the members' total"."""
        found = []
        for row in records(self.potential.network):
            ind = definitions.indicator(str(row.variable))
            unit = ind.unit_label(lang)
            amount, shown = float(row.potential), unit
            as_money = money(ind.unit_label("en")) or money(unit)
            if as_money is not None:
                amount, shown = amount * as_money[1], as_money[0]
            values = {
                "variable": ind.label(lang),
                "amount": number(float(f"{amount:.3g}"), lang, 0) if amount else "0",
                "unit": shown,
                "share": percent(100 * float(row.share), lang),
            }
            found.append(t(f"eff_potential_{self.potential.orientation}", lang, **values))
        return found


def model_view(
    ctx: Context,
    model: EfficiencyModel,
    *,
    draws: int = DRAWS,
    seed: int = 0,
    found: Efficiency | None = None,
) -> ModelView:
    """Run ``model`` on the Context's members (see the module's description); ``found``:
    its DEA already run (by the ``efficiency`` command)."""
    from benchlearn import efficiency as dea
    from benchlearn.analysis.potential import potential

    if found is None:
        chosen = dea.model_of(ctx, model.inputs, model.outputs, model.orientation, model.returns)
        found = dea.efficiency(ctx, chosen)
    scored = list(found.table["municipality"])
    codes = [*model.inputs, *model.outputs]
    values = usable_matrix(ctx.values(codes), index=scored, columns=codes)
    side = list(model.inputs if model.orientation == "input" else model.outputs)
    targets = found.table.set_index("municipality")[[f"target_{c}" for c in side]]
    targets.columns = side
    gap = potential(values[side], targets, model.orientation)
    table, stage = found.table, None
    terms: tuple[str, ...] = ()
    if model.context:
        stage, terms = _stage(ctx, model, found.table, draws, seed)
        if stage is not None:
            adjusted = stage.units["structure_adjusted"]
            table = table.assign(structure_adjusted=table["municipality"].map(adjusted))
    return ModelView(model, table, values, gap, stage, found.left_out, terms)


def _stage(
    ctx: Context, model: EfficiencyModel, table: pd.DataFrame, draws: int, seed: int
) -> tuple[SecondStage | None, tuple[str, ...]]:
    """The second stage on the members with every context figure (None when too few)."""
    import numpy as np
    import pandas as pd

    from benchlearn.analysis.second_stage import second_stage
    from benchlearn.structure import term

    logged = {s.code: s for s in ctx.network.structural if s.log}
    scored = list(table["municipality"])
    wide = usable_matrix(ctx.values(model.context), index=scored, columns=list(model.context))
    context = pd.DataFrame(index=wide.index)
    for code in model.context:
        column = wide[code].astype(float)
        spec = logged.get(code)
        context[term(spec) if spec else code] = np.log(column.where(column > 0)) if spec else column
    usable = context.notna().all(axis=1)
    efficiency = table.set_index("municipality")["efficiency"][usable]
    try:
        stage = second_stage(efficiency, context[usable], orientation=model.orientation,
                             draws=draws, seed=seed)  # fmt: skip
    except BenchlearnError:
        return None, tuple(context.columns)  # too few off the frontier: the documents say so
    return stage, tuple(context.columns)


def model_views(ctx: Context, *, draws: int = DRAWS) -> tuple[ModelView, ...]:
    """Every model of the Context's network (none without ``efficiency:``); a model the
    year has too few members with data for is left out of the documents."""
    found = []
    for model in ctx.network.efficiency.values():
        try:
            found.append(model_view(ctx, model, draws=draws))
        except BenchlearnError:
            continue
    return tuple(found)


def describe(definitions: Definitions, model: EfficiencyModel, lang: str) -> str:
    """What a model compares, in a sentence: its inputs and outputs by name and unit, its
    orientation and its returns to scale."""
    names = {
        role: ", ".join(definitions.indicator(c).label_with_unit(lang) for c in codes)
        for role, codes in (("inputs", model.inputs), ("outputs", model.outputs))
    }
    return t(
        "eff_model_line",
        lang,
        inputs=names["inputs"],
        outputs=names["outputs"],
        orientation=t(f"eff_orientation_{model.orientation}", lang),
        returns=t(f"eff_returns_{model.returns}", lang),
    )


def stage_text(view: ModelView, definitions: Definitions, lang: str) -> str:
    """The second stage in a sentence: each context variable by name (``log`` where it is
    taken in logs) with its coefficient and interval, or why there is none."""
    if not view.model.context:
        return t("eff_stage_no_context", lang)
    if view.stage is None:
        return t("eff_stage_none", lang)
    stage = view.stage

    def named(term: str) -> str:
        code = term[4:-1] if term.startswith("log(") else term
        known = definitions.indicators.get(code)
        label = known.label(lang) if known is not None else code
        return f"log({label})" if code != term else label

    terms = "; ".join(
        f"{named(r.term)} {general(round(float(r.estimate), 4), lang)} "
        f"[{general(round(float(r.ci_low), 4), lang)}; {general(round(float(r.ci_high), 4), lang)}]"
        for r in records(stage.coefficients)
        if r.term != "intercept"
    )
    return t(
        "eff_stage_line",
        lang,
        terms=terms,
        count=stage.count,
        draws=stage.draws,
        level=general(stage.level, lang),
    )


def peer_names(peers: str, name_of: Callable[[str], str], lang: str) -> str:
    """``0101:0.62;0104:0.38`` → ``Halden 0.62; Moss 0.38`` (the decimal comma in Latvian)."""
    found = []
    for item in peers.split(";") if peers else []:
        code, _, weight = item.rpartition(":")
        found.append(f"{name_of(code)} {general(float(weight), lang)}")
    return "; ".join(found)
