"""Efficiency: which members turn their inputs into outputs best, and whom to learn it from.

The values are read through the :class:`~benchlearn.context.Context`, so the
audience, the boundaries and the peer groups hold here as for every other
comparison; :mod:`benchlearn.analysis.dea` does the maths. A member is scored
only with every input and output usable (a number without a status): one
without is left out and named, never scored on what it has. With
``--peers`` other than the network, each member is measured against its own
peer group (itself included), members or not, as far as they have the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchlearn.analysis.dea import ORIENTATIONS, RETURNS, Orientation, Returns
from benchlearn.errors import BenchlearnError
from benchlearn.frames import usable_matrix

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from benchlearn.analysis.dea import Farrell
    from benchlearn.analysis.dea_bootstrap import Bootstrap
    from benchlearn.context import Context

#: The table's first columns; then ``slack_CODE`` and ``target_CODE`` for each input and
#: output in the order given, and with a bootstrap :data:`BOOTSTRAP_COLUMNS`.
EFFICIENCY_COLUMNS = ["municipality", "efficiency", "rank", "peers"]
BOOTSTRAP_COLUMNS = ["efficiency_bc", "ci_low", "ci_high"]
#: Decimals the bootstrap's figures are given with: between 200 and 2000 replicates they move
#: in the second or third decimal, so further ones would be the draw's noise.
BOOTSTRAP_DECIMALS = 4
#: :func:`efficiency_partners`' columns.
PARTNER_COLUMNS = ["municipality", "partner", "weight", "similarity", "partner_efficiency"]


@dataclass(frozen=True)
class Model:
    """What an efficiency is measured on: the inputs, the outputs and the frontier's kind."""

    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    orientation: Orientation = "input"
    returns: Returns = "vrs"


@dataclass(frozen=True)
class Efficiency:
    """Every scored member's efficiency (:data:`EFFICIENCY_COLUMNS` and the rest), who was
    left out for want of which indicators (``left_out``: municipality → codes), and the
    maths' own result over every unit measured (``units``: its rows, in order)."""

    model: Model
    table: pd.DataFrame
    left_out: dict[str, tuple[str, ...]]
    units: tuple[str, ...]
    farrell: Farrell
    bootstrap: Bootstrap | None


def parse_codes(text: str | None) -> tuple[str, ...]:
    """``A,B`` → ``("A", "B")``, blanks dropped."""
    return tuple(c.strip() for c in (text or "").split(",") if c.strip())


def model_of(
    ctx: Context,
    inputs: Sequence[str],
    outputs: Sequence[str],
    orientation: str = "input",
    returns: str = "vrs",
) -> Model:
    """A model checked against the definitions: known indicators, each in one role."""
    if not inputs or not outputs:
        raise BenchlearnError.of("dea_no_variables", {})
    unknown = [c for c in (*inputs, *outputs) if c not in ctx.definitions.indicators]
    if unknown:
        raise BenchlearnError.of("dea_unknown_indicator", {"codes": ", ".join(unknown)})
    both = [c for c in inputs if c in outputs]
    if both:
        raise BenchlearnError.of("dea_in_both", {"codes": ", ".join(both)})
    if orientation not in ORIENTATIONS:
        raise BenchlearnError.of("dea_bad_orientation", {"orientation": orientation})
    if returns not in RETURNS:
        raise BenchlearnError.of("dea_bad_returns", {"returns": returns})
    chosen_orientation: Orientation = "output" if orientation == "output" else "input"
    chosen_returns = next(r for r in RETURNS if r == returns)
    return Model(tuple(inputs), tuple(outputs), chosen_orientation, chosen_returns)


def _units(ctx: Context) -> list[str]:
    """Members, and with another peer specification than the network their peers."""
    if ctx.peer_spec.kind == "network":
        return list(ctx.members)
    return sorted({p for m in ctx.members for p in ctx.assignment.peer_set(m)} | set(ctx.members))


def _reference(ctx: Context, units: Sequence[str]) -> np.ndarray | None:
    """Whom each unit may be compared with (None: everyone, the network's frontier)."""
    import numpy as np

    if ctx.peer_spec.kind == "network":
        return None
    position = {u: i for i, u in enumerate(units)}
    mask = np.zeros((len(units), len(units)), dtype=bool)
    for i, unit in enumerate(units):
        chosen = [position[p] for p in ctx.assignment.peer_set(unit) if p in position]
        mask[i, chosen] = True
    return mask


def efficiency(
    ctx: Context,
    model: Model,
    *,
    replicates: int = 0,
    seed: int = 0,
    confidence: float = 95.0,
) -> Efficiency:
    """Farrell efficiency of every member with the data, its reference peers, slacks and
    targets; with ``replicates``, Simar & Wilson's bias-corrected efficiency and interval.

    Columns: :data:`EFFICIENCY_COLUMNS` (``rank`` 1 the most efficient, ties
    sharing the best rank; ``peers`` the reference peers and their weights,
    ``LV-016:0.62;LV-044:0.38``, heaviest first), then per input and per output
    ``slack_CODE`` (what is still to be saved or gained after the radial
    change) and ``target_CODE`` (what the unit would use or produce matching
    its peers), then :data:`BOOTSTRAP_COLUMNS` with ``replicates`` (to
    :data:`BOOTSTRAP_DECIMALS` decimals). Members
    sorted by rank, then code.
    """
    import numpy as np

    from benchlearn.analysis import dea, dea_bootstrap

    codes = [*model.inputs, *model.outputs]
    units = _units(ctx)
    wide = usable_matrix(ctx.values(codes), index=units, columns=codes)
    numbers = wide.to_numpy(dtype=float)
    below = numbers < 0
    if below.any():
        row, column = (int(i[0]) for i in np.nonzero(below))
        raise BenchlearnError.of(
            "dea_negative_value",
            {"municipality": units[row], "indicator": codes[column], "year": ctx.year,
             "value": float(numbers[row, column])},
        )  # fmt: skip
    present = wide.notna()
    complete = present.all(axis=1)
    left_out = {
        m: tuple(c for c in codes if not present.at[m, c]) for m in ctx.members if not complete[m]
    }
    scored = [u for u in units if complete[u]]
    if len([m for m in ctx.members if complete[m]]) < 2:
        raise BenchlearnError.of(
            "dea_too_few",
            {"network": ctx.network.code, "year": ctx.year, "count": int(complete.sum())},
        )
    x = wide.loc[scored, list(model.inputs)].to_numpy(dtype=float)
    y = wide.loc[scored, list(model.outputs)].to_numpy(dtype=float)
    # Nothing produced: no factor of outputs reaches the frontier (Benchmarking's Inf).
    nothing = np.flatnonzero((y == 0).all(axis=1) & (model.orientation == "output"))
    if len(nothing):
        raise BenchlearnError.of(
            "dea_no_output",
            {"municipality": scored[int(nothing[0])], "year": ctx.year,
             "outputs": ", ".join(model.outputs)},
        )  # fmt: skip
    reference = _reference(ctx, scored)
    found = dea.farrell(x, y, orientation=model.orientation, returns=model.returns,
                        reference=reference)  # fmt: skip
    booted = None
    if replicates:
        booted = dea_bootstrap.bootstrap(
            x, y, orientation=model.orientation, returns=model.returns, n=replicates,
            seed=seed, confidence=confidence, reference=reference, efficiency=found.efficiency,
        )  # fmt: skip
    table = _table(ctx, model, scored, found, booted)
    return Efficiency(model, table, left_out, tuple(scored), found, booted)


def _table(
    ctx: Context,
    model: Model,
    units: Sequence[str],
    found: Farrell,
    booted: Bootstrap | None,
) -> pd.DataFrame:
    """The members' rows of the result (see :func:`efficiency`)."""
    import pandas as pd

    peers = [";".join(f"{units[j]}:{w:.2f}" for j, w in row) for row in found.peers()]
    frame = pd.DataFrame(
        {"municipality": list(units), "efficiency": found.efficiency, "peers": peers}
    )
    for i, code in enumerate(model.inputs):
        frame[f"slack_{code}"] = found.input_slacks[:, i]
        frame[f"target_{code}"] = found.input_targets[:, i]
    for i, code in enumerate(model.outputs):
        frame[f"slack_{code}"] = found.output_slacks[:, i]
        frame[f"target_{code}"] = found.output_targets[:, i]
    if booted is not None:  # Monte Carlo figures (see BOOTSTRAP_DECIMALS)
        frame["efficiency_bc"] = booted.bias_corrected.round(BOOTSTRAP_DECIMALS)
        frame["ci_low"] = booted.low.round(BOOTSTRAP_DECIMALS)
        frame["ci_high"] = booted.high.round(BOOTSTRAP_DECIMALS)
    frame = frame[frame["municipality"].isin(ctx.members)].copy()
    # Input efficiency is best at 1 from below, output efficiency at 1 from above.
    frame.insert(2, "rank", frame["efficiency"].rank(
        method="min", ascending=model.orientation == "output").astype(int))  # fmt: skip
    return frame.sort_values(["rank", "municipality"], kind="stable").reset_index(drop=True)


def efficiency_partners(ctx: Context, result: Efficiency, *, k: int = 15) -> pd.DataFrame:
    """Whom to learn efficiency from: each member's reference peers (other than itself) that
    are also among its ``k`` most similar on the structural variables (``ctx.nearest``).

    A peer on the frontier shows what the member could do with its resources;
    one that is also alike in structure is the natural partner. Columns
    :data:`PARTNER_COLUMNS` (``weight`` the peer's share of the reference
    point), the heaviest peer first; empty when the network has no structural
    variables or no figures for them.
    """
    import pandas as pd

    empty = pd.DataFrame(columns=PARTNER_COLUMNS)
    if not ctx.network.structural:
        return empty
    try:
        near = ctx.nearest(k)
    except BenchlearnError:  # no structural figures to compare anyone on
        return empty
    units = result.units
    rows = [
        (units[o], units[j], w)
        for o, chosen in enumerate(result.farrell.peers())
        if units[o] in ctx.members
        for j, w in chosen
        if j != o
    ]
    links = pd.DataFrame(rows, columns=["municipality", "partner", "weight"])
    near = near.rename(columns={"neighbour": "partner"})[["municipality", "partner", "similarity"]]
    found = links.merge(near, on=["municipality", "partner"])
    scores = dict(zip(units, result.farrell.efficiency, strict=True))
    found["partner_efficiency"] = found["partner"].map(scores).astype(float)
    found = found.sort_values(["municipality", "weight"], ascending=[True, False], kind="stable")
    return found[PARTNER_COLUMNS].reset_index(drop=True)


def with_partners(table: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """The efficiency table with a ``partners`` column after ``peers``: each member's
    :func:`efficiency_partners`, heaviest first, joined by ``;`` (empty for none)."""
    chosen = partners.groupby("municipality", sort=False)["partner"].agg(";".join)
    out = table.copy()
    out.insert(
        list(out.columns).index("peers") + 1,
        "partners",
        out["municipality"].map(chosen).fillna("").astype(str),
    )
    return out
