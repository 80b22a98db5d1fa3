"""The progress of a network's plans in a year: each target's baseline, latest value and verdict.

Values are read as every comparison reads them (:func:`benchlearn.values.values`),
and only values that may be shown are used: the latest value is the newest
shown one at or before the year, counts behind a confidential or suppressed
figure are not used (the noise rule judges it instead), and a hidden figure
never appears. The maths is :mod:`benchlearn.analysis.progress`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

from benchlearn.definitions.store import stored_definitions
from benchlearn.plans.model import Plan
from benchlearn.plans.store import plans_for
from benchlearn.registry.municipalities import members_in, membership
from benchlearn.values import values

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.access.scope import Scope

#: The columns :func:`plan_progress` returns.
COLUMNS = [
    "plan", "title", "municipality", "indicator", "baseline_year", "baseline", "year", "value",
    "target_value", "target_year", "change", "covered", "expected", "on_track", "significant",
    "p_value", "method",
]  # fmt: skip


def followed(plans: list[Plan], year: int) -> list[Plan]:
    """The plans whose progress a year shows: started by then and not dropped."""
    return [p for p in plans if p.start_year <= year and p.status != "dropped"]


def plan_progress(
    connection: Connection,
    network: str,
    year: int,
    *,
    confidence: float = 95.0,
    lang: str = "en",
    scope: Scope | None = None,
) -> pd.DataFrame:
    """Every target of the network's plans (:func:`followed`) in ``year``, by plan and indicator.

    The values are read as ``scope``'s audience may see them (a document's Context's:
    :mod:`benchlearn.access.scope`); without one, every value.

    Columns: :data:`COLUMNS`; ``title`` in ``lang``; ``year`` and ``value`` the
    latest shown value at or before ``year`` (empty where there is none); the rest
    as :func:`benchlearn.analysis.progress.progress` gives them.
    """
    import pandas as pd

    from benchlearn.analysis.progress import progress, span_noise
    from benchlearn.analysis.significance import Counted

    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    plans = followed(plans_for(connection, network=network), year)
    rows = [
        {
            "plan": p.id,
            "title": p.label(lang),
            "municipality": p.municipality,
            "indicator": t.indicator,
            "baseline_year": t.baseline_year,
            "baseline": t.baseline_value,
            "target_value": t.target_value,
            "target_year": t.target_year,
        }
        for p in plans
        for t in p.targets
    ]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    targets = pd.DataFrame(rows)
    codes = sorted(set(targets["indicator"]))
    defs = definitions.indicators
    counted = {
        c: Counted(defs[c].statistic, defs[c].multiplier or 1.0, defs[c].direction)  # type: ignore[arg-type]
        for c in codes
        if defs[c].statistic is not None and defs[c].numerator and defs[c].denominator
    }
    parts = {c: (str(defs[c].numerator), str(defs[c].denominator)) for c in counted}
    errors = {c: str(defs[c].standard_error) for c in codes if defs[c].standard_error}
    needed = sorted(
        set(codes) | {p for pair in parts.values() for p in pair} | set(errors.values())
    )
    members = members_in(connection, chosen, membership(connection, network), year)
    everyone = sorted(set(members) | set(targets["municipality"]))
    found = values(connection, definitions, needed, None, everyone, scope=scope)
    shown = found[found["status"].isna() & found["value"].notna() & (found["year"] <= year)]
    latest = (
        shown[shown["indicator"].isin(codes)]
        .sort_values("year")
        .groupby(["municipality", "indicator"], as_index=False)
        .last()[["municipality", "indicator", "year", "value"]]
    )
    targets = targets.merge(latest, on=["municipality", "indicator"], how="left")
    by_key = shown.set_index(["municipality", "indicator", "year"])["value"]
    by_key = by_key[~by_key.index.duplicated()]
    for column, position, when in (("numerator", 0, "year"), ("denominator", 1, "year"),
                                   ("numerator_before", 0, "baseline_year"),
                                   ("denominator_before", 1, "baseline_year")):  # fmt: skip
        part = targets["indicator"].map(lambda c, i=position: parts[c][i] if c in parts else "")
        keys = pd.MultiIndex.from_arrays(
            [targets["municipality"], part, targets[when].fillna(-1).astype(int)]
        )
        targets[column] = by_key.reindex(keys).to_numpy(dtype=float)
    for column, when in (("error", "year"), ("error_before", "baseline_year")):
        keys = pd.MultiIndex.from_arrays(
            [targets["municipality"], targets["indicator"].map(lambda c: errors.get(c, "")),
             targets[when].fillna(-1).astype(int)]
        )  # fmt: skip
        targets[column] = by_key.reindex(keys).to_numpy(dtype=float)
    history = shown[shown["municipality"].isin(members) & shown["indicator"].isin(codes)]
    gaps = (targets["year"] - targets["baseline_year"]).dropna().astype(int)
    judged = progress(targets, span_noise(history, gaps.tolist()), counted, confidence=confidence)
    for column in ("on_track", "significant"):  # plain True/False/None: what every output writes
        flags = judged[column]
        judged[column] = [None if f is pd.NA else bool(f) for f in flags]
    judged["year"] = judged["year"].astype("Int64")
    judged["value"] = judged["value"].astype(float)
    order = judged.sort_values(["plan", "indicator", "target_year"], kind="stable")
    return order[COLUMNS].reset_index(drop=True)
