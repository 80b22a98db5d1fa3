"""Where each value of a file is: the first row and column of every key, across chunks.

A file is read in chunks, so a key given twice far apart (rows 8 and 200,008)
sits in two chunks; each chunk's checks see only their own rows. This index
remembers, for the whole file, the first row and column of each
(municipality id, indicator id, year) it has seen, so a later row with the same
key is refused naming both rows, and a control rule broken by a value names its
cell. It costs 14 bytes a row (an int64 key, an int32 row and a uint16 column),
kept as sorted runs merged like a binary counter up to two million keys, so the
largest files take about 110 MB (7.68 million rows), unlike a dict of tuples,
which takes a gigabyte per five million rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: Keys a run grows to by merging: beyond it runs are kept apart, so a merge never holds
#: two copies of the whole index (a few more binary searches per chunk instead).
LARGEST_RUN = 1 << 21
#: Bits of a key: the year, then the indicator id; the municipality id takes the rest.
YEAR_BITS = 16
INDICATOR_BITS = 24


def encode(mid: np.ndarray, iid: np.ndarray, year: np.ndarray) -> np.ndarray:
    """Keys as one int64 each: ids and years are small non-negative numbers."""
    import numpy as np

    return (
        (mid.astype(np.int64) << (INDICATOR_BITS + YEAR_BITS))
        | (iid.astype(np.int64) << YEAR_BITS)
        | year.astype(np.int64)
    )


class FileKeys:
    """The first row and column of every key of one file seen so far.

    Runs are sorted by key; a run is merged with the one before it while that
    one is not larger and the two hold at most :data:`LARGEST_RUN` keys, so a
    file has a few runs of two million keys and a few small ones.
    """

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._columns: list[str] = []
        self._column_code: dict[str, int] = {}

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The first row of each key (-1 for a key not seen before)."""
        import numpy as np

        found = np.full(len(keys), -1, dtype=np.int64)
        for run_keys, run_rows, _columns in self._runs:
            if not len(run_keys):
                continue
            at = np.minimum(np.searchsorted(run_keys, keys), len(run_keys) - 1)
            hit = (run_keys[at] == keys) & (found < 0)
            found[hit] = run_rows[at[hit]]
        return found

    def add(self, keys: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> None:
        """Remember new keys (each once, none seen before) with their rows and columns."""
        import numpy as np

        if not len(keys):
            return
        import pandas as pd

        # one code per distinct column (a long file has one, ``value``), not per row
        positions, distinct = pd.factorize(columns, use_na_sentinel=False)
        known = np.array([self._code(str(c)) for c in distinct], dtype=np.uint16)
        codes = known[positions]
        order = np.argsort(keys, kind="stable")
        run = (keys[order], rows[order].astype(np.int32), codes[order])
        while (
            self._runs
            and len(self._runs[-1][0]) <= len(run[0])
            and len(self._runs[-1][0]) + len(run[0]) <= LARGEST_RUN
        ):
            run = _merged(self._runs.pop(), run)
        self._runs.append(run)

    def get(
        self, key: tuple[int, int, int], default: tuple[int | None, str]
    ) -> tuple[int | None, str]:
        """The row and column of one key, as a broken rule names its cell; else ``default``."""
        import numpy as np

        wanted = encode(np.array([key[0]]), np.array([key[1]]), np.array([key[2]]))[0]
        for run_keys, run_rows, run_columns in self._runs:
            at = int(np.searchsorted(run_keys, wanted))
            if at < len(run_keys) and run_keys[at] == wanted:
                return int(run_rows[at]), self._columns[int(run_columns[at])]
        return default

    def _code(self, column: str) -> int:
        code = self._column_code.get(column)
        if code is None:
            code = self._column_code[column] = len(self._columns)
            self._columns.append(column)
        return code


def _merged(
    first: tuple[np.ndarray, np.ndarray, np.ndarray],
    second: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two sorted runs as one, in one linear pass (no index array as large as both)."""
    import numpy as np

    at = np.searchsorted(first[0], second[0], side="right")
    if len(at) and at[0] == len(first[0]):  # all after the first (a file in key order)
        return tuple(np.concatenate(pair) for pair in zip(first, second, strict=True))  # type: ignore[return-value]
    return (
        np.insert(first[0], at, second[0]),
        np.insert(first[1], at, second[1]),
        np.insert(first[2], at, second[2]),
    )
