"""The PostgreSQL bulk layer: binary COPY written from numpy columns, and stored values read back.

The binary COPY stream is built by hand (see :mod:`benchlearn.bulk`), so it is
checked against the server: every value it writes must come back exactly, NaN
as NULL and a missing status as NULL. The columnar read must give what a plain
SELECT gives.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, exc, select, text

from benchlearn.bulk import HEADER, TRAILER, binary_copy, copy_in, stored_observations
from benchlearn.database import make_engine, upgrade
from benchlearn.importing import import_file
from benchlearn.models import Observation
from tests.conftest import write

INT4 = st.integers(min_value=-(2**31), max_value=2**31 - 1)
ROWS = st.lists(
    st.tuples(
        INT4,
        INT4,
        st.integers(min_value=1900, max_value=2100),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([None, "-", ".", ".."]),
    ),
    max_size=60,
)
TEMP = (
    "CREATE TEMP TABLE copied (municipality_id integer, indicator_id integer, year integer, "
    "value double precision, status varchar(2)) ON COMMIT DROP"
)


@pytest.fixture
def postgres(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


def columns(rows: list[tuple[int, int, int, float, str | None]]) -> list[tuple[str, np.ndarray]]:
    return [
        ("int4", np.array([r[0] for r in rows], dtype=np.int64)),
        ("int4", np.array([r[1] for r in rows], dtype=np.int64)),
        ("int4", np.array([r[2] for r in rows], dtype=np.int64)),
        ("float8", np.array([r[3] for r in rows], dtype=float)),
        ("text", np.array([r[4] for r in rows], dtype=object)),
    ]


def bits(value: float | None) -> bytes | None:
    """A float's exact bytes (so -0.0 and 0.0 differ), None for NULL."""
    return None if value is None else struct.pack(">d", value)


def test_one_row_is_laid_out_as_postgresql_reads_it() -> None:
    stream = b"".join(binary_copy(columns([(7, 2**31 - 1, 2020, 1.5, "..")])))

    assert stream == (
        HEADER
        + struct.pack(">hii", 5, 4, 7)
        + struct.pack(">ii", 4, 2**31 - 1)
        + struct.pack(">ii", 4, 2020)
        + struct.pack(">id", 8, 1.5)
        + struct.pack(">i", 2)
        + b".."
        + TRAILER
    )


def test_nan_and_no_status_are_null() -> None:
    stream = b"".join(binary_copy(columns([(1, 2, 2020, math.nan, None)])))

    assert stream == HEADER + struct.pack(">hiiiiiiii", 5, 4, 1, 4, 2, 4, 2020, -1, -1) + TRAILER


def test_no_rows_is_an_empty_copy() -> None:
    assert b"".join(binary_copy(columns([]))) == HEADER + TRAILER


def test_an_id_beyond_int4_is_refused_not_wrapped() -> None:
    with pytest.raises(ValueError, match="int4"):
        binary_copy(columns([(2**31, 1, 2020, 1.0, None)]))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=ROWS)
def test_binary_copy_round_trips_every_value_exactly(
    postgres: Engine, rows: list[tuple[int, int, int, float, str | None]]
) -> None:
    with postgres.connect() as connection:
        connection.exec_driver_sql(TEMP)
        copy_in(
            connection,
            "copied",
            ["municipality_id", "indicator_id", "year", "value", "status"],
            columns(rows),
        )
        back = connection.exec_driver_sql(
            "SELECT municipality_id, indicator_id, year, value, status FROM copied"
        ).all()
        connection.rollback()

    def key(row: tuple[object, ...]) -> tuple[object, ...]:
        return (*row[:3], bits(row[3]), row[4])  # type: ignore[arg-type]

    expected = [(m, i, y, None if math.isnan(v) else v, s) for m, i, y, v, s in rows]
    assert sorted(map(key, back), key=repr) == sorted(map(key, expected), key=repr)


def test_a_copy_that_breaks_a_constraint_is_sqlalchemys_error(postgres: Engine) -> None:
    """So an import handles it as any other statement's (a full disk says so, say)."""
    with postgres.connect() as connection:
        connection.exec_driver_sql(
            "CREATE TEMP TABLE keyed (id integer PRIMARY KEY, value double precision)"
        )
        with pytest.raises(exc.IntegrityError):
            copy_in(
                connection,
                "keyed",
                ["id", "value"],
                [("int4", np.array([1, 1])), ("float8", np.array([1.0, 2.0]))],
            )
        connection.rollback()


@pytest.fixture
def stored(postgres_url: str, workspace_files: dict[str, Path], tmp_path: Path) -> Iterator[Engine]:
    """The small workspace on PostgreSQL with values of two batches, statuses and no batch."""
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    engine = make_engine(postgres_url)
    upgrade(engine)
    load_municipalities(engine, workspace_files["municipalities"])
    load_definitions(engine, [workspace_files["definitions"]])
    import_file(
        engine,
        write(
            tmp_path / "one.csv",
            "municipality,year,COST,POP,SHARE\nA1,2020,100,10,..\nB2,2020,0.1,20,-\n"
            "C3,2020,,30,.\nA1,2021,1e300,-0.0,55.5\n",
        ),
    )
    import_file(
        engine,
        write(tmp_path / "two.csv", "municipality,year,COST,SHARE\nA1,2020,101,12\nB2,2022,5,\n"),
    )
    with engine.begin() as connection:
        connection.execute(text("UPDATE observations SET batch_id = NULL WHERE value = 20"))
    yield engine
    engine.dispose()


def test_the_columnar_read_gives_what_a_select_gives(stored: Engine) -> None:
    import pandas as pd

    columns = ["municipality_id", "indicator_id", "year", "value", "status", "batch_id"]
    with stored.connect() as connection:
        plain = pd.DataFrame(
            connection.execute(select(*(getattr(Observation, c) for c in columns))).all(),
            columns=columns,
        )
        pairs = sorted(set(zip(plain["indicator_id"], plain["year"], strict=True)))
        read = stored_observations(connection, pairs)
        assert stored_observations(connection, []).empty
        assert stored_observations(connection, [(-5, 2020)]).empty

    def ordered(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.astype({"value": float, "batch_id": float})
        frame["status"] = frame["status"].astype(object).where(frame["status"].notna(), None)
        return frame.sort_values(columns[:3]).reset_index(drop=True)[columns]

    assert len(plain) == 12
    assert plain["batch_id"].isna().sum() == 1
    pd.testing.assert_frame_equal(ordered(read), ordered(plain))


def test_the_columnar_read_sees_the_transactions_own_writes(stored: Engine) -> None:
    with stored.connect() as connection:
        pairs = connection.execute(
            text("SELECT DISTINCT indicator_id, year FROM observations WHERE year = 2020")
        ).all()
        before = stored_observations(connection, [tuple(p) for p in pairs])
        connection.execute(text("UPDATE observations SET value = -1 WHERE year = 2020"))
        after = stored_observations(connection, [tuple(p) for p in pairs])
        connection.rollback()

    assert len(before) == len(after) > 0
    assert (before["value"] != -1).all() and (after["value"] == -1).all()
