"""Import: long and wide CSV and XLSX, every problem at once, one transaction per file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import ValidationError
from benchlearn.importing import ImportRejected, import_file, readers
from benchlearn.importing import write as importing
from benchlearn.models import ImportBatch, Observation, ObservationRevision
from benchlearn.values import stored_values, values
from tests.conftest import write

GOOD = """municipality,indicator,year,value,status
A1,COST,2020,100,
A1,POP,2020,10,
B2,COST,2020,300,
B2,POP,2020,20,
A1,SHARE,2020,55.5,
B2,SHARE,2020,..,
C3,SHARE,2020,-,
"""


def counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(Observation)).scalar_one(),
            connection.execute(select(func.count()).select_from(ObservationRevision)).scalar_one(),
            connection.execute(select(func.count()).select_from(ImportBatch)).scalar_one(),
        )


def stored(engine: Engine) -> list[tuple[str, str, int, float | None, str | None]]:
    with engine.connect() as connection:
        frame = stored_values(connection)
    frame = frame.sort_values(["municipality", "indicator", "year"])
    return [
        (m, i, int(y), None if v != v else float(v), s)
        for m, i, y, v, s in frame.itertuples(index=False)
    ]


def test_long_csv_imports_with_status_codes(workspace: Engine, tmp_path: Path) -> None:
    result = import_file(workspace, write(tmp_path / "v.csv", GOOD))

    assert (result.rows_read, result.inserted, result.updated, result.rejected) == (7, 7, 0, 0)
    assert result.batch_id == 1
    assert stored(workspace) == [
        ("A1", "COST", 2020, 100.0, None),
        ("A1", "POP", 2020, 10.0, None),
        ("A1", "SHARE", 2020, 55.5, None),
        ("B2", "COST", 2020, 300.0, None),
        ("B2", "POP", 2020, 20.0, None),
        ("B2", "SHARE", 2020, None, ".."),
        ("C3", "SHARE", 2020, None, "-"),
    ]


def test_reimport_is_a_no_op(workspace: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", GOOD)
    import_file(workspace, path)

    again = import_file(workspace, path)

    assert (again.inserted, again.updated, again.unchanged, again.written) == (0, 0, 7, False)
    assert counts(workspace) == (7, 0, 1)


def test_changed_value_keeps_the_old_one_as_a_revision(workspace: Engine, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path / "v.csv", GOOD))

    result = import_file(
        workspace,
        write(tmp_path / "fix.csv", "municipality,indicator,year,value\nA1,COST,2020,120\n"),
    )

    assert (result.inserted, result.updated, result.batch_id) == (0, 1, 2)
    assert counts(workspace) == (7, 1, 2)
    with workspace.connect() as connection:
        revision = connection.execute(
            select(
                ObservationRevision.value,
                ObservationRevision.batch_id,
                ObservationRevision.replaced_by,
            )
        ).one()
    assert tuple(revision) == (100.0, 1, 2)
    assert stored(workspace)[0] == ("A1", "COST", 2020, 120.0, None)


def test_bad_file_names_every_bad_row_and_writes_nothing(workspace: Engine, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path / "v.csv", GOOD))
    before = (counts(workspace), stored(workspace))
    bad = write(
        tmp_path / "bad.csv",
        """municipality,indicator,year,value
A1,COST,2021,100
ZZ,COST,2021,5
A1,SHARE,2021,"12,5"
A1,COST,2021,100
B2,SHARE,20x1,5
B2,SHARE,2021,150
B2,COST_PC,2021,1
C3,NOPE,2021,1
C3,POP,2021,
B2,POP,2021,12
""",
    )

    with pytest.raises(ImportRejected) as caught:
        import_file(workspace, bad)

    assert [str(p) for p in caught.value.problems] == [
        f"{bad}, row 3, column municipality: unknown municipality 'ZZ'",
        f"{bad}, row 4, column value: '12,5' is not a number (use a dot as the decimal separator)",
        f"{bad}, row 5: duplicate of row 2 (A1, COST, 2021)",
        f"{bad}, row 6, column year: '20x1' is not a possible year (1900–2027)",
        f"{bad}, row 7, column value: 150 is outside SHARE's valid range 0 to 100",
        f"{bad}, row 8, column indicator: COST_PC is computed from its formula; "
        "import its components instead",
        f"{bad}, row 9, column indicator: unknown indicator 'NOPE'",
        f"{bad}, row 10, column value: value is empty (write - for a missing value)",
    ]
    assert caught.value.result.rejected == 8
    assert (counts(workspace), stored(workspace)) == before


def test_skip_invalid_writes_the_valid_rows(workspace: Engine, tmp_path: Path) -> None:
    bad = write(
        tmp_path / "mixed.csv",
        "municipality,indicator,year,value\nA1,POP,2021,11\nZZ,POP,2021,1\nB2,POP,2021,abc\n",
    )

    result = import_file(workspace, bad, skip_invalid=True)

    assert (result.inserted, result.rejected, result.written) == (1, 2, True)
    assert [str(p) for p in result.problems] == [
        f"{bad}, row 3, column municipality: unknown municipality 'ZZ'",
        f"{bad}, row 4, column value: 'abc' is not a number",
    ]
    assert stored(workspace) == [("A1", "POP", 2021, 11.0, None)]


def test_dry_run_counts_but_writes_nothing(workspace: Engine, tmp_path: Path) -> None:
    result = import_file(workspace, write(tmp_path / "v.csv", GOOD), dry_run=True)

    assert (result.inserted, result.written, result.batch_id) == (7, False, None)
    assert counts(workspace) == (0, 0, 0)


def test_duplicates_across_chunks_are_found(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    path = write(
        tmp_path / "d.csv",
        "municipality,indicator,year,value\nA1,POP,2020,1\nB2,POP,2020,2\nC3,POP,2020,3\n"
        "A1,POP,2020,9\n",
    )

    with pytest.raises(ImportRejected) as caught:
        import_file(workspace, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 5: duplicate of row 2 (A1, POP, 2020)"
    ]
    assert counts(workspace) == (0, 0, 0)


def test_an_interrupted_import_leaves_nothing(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    real_write = importing.write_observations
    calls = []

    def failing_write(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "write_observations", failing_write)

    with pytest.raises(KeyboardInterrupt):
        import_file(workspace, write(tmp_path / "v.csv", GOOD))

    assert counts(workspace) == (0, 0, 0)


def test_wide_csv_with_year_column(workspace: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "wide.csv",
        "municipality,name,year,COST,POP,SHARE\nA1,Alpha,2020,100,10,..\nB2,Beta,2020,300,20,\n",
    )

    result = import_file(workspace, path)

    assert result.inserted == 5
    assert stored(workspace) == [
        ("A1", "COST", 2020, 100.0, None),
        ("A1", "POP", 2020, 10.0, None),
        ("A1", "SHARE", 2020, None, ".."),
        ("B2", "COST", 2020, 300.0, None),
        ("B2", "POP", 2020, 20.0, None),
    ]


def test_wide_file_problems_point_at_the_cell(workspace: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "wide.csv", "municipality,POP,SHARE,BOGUS\nA1,x,101,1\n")

    with pytest.raises(ImportRejected) as caught:
        import_file(workspace, path, year=2020)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 2, column BOGUS: unknown indicator 'BOGUS'",
        f"{path}, row 2, column POP: 'x' is not a number",
        f"{path}, row 2, column SHARE: 101 is outside SHARE's valid range 0 to 100",
    ]


def test_wide_file_needs_a_year(workspace: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "wide.csv", "municipality,POP\nA1,1\n")

    with pytest.raises(ValidationError) as caught:
        import_file(workspace, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 1: the header has no 'year' column; give --year"
    ]


def test_xlsx_wide_with_year_option(workspace: Engine, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["municipality", "COST", "POP"])
    sheet.append(["A1", 100, 10])
    sheet.append(["B2", 300.5, "abc"])
    path = tmp_path / "values.xlsx"
    book.save(path)

    with pytest.raises(ImportRejected) as caught:
        import_file(workspace, path, year=2020)
    result = import_file(workspace, path, year=2020, skip_invalid=True)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 3, column POP: 'abc' is not a number"
    ]
    assert result.inserted == 3
    assert stored(workspace) == [
        ("A1", "COST", 2020, 100.0, None),
        ("A1", "POP", 2020, 10.0, None),
        ("B2", "COST", 2020, 300.5, None),
    ]


def test_year_outside_a_municipalitys_validity(engine: Engine, tmp_path: Path) -> None:
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    load_municipalities(
        engine, write(tmp_path / "m.csv", "code,name,valid_from,valid_to\nOLD,Old,2009,2020\n")
    )
    load_definitions(
        engine,
        [
            write(
                tmp_path / "d.yaml",
                "indicators: [{code: P, name: P, unit: x, direction: neutral}]\n",
            )
        ],
    )
    path = write(
        tmp_path / "v.csv", "municipality,indicator,year,value\nOLD,P,2020,1\nOLD,P,2021,1\n"
    )

    with pytest.raises(ImportRejected) as caught:
        import_file(engine, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 3, column year: OLD existed 2009–2020, not in 2021"
    ]


def test_header_problems_are_reported_together(workspace: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", "municipality,value,value\nA1,1,2\n")

    with pytest.raises(ValidationError) as caught:
        import_file(workspace, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 1: column 'value' appears twice",
        f"{path}, row 1: the header has no 'indicator' column",
        f"{path}, row 1: the header has no 'year' column",
    ]


def test_derived_values_are_computed_on_read(workspace: Engine, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path / "v.csv", GOOD))

    with workspace.connect() as connection:
        frame = values(connection, stored_definitions(connection), ["COST_PC"], years=[2020])

    assert frame.to_dict(orient="list") == {
        "municipality": ["A1", "B2"],
        "indicator": ["COST_PC", "COST_PC"],
        "year": [2020, 2020],
        "value": [10.0, 15.0],
        "status": [None, None],
    }
