"""CSV files read by Arrow's reader give exactly what pandas' reader gave, and numbers too.

A UTF-8 file is parsed by Arrow (:func:`benchlearn.importing.readers._arrow_records`)
until a record it would read differently from pandas' reader (a short row, a
space before a cell); from there pandas' reader goes on, after the records
already given out. Either way the chunks must be those of pandas' reader alone:
the same cells, the same row numbers, whatever the chunk and block sizes.
Plain number columns are parsed by Arrow too (:func:`.numbers._plain_numbers`)
and must give what Python's ``float`` gives.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchlearn.importing import readers
from benchlearn.importing.numbers import parse_values
from tests.conftest import write

PLAIN = "".join(f"M{m},I{i},{2000 + m % 20},{m * 1.25 + i}\n" for m in range(40) for i in range(3))
TAILS = {
    "plain": "",
    "short row": "M7,I1\n",
    "space before a cell": "M8, I2,2001,4\n",
    "tab before a cell": "M8,I2,\t2001,4\n",
    "space before a quote": 'M9, "I,1",2001,4\n',
    "blank line": "\nM10,I0,2002,5\n",
    "quoted line break": 'M11,"I\n0",2003,6\n',
    "quoted delimiter": 'M12,"I,0",2003,6\n',
}


def chunks(path: Path) -> pd.DataFrame:
    frames = [chunk.frame for chunk in readers.read_chunks(path)]
    return pd.concat(frames, ignore_index=True).astype(str)


def by_pandas(path: Path, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    with monkeypatch.context() as patched:
        patched.setattr(readers, "_arrow_records", _refuse)
        return chunks(path)


def _refuse(*_args: object) -> object:
    raise readers._NotPlain
    yield  # a generator, as the reader is


@pytest.mark.parametrize("tail", sorted(TAILS))
@pytest.mark.parametrize("block", [64, 1 << 20])
def test_arrow_gives_the_chunks_pandas_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tail: str, block: int
) -> None:
    monkeypatch.setattr(readers, "CHUNK_ROWS", 7)
    monkeypatch.setattr(readers, "ARROW_BLOCK", block)
    path = write(
        tmp_path / "values.csv",
        "municipality,indicator,year,value\n" + PLAIN + TAILS[tail] + PLAIN[:40],
    )

    read = chunks(path)

    assert read.equals(by_pandas(path, monkeypatch))
    assert read["row"].tolist() == [str(r) for r in sorted(set(map(int, read["row"])))]


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_bytes(b"\xef\xbb\xbfmunicipality,indicator,year,value\nA1,COST,2020,5\n")

    read = chunks(path)

    assert read[["municipality", "indicator", "year", "value", "row"]].values.tolist() == [
        ["A1", "COST", "2020", "5", "2"]
    ]


NUMBER = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"[+-]?[0-9]{0,5}\.?[0-9]{0,5}([eE][+-]?[0-9]{1,3})?", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NUMBER, min_size=1, max_size=20), st.booleans())
def test_numbers_parsed_by_arrow_are_pythons(texts: list[str], decimal_comma: bool) -> None:
    arrow = parse_values(pd.Series(texts, dtype="str"), decimal_comma)
    python = parse_values(pd.Series(texts, dtype=object), decimal_comma)

    assert arrow.number.tobytes() == python.number.tobytes()
    assert arrow.too_large.tolist() == python.too_large.tolist()
    assert arrow.ambiguous.tolist() == python.ambiguous.tolist()
    assert list(arrow.text) == list(python.text)
