"""Validating imported values without a database: a chunk's frame in, good rows and problems out.

The checks work on whole columns at once (numpy masks over the chunk's rows),
and text is parsed once per distinct cell, so a clean chunk of hundreds of
thousands of rows costs a few vectorised passes. Each check records a mask and
a message; messages are formatted only for the rows a mask flags, with the
spreadsheet row and column of the cell, so every problem in a file can be
reported at once.

What needs the database stays in :mod:`benchlearn.importing.write`: it reads
the codes, ids and bounds into :class:`Lookups`, compares the good rows with
what is stored, and writes them. Keeping this module free of SQL keeps the
rules about a single value in one place that can be read and tested alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchlearn.definitions.model import range_phrase
from benchlearn.errors import Problem
from benchlearn.importing.headers import STATUS_CODES, shortened
from benchlearn.importing.hints import status_meaning, validity_period, zeros_restored
from benchlearn.importing.keys import FileKeys, encode
from benchlearn.importing.numbers import WHOLE_YEAR, as_percentages, not_number_key, parse_values
from benchlearn.importing.tables import Chunk
from benchlearn.phases import phase

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

FIRST_YEAR = 1900
#: (municipality id, indicator id, year): one stored value.
Key = tuple[int, int, int]
#: year -> (indicator ids, municipality ids) written for indicators that have control rules.
Touched = dict[int, tuple[set[int], set[int]]]
#: The message for the row at a position of the chunk: a catalogue key and its values.
Message = Callable[[int], tuple[str, dict[str, object]]]
#: What a value that broke a control rule is rejected with: the rule's message in each language.
Excluded = Mapping[Key, Mapping[str, str]]


@dataclass(frozen=True)
class Lookups:
    """Code → id maps and per-indicator checks, as arrays for vectorised validation.

    Each array ends with a sentinel entry that unknown codes (position -1)
    point to: id -1, open bounds, not derived, no rules.
    """

    municipality_codes: pd.Index
    municipality_ids: np.ndarray
    valid_from: np.ndarray
    valid_to: np.ndarray
    indicator_codes: pd.Index
    indicator_ids: np.ndarray
    low: np.ndarray
    high: np.ndarray
    derived: np.ndarray
    ruled: np.ndarray
    scales: dict[int, frozenset[float]]
    #: The indicator's unit is a percentage (``%``): a percentage-formatted cell means it.
    percent: np.ndarray

    def codes_of(self, municipality_id: object, indicator_id: object) -> dict[str, str]:
        """The ``municipality`` and ``indicator`` codes of a stored key, as problems name it."""
        import numpy as np

        m = self.municipality_codes[
            int(np.flatnonzero(self.municipality_ids == municipality_id)[0])
        ]
        i = self.indicator_codes[int(np.flatnonzero(self.indicator_ids == indicator_id)[0])]
        return {"municipality": str(m), "indicator": str(i)}


@dataclass
class Validated:
    """One chunk after validation.

    ``rows`` holds the good rows (columns ``municipality_id, indicator_id,
    year, value, status, row, value_column``; status ``None`` when empty), ready to compare
    with what is stored. ``problems`` are in the order the checks ran, not yet
    sorted by row. ``touched`` tells the control rules which values to look at.
    ``percent_cells``: values read from percentage-formatted cells as the percentage shown.
    """

    rows: pd.DataFrame
    problems: list[Problem]
    touched: Touched
    rows_read: int
    percent_cells: int = 0


@dataclass(frozen=True)
class _Cells:
    """A chunk's cells, parsed once per distinct text: positions in the lookups, numbers, texts."""

    mpos: np.ndarray
    muni_text: np.ndarray
    ipos: np.ndarray
    ind_text: np.ndarray
    year: np.ndarray
    year_text: np.ndarray
    #: The year is written as digits only (``2024``, not ``2024.0``).
    year_digits: np.ndarray
    status: np.ndarray
    value: np.ndarray
    value_text: np.ndarray
    value_is_status: np.ndarray
    value_too_large: np.ndarray
    value_ambiguous: np.ndarray
    #: The cell is formatted as a percentage in a spreadsheet.
    percent: np.ndarray


@dataclass
class _Flags:
    """The checks run so far: for each, a mask over the chunk's rows, its column and its message.

    A check without a column is about the whole row (a duplicate): it flags only
    rows no earlier check found bad, so one mistake is not reported twice.
    """

    bad: np.ndarray
    found: list[tuple[np.ndarray, str, Message]] = field(default_factory=list)

    def flag(self, mask: np.ndarray, column: str, message: Message) -> None:
        """Record one check; its rows are bad from now on."""
        mask = mask & ~self.bad if column == "" else mask
        self.found.append((mask, column, message))
        self.bad = self.bad | mask


def validate_chunk(
    chunk: Chunk, lookups: Lookups, excluded: Excluded, seen: FileKeys | None = None
) -> Validated:
    """Check every cell of one chunk: its good rows, every problem, and what rules must see.

    ``excluded``: values that broke a control rule on an earlier pass, rejected
    with the rule's message. ``seen``: the keys of the file's earlier chunks,
    where this chunk's are added (a key given twice is refused whatever the
    chunking).
    """
    import numpy as np

    frame = chunk.frame
    cells = _parse(frame, lookups, chunk.decimal_comma)
    flags = _Flags(np.zeros(len(frame), dtype=bool))
    rows = frame["row"].to_numpy()
    _check_codes(flags, cells, lookups)
    bad_year = _check_year(flags, cells)
    _check_status_and_value(flags, cells, chunk.spreadsheet)
    as_shown = _check_percent(flags, cells, lookups)
    _check_bounds(flags, cells, lookups)
    _check_validity(flags, cells, lookups, bad_year)
    mid, iid = lookups.municipality_ids[cells.mpos], lookups.indicator_ids[cells.ipos]
    yr = np.where(bad_year, -1, np.nan_to_num(cells.year, nan=-1)).astype(np.int64)
    value_columns = frame["value_column"].to_numpy(dtype=object)
    keyed = (mid >= 0) & (iid >= 0) & (yr >= 0)
    _check_duplicates(flags, cells, (mid, iid, yr), rows, seen, keyed, value_columns)
    if excluded:
        _check_excluded(flags, excluded, mid, iid, yr)

    good = ~flags.bad
    return Validated(
        rows=_good_rows(good, mid, iid, yr, cells, rows, value_columns),
        problems=_problems(chunk.file, flags, rows, value_columns, chunk.names),
        touched=_touched(good & lookups.ruled[cells.ipos], mid, iid, yr),
        rows_read=int(frame["row"].nunique()) if len(frame) else 0,
        percent_cells=int((good & as_shown).sum()),
    )


def _parse(frame: pd.DataFrame, lookups: Lookups, decimal_comma: bool) -> _Cells:
    """Codes to lookup positions, years and values to numbers; a status may sit in the value."""
    import numpy as np
    import pandas as pd

    with phase("read:map codes"):
        mpos, muni_text = _positions(frame["municipality"], lookups.municipality_codes)
        ipos, ind_text = _positions(frame["indicator"], lookups.indicator_codes)
    year_codes, year_labels = _factorised(frame["year"])
    year = pd.to_numeric(pd.Series(year_labels), errors="coerce").to_numpy(dtype=float)[year_codes]
    year_text = np.asarray(year_labels, dtype=object)[year_codes]
    year_digits = pd.Series(year_labels, dtype=object).str.fullmatch(WHOLE_YEAR)
    year_digits = year_digits.fillna(False).to_numpy(dtype=bool)[year_codes]
    status_codes, status_labels = _factorised(frame["status"])
    status = np.asarray(status_labels, dtype=object)[status_codes]
    values = parse_values(frame["value"], decimal_comma)
    status = np.where((status == "") & values.is_status, values.text, status)
    percent = (
        frame["percent"].to_numpy(dtype=bool)
        if "percent" in frame
        else np.zeros(len(frame), dtype=bool)
    )
    return _Cells(
        mpos,
        muni_text,
        ipos,
        ind_text,
        year,
        year_text,
        year_digits,
        status,
        values.number,
        values.text,
        values.is_status,
        values.too_large,
        values.ambiguous,
        percent,
    )


def _check_codes(flags: _Flags, cells: _Cells, lookups: Lookups) -> None:
    """Known municipality and indicator codes; derived indicators are computed, not imported."""
    muni_text, ind_text = cells.muni_text, cells.ind_text
    unknown = cells.mpos < 0
    meant = zeros_restored(muni_text, unknown, lookups.municipality_codes)

    def unknown_municipality(i: int) -> tuple[str, dict[str, object]]:
        if not muni_text[i]:
            return "imp_no_municipality_code", {}
        if meant[i]:
            return "imp_unknown_municipality_zeros", {"code": muni_text[i], "meant": meant[i]}
        return "imp_unknown_municipality", {"code": shortened(muni_text[i])}

    flags.flag(unknown, "municipality", unknown_municipality)
    flags.flag(
        cells.ipos < 0,
        "indicator",
        lambda i: (
            ("imp_unknown_indicator", {"code": shortened(ind_text[i])})
            if ind_text[i]
            else ("imp_no_indicator_code", {})
        ),
    )
    flags.flag(
        lookups.derived[cells.ipos],
        "indicator",
        lambda i: ("imp_derived", {"indicator": ind_text[i]}),
    )


def _check_year(flags: _Flags, cells: _Cells) -> np.ndarray:
    """Whole years from :data:`FIRST_YEAR` to next year; returns the impossible ones."""
    import numpy as np

    year, year_text = cells.year, cells.year_text
    this_year = dt.date.today().year
    # A year is written as a whole number: 2024.0 or 2024.5 is not silently 2024.
    not_whole = ~np.isnan(year) & ~cells.year_digits
    flags.flag(
        not_whole,
        "year",
        lambda i: ("imp_year_not_whole", {"text": shortened(year_text[i])}),
    )
    bad_year = (
        np.isnan(year) | (year != np.floor(year)) | (year < FIRST_YEAR) | (year > this_year + 1)
    )
    flags.flag(
        bad_year & ~not_whole,
        "year",
        lambda i: (
            "imp_bad_year",
            {"text": shortened(year_text[i]), "first": FIRST_YEAR, "last": this_year + 1},
        ),
    )
    return bad_year | not_whole


def _check_status_and_value(flags: _Flags, cells: _Cells, spreadsheet: bool) -> None:
    """A known status, a number, and a value only where the status allows one."""
    import numpy as np
    import pandas as pd

    status, value, value_text = cells.status, cells.value, cells.value_text
    known_status = pd.Series(status, dtype=object).isin(["", *STATUS_CODES]).to_numpy()
    flags.flag(
        ~known_status,
        "status",
        lambda i: ("imp_unknown_status", {"status": shortened(status[i])}),
    )
    has_text = (value_text != "") & ~cells.value_is_status
    too_large = has_text & cells.value_too_large
    ambiguous = has_text & cells.value_ambiguous
    not_number = has_text & np.isnan(value) & ~too_large & ~ambiguous
    flags.flag(
        not_number,
        "value",
        lambda i: (not_number_key(value_text[i], spreadsheet), {"text": shortened(value_text[i])}),
    )
    flags.flag(
        ambiguous,
        "value",
        lambda i: ("imp_dot_ambiguous", {"text": shortened(value_text[i])}),
    )
    flags.flag(
        too_large,
        "value",
        lambda i: ("imp_number_too_large", {"text": shortened(value_text[i])}),
    )
    flags.flag(
        (status != "") & (status != "..") & ~np.isnan(value),
        "value",
        lambda i: (
            "imp_value_with_status",
            {"status": status[i], "meaning": status_meaning(status[i])},
        ),
    )
    flags.flag((status == "") & (value_text == ""), "value", lambda _i: ("imp_empty_value", {}))


def _check_percent(flags: _Flags, cells: _Cells, lookups: Lookups) -> np.ndarray:
    """A percentage-formatted cell holds a fraction of what its reader sees (0.55, shown as
    55 %): read as the percentage shown when the indicator's unit is a percentage, else
    refused as ambiguous; never silently a hundredth. Returns the cells read so."""
    import numpy as np

    marked = cells.percent & ~np.isnan(cells.value) & ~flags.bad
    if not marked.any():
        return marked
    meant = marked & lookups.percent[cells.ipos]
    ind_text, value_text = cells.ind_text, cells.value_text

    def shown(i: int) -> dict[str, str]:
        percent = float(as_percentages(cells.value[i : i + 1], value_text[i : i + 1])[0])
        text = str(int(percent)) if percent.is_integer() else repr(percent)
        return {"en": text, "lv": text.replace(".", ",")}

    flags.flag(
        marked & ~meant,
        "value",
        lambda i: ("imp_percent_cell", {"shown": shown(i), "indicator": ind_text[i]}),
    )
    if meant.any():
        cells.value[meant] = as_percentages(cells.value[meant], value_text[meant])
    return meant


def _check_bounds(flags: _Flags, cells: _Cells, lookups: Lookups) -> None:
    """The indicator's valid range and, for a scale, one of its levels."""
    import numpy as np

    value, ipos, ind_text = cells.value, cells.ipos, cells.ind_text
    low, high = lookups.low[ipos], lookups.high[ipos]
    out_of_range = ~np.isnan(value) & ((value < low) | (value > high))
    flags.flag(
        out_of_range,
        "value",
        lambda i: (
            "imp_out_of_range",
            {
                # A confidential value is never shown, not even back to its importer.
                "value": ".." if cells.status[i] == ".." else float(value[i]),
                "indicator": ind_text[i],
                "range": range_phrase(low[i], high[i]),
            },
        ),
    )
    for pos, levels in lookups.scales.items():
        off_scale = (ipos == pos) & ~np.isnan(value) & ~np.isin(value, list(levels))
        flags.flag(
            off_scale,
            "value",
            lambda i: (
                "imp_off_scale",
                {
                    # As in the range's message: a confidential value is never shown.
                    "value": ".." if cells.status[i] == ".." else float(value[i]),
                    "indicator": ind_text[i],
                    "levels": sorted(lookups.scales[int(ipos[i])]),
                },
            ),
        )


def _check_validity(flags: _Flags, cells: _Cells, lookups: Lookups, bad_year: np.ndarray) -> None:
    """The municipality existed in the year (merged or split ones have a validity period)."""
    year, mpos, muni_text = cells.year, cells.mpos, cells.muni_text
    vfrom, vto = lookups.valid_from[mpos], lookups.valid_to[mpos]
    invalid_unit = (mpos >= 0) & ~bad_year & ((year < vfrom) | (year > vto))
    flags.flag(
        invalid_unit,
        "year",
        lambda i: (
            "imp_not_in_year",
            {
                "municipality": muni_text[i],
                "period": validity_period(vfrom[i], vto[i]),
                "year": int(year[i]),
            },
        ),
    )


def _check_duplicates(
    flags: _Flags,
    cells: _Cells,
    key: tuple[np.ndarray, np.ndarray, np.ndarray],
    rows: np.ndarray,
    seen: FileKeys | None,
    keyed: np.ndarray,
    value_columns: np.ndarray,
) -> None:
    """One value per (municipality, indicator, year) in the file; a later row names the first.

    ``key``: the municipality ids, indicator ids and years; ``keyed``: the rows whose
    key is known. Rows are checked against the file's earlier chunks (``seen``) and
    each other; the chunk's first row of each new key is added to ``seen``.
    """
    import numpy as np

    mid, iid, yr = key
    year, muni_text, ind_text = cells.year, cells.muni_text, cells.ind_text
    first_rows = np.full(len(rows), -1, dtype=np.int64)
    codes = encode(np.where(keyed, mid, 0), np.where(keyed, iid, 0), np.where(keyed, yr, 0))
    if seen is not None and keyed.any():
        first_rows[keyed] = seen.find(codes[keyed])
    earlier = first_rows >= 0
    # Only keyed rows can be duplicates that count (a row without a key is bad already);
    # their int64 codes are sorted once, stably, so a key's first position comes first.
    at = np.flatnonzero(keyed)
    order = np.argsort(codes[at], kind="stable")
    ordered = codes[at][order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(at) else at
    group = np.cumsum(np.r_[False, ordered[1:] != ordered[:-1]]) if len(at) else at
    later = np.ones(len(at), dtype=bool)
    later[starts] = False
    in_chunk = np.zeros(len(rows), dtype=bool)
    in_chunk[at[order]] = later
    in_chunk &= ~earlier
    lowest = np.minimum.reduceat(rows[at][order], starts) if len(at) else at
    first_in_chunk = np.full(len(rows), -1, dtype=np.int64)
    first_in_chunk[at[order]] = lowest[group]
    first_rows = np.where(earlier, first_rows, first_in_chunk)
    flags.flag(
        (earlier | in_chunk) & ~flags.bad,
        "",
        lambda i: (
            "imp_duplicate",
            {
                "first": int(first_rows[i]),
                "municipality": muni_text[i],
                "indicator": ind_text[i],
                "year": int(year[i]),
            },
        ),
    )
    if seen is not None:
        new = keyed & ~earlier & ~in_chunk
        seen.add(codes[new], rows[new], value_columns[new])


def _check_excluded(
    flags: _Flags, excluded: Excluded, mid: np.ndarray, iid: np.ndarray, yr: np.ndarray
) -> None:
    """Values an earlier pass found breaking a control rule, rejected with its message."""
    import numpy as np

    keyed = zip(mid.tolist(), iid.tolist(), yr.tolist(), strict=True)
    broke = np.fromiter((key in excluded for key in keyed), dtype=bool, count=len(mid))
    broke &= ~flags.bad
    flags.flag(
        broke,
        "value",
        lambda i: (
            "imp_breaks_rule",
            {"message": excluded[(int(mid[i]), int(iid[i]), int(yr[i]))]},
        ),
    )


def _touched(ruled: np.ndarray, mid: np.ndarray, iid: np.ndarray, yr: np.ndarray) -> Touched:
    """Per year, the indicators with control rules and the municipalities of good rows."""
    import numpy as np

    touched: Touched = {}
    if ruled.any():
        for year_value in np.unique(yr[ruled]).tolist():
            here = ruled & (yr == year_value)
            codes, places = touched.setdefault(int(year_value), (set(), set()))
            codes.update(np.unique(iid[here]).tolist())
            places.update(np.unique(mid[here]).tolist())
    return touched


def _good_rows(
    good: np.ndarray,
    mid: np.ndarray,
    iid: np.ndarray,
    yr: np.ndarray,
    cells: _Cells,
    rows: np.ndarray,
    value_columns: np.ndarray,
) -> pd.DataFrame:
    """The rows that passed every check, as ids and numbers; an empty status becomes None.

    Text columns stay Python objects: made pandas' Arrow strings, a million rows would be
    converted for nothing.
    """
    import numpy as np
    import pandas as pd

    status = cells.status[good]
    empty = status == ""
    statuses = np.full(len(status), None, dtype=object)
    statuses[~empty] = status[~empty]

    return pd.DataFrame(
        {
            "municipality_id": mid[good],
            "indicator_id": iid[good],
            "year": yr[good],
            "value": cells.value[good],
            "status": statuses,
            "row": rows[good],
            "value_column": pd.Series(value_columns[good], dtype=object),
        }
    )


def _problems(
    file: str,
    flags: _Flags,
    rows: np.ndarray,
    value_columns: np.ndarray,
    names: Mapping[str, str],
) -> list[Problem]:
    """One problem per flagged row of each check, in the order the checks ran.

    ``names``: the file's own name of a mapped column; the user looks for the
    column as the file names it, not as ``--map`` renamed it.
    """
    import numpy as np

    def own(column: str | None) -> str | None:
        return names.get(column, column) if column is not None else None

    return [
        Problem.of(
            file,
            *message(int(i)),
            row=int(rows[i]),
            column=_short_column(own(_cell_column(column, value_columns[i]))),
        )
        for mask, column, message in flags.found
        for i in np.flatnonzero(mask)
    ]


def _factorised(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes and stripped distinct labels: text work happens once per distinct value."""
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    return codes, [str(u).strip() for u in uniques]


def _positions(series: pd.Series, known: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's position in ``known`` (-1 when unknown) and its stripped text."""
    import numpy as np
    import pandas as pd

    codes, labels = _factorised(series)
    found = known.get_indexer(pd.Index(labels, dtype=object))
    return found[codes], np.asarray(labels, dtype=object)[codes]


def _short_column(column: str | None) -> str | None:
    """A column as a problem names it; a header of thousands of characters by its start."""
    if column is None or len(column) <= 40:
        return column
    return column[:40] + "…"


def _cell_column(column: str, value_column: str) -> str | None:
    """The column a problem points at; in a wide file the indicator is its column header."""
    if column == "value" or (column == "indicator" and value_column != "value"):
        return value_column
    return column or None
