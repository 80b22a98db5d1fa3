"""What a problem of a value file suggests: the code a number was meant to be, what a
status means, when a municipality existed, in words.

Kept apart from the checks of :mod:`benchlearn.importing.validate`: the checks
decide what is wrong; these helpers say it so that the user can fix it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchlearn.messages import phrase

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


def zeros_restored(texts: np.ndarray, unknown: np.ndarray, codes: pd.Index) -> np.ndarray:
    """For each unknown code, the one registry code it equals with leading zeros restored, or "".

    A spreadsheet reads ``0114`` (a Swedish or Norwegian municipality) as the
    number 114 and saves it so; the registry's codes are never guessed onto
    the file, but the problem can say what was meant. A code is suggested only
    when exactly one registry code is the text with zeros in front (``114.0``,
    a number written as such, counts as ``114``). Distinct texts are matched
    once, so a million-row chunk costs one pass over its unknown codes.
    """
    import numpy as np
    import pandas as pd

    meant = np.full(len(texts), "", dtype=object)
    if not unknown.any():
        return meant
    registry = pd.Series(codes, dtype=object)
    zeroed = registry[registry.str.fullmatch(r"0+[0-9]+")]
    stripped = zeroed.str.lstrip("0")
    single = ~stripped.duplicated(keep=False) & (stripped != "")
    by_number = pd.Series(zeroed[single].to_numpy(), index=stripped[single].to_numpy())
    # Codes that are the same number written with no zeros in front: never a hint.
    by_number = by_number[~by_number.index.isin(registry)]
    distinct = pd.Series(pd.unique(texts[unknown]), dtype=object)
    number = distinct.str.extract(r"^0*([1-9][0-9]*)(?:\.0*)?$", expand=False)
    found = pd.Series(
        number.map(by_number).astype(object).fillna("").to_numpy(), index=distinct.to_numpy()
    )
    meant[unknown] = found.reindex(texts[unknown]).to_numpy()
    return meant


#: The meaning of each status code, as the catalogue names it.
_STATUS_KEYS = {
    "-": "imp_status_missing",
    ".": "imp_status_not_applicable",
    "..": "imp_status_confidential",
}


def status_meaning(status: str) -> dict[str, str] | str:
    """What a status code means, in every language."""
    return phrase(_STATUS_KEYS[status]) if status in _STATUS_KEYS else "?"


def validity_period(first: float, last: float) -> dict[str, str]:
    """A validity period in words, in every language."""
    if first == float("-inf"):
        return phrase("imp_period_until", {"last": int(last)})
    if last == float("inf"):
        return phrase("imp_period_from", {"first": int(first)})
    return phrase("imp_period_between", {"first": int(first), "last": int(last)})
