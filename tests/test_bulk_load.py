"""A first import into an empty PostgreSQL table: indexes and foreign keys built once at the end.

On an empty ``observations`` table a big file's import drops the table's keys,
indexes and foreign keys, copies its rows, and builds them again in the same
transaction (:func:`benchlearn.bulk.unindexed`). What a user can see must not
change: the same values and counts as an import written through the indexes,
the same schema afterwards (every constraint and index as the migrations made
it), the schema untouched by a refused file, and no table taken from under a
reader. The threshold is lowered here so that small files take that way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from benchlearn.bulk import unindexed
from benchlearn.database import make_engine
from benchlearn.importing import ImportRejected, import_file
from benchlearn.importing import write as importing_write
from tests.conftest import write

VALUES = "municipality,indicator,year,value\n" + "".join(
    f"{m},{i},{y},{n}\n"
    for n, (m, i, y) in enumerate(
        (m, i, y) for m in ("A1", "B2", "C3") for i in ("COST", "POP") for y in (2021, 2022)
    )
)
SCHEMA = (
    "SELECT conname, contype, pg_get_constraintdef(oid), convalidated FROM pg_constraint"
    " WHERE conrelid = 'observations'::regclass UNION ALL"
    " SELECT indexrelid::regclass::text, 'i', pg_get_indexdef(indexrelid), indisvalid"
    " FROM pg_index WHERE indrelid = 'observations'::regclass ORDER BY 1, 2"
)
STORED = "SELECT municipality_id, indicator_id, year, value, status, batch_id FROM observations"


@pytest.fixture
def db_url(postgres_url: str) -> str:
    """This module's databases are PostgreSQL's only (SQLite is never unindexed)."""
    return postgres_url


def schema_of(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(SCHEMA))]


def stored(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return sorted(tuple(row) for row in connection.execute(text(STORED + " ORDER BY 1, 2, 3")))


def test_a_first_import_in_bulk_stores_what_one_through_the_indexes_stores(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "values.csv", VALUES)
    before = schema_of(workspace)
    through = import_file(workspace, path)
    expected = stored(workspace)
    with workspace.begin() as connection:
        connection.execute(text("DELETE FROM observations"))
        connection.execute(text("DELETE FROM import_batches"))
    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)

    in_bulk = import_file(workspace, path)

    assert (in_bulk.inserted, in_bulk.updated, in_bulk.unchanged, in_bulk.rejected) == (12, 0, 0, 0)
    assert (in_bulk.inserted, in_bulk.rows_read) == (through.inserted, through.rows_read)
    batch = in_bulk.batch_id
    assert stored(workspace) == [(*row[:5], batch) for row in expected]
    # every key, index and foreign key as the migrations made it, checked (convalidated)
    assert schema_of(workspace) == before
    assert [row[1] for row in before].count("f") == 3


def test_a_first_import_in_bulk_numbers_its_rows_from_the_sequence_and_moves_it_on(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ids go into the COPY rather than by the column's default: they are the
    sequence's next ones in the file's order, and the sequence ends at the last, so a
    value written afterwards (through the indexes) gets the id after them."""
    from benchlearn.importing import readers

    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)
    monkeypatch.setattr(readers, "CHUNK_ROWS", 5)  # one COPY across three chunks
    with workspace.begin() as connection:
        first = connection.execute(text("SELECT nextval('observations_id_seq')")).scalar_one()

    import_file(workspace, write(tmp_path / "values.csv", VALUES))
    import_file(workspace, write(tmp_path / "later.csv", VALUES + "C3,POP,2023,5\n"))

    with workspace.connect() as connection:
        ids = connection.execute(
            text("SELECT id FROM observations ORDER BY municipality_id, indicator_id, year")
        ).scalars()
        assert list(ids) == list(range(first + 1, first + 14))


def test_an_import_stopped_in_the_middle_of_its_copy_leaves_nothing(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchlearn import bulk
    from benchlearn.importing import readers

    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)
    monkeypatch.setattr(readers, "CHUNK_ROWS", 5)
    before = schema_of(workspace)
    real_tuples, calls = bulk.binary_tuples, []

    def stopped(columns: list[bulk.Column]) -> list[bytes]:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_tuples(columns)

    monkeypatch.setattr(bulk, "binary_tuples", stopped)

    with pytest.raises(KeyboardInterrupt):
        import_file(workspace, write(tmp_path / "values.csv", VALUES))

    assert stored(workspace) == []
    assert schema_of(workspace) == before
    with workspace.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM import_batches")).scalar() == 0


def test_a_refused_first_import_leaves_the_schema_and_table_as_they_were(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)
    before = schema_of(workspace)
    path = write(tmp_path / "values.csv", VALUES + "C3,SHARE,2022,140\n")

    with pytest.raises(ImportRejected) as caught:
        import_file(workspace, path)

    assert [p.line("en") for p in caught.value.result.problems] == [
        f"{path}, row 14, column value: 140 is outside SHARE's valid range 0 to 100"
    ]
    assert schema_of(workspace) == before
    assert stored(workspace) == []


def test_a_key_given_twice_across_chunks_is_still_refused_in_bulk(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchlearn.importing import readers

    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)
    monkeypatch.setattr(readers, "CHUNK_ROWS", 4)
    path = write(tmp_path / "values.csv", VALUES + "A1,COST,2021,99\n")

    with pytest.raises(ImportRejected) as caught:
        import_file(workspace, path)

    assert [p.line("en") for p in caught.value.result.problems] == [
        f"{path}, row 14: duplicate of row 2 (A1, COST, 2021)"
    ]
    assert stored(workspace) == []


def test_a_table_with_values_keeps_its_indexes(workspace: Engine, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path / "values.csv", VALUES))

    with workspace.begin() as connection:
        assert unindexed(connection) is None


def test_a_table_another_transaction_reads_is_left_alone(
    workspace: Engine, postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)
    before = schema_of(workspace)
    reader = make_engine(postgres_url)
    with reader.connect() as reading:
        reading.execute(text("SELECT count(*) FROM observations"))  # holds its lock till the end
        with workspace.begin() as connection:
            assert unindexed(connection) is None
            assert schema_of(workspace) == before

        result = import_file(workspace, write(tmp_path / "values.csv", VALUES))

        assert result.inserted == 12
    reader.dispose()
    assert schema_of(workspace) == before


def test_sqlite_is_never_unindexed(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        assert unindexed(connection) is None
    engine.dispose()


RULED = """indicators:
  - {code: TOTAL, name: Clients, unit: persons, direction: neutral}
  - {code: PART, name: Clients with a plan, unit: persons, direction: higher}
network:
  code: R
  name: Ruled network
  indicators: [PART, TOTAL]
  members: all
  rules:
    - rule: PART <= TOTAL
      message: {en: more clients with a plan than clients, lv: vairāk klientu ar plānu nekā klientu}
"""


def test_a_first_import_in_bulk_passes_again_without_a_broken_rules_values(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--skip-invalid`` writes the file again without the values a broken rule names,
    from a savepoint: the second pass loads the empty table in bulk as the first did."""
    from benchlearn.definitions.store import load_definitions

    load_definitions(workspace, [write(tmp_path / "ruled.yaml", RULED)])
    rows = "".join(f"{m},TOTAL,2022,100\n{m},PART,2022,{p}\n" for m, p in [("A1", 50), ("B2", 120)])
    path = write(tmp_path / "values.csv", "municipality,indicator,year,value\n" + rows)
    before = schema_of(workspace)
    through = import_file(workspace, path, skip_invalid=True)
    expected = stored(workspace)
    with workspace.begin() as connection:
        connection.execute(text("DELETE FROM observations"))
        connection.execute(text("DELETE FROM import_batches"))
    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)

    in_bulk = import_file(workspace, path, skip_invalid=True)

    assert [p.line("en") for p in in_bulk.problems] == [p.line("en") for p in through.problems]
    assert len(in_bulk.problems) == 2 and (in_bulk.inserted, in_bulk.rejected) == (2, 2)
    assert stored(workspace) == [(*row[:5], in_bulk.batch_id) for row in expected]
    assert schema_of(workspace) == before


def test_a_first_import_in_bulk_stores_the_visibility_its_file_says(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words are stored after the one COPY has ended and the keys are back: nothing
    may be sent while a COPY runs, and without its keys each word would scan the table."""
    lines = VALUES.splitlines()
    words = ["own" if n % 3 == 0 else "network" if n % 3 == 1 else "" for n in range(12)]
    body = [f"{line},{word}" for line, word in zip(lines[1:], words, strict=True)]
    path = write(tmp_path / "values.csv", "\n".join([lines[0] + ",visibility", *body]) + "\n")
    before = schema_of(workspace)
    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)

    result = import_file(workspace, path)

    with workspace.connect() as connection:
        said = connection.execute(
            text(
                "SELECT m.code, i.code, o.year, o.visibility FROM observations o"
                " JOIN municipalities m ON m.id = o.municipality_id"
                " JOIN indicators i ON i.id = o.indicator_id ORDER BY 1, 2, 3"
            )
        ).all()
    expected = [
        (*line.split(",")[:2], int(line.split(",")[2]), word or None)
        for line, word in zip(lines[1:], words, strict=True)
    ]
    assert (result.inserted, result.rejected, result.visibility_set) == (12, 0, 8)
    assert [tuple(row) for row in said] == sorted(expected)
    assert schema_of(workspace) == before


def test_a_first_import_in_bulk_stores_the_standard_errors_its_file_gives(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The se column travels in the one COPY with the values (empty: NULL)."""
    lines = VALUES.splitlines()
    errors = ["" if n % 4 == 0 else f"0.{n}5" for n in range(12)]
    body = [f"{line},{se}" for line, se in zip(lines[1:], errors, strict=True)]
    path = write(tmp_path / "values.csv", "\n".join([lines[0] + ",se", *body]) + "\n")
    monkeypatch.setattr(importing_write, "EMPTY_LOAD_ROWS", 1)

    result = import_file(workspace, path)

    with workspace.connect() as connection:
        said = connection.execute(
            text(
                "SELECT m.code, i.code, o.year, o.se FROM observations o"
                " JOIN municipalities m ON m.id = o.municipality_id"
                " JOIN indicators i ON i.id = o.indicator_id ORDER BY 1, 2, 3"
            )
        ).all()
    expected = [
        (*line.split(",")[:2], int(line.split(",")[2]), float(se) if se else None)
        for line, se in zip(lines[1:], errors, strict=True)
    ]
    assert (result.inserted, result.rejected) == (12, 0)
    assert [tuple(row) for row in said] == sorted(expected)
