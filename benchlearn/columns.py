"""Query results read as columns: one array per column, not one Python object per row.

A year of Kolada is 290 municipalities × thousands of indicators, over half a
million rows. Reading them as SQLAlchemy rows and building a DataFrame from
those costs seconds of Python per row; each backend can hand the same rows
over as columns instead:

* SQLite: the ADBC SQLite driver returns an Arrow table. It opens a connection
  of its own, so it is used only for a database file when the caller's
  connection holds no open write transaction: a read inside an import (the
  import's control rules) must see that import's uncommitted writes, and reads
  them on the same connection through its raw cursor.
* PostgreSQL: ``COPY (SELECT ...) TO STDOUT (FORMAT csv)`` on the caller's own
  psycopg connection (so inside its transaction too), parsed by Arrow's CSV
  reader. COPY takes no bind parameters: psycopg merges them into the
  statement client-side, escaped as literals, never as text pasted in.

Every column is cast in SQL to the type asked for, because both readers guess
types from the data: ADBC SQLite from the rows it has seen (a column that is
NULL in the first rows would come back as integers), the CSV reader from the
text. pyarrow and the ADBC driver are imported inside the functions: the CLI's
``--help`` must not pay for them.

Both are the ``[scale]`` extra (``pip install 'benchlearn[scale]'``, 190 MB): they pay
at Kolada's scale, not at a network's. Without them every read goes through the
connection's own DB-API cursor (:func:`_from_rows`), which gives the same frame (a test
reads both ways and compares).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import BigInteger, Connection, Float, Select, Text, cast

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    #: A select of any columns.
    AnySelect: TypeAlias = Select[*tuple[Any, ...]]

#: The column types :func:`read_columns` can return, and the SQL type each is cast to.
SQL_TYPES = {"int64": BigInteger, "float64": Float, "str": Text}
#: Rows per ADBC batch: large enough that the driver infers each column's type from the
#: whole result, not from a first batch of NULLs.
ADBC_BATCH_ROWS = 1 << 30
#: Milliseconds the ADBC connection waits for a writer's lock, as the engine's own connections do.
SQLITE_BUSY_MS = 300_000


def read_columns(
    connection: Connection, query: AnySelect, dtypes: Mapping[str, str]
) -> pd.DataFrame:
    """The rows of ``query`` as a DataFrame, read column by column.

    ``dtypes`` names every selected column (by its label, in any order) with
    its type: ``int64`` (never NULL), ``float64`` (NULL is NaN) or ``str``
    (NULL is None, in an object column). The frame has the query's columns in
    the query's order. Parameters of the query must be plain numbers and texts.
    """
    names = list(query.selected_columns.keys())
    if sorted(names) != sorted(dtypes):
        raise ValueError(f"dtypes {sorted(dtypes)} do not name the query's columns {names}")
    typed = query.with_only_columns(
        *[
            cast(column, SQL_TYPES[dtypes[name]]()).label(name)
            for name, column in zip(names, query.selected_columns, strict=True)
        ]
    )
    table: pa.Table | None = None
    if not arrow_installed():
        pass  # no [scale] extra: the raw cursor below
    elif connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        table = _copy_csv(connection, typed, names, dtypes)
    elif connection.dialect.name == "sqlite" and _adbc_file(connection) is not None:
        table = _adbc(connection, typed)
    if table is None:
        return _from_rows(connection, typed, names, dtypes)
    return _from_arrow(table, names, dtypes)


def arrow_installed() -> bool:
    """Whether pyarrow is there to read and write columns with (the ``[scale]`` extra)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def release_arrow_memory() -> None:
    """Hand the memory Arrow's pool keeps for reuse back to the system (when pyarrow is
    there): between the pieces of a year ranked in pieces it held tens of megabytes that
    the next piece did not need."""
    if arrow_installed():
        import pyarrow as pa

        pa.default_memory_pool().release_unused()


def lookup(ids: np.ndarray, table: Mapping[int, Any]) -> np.ndarray:
    """``table[id]`` for every id, as an object array: codes for the ids a query selected.

    One array indexed by id is built from the (small) table and taken from, so
    no Python code runs per id. Ids missing from the table give None.
    """
    import numpy as np

    ids = np.asarray(ids, dtype=np.int64)
    size = max([*table, int(ids.max()) if len(ids) else 0, 0]) + 1
    by_id = np.full(size, None, dtype=object)
    if table:
        by_id[np.fromiter(table.keys(), dtype=np.int64, count=len(table))] = list(table.values())
    return by_id[ids]


def codes_column(
    ids: np.ndarray, table: Mapping[int, str]
) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """:func:`lookup` as the column a DataFrame makes of it: pandas' Arrow texts (from pandas 3
    on) taken from the few codes, not made from a Python string per row (1.7 million of
    them took most of the time a year's values are read in)."""
    import numpy as np

    from benchlearn.frames import texts_at

    ids = np.asarray(ids, dtype=np.int64)
    size = max([*table, int(ids.max()) if len(ids) else 0, 0]) + 1
    position = np.full(size, -1, dtype=np.intp)
    position[np.fromiter(table.keys(), dtype=np.int64, count=len(table))] = np.arange(len(table))
    found = position[ids]
    if not len(found) or (found < 0).all():  # no text at all: objects, as pandas keeps them
        return lookup(ids, table)
    return texts_at(list(table.values()), found)


def _adbc_file(connection: Connection) -> str | None:
    """The database file ADBC may read, or None when it must not (see the module's doc)."""
    database = connection.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    driver = connection.connection.driver_connection
    if getattr(driver, "in_transaction", True):
        return None
    return database


def _adbc(connection: Connection, query: AnySelect) -> pa.Table | None:
    """The result through the ADBC SQLite driver, or None when the driver is not installed."""
    try:
        import adbc_driver_sqlite.dbapi as adbc
    except ImportError:  # the [scale] extra without the driver: the raw cursor still works
        return None
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    given = compiled.params  # built anew on every access
    parameters = [given[name] for name in compiled.positiontup or []]
    database = _adbc_file(connection)
    assert database is not None
    with adbc.connect(database) as adbc_connection, adbc_connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(ADBC_BATCH_ROWS)})
        cursor.execute(str(compiled), parameters or None)
        return cursor.fetch_arrow_table()


def _copy_csv(
    connection: Connection, query: AnySelect, names: list[str], dtypes: Mapping[str, str]
) -> pa.Table:
    """The result as ``COPY ... TO STDOUT (FORMAT csv)`` on the connection's own psycopg session.

    In PostgreSQL's CSV a NULL is an empty unquoted field and an empty text is
    ``""``; Arrow's reader keeps them apart (quoted strings are never NULL).
    """
    import io

    import pyarrow as pa
    from pyarrow import csv

    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    statement = f"COPY ({compiled}) TO STDOUT (FORMAT csv)"
    buffer = io.BytesIO()
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        # Every float in its shortest exact text, whatever the server's default (from 12 on,
        # any value above 0 means exactly that; below it, digits would be lost).
        cursor.execute("SET extra_float_digits = 3")
        with cursor.copy(statement, compiled.params or None) as copy:
            for block in copy:
                buffer.write(block)
    arrow_types = {"int64": pa.int64(), "float64": pa.float64(), "str": pa.string()}
    if not buffer.tell():  # no rows: Arrow's reader refuses an empty file
        return pa.table({n: pa.array([], type=arrow_types[dtypes[n]]) for n in names})
    buffer.seek(0)
    return csv.read_csv(
        buffer,
        read_options=csv.ReadOptions(column_names=names),
        parse_options=csv.ParseOptions(newlines_in_values=True),
        convert_options=csv.ConvertOptions(
            column_types={n: arrow_types[dtypes[n]] for n in names},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )


def _from_arrow(table: pa.Table, names: list[str], dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Columns of an Arrow table in the types asked for (a column of NULLs may come untyped)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    arrow_types = {"int64": pa.int64(), "float64": pa.float64(), "str": pa.string()}
    columns: dict[str, Any] = {}
    for name in names:
        column = table.column(name)
        wanted = arrow_types[dtypes[name]]
        if column.type != wanted:
            column = column.cast(wanted)
        if dtypes[name] == "str":
            columns[name] = pd.Series(column.to_numpy(zero_copy_only=False), dtype=object)
        elif dtypes[name] == "int64" and column.null_count:
            columns[name] = pd.array(column.to_pylist(), dtype="Int64")
        else:
            values = column.to_numpy()
            columns[name] = np.asarray(values, dtype=dtypes[name])
    # An object column of texts stays one (pandas would make it its own string type).
    return pd.DataFrame(columns, columns=names).astype(
        {n: object for n in names if dtypes[n] == "str"}
    )


def _from_rows(
    connection: Connection, query: AnySelect, names: list[str], dtypes: Mapping[str, str]
) -> pd.DataFrame:
    """The result through the connection's raw DB-API cursor: rows, turned into columns.

    Used where no columnar reader applies (an SQLite write transaction, an
    in-memory database): a tuple per row, but no SQLAlchemy row objects.
    """
    import numpy as np
    import pandas as pd

    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    parameters: Any = compiled.params  # built anew on every access
    if compiled.positiontup is not None:
        parameters = tuple(parameters[name] for name in compiled.positiontup)
    driver = connection.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.execute(str(compiled), parameters)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    transposed = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    columns: dict[str, Any] = {}
    for name, cells in zip(names, transposed, strict=True):
        if dtypes[name] == "str":
            array = np.empty(len(cells), dtype=object)
            array[:] = cells
            columns[name] = pd.Series(array, dtype=object)
        elif dtypes[name] == "int64" and any(c is None for c in cells):
            columns[name] = pd.array(cells, dtype="Int64")
        else:
            columns[name] = np.array(cells, dtype=dtypes[name])
    # An object column of texts stays one (pandas would make it its own string type).
    return pd.DataFrame(columns, columns=names).astype(
        {n: object for n in names if dtypes[n] == "str"}
    )
