"""Hostile value files: each is imported correctly or refused in a sentence that says where.

The corpus in ``tests/data/hostile/`` (written by its ``build.py``) holds the
files of issue 14 and the classics; ``EXPECTED.csv`` says what importing each
into the small workspace must do. A refusal names the file, the row and the
column where there is one, leaves the database as it was, and never shows a
traceback, SQL or "unexpected". Hypothesis then feeds the readers random
shapes: the result is an import or a :class:`BenchlearnError`, nothing else.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from benchlearn.cli import cli
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.importing import import_file
from benchlearn.importing.readers import Chunk, read_chunks
from benchlearn.importing.validate import Lookups, validate_chunk
from benchlearn.models import ImportBatch
from benchlearn.values import stored_values
from tests.conftest import REPO

HOSTILE = REPO / "tests" / "data" / "hostile"
with (HOSTILE / "EXPECTED.csv").open(encoding="utf-8", newline="") as _handle:
    EXPECTED = {row["file"]: row for row in csv.DictReader(_handle)}
#: What no message a user can provoke may hold.
FORBIDDEN = ("unexpected", "Traceback", "SELECT ", "INSERT ", "sqlalchemy", "psycopg", "Error:")


def stored(engine: Engine) -> list[str]:
    """The stored values as EXPECTED.csv writes them: ``municipality indicator year value``."""
    with engine.connect() as connection:
        frame = stored_values(connection)
        batches = connection.execute(select(func.count()).select_from(ImportBatch)).scalar_one()
    frame = frame.sort_values(["municipality", "indicator", "year"])
    found = [
        f"{m} {i} {int(y)} {s if s else format(v, '.15g')}"
        for m, i, y, v, s in frame.itertuples(index=False)
    ]
    return [*found, f"batches {batches}"]


def test_the_corpus_covers_the_issue() -> None:
    files = sorted(p.name for p in HOSTILE.iterdir() if p.name not in {"EXPECTED.csv", "build.py"})

    assert files == sorted(EXPECTED)
    assert len(files) >= 50
    assert {row["outcome"] for row in EXPECTED.values()} == {"imported", "refused"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(workspace: Engine, name: str) -> None:
    expected = EXPECTED[name]
    path = HOSTILE / name
    before = stored(workspace)

    try:
        result = import_file(workspace, path)
    except BenchlearnError as error:
        english, latvian = error.text("en"), error.text("lv")
        assert expected["outcome"] == "refused", english
        assert stored(workspace) == before
        first = getattr(error, "problems", [None])[0]
        where = str(first) if first is not None else english
        assert str(path) in english
        assert expected["says"] in english
        if expected["row"]:
            assert f", row {expected['row']}" in where
            assert f"{expected['row']}. rinda" in latvian
        if expected["column"]:
            assert f", column {expected['column']}:" in where
        for text in (english, latvian):
            assert not any(word in text for word in FORBIDDEN), text
            assert len(text) < 2_000
    else:
        assert expected["outcome"] == "imported", result
        values = [v.strip() for v in expected["says"].split(";")]
        assert stored(workspace) == [*values, "batches 1"]
        assert result.written


def test_negative_zero_is_stored_as_zero(workspace: Engine) -> None:
    import_file(workspace, HOSTILE / "negative_zero.csv")

    with workspace.connect() as connection:
        value = float(stored_values(connection)["value"].iloc[0])

    assert math.copysign(1.0, value) == 1.0


def test_the_command_line_refuses_the_corpus_in_sentences(workspace: Engine, db_url: str) -> None:
    runner = CliRunner()

    result = runner.invoke(cli, ["--db", db_url, "import", str(HOSTILE)])

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert not any(w in line for line in lines for w in FORBIDDEN[:-1]), result.output


# --- random shapes: an import or a BenchlearnError, never another exception -----------------

CELLS = st.one_of(
    st.sampled_from(["A1", "B2", "COST", "SHARE", "2020", "1.5", "12,5", "-", "..", "", " "]),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
HEADERS = st.one_of(
    st.just(["municipality", "indicator", "year", "value"]),
    st.just(["municipality", "year", "COST", "SHARE"]),
    st.lists(
        st.sampled_from(["municipality", "year", "COST", "value", "name", "", "x"]), max_size=6
    ),
)


def lookups() -> Lookups:
    import numpy as np
    import pandas as pd

    return Lookups(
        municipality_codes=pd.Index(["A1", "B2"], dtype=object),
        municipality_ids=np.array([1, 2, -1]),
        valid_from=np.array([-np.inf, -np.inf, -np.inf]),
        valid_to=np.array([np.inf, np.inf, np.inf]),
        indicator_codes=pd.Index(["COST", "SHARE"], dtype=object),
        indicator_ids=np.array([1, 2, -1]),
        low=np.array([-np.inf, 0.0, -np.inf]),
        high=np.array([np.inf, 100.0, np.inf]),
        derived=np.array([False, False, False]),
        ruled=np.array([False, False, False]),
        scales={},
        percent=np.array([False, True, False]),
    )


def read_all(path: Path) -> list[Chunk]:
    """Read and validate every chunk; a BenchlearnError is a proper answer."""
    try:
        chunks = list(read_chunks(path))
        for chunk in chunks:
            validate_chunk(chunk, lookups(), {})
    except BenchlearnError as error:
        assert error.text("lv")
        return []
    return chunks


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=HEADERS,
    rows=st.lists(st.lists(CELLS, max_size=7), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1257", "latin-1"]),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_random_csv_is_read_or_refused(
    tmp_path: Path,
    header: list[str],
    rows: list[list[str]],
    delimiter: str,
    encoding: str,
    line_end: str,
) -> None:
    path = tmp_path / "random.csv"
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    data = line_end.join(lines) + line_end
    path.write_bytes(data.encode(encoding, errors="replace"))

    read_all(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sheets=st.lists(
        st.tuples(HEADERS, st.lists(st.lists(CELLS, max_size=6), max_size=4), st.booleans()),
        min_size=1,
        max_size=3,
    )
)
def test_random_xlsx_is_read_or_refused(
    tmp_path: Path, sheets: list[tuple[list[str], list[list[str]], bool]]
) -> None:
    path = tmp_path / "random.xlsx"
    book = Workbook()
    book.remove(book.active)
    for index, (header, rows, hidden) in enumerate(sheets):
        sheet = book.create_sheet(f"S{index}")
        for row in [header, *rows]:
            sheet.append([_number_or_text(c) for c in row])
        if hidden and index:
            sheet.sheet_state = "hidden"
    book.save(path)

    read_all(path)


def _number_or_text(cell: str) -> object:
    """Numbers as numbers (as Excel stores them), anything else as text without control
    characters, which XLSX cannot hold."""
    try:
        number = float(cell)
    except ValueError:
        return "".join(c for c in cell if c.isprintable()) or None
    return number if math.isfinite(number) else cell


# --- formulas: limits reported as definition problems with their key path -----------------

HOSTILE_FORMULAS = {
    "a 400-digit number": ("1" * 400 + " * POP", "a number is larger than 1.8e308"),
    "20,000 terms": (" + ".join(["POP"] * 20_000), "at most 1,000 characters; this one has"),
    "50,000 unary minuses": ("-" * 50_000 + "POP", "at most 1,000 characters; this one has"),
    "deep nesting": ("-" * 900 + "POP", "nested more than 100 levels deep"),
    "101 terms": ("+".join(["POP"] * 101), "nested more than 100 levels deep"),
    "infinity": ("1e999 * POP", "a number is larger than 1.8e308"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FORMULAS))
def test_a_hostile_formula_is_a_definitions_error_with_its_key_path(
    tmp_path: Path, case: str
) -> None:
    from benchlearn.definitions.files import read_files

    formula, says = HOSTILE_FORMULAS[case]
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "indicators:\n"
        "  - {code: POP, name: Population, unit: persons, direction: neutral}\n"
        f"  - {{code: BAD, name: Bad, unit: x, direction: higher, formula: '{formula}'}}\n",
        encoding="utf-8",
    )

    with pytest.raises(ValidationError) as caught:
        read_files([path])

    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.path) == (
        str(path),
        3,
        "56",
        "indicators[1].formula",
    )
    assert says in problem.message
    assert len(str(problem)) < 300


def test_a_long_rule_is_refused_with_its_key_path(tmp_path: Path) -> None:
    from benchlearn.definitions.files import read_files

    rule = " + ".join(["POP"] * 5_000) + " >= 0"
    path = tmp_path / "rules.yaml"
    path.write_text(
        "indicators:\n"
        "  - code: POP\n    name: Population\n    unit: persons\n    direction: neutral\n"
        f"    rules: ['{rule}']\n",
        encoding="utf-8",
    )

    with pytest.raises(ValidationError) as caught:
        read_files([path])

    assert [(p.column, p.path) for p in caught.value.problems] == [
        ("13", "indicators[0].rules[0].rule")
    ]


# --- row numbers across chunks ---------------------------------------------------------------


def test_rows_are_numbered_across_chunks(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchlearn.importing import readers

    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    path = tmp_path / "lv.csv"
    rows = ["A1;COST;2020;1,5", "B2;COST;2020;2", "", "C3;COST;2020;3,25", "A1;POP;2020;x"]
    path.write_text("municipality;indicator;year;value\n" + "\n".join(rows) + "\n")

    with pytest.raises(ValidationError) as caught:
        import_file(workspace, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 6, column value: 'x' is not a number"
    ]


def test_a_long_row_in_a_later_chunk_is_named(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchlearn.importing import readers

    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    path = tmp_path / "v.csv"
    path.write_text("municipality,year,COST\nA1,2020,1\nB2,2020,2\nC3,2020,3\nA1,2021,4,\n")

    with pytest.raises(ValidationError) as caught:
        import_file(workspace, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 5: the row has 4 cells but the header 3 (a delimiter at the end of the row?)"
    ]
    assert stored(workspace) == ["batches 0"]


def test_every_visible_sheet_is_imported_across_chunks(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchlearn.importing import readers

    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    book = Workbook()
    first = book.active
    first.title = "2020"
    for row in [
        ["municipality", "year", "COST"],
        ["A1", 2020, 1],
        ["B2", 2020, 2],
        ["C3", 2020, 3],
    ]:
        first.append(row)
    second = book.create_sheet("2021")
    for row in [["municipality", "indicator", "year", "value"], ["A1", "COST", 2021, 4]]:
        second.append(row)
    path = tmp_path / "two.xlsx"
    book.save(path)

    result = import_file(workspace, path)

    assert (result.rows_read, result.inserted) == (4, 4)
    assert stored(workspace) == [
        "A1 COST 2020 1",
        "A1 COST 2021 4",
        "B2 COST 2020 2",
        "C3 COST 2020 3",
        "batches 1",
    ]
