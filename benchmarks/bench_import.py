"""Import speed and memory: benchlearn's import against a plain sqlite3 executemany.

Run: python benchmarks/bench_import.py [--rows 1000000] [--postgres URL]

Both load the same long CSV rows into the same ``observations`` table of a
fresh SQLite database (same schema, same indexes), in the same run, so the
ratio is meaningful on a shared, noisy machine. The target is a ratio of at
least 0.5 (benchlearn at no less than half the plain rows per second). Peak
memory is measured in separate processes for two file sizes: streaming in
chunks means it must not grow with the file.

With ``--postgres URL`` the same rows are also loaded on that PostgreSQL server,
in the same run: a raw ``COPY observations (...) FROM STDIN (FORMAT csv)`` of
the rows already mapped to ids into a fresh schema, and benchlearn's
``import_file`` of the CSV into another (all built by the migrations: same
key, indexes and foreign keys). The COPY's rows name a batch, as the rows an
import stores do (a foreign key checked per row, a large part of the server's
work); a COPY without it is printed too. The target is benchlearn within 1.5×
of the COPY. The schemas are dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

MUNICIPALITIES = 290
YEARS = 10


def make_workspace(folder: Path, rows: int) -> tuple[Path, Path, Path]:
    """Write a registry, definitions and a long CSV with ``rows`` rows."""
    indicators = -(-rows // (MUNICIPALITIES * YEARS))
    registry = folder / "municipalities.csv"
    with registry.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name"])
        writer.writerows([f"M{m:04d}", f"Municipality {m}"] for m in range(MUNICIPALITIES))
    definitions = folder / "indicators.yaml"
    definitions.write_text(
        "indicators:\n"
        + "".join(
            f"  - {{code: I{i:04d}, name: Indicator {i}, unit: x, direction: higher}}\n"
            for i in range(indicators)
        )
    )
    return registry, definitions, write_values(folder, rows)


def write_values(folder: Path, rows: int) -> Path:
    """A long CSV of ``rows`` rows over the workspace's municipalities and indicators."""
    indicators = -(-rows // (MUNICIPALITIES * YEARS))
    data = folder / f"values-{rows}.csv"
    with data.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["municipality", "indicator", "year", "value"])
        written = 0
        for i in range(indicators):
            for year in range(2010, 2010 + YEARS):
                for m in range(MUNICIPALITIES):
                    if written == rows:
                        break
                    value = (m * 7919 + i * 104729 + year) % 100000 / 7
                    writer.writerow([f"M{m:04d}", f"I{i:04d}", year, f"{value:.4f}"])
                    written += 1
    return data


def fresh_database(folder: Path, name: str, registry: Path, definitions: Path) -> str:
    from benchlearn.database import make_engine, upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    url = f"sqlite:///{folder / name}"
    engine = make_engine(url)
    upgrade(engine)
    load_municipalities(engine, registry)
    load_definitions(engine, [definitions])
    engine.dispose()
    return url


def time_benchlearn(url: str, data: Path) -> float:
    from benchlearn.database import make_engine
    from benchlearn.importing import import_file

    engine = make_engine(url)
    start = time.perf_counter()
    result = import_file(engine, data)
    elapsed = time.perf_counter() - start
    assert result.inserted > 0 and not result.problems
    engine.dispose()
    return elapsed


def time_plain(database: Path, data: Path) -> float:
    """Plain sqlite3: the same rows, already parsed into tuples, one executemany."""
    connection = sqlite3.connect(database)
    municipality = dict(connection.execute("SELECT code, id FROM municipalities"))
    indicator = dict(connection.execute("SELECT code, id FROM indicators"))
    with data.open(newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [
            (municipality[m], indicator[i], int(y), float(v), None, None) for m, i, y, v in reader
        ]
    start = time.perf_counter()
    connection.executemany(
        "INSERT INTO observations (municipality_id, indicator_id, year, value, status, batch_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def peak_memory_child(url: str, data: str) -> None:
    """Run in a child process: import and print the peak resident memory in MB."""
    time_benchlearn(url, Path(data))
    print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure_memory(folder: Path, registry: Path, definitions: Path, data: Path, name: str) -> float:
    url = fresh_database(folder, name, registry, definitions)
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", url, str(data)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["peak_mb"])


@contextmanager
def postgres_schema(server: str, registry: Path, definitions: Path) -> Iterator[str]:
    """A fresh schema on the server with the registry and definitions loaded; dropped after."""
    from sqlalchemy import create_engine, text

    from benchlearn.database import database_url, make_engine, upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(server))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in server else "?"
    url = f"{database_url(server)}{separator}options=-csearch_path%3D{schema}"
    try:
        engine = make_engine(url)
        upgrade(engine)
        load_municipalities(engine, registry)
        load_definitions(engine, [definitions])
        engine.dispose()
        checkpoint(admin)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def checkpoint(admin: Engine) -> None:
    """Write out the server's dirty pages, so one timed load does not pay for the one before.

    Needs a superuser (or pg_checkpoint); without it the load is timed as it comes.
    """
    from sqlalchemy.exc import DBAPIError

    try:
        with admin.connect() as connection:
            connection.exec_driver_sql("CHECKPOINT")
    except DBAPIError:
        pass


def time_copy(url: str, data: Path, *, batch: bool) -> float:
    """Raw COPY: the same rows, already mapped to ids as CSV text, in one transaction.

    With ``batch`` each row names a batch recorded beforehand, as every row an
    import stores does; that is one more foreign key checked per row.
    """
    from sqlalchemy import insert, text

    from benchlearn.database import make_engine
    from benchlearn.models import ImportBatch

    engine = make_engine(url)
    with engine.begin() as connection:
        municipality = dict(connection.execute(text("SELECT code, id FROM municipalities")).all())
        indicator = dict(connection.execute(text("SELECT code, id FROM indicators")).all())
        batch_id = connection.execute(
            insert(ImportBatch)
            .values(file_name=str(data), sha256="", created_at=dt.datetime.now())
            .returning(ImportBatch.id)
        ).scalar_one()
    tail = f",{batch_id}\n" if batch else "\n"
    with data.open(newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        body = "".join(f"{municipality[m]},{indicator[i]},{y},{v}{tail}" for m, i, y, v in reader)
    columns = "municipality_id, indicator_id, year, value" + (", batch_id" if batch else "")
    encoded = body.encode()
    with engine.begin() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        start = time.perf_counter()
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY observations ({columns}) FROM STDIN (FORMAT csv)") as copy,
        ):
            for offset in range(0, len(encoded), 1 << 20):
                copy.write(encoded[offset : offset + (1 << 20)])
    elapsed = time.perf_counter() - start  # the commit included, as the import's is
    engine.dispose()
    return elapsed


def compare_postgres(server: str, rows: int, registry: Path, definitions: Path, data: Path) -> None:
    """Raw COPY and benchlearn's import of the same rows, each into a fresh schema.

    The target compares with the COPY of the rows as benchlearn stores them,
    each naming its batch; the COPY without a batch is printed beside it.
    """
    with postgres_schema(server, registry, definitions) as url:
        copy = time_copy(url, data, batch=True)
    with postgres_schema(server, registry, definitions) as url:
        bare = time_copy(url, data, batch=False)
    with postgres_schema(server, registry, definitions) as url:
        ours = time_benchlearn(url, data)
    print(f"PostgreSQL COPY (csv):     {copy:6.2f} s  {rows / copy:12,.0f} rows/s")
    print(f"  without batch_id:        {bare:6.2f} s  {rows / bare:12,.0f} rows/s")
    print(f"benchlearn import:         {ours:6.2f} s  {rows / ours:12,.0f} rows/s")
    print(f"ratio benchlearn / COPY: {ours / copy:.2f} (target ≤ 1.50)")
    print(f"ratio benchlearn / COPY without batch_id: {ours / bare:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory-child", nargs=2, metavar=("URL", "FILE"))
    parser.add_argument("--postgres", metavar="URL", help="also compare with COPY on this server")
    parser.add_argument("--no-sqlite", action="store_true", help="only the PostgreSQL comparison")
    args = parser.parse_args()
    if args.memory_child:
        peak_memory_child(*args.memory_child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        registry, definitions, data = make_workspace(folder, args.rows)
        print(f"rows: {args.rows:,}")
        if args.postgres:
            compare_postgres(args.postgres, args.rows, registry, definitions, data)
        if args.no_sqlite:
            return
        plain_url = fresh_database(folder, "plain.db", registry, definitions)
        ours_url = fresh_database(folder, "ours.db", registry, definitions)
        plain = time_plain(Path(plain_url.removeprefix("sqlite:///")), data)
        ours = time_benchlearn(ours_url, data)
        print(f"plain sqlite3 executemany: {plain:6.2f} s  {args.rows / plain:12,.0f} rows/s")
        print(f"benchlearn import:         {ours:6.2f} s  {args.rows / ours:12,.0f} rows/s")
        print(f"ratio (benchlearn rows/s ÷ plain rows/s): {plain / ours:.2f}  (target ≥ 0.50)")
        small = write_values(folder, args.rows // 4)
        small_mb = measure_memory(folder, registry, definitions, small, "mem-small.db")
        large_mb = measure_memory(folder, registry, definitions, data, "mem-large.db")
        print(
            f"peak memory: {small_mb:.0f} MB for {args.rows // 4:,} rows, "
            f"{large_mb:.0f} MB for {args.rows:,} rows (ratio {large_mb / small_mb:.2f})"
        )


if __name__ == "__main__":
    main()
