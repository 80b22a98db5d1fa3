"""Small helpers on the long value tables that every layer passes around.

A *long* table has one row per value: ``municipality, indicator, year, value,
status``. Comparisons want a *matrix* (municipalities × indicators) of the values
that can be compared, and documents want rows they can read by attribute.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def usable_matrix(
    long: pd.DataFrame,
    index: Iterable[Any] | None = None,
    columns: Sequence[str] | None = None,
    *,
    confidential: bool = False,
) -> pd.DataFrame:
    """Municipality × indicator of the usable values of a long table, reindexed as asked.

    Usable means a number with no status: missing (``-``), not applicable
    (``.``) and confidential (``..``) values become NaN, unless ``confidential``
    keeps the hidden numbers of ``..`` values (for rules that check them). The
    first value of a duplicated key wins. ``index`` (named ``municipality``) and
    ``columns`` reindex the result, so absent municipalities or indicators are
    rows or columns of NaN.
    """
    import pandas as pd

    status = long["status"]
    keep = status.isna() | (status == "..") if confidential else status.isna()
    wide = long[keep].pivot_table(
        index="municipality", columns="indicator", values="value", aggfunc="first"
    )
    if index is not None:
        wide = wide.reindex(index=pd.Index(list(index), name="municipality"))
    if columns is not None:
        wide = wide.reindex(columns=list(columns))
    return wide


def records(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows as named tuples, typed loosely: cells of a DataFrame can hold anything."""
    return iter(frame.itertuples(index=False))


#: The name column each code column gets beside it, as the CLI's tables and the Python API show.
NAMED = {"municipality": "name", "neighbour": "neighbour_name", "partner": "partner_name"}


def with_names(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A name column after each code column (``municipality``, ``neighbour``, ``partner``)."""
    out = frame
    for code, name in NAMED.items():
        if code in out.columns and name not in out.columns:
            out = out.copy() if out is frame else out
            where = list(out.columns).index(code) + 1
            out.insert(where, name, out[code].map(names).fillna(""))
    return out
