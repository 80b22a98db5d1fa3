"""Audit: batches, the revisions of a value, and reverting an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from benchlearn.errors import BenchlearnError
from benchlearn.importing import import_file
from benchlearn.importing.history import batches, history, revert
from benchlearn.values import stored_values
from tests.conftest import write

HEADER = "municipality,indicator,year,value,status\n"


def current(engine: Engine) -> list[tuple[str, str, int, float | None, str | None]]:
    with engine.connect() as connection:
        frame = stored_values(connection).sort_values(["municipality", "indicator", "year"])
    return [
        (m, i, int(y), None if v != v else float(v), s)
        for m, i, y, v, s in frame.itertuples(index=False)
    ]


@pytest.fixture
def three_imports(workspace: Engine, tmp_path: Path) -> Engine:
    import_file(workspace, write(tmp_path / "a.csv", HEADER + "A1,POP,2020,10,\nB2,POP,2020,20,\n"))
    import_file(workspace, write(tmp_path / "b.csv", HEADER + "A1,POP,2020,11,\nC3,POP,2020,30,\n"))
    import_file(workspace, write(tmp_path / "c.csv", HEADER + "B2,POP,2020,,..\n"))
    return workspace


def test_history_lists_every_revision_then_the_current_value(three_imports: Engine) -> None:
    with three_imports.connect() as connection:
        frame = history(connection, "A1", "POP", 2020)

    assert frame[["year", "value", "status", "batch", "replaced_by"]].astype(object).where(
        frame[["year", "value", "status", "batch", "replaced_by"]].notna(), None
    ).values.tolist() == [
        [2020, 10.0, None, 1, 2],
        [2020, 11.0, None, 2, None],
    ]
    assert frame["file"].str.endswith(("a.csv", "b.csv")).all()


def test_batches_newest_first(three_imports: Engine) -> None:
    with three_imports.connect() as connection:
        frame = batches(connection)

    assert frame["batch"].tolist() == [3, 2, 1]
    assert frame[["inserted", "updated"]].values.tolist() == [[0, 1], [1, 1], [2, 0]]


def test_revert_restores_replaced_values_and_removes_added_ones(three_imports: Engine) -> None:
    result = revert(three_imports, 2)

    assert (result.revert_batch, result.restored, result.deleted, result.kept) == (4, 1, 1, 0)
    assert current(three_imports) == [
        ("A1", "POP", 2020, 10.0, None),
        ("B2", "POP", 2020, None, ".."),
    ]
    with three_imports.connect() as connection:
        listed = batches(connection)
        trail = history(connection, "A1", "POP", 2020)
    assert listed.loc[listed["batch"] == 2, "reverted_by"].tolist() == [4]
    assert listed.loc[listed["batch"] == 4, "kind"].tolist() == ["revert"]
    assert trail["value"].tolist() == [10.0, 11.0, 10.0]
    assert trail["batch"].tolist() == [1, 2, 4]


def test_a_revert_can_be_reverted(three_imports: Engine) -> None:
    before = current(three_imports)
    revert(three_imports, 2)

    revert(three_imports, 4)

    assert current(three_imports) == before


def test_reverting_twice_or_unknown_batch_is_refused(three_imports: Engine) -> None:
    revert(three_imports, 3)

    with pytest.raises(BenchlearnError, match="batch 3 was already reverted by batch 4"):
        revert(three_imports, 3)
    with pytest.raises(BenchlearnError, match="there is no batch 99"):
        revert(three_imports, 99)


def test_values_changed_again_later_are_kept(three_imports: Engine) -> None:
    result = revert(three_imports, 1)

    assert (result.restored, result.deleted, result.kept) == (0, 0, 2)
    assert ("A1", "POP", 2020, 11.0, None) in current(three_imports)
