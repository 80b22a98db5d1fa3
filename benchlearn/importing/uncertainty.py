"""The uncertainty a long file gives its values: an ``se`` column, or ``ci_low`` and ``ci_high``.

Survey-based and official figures often come with a standard error or an
interval. A long file may give the standard error itself (``se``) or an
interval (``ci_low``, ``ci_high``) at ``--ci-level`` percent (default 95); an
interval is stored as the standard error it implies, half its width over the
two-sided normal quantile z of the level. An interval that is not symmetric
about its value (a log-scale or Wilson interval, or rounding) gives the standard
error of its wider half, (max(high − value, value − low)) / z, so the stored
uncertainty never understates the file's; a value outside its own interval is
refused. Every bad cell (text, a negative standard error, ``ci_low`` above
``ci_high``, one bound without the other) rejects its row like any invalid cell.

:func:`with_uncertainty` marks the chunks with the z of the level before they
are validated; :func:`checked_uncertainty` then gives the validated rows their
``se`` (NaN: none). A file without these columns says nothing of uncertainty:
its rows get no ``se`` column, and a value it leaves unchanged keeps the stored one
(:func:`benchlearn.importing.lookups.compare`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from benchlearn.errors import BenchlearnError, Problem
from benchlearn.importing.numbers import parse_values
from benchlearn.importing.tables import Chunk
from benchlearn.importing.validate import Validated

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: The columns of uncertainty a long file may have.
COLUMNS = ("se", "ci_low", "ci_high")
#: The level of a file's intervals when ``--ci-level`` is not given, in percent.
DEFAULT_CI_LEVEL = 95.0


def z_of_level(level: float) -> float:
    """The two-sided normal quantile of a ``level`` percent interval (95 → 1.959964)."""
    if not 0.0 < level < 100.0:
        raise BenchlearnError.of("unc_ci_level", {"level": level})
    from scipy import special

    return float(special.ndtri(0.5 + level / 200.0))


def with_uncertainty(chunks: Iterable[Chunk], ci_level: float | None) -> Iterator[Chunk]:
    """The chunks, each with intervals marked with the z of ``ci_level`` (default 95) in a
    ``ci_z`` column, so :func:`checked_uncertainty` reads them at the level the file meant."""
    z = z_of_level(DEFAULT_CI_LEVEL if ci_level is None else ci_level)
    for chunk in chunks:
        if "ci_low" in chunk.frame or "ci_high" in chunk.frame:
            yield replace(chunk, frame=chunk.frame.assign(ci_z=z))
        else:
            yield chunk


def checked_uncertainty(chunk: Chunk, checked: Validated) -> Validated:
    """``checked`` with an ``se`` column (NaN where a row gives none) and without the rows
    whose uncertainty is wrong, each such row a problem at its cell. A chunk without the
    columns is returned as it is (no ``se`` column: the file says nothing of it)."""
    import numpy as np

    frame = chunk.frame
    if not any(c in frame for c in COLUMNS):
        return checked
    if "se" in frame and ("ci_low" in frame or "ci_high" in frame):
        problem = Problem.of(chunk.file, "unc_se_and_ci", column=chunk.names.get("se", "se"))
        rows = checked.rows.iloc[:0].assign(se=np.array([], dtype=float))
        return replace(checked, rows=rows, problems=[*checked.problems, problem])
    cells = frame.drop_duplicates("row").set_index("row")
    rows = checked.rows
    at = rows["row"].to_numpy()
    problems: list[Problem] = []

    def number(name: str) -> np.ndarray:
        """The column's numbers for the validated rows (NaN: empty); text is a problem."""
        if name not in cells:
            return np.full(len(at), np.nan)
        texts = cells[name].reindex(at).fillna("").astype(str).str.strip()
        parsed = parse_values(texts, chunk.decimal_comma).number
        wrong = (texts != "").to_numpy() & np.isnan(parsed)
        for row, text in zip(at[wrong], texts.to_numpy()[wrong], strict=True):
            problems.append(_problem(chunk, name, int(row), "imp_not_number", {"text": text}))
        return np.where((texts == "").to_numpy(), np.nan, parsed)

    if "se" in frame:
        se = number("se")
        for row, value in zip(at[se < 0], se[se < 0], strict=True):
            values = {"text": _num(value)}
            problems.append(_problem(chunk, "se", int(row), "unc_negative_se", values))
        se = np.where(se < 0, np.nan, se)
    else:
        se = _from_interval(chunk, rows, number("ci_low"), number("ci_high"), problems)
    bad = [p.row for p in problems if p.row is not None]
    keep = ~np.isin(at, bad)
    rows = rows.assign(se=se)[keep].reset_index(drop=True)
    return replace(checked, rows=rows, problems=[*checked.problems, *problems])


def _from_interval(
    chunk: Chunk, rows: pd.DataFrame, low: np.ndarray, high: np.ndarray, problems: list[Problem]
) -> np.ndarray:
    """The standard error each row's interval implies: its wider half over z."""
    import numpy as np

    at = rows["row"].to_numpy()
    value = rows["value"].to_numpy(dtype=float)
    z = float(chunk.frame["ci_z"].iloc[0]) if len(chunk.frame) else 1.0
    written = {p.row for p in problems}  # a bound that is text is not also "missing"
    for i in np.flatnonzero(np.isnan(low) != np.isnan(high)):
        if int(at[i]) in written:
            continue
        given, missing = ("ci_low", "ci_high") if np.isnan(high[i]) else ("ci_high", "ci_low")
        problems.append(_problem(chunk, missing, int(at[i]), "unc_ci_half", {"given": given}))
    with np.errstate(invalid="ignore"):
        reversed_ = low > high
        outside = ~reversed_ & ((value < low) | (value > high))
    for i in np.flatnonzero(reversed_):
        values = {"low": _num(low[i]), "high": _num(high[i])}
        problems.append(_problem(chunk, "ci_low", int(at[i]), "unc_ci_reversed", values))
    for i in np.flatnonzero(outside):
        values = {"value": _num(value[i]), "low": _num(low[i]), "high": _num(high[i])}
        problems.append(_problem(chunk, "value", int(at[i]), "unc_ci_outside", values))
    # A value without a number (a status) is given the half width, the interval's own.
    centre = np.where(np.isnan(value), (low + high) / 2, value)
    return np.maximum(high - centre, centre - low) / z


def _problem(chunk: Chunk, name: str, row: int, key: str, values: dict[str, str]) -> Problem:
    """The problem ``key`` at the row's cell of column ``name``, as the file spells it."""
    return Problem.of(chunk.file, key, values, row=row, column=chunk.names.get(name, name))


def _num(number: float) -> str:
    """A number as the file would write it (``2.5``, not ``2.5000000001``; ``3``, not ``3.0``)."""
    return f"{number:g}"
