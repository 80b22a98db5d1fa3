"""How a value file may write a number, and what each cell's text is read as.

Kept apart from the other checks of :mod:`benchlearn.importing.validate`
because the rules are the ones a user meets first and most: only the
documented forms are numbers, a decimal comma only in a file separated by
semicolons or tabs, and in such a file a dot is a number only where it cannot
be a thousands separator. Percentage-formatted spreadsheet cells are read here
too: the number a reader of the sheet sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from benchlearn.importing.headers import STATUS_CODES
from benchlearn.importing.tables import arrow_installed

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

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
#: A dot that may separate thousands (``1.234``, ``12.345.678``): in a file that may write
#: decimal commas, neither a decimal point nor a thousands separator can be assumed.
DOT_THOUSANDS = r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+"
#: A whole year as a file writes it: digits only (``2024``, not ``2024.0``).
WHOLE_YEAR = r"[0-9]+"


@dataclass(frozen=True)
class Values:
    """A chunk's value cells read as numbers, one entry per row.

    ``number``: NaN where the text is no number; ``text``: the stripped text;
    ``is_status``: the cell holds a status code; ``too_large``: a number beyond
    a float; ``ambiguous``: a dot in a file that writes decimal commas.
    """

    number: np.ndarray
    text: np.ndarray
    is_status: np.ndarray
    too_large: np.ndarray
    ambiguous: np.ndarray


def parse_values(series: pd.Series, decimal_comma: bool) -> Values:
    """Each distinct text matched once against :data:`NUMBER` (or, with ``decimal_comma``,
    :data:`NUMBER_OR_DECIMAL_COMMA`); anything else is NaN so the caller can report it.

    Python's ``float`` is not the judge: it reads ``1_000``, Arabic-Indic and
    full-width digits, ``inf`` and ``nan``. A negative zero is stored as zero.
    With ``decimal_comma`` a value with a dot is ambiguous when it may be
    thousands (``1.234``) or when the chunk writes decimal commas elsewhere: a
    semicolon file from Latvian Excel writes ``1.234`` for one thousand two
    hundred and thirty-four.
    """
    import numpy as np
    import pandas as pd

    raw = series.to_numpy(dtype=object)
    nothing = np.zeros(len(raw), dtype=bool)
    plain_numbers = _plain_numbers(series, decimal_comma)
    if plain_numbers is not None:
        return Values(plain_numbers + 0.0, raw, nothing, nothing, nothing)
    try:
        numbers = raw.astype(float)
        # What float() reads from these characters alone is exactly what NUMBER matches.
        characters = set("".join(raw))
        plain = characters <= _PLAIN_NUMBER_CHARACTERS and not (decimal_comma and "." in characters)
    except (ValueError, TypeError):
        pass
    else:
        if plain and np.isfinite(numbers).all():
            return Values(numbers + 0.0, raw, nothing, nothing, nothing)
    codes, labels = pd.factorize(series, use_na_sentinel=False)
    text = pd.Series([str(label).strip() for label in labels], dtype=object)
    is_status = text.isin(list(STATUS_CODES)).to_numpy()
    pattern = NUMBER_OR_DECIMAL_COMMA if decimal_comma else NUMBER
    numeric = text.str.fullmatch(pattern).to_numpy(dtype=bool)
    ambiguous = np.zeros(len(text), dtype=bool)
    if decimal_comma and numeric.any():
        dotted = numeric & text.str.contains(".", regex=False).to_numpy(dtype=bool)
        comma = numeric & text.str.contains(",", regex=False).to_numpy(dtype=bool)
        thousands = text.str.fullmatch(DOT_THOUSANDS).to_numpy(dtype=bool)
        ambiguous = dotted & (thousands | comma.any())
        numeric = numeric & ~ambiguous
    numbers = np.full(len(text), np.nan)
    if numeric.any():
        written = text[numeric]
        if decimal_comma:
            written = written.str.replace(",", ".", regex=False)
        numbers[numeric] = written.astype(float).to_numpy()
    too_large = numeric & np.isinf(numbers)
    numbers = np.where(np.isfinite(numbers), numbers, np.nan) + 0.0
    return Values(
        numbers[codes],
        text.to_numpy(dtype=object)[codes],
        is_status[codes],
        too_large[codes],
        ambiguous[codes],
    )


def _plain_numbers(series: pd.Series, decimal_comma: bool) -> np.ndarray | None:
    """Every cell of a text column as a finite number, parsed by Arrow; None when any cell
    is not a plain number (the checks above then decide cell by cell), or without pyarrow.

    The same test as the one on Python's ``float`` below it: characters from
    :data:`_PLAIN_NUMBER_CHARACTERS` only (no dot where decimal commas may be written),
    and a number Arrow's parser reads (as Python's, correctly rounded), finite.
    """
    import numpy as np

    if not len(series) or not arrow_installed() or not hasattr(series.array, "__arrow_array__"):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pa.array(series.array)
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        return None
    allowed = "0-9+\\-eE" if decimal_comma else "0-9+\\-.eE"
    if column.null_count or not pc.all(pc.match_substring_regex(column, f"^[{allowed}]+$")).as_py():
        return None
    try:
        numbers = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return numbers if np.isfinite(numbers).all() else None


def as_percentages(numbers: np.ndarray, texts: np.ndarray) -> np.ndarray:
    """Fractions from percentage-formatted cells as the percentages a reader sees (0.55 → 55).

    Shifted in decimal, not multiplied in binary: 0.55 × 100 is 55.00000000000001.
    """
    import numpy as np

    shifted = [
        float(Decimal(str(text)).scaleb(2)) if re.fullmatch(NUMBER, str(text)) else float(n)
        for n, text in zip(numbers.tolist(), texts.tolist(), strict=True)
    ]
    return np.array(shifted, dtype=float) + 0.0


def not_number_key(text: str, spreadsheet: bool = False) -> str:
    """The message for a text that is not a number: a decimal comma or thousands separators,
    or in a spreadsheet a cell holding text (pasted, or typed into a text cell)."""
    comma, grouped = "," in text and not {".", " "} & set(text), re.fullmatch(GROUPED, text)
    if spreadsheet and (comma or grouped) and re.fullmatch(r"[+-]?[0-9 ,.]+", text):
        return "imp_cell_holds_text"
    if comma or grouped:
        return "imp_not_number_comma" if comma else "imp_not_number_grouping"
    return "imp_not_number"
