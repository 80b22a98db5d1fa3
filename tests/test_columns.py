"""Columnar reads and columnar CSV/JSON give exactly what the row-by-row ways gave.

``read_columns`` must equal a plain SELECT on both backends, whatever the
NULLs and statuses (ADBC SQLite guesses a column's type from its rows, so a
status that is NULL for thousands of rows and then ``..`` is the hard case),
and see a write transaction's own uncommitted rows. The fast renderers must
write, character for character, what pandas' ``to_csv`` and :mod:`json` wrote.
Without the ``[scale]`` extra (pyarrow, ADBC) the same reads and texts come the
plain way; both ways are run and compared.
"""

from __future__ import annotations

import json
import math
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, insert, select

from benchlearn.cli.columnar import fast_csv, fast_json
from benchlearn.cli.output import csv_text, json_text, pandas_csv, pandas_json
from benchlearn.columns import _adbc_file, arrow_installed, lookup, read_columns
from benchlearn.frames import csv_cell
from benchlearn.models import Indicator, Municipality, Observation
from benchlearn.values import stored_values

DTYPES = {"municipality": "int64", "indicator": "int64", "year": "int64"}
DTYPES |= {"value": "float64", "status": "str"}
QUERY = select(
    Observation.municipality_id.label("municipality"),
    Observation.indicator_id.label("indicator"),
    Observation.year,
    Observation.value,
    Observation.status,
).order_by(Observation.id)


def ids(connection: Connection) -> tuple[list[int], list[int]]:
    municipalities = connection.execute(select(Municipality.id).order_by(Municipality.id))
    indicators = connection.execute(
        select(Indicator.id).where(Indicator.formula.is_(None)).order_by(Indicator.id)
    )
    return list(municipalities.scalars()), list(indicators.scalars())


def fill(engine: Engine, years: range, late: list[tuple[float | None, str | None]]) -> None:
    """Thousands of rows with a NULL status (and NULL values first), then ``late`` ones."""
    with engine.begin() as connection:
        places, measures = ids(connection)
        rows = []
        for year in years:
            for m in places:
                for i in measures:
                    value = None if year < years.start + 150 else year + m / 7 + i / 3
                    rows.append(
                        dict(municipality_id=m, indicator_id=i, year=year, value=value, status=None)
                    )
        last = years.stop
        for n, (value, status) in enumerate(late):
            rows.append(
                dict(
                    municipality_id=places[n % len(places)],
                    indicator_id=measures[0],
                    year=last + n,
                    value=value,
                    status=status,
                )
            )
        connection.execute(insert(Observation), rows)


def plain(connection: Connection, query=QUERY) -> pd.DataFrame:
    """The rows as SQLAlchemy gives them, in the types read_columns promises."""
    frame = pd.DataFrame(connection.execute(query).all(), columns=list(DTYPES), dtype=object)
    for name, kind in DTYPES.items():
        if kind == "str":
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
        else:
            frame[name] = frame[name].astype(kind)
    return frame.astype({n: object for n, k in DTYPES.items() if k == "str"})


LATE = [(1.5, ".."), (None, "-"), (None, "."), (2.25, None), (None, None), (-0.0, ".."), (7.0, "")]
#: What the [scale] extra installs.
SCALE = ("pyarrow", "adbc_driver_sqlite", "adbc_driver_sqlite.dbapi", "adbc_driver_manager")


def without_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the [scale] extra were not installed: importing its packages fails."""
    for name in SCALE:
        monkeypatch.setitem(sys.modules, name, None)


def test_columns_equal_a_plain_select_with_nulls_first(workspace: Engine) -> None:
    fill(workspace, range(1000, 1400), LATE)
    with workspace.connect() as connection:
        got = read_columns(connection, QUERY, DTYPES)
        want = plain(connection)
    assert len(got) > 3000
    assert got["status"].iloc[:3000].isna().all()
    assert got["value"].iloc[:100].isna().all()
    pd.testing.assert_frame_equal(got, want)
    assert list(got["status"].iloc[-len(LATE) :]) == [s for _, s in LATE]
    assert got["status"].dtype == object and got["value"].dtype == np.float64


def test_a_column_of_nulls_only_keeps_its_type(workspace: Engine) -> None:
    fill(workspace, range(2000, 2005), [])
    query = QUERY.where(Observation.value.is_(None))
    with workspace.connect() as connection:
        got = read_columns(connection, query, DTYPES)
        want = plain(connection, query)
    assert len(got) and got["value"].isna().all() and got["status"].isna().all()
    pd.testing.assert_frame_equal(got, want)
    empty = read_columns(connection=workspace.connect(), query=QUERY.where(False), dtypes=DTYPES)
    assert empty.empty and list(empty.columns) == list(DTYPES)


def test_texts_with_commas_quotes_and_empty_strings_survive(workspace: Engine) -> None:
    query = select(Municipality.id.label("id"), Municipality.name.label("name")).order_by(
        Municipality.id
    )
    with workspace.begin() as connection:
        names = ['A, "quoted"', "", "line\nbreak ÄŠ"]
        for (municipality_id,), name in zip(
            connection.execute(query.with_only_columns(Municipality.id)).all(), names, strict=True
        ):
            connection.execute(
                Municipality.__table__.update()
                .where(Municipality.id == municipality_id)
                .values(name=name)
            )
    with workspace.connect() as connection:
        got = read_columns(connection, query, {"id": "int64", "name": "str"})
    assert list(got["name"]) == names


def test_a_read_inside_a_write_transaction_sees_its_own_rows(workspace: Engine) -> None:
    fill(workspace, range(1000, 1010), [])
    with workspace.begin() as connection:
        places, measures = ids(connection)
        connection.execute(
            insert(Observation),
            [
                dict(
                    municipality_id=places[0],
                    indicator_id=measures[0],
                    year=3000,
                    value=4.5,
                    status="..",
                )
            ],
        )
        if workspace.dialect.name == "sqlite":
            assert _adbc_file(connection) is None  # ADBC's own connection would not see it
        got = read_columns(connection, QUERY, DTYPES)
        assert 3000 in set(got["year"])
        pd.testing.assert_frame_equal(got, plain(connection))
        connection.rollback()


def test_sqlite_reads_a_file_through_adbc_outside_a_transaction(sqlite_url: str) -> None:
    from benchlearn.database import make_engine, upgrade

    engine = make_engine(sqlite_url)
    upgrade(engine)
    with engine.connect() as connection:
        assert _adbc_file(connection) == engine.url.database
    engine.dispose()


def test_stored_values_equal_the_joined_select(workspace: Engine) -> None:
    fill(workspace, range(1000, 1200), LATE)
    joined = (
        select(Municipality.code, Indicator.code, Observation.year, Observation.value)
        .add_columns(Observation.status)
        .join(Municipality, Observation.municipality_id == Municipality.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
    )
    with workspace.connect() as connection:
        want = pd.DataFrame(connection.execute(joined).all(), columns=list(DTYPES))
        want["status"] = want["status"].astype(object).where(want["status"].notna(), None)
        for args in [
            (None, None, None),
            (["COST"], [1000, 1001], ["A1", "C3"]),
            (["NOPE"], None, None),
        ]:
            got = stored_values(connection, *args)
            chosen = want
            for column, given in zip(["indicator", "year", "municipality"], args, strict=True):
                if given is not None:
                    chosen = chosen[chosen[column].isin(given)]
            key = ["municipality", "indicator", "year"]
            pd.testing.assert_frame_equal(
                got.sort_values(key).reset_index(drop=True),
                chosen.sort_values(key).reset_index(drop=True),
                check_dtype=False,
            )
            assert got["status"].dtype == object


def test_lookup_puts_codes_in_by_id() -> None:
    assert list(lookup(np.array([3, 1, 3, 9]), {1: "a", 3: "c"})) == ["c", "a", "c", None]
    assert len(lookup(np.array([], dtype=np.int64), {})) == 0


SPECIAL = [0.0, -0.0, 1e-7, 1e22, 1e16, 1e15, 1e9, 1e-4, 1e-5, 5.0, -3.5, math.inf, -math.inf]
floats = st.one_of(
    st.sampled_from([*SPECIAL, math.nan]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e10, max_value=1e10).map(lambda x: round(x, 3)),
)
TEXTS = ["=SUM(1)", "-", "-3.5", "+1", "@x", "a,b", 'say "hi"', "two\nlines", "cr\rx", "", "Ķekava"]
texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=8), st.none())


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(0, 12))
    kinds = draw(
        st.lists(
            st.sampled_from(["float", "int", "Int64", "bool", "text", "str"]),
            min_size=1,
            max_size=5,
        )
    )
    columns = {}
    for n, kind in enumerate(kinds):
        name = draw(st.sampled_from(["value", "=bad", "name, quoted", f"c{n}"])) + f"_{n}"
        if kind == "float":
            columns[name] = pd.Series(
                draw(st.lists(floats, min_size=rows, max_size=rows)), dtype=float
            )
        elif kind == "int":
            columns[name] = pd.Series(
                draw(st.lists(st.integers(-(2**62), 2**62), min_size=rows, max_size=rows)),
                dtype="int64",
            )
        elif kind == "Int64":
            cells = draw(
                st.lists(
                    st.one_of(st.none(), st.integers(-1000, 1000)), min_size=rows, max_size=rows
                )
            )
            columns[name] = pd.array(cells, dtype="Int64")
        elif kind == "bool":
            columns[name] = pd.Series(
                draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), dtype=bool
            )
        else:
            cells = draw(st.lists(texts, min_size=rows, max_size=rows))
            columns[name] = pd.Series(cells, dtype=object if kind == "text" else "str")
    return pd.DataFrame(columns)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_fast_csv_and_json_write_what_pandas_wrote(frame: pd.DataFrame) -> None:
    assert csv_text(frame) == pandas_csv(frame)
    assert json_text(frame) == pandas_json(frame)
    if frame.shape[1] >= 2:
        assert fast_csv(frame, csv_cell) is not None  # the fast way did write it
        if len(frame):
            assert fast_json(frame) is not None


def test_floats_of_every_size_are_written_as_repr_writes_them() -> None:
    rng = np.random.default_rng(7)
    size = 200_000
    values = rng.standard_normal(size) * 10.0 ** rng.uniform(-12, 25, size)
    values[::7] = np.round(values[::7], 2)
    values[::11] = np.floor(values[::11])
    values[::13] = np.nan
    frame = pd.DataFrame({"x": values, "y": -values[::-1]})
    assert csv_text(frame) == pandas_csv(frame)
    expected = [None if math.isnan(v) else v for v in values[:2000]]
    assert [r["x"] for r in json.loads(json_text(frame.iloc[:2000]))] == expected
    assert json_text(frame.iloc[:3000]) == pandas_json(frame.iloc[:3000])


def test_columns_in_runs_are_written_as_cell_by_cell() -> None:
    # A peer set's statistics repeat over its members' rows: formatted once per run.
    runs = np.array([0.5, 3.0, -0.0, 0.0, np.nan, 1e-7, 2.5e12, np.inf, 3.0, -7.25])
    counts = np.array([400, 1, 250, 3, 300, 120, 80, 200, 90, 56])
    sizes = pd.array([12, None, 7, 7, None, 3, 12, 0, 5, -4], dtype="Int64")
    frame = pd.DataFrame(
        {
            "median": np.repeat(runs, counts),
            "n": pd.array(np.repeat(sizes.to_numpy(dtype=object), counts), dtype="Int64"),
            "year": np.repeat(np.arange(2010, 2020), counts),
            "none": np.full(counts.sum(), np.nan),
        }
    )
    assert csv_text(frame) == pandas_csv(frame)
    assert json_text(frame) == pandas_json(frame)
    assert csv_text(frame.iloc[:2]) == pandas_csv(frame.iloc[:2])


def test_a_formula_like_text_is_quoted_in_the_fast_csv() -> None:
    frame = pd.DataFrame(
        {"name": ["=SUM(1)", "-", "-3.5", "a,b"], "value": [1.0, 2.5, np.nan, 1e22]}
    )
    text = csv_text(frame)
    assert text == 'name,value\n\'=SUM(1),1.0\n-,2.5\n-3.5,\n"a,b",1e+22\n'
    assert text == pandas_csv(frame)


def test_without_the_scale_extra_reads_give_the_same_frame(
    workspace: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    fill(workspace, range(1000, 1200), LATE)
    with workspace.connect() as connection:
        columnar = read_columns(connection, QUERY, DTYPES)
        stored = stored_values(connection)
        without_scale(monkeypatch)
        assert not arrow_installed()
        plain_way = read_columns(connection, QUERY, DTYPES)
        pd.testing.assert_frame_equal(plain_way, columnar)
        pd.testing.assert_frame_equal(stored_values(connection), stored)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_without_the_scale_extra_csv_and_json_are_the_same_text(frame: pd.DataFrame) -> None:
    pytest.importorskip("pyarrow")
    columnar = (csv_text(frame), json_text(frame))
    with pytest.MonkeyPatch.context() as monkeypatch:
        without_scale(monkeypatch)
        assert fast_csv(frame, csv_cell) is None and fast_json(frame) is None
        assert (csv_text(frame), json_text(frame)) == columnar
