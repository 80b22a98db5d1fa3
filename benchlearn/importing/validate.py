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
from benchlearn.importing.readers import STATUS_CODES, Chunk, shortened
from benchlearn.messages import phrase

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

FIRST_YEAR = 1900
#: A number as a value file may write it: ASCII digits, an optional sign, decimal point
#: and exponent. No thousands or digit separators (``1_000``, ``1 000``), no other
#: scripts' digits (``٨٩``, ``８``), no ``inf`` or ``nan``: such cells are errors, never
#: silently read values.
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
#: The same with a decimal comma, which a semicolon- or tab-separated file may write.
NUMBER_OR_DECIMAL_COMMA = r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?"
_PLAIN_NUMBER_CHARACTERS = frozenset("0123456789+-.eE")
#: Digits grouped by thousands (``1 000``, ``1,000.5``, ``1.000,5``, ``1_000``).
GROUPED = r"[+-]?[0-9]{1,3}(?:[ \u00a0\u202f_',.][0-9]{3})+(?:[.,][0-9]+)?"
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
    """

    rows: pd.DataFrame
    problems: list[Problem]
    touched: Touched
    rows_read: int


@dataclass(frozen=True)
class _Cells:
    """A chunk's cells, parsed once per distinct text: positions in the lookups, numbers, texts."""

    mpos: np.ndarray
    muni_text: np.ndarray
    ipos: np.ndarray
    ind_text: np.ndarray
    year: np.ndarray
    year_text: np.ndarray
    status: np.ndarray
    value: np.ndarray
    value_text: np.ndarray
    value_is_status: np.ndarray
    value_too_large: np.ndarray


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


def validate_chunk(chunk: Chunk, lookups: Lookups, excluded: Excluded) -> Validated:
    """Check every cell of one chunk: its good rows, every problem, and what rules must see.

    ``excluded``: values that broke a control rule on an earlier pass, rejected
    with the rule's message.
    """
    import numpy as np

    frame = chunk.frame
    cells = _parse(frame, lookups, chunk.decimal_comma)
    flags = _Flags(np.zeros(len(frame), dtype=bool))
    rows = frame["row"].to_numpy()
    _check_codes(flags, cells, lookups)
    bad_year = _check_year(flags, cells)
    _check_status_and_value(flags, cells, chunk.spreadsheet)
    _check_bounds(flags, cells, lookups)
    _check_validity(flags, cells, lookups, bad_year)
    mid, iid = lookups.municipality_ids[cells.mpos], lookups.indicator_ids[cells.ipos]
    yr = np.where(bad_year, -1, np.nan_to_num(cells.year, nan=-1)).astype(np.int64)
    _check_duplicates(flags, cells, mid, iid, yr, rows)
    if excluded:
        _check_excluded(flags, excluded, mid, iid, yr)

    good = ~flags.bad
    value_columns = frame["value_column"].to_numpy(dtype=object)
    return Validated(
        rows=_good_rows(good, mid, iid, yr, cells, rows, value_columns),
        problems=_problems(chunk.file, flags, rows, value_columns, chunk.names),
        touched=_touched(good & lookups.ruled[cells.ipos], mid, iid, yr),
        rows_read=int(frame["row"].nunique()) if len(frame) else 0,
    )


def _parse(frame: pd.DataFrame, lookups: Lookups, decimal_comma: bool) -> _Cells:
    """Codes to lookup positions, years and values to numbers; a status may sit in the value."""
    import numpy as np
    import pandas as pd

    mpos, muni_text = _positions(frame["municipality"], lookups.municipality_codes)
    ipos, ind_text = _positions(frame["indicator"], lookups.indicator_codes)
    year_codes, year_labels = _factorised(frame["year"])
    year = pd.to_numeric(pd.Series(year_labels), errors="coerce").to_numpy(dtype=float)[year_codes]
    year_text = np.asarray(year_labels, dtype=object)[year_codes]
    status_codes, status_labels = _factorised(frame["status"])
    status = np.asarray(status_labels, dtype=object)[status_codes]
    value, value_text, value_is_status, too_large = _parse_values(frame["value"], decimal_comma)
    status = np.where((status == "") & value_is_status, value_text, status)
    return _Cells(
        mpos,
        muni_text,
        ipos,
        ind_text,
        year,
        year_text,
        status,
        value,
        value_text,
        value_is_status,
        too_large,
    )


def _check_codes(flags: _Flags, cells: _Cells, lookups: Lookups) -> None:
    """Known municipality and indicator codes; derived indicators are computed, not imported."""
    muni_text, ind_text = cells.muni_text, cells.ind_text
    unknown = cells.mpos < 0
    meant = _zeros_restored(muni_text, unknown, lookups.municipality_codes)

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


def _zeros_restored(texts: np.ndarray, unknown: np.ndarray, codes: pd.Index) -> np.ndarray:
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


def _check_year(flags: _Flags, cells: _Cells) -> np.ndarray:
    """Whole years from :data:`FIRST_YEAR` to next year; returns the impossible ones."""
    import numpy as np

    year, year_text = cells.year, cells.year_text
    this_year = dt.date.today().year
    bad_year = (
        np.isnan(year) | (year != np.floor(year)) | (year < FIRST_YEAR) | (year > this_year + 1)
    )
    flags.flag(
        bad_year,
        "year",
        lambda i: (
            "imp_bad_year",
            {"text": shortened(year_text[i]), "first": FIRST_YEAR, "last": this_year + 1},
        ),
    )
    return bad_year


def _check_status_and_value(flags: _Flags, cells: _Cells, spreadsheet: bool) -> None:
    """A known status, a number, and a value only where the status allows one."""
    import numpy as np
    import pandas as pd

    status, value, value_text = cells.status, cells.value, cells.value_text
    known_status = pd.Series(status).isin(["", *STATUS_CODES]).to_numpy()
    flags.flag(
        ~known_status,
        "status",
        lambda i: ("imp_unknown_status", {"status": shortened(status[i])}),
    )
    has_text = (value_text != "") & ~cells.value_is_status
    too_large = has_text & cells.value_too_large
    not_number = has_text & np.isnan(value) & ~too_large
    flags.flag(
        not_number,
        "value",
        lambda i: (_not_number(value_text[i], spreadsheet), {"text": shortened(value_text[i])}),
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
            {"status": status[i], "meaning": _status_meaning(status[i])},
        ),
    )
    flags.flag((status == "") & (value_text == ""), "value", lambda _i: ("imp_empty_value", {}))


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
                    "value": float(value[i]),
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
                "period": _years(vfrom[i], vto[i]),
                "year": int(year[i]),
            },
        ),
    )


def _check_duplicates(
    flags: _Flags,
    cells: _Cells,
    mid: np.ndarray,
    iid: np.ndarray,
    yr: np.ndarray,
    rows: np.ndarray,
) -> None:
    """One value per (municipality, indicator, year) in the chunk; later ones name the first."""
    import pandas as pd

    year, muni_text, ind_text = cells.year, cells.muni_text, cells.ind_text
    keys = pd.DataFrame({"mid": mid, "iid": iid, "year": yr})
    dup_in_chunk = keys.duplicated(keep="first").to_numpy() & ~flags.bad
    first_row_of = keys.assign(row=rows).groupby(["mid", "iid", "year"])["row"].transform("min")
    first_rows = first_row_of.to_numpy()
    flags.flag(
        dup_in_chunk,
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
    """The rows that passed every check, as ids and numbers; an empty status becomes None."""
    import pandas as pd

    return pd.DataFrame(
        {
            "municipality_id": mid[good],
            "indicator_id": iid[good],
            "year": yr[good],
            "value": cells.value[good],
            "status": pd.Series(cells.status[good], dtype=object)
            .replace("", None)
            .to_numpy(dtype=object),
            "row": rows[good],
            "value_column": value_columns[good],
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


def _parse_values(
    series: pd.Series, decimal_comma: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Numbers, the stripped cell texts, which cells hold a status code, which are too large.

    Each distinct text is matched once against :data:`NUMBER` (or, with
    ``decimal_comma``, :data:`NUMBER_OR_DECIMAL_COMMA`); anything else is NaN so
    the caller can report it. Python's ``float`` is not the judge: it reads
    ``1_000``, Arabic-Indic and full-width digits, ``inf`` and ``nan``. A
    negative zero is stored as zero.
    """
    import numpy as np
    import pandas as pd

    raw = series.to_numpy(dtype=object)
    try:
        numbers = raw.astype(float)
        # What float() reads from these characters alone is exactly what NUMBER matches.
        plain = set("".join(raw)) <= _PLAIN_NUMBER_CHARACTERS
    except (ValueError, TypeError):
        pass
    else:
        if plain and np.isfinite(numbers).all():
            nothing = np.zeros(len(raw), dtype=bool)
            return numbers + 0.0, raw, nothing, nothing
    codes, labels = pd.factorize(series, use_na_sentinel=False)
    text = pd.Series([str(label).strip() for label in labels], dtype=object)
    is_status = text.isin(list(STATUS_CODES)).to_numpy()
    pattern = NUMBER_OR_DECIMAL_COMMA if decimal_comma else NUMBER
    numeric = text.str.fullmatch(pattern).to_numpy(dtype=bool)
    numbers = np.full(len(text), np.nan)
    if numeric.any():
        written = text[numeric]
        if decimal_comma:
            written = written.str.replace(",", ".", regex=False)
        numbers[numeric] = written.astype(float).to_numpy()
    too_large = numeric & np.isinf(numbers)
    numbers = np.where(np.isfinite(numbers), numbers, np.nan) + 0.0
    return (
        numbers[codes],
        text.to_numpy(dtype=object)[codes],
        is_status[codes],
        too_large[codes],
    )


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


def _not_number(text: str, spreadsheet: bool = False) -> str:
    """The message for a text that is not a number: a decimal comma or thousands separators,
    or in a spreadsheet a cell holding text (pasted, or typed into a text cell)."""
    import re

    comma, grouped = "," in text and not {".", " "} & set(text), re.fullmatch(GROUPED, text)
    if spreadsheet and (comma or grouped) and re.fullmatch(r"[+-]?[0-9 ,.]+", text):
        return "imp_cell_holds_text"
    if comma or grouped:
        return "imp_not_number_comma" if comma else "imp_not_number_grouping"
    return "imp_not_number"


#: The meaning of each status code, as the catalogue names it.
_STATUS_KEYS = {
    "-": "imp_status_missing",
    ".": "imp_status_not_applicable",
    "..": "imp_status_confidential",
}


def _status_meaning(status: str) -> dict[str, str] | str:
    """What a status code means, in every language."""
    return phrase(_STATUS_KEYS[status]) if status in _STATUS_KEYS else "?"


def _years(first: float, last: float) -> dict[str, str]:
    """A validity period in words, in every language."""
    if first == float("-inf"):
        return phrase("imp_period_until", {"last": int(last)})
    if last == float("inf"):
        return phrase("imp_period_from", {"first": int(first)})
    return phrase("imp_period_between", {"first": int(first), "last": int(last)})
