"""Kolada's scale on a laptop and on PostgreSQL: every step timed beside its baseline, same run.

Run: python benchmarks/bench_scale.py [--municipalities 290 --indicators 6000 --years 20]
                                      [--meeting 20] [--postgres URL] [--no-site]

Kolada holds about 6,000 indicators for 290 municipalities over twenty years:
34.8 million values. This benchmark builds that database from long CSV files
(one per year, as a yearly round brings them) on SQLite, and on PostgreSQL when
``--postgres`` names a server (a fresh schema is made there and dropped after).
Each step runs as the command a user would type, in its own process, and is
measured for wall time and peak memory (the process's maximum resident set,
from ``wait4``); each baseline runs in its own process too:

* **import** (``benchlearn import``; the first year alone into the empty
  database, then the other years in one command) against the same rows, already
  parsed and mapped to ids and naming their batch as stored rows do, written by
  SQLite's ``executemany`` or PostgreSQL's ``COPY`` into a fresh table with the
  same key, indexes and foreign keys (only the writing timed). Peak memory of
  the two import commands shows it does not grow with the database: the second
  reads nineteen times the rows into a database nineteen times larger;
* **read** of the last year's stored values as columns (``values.stored_values``,
  inside the process after start-up) against the database's Python driver
  fetching the same rows (``fetchall``);
* **rank** of the last year over all indicators (``benchlearn rank --format
  csv``) against the database's own ``rank()`` window over the same rows,
  fetched by its Python driver;
* **position** of one municipality in a 20-indicator network (``--meeting``) against the
  ``rank()`` window over that network's values of every year;
* **workbook** of that 290-member, 20-indicator network against raw
  xlsxwriter writing the same cells (as ``bench_workbook.py`` does);
* **site**, the static web report of the network, against the workbook.

The machines are shared and noisy, so only ratios against a baseline of the
same run mean anything. A command's time includes starting Python and
importing its libraries (about a second). The first line after the sizes says
whether the ``[scale]`` extra (pyarrow, ADBC) was installed, which decides how
values are read and tables written. Targets (issue 15): import into
PostgreSQL within 1.5× of COPY; reads within 1.5× of the driver's own time;
rank of a whole year within 3× of the database's rank() window.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

FIRST_YEAR = 2005
MEETING = 20  # indicators of the meeting network, unless --meeting says otherwise


def codes(municipalities: int, indicators: int) -> tuple[list[str], list[str]]:
    return [f"M{m:04d}" for m in range(municipalities)], [f"I{i:04d}" for i in range(indicators)]


def write_inputs(
    folder: Path, municipalities: int, indicators: int, years: int, meeting: int = MEETING
) -> list[Path]:
    """The registry, the definitions (all indicators, and a meeting network of the first
    ``meeting``) and one file a year."""
    places, measures = codes(municipalities, indicators)
    (folder / "municipalities.csv").write_text(
        "code,name\n" + "".join(f"{m},Municipality {m[1:]}\n" for m in places)
    )
    directions = ("higher", "lower", "neutral")
    (folder / "indicators.yaml").write_text(
        "indicators:\n"
        + "".join(
            f"  - {{code: {c}, name: Indicator {c}, unit: '%', direction: {directions[n % 3]}, "
            "decimals: 1}\n"
            for n, c in enumerate(measures)
        )
        + "networks:\n"
        + "  - {code: KOLADA, name: Every indicator, members: all, "
        + f"indicators: [{', '.join(measures)}]}}\n"
        + f"  - {{code: MEET, name: Meeting network, members: all, indicators: "
        f"[{', '.join(measures[:meeting])}]}}\n"
    )
    files = []
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        path = folder / f"values-{year}.csv"
        with path.open("w") as handle:
            handle.write("municipality,indicator,year,value\n")
            for n, c in enumerate(measures):
                handle.write(
                    "".join(
                        f"{m},{c},{year},{(k * 7919 + n * 104729 + year * 31) % 100000 / 10}\n"
                        for k, m in enumerate(places)
                    )
                )
        files.append(path)
    return files


def setup_database(url: str, folder: Path) -> None:
    from benchlearn.database import make_engine, upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    engine = make_engine(url)
    upgrade(engine)
    load_municipalities(engine, folder / "municipalities.csv")
    load_definitions(engine, [folder / "indicators.yaml"])
    engine.dispose()


def run(argv: Sequence[str], out: Path | None = None) -> tuple[float, float, str]:
    """Run a process; its wall time, peak memory in MB (from wait4) and what it printed."""
    sink = out.open("wb") if out else subprocess.PIPE
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE)
    captured = b""
    if out is None:
        assert process.stdout is not None
        captured = process.stdout.read()
    errors = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if out is not None:
        sink.close()  # type: ignore[union-attr]
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)} failed:\n{errors.decode()}")
    return elapsed, usage.ru_maxrss / 1024, captured.decode()


def benchlearn(url: str, *args: str, out: Path | None = None) -> tuple[float, float]:
    elapsed, peak, _ = run([sys.executable, "-m", "benchlearn", "--db", url, *args], out)
    return elapsed, peak


def baseline(*args: str) -> tuple[float, float]:
    """A baseline in its own process: the figure it timed itself, and its peak memory."""
    _, peak, printed = run([sys.executable, __file__, "--baseline", *args])
    return float(json.loads(printed.strip().splitlines()[-1])["seconds"]), peak


# --- baselines, each run in a child process -------------------------------------------------


def connect(url: str) -> tuple[object, str]:
    """A plain DBAPI connection to ``url`` and its placeholder."""
    if url.startswith("sqlite"):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///")), "?"
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return psycopg.connect(parsed.set(drivername="postgresql").render_as_string(False)), "%s"


def plain_import(url: str, files: Sequence[str]) -> float:
    """The same rows, parsed and mapped to ids beforehand, written the database's fastest way."""
    connection, _ = connect(url)
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("SELECT code, id FROM municipalities")
    place = dict(cursor.fetchall())
    cursor.execute("SELECT code, id FROM indicators")
    measure = dict(cursor.fetchall())
    # The rows name their batch, as the rows an import stores do.
    cursor.execute(
        "INSERT INTO import_batches (file_name, sha256, kind, rows_read, rows_inserted, "
        "rows_updated, rows_unchanged, rows_rejected, created_at) "
        "VALUES ('plain', '', 'import', 0, 0, 0, 0, 0, CURRENT_TIMESTAMP)"
    )
    cursor.execute("SELECT max(id) FROM import_batches")
    (batch,) = cursor.fetchone()
    spent = 0.0
    columns = "municipality_id, indicator_id, year, value, batch_id"
    for name in files:
        with open(name, newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            rows = [(place[m], measure[i], int(y), float(v), batch) for m, i, y, v in reader]
        start = time.perf_counter()
        if url.startswith("sqlite"):
            cursor.executemany(f"INSERT INTO observations ({columns}) VALUES (?, ?, ?, ?, ?)", rows)
        else:
            text = io.StringIO()
            csv.writer(text).writerows(rows)
            data = text.getvalue().encode()
            start = time.perf_counter()  # the text is made: only COPY is timed
            with cursor.copy(f"COPY observations ({columns}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(data)
        spent += time.perf_counter() - start
    start = time.perf_counter()
    connection.commit()  # type: ignore[attr-defined]
    return spent + time.perf_counter() - start


def window_rank(url: str, network_indicators: int | None, year: int | None) -> float:
    """The database's own rank() over the rows, fetched by its Python driver."""
    connection, mark = connect(url)
    cursor = connection.cursor()  # type: ignore[attr-defined]
    where, params = [], []
    if year is not None:
        where.append(f"o.year = {mark}")
        params.append(year)
    if network_indicators is not None:
        where.append(f"i.code < {mark}")
        params.append(f"I{network_indicators:04d}")
    query = (
        "SELECT m.code, i.code, o.year, o.value, rank() OVER "
        "(PARTITION BY o.indicator_id, o.year ORDER BY o.value DESC) "
        "FROM observations o JOIN municipalities m ON m.id = o.municipality_id "
        "JOIN indicators i ON i.id = o.indicator_id WHERE " + " AND ".join(where)
    )
    start = time.perf_counter()
    cursor.execute(query, params)
    rows = cursor.fetchall()
    elapsed = time.perf_counter() - start
    assert rows
    return elapsed


def plain_read(url: str, year: int) -> float:
    """A year's stored values fetched by the database's Python driver, row by row."""
    connection, mark = connect(url)
    cursor = connection.cursor()  # type: ignore[attr-defined]
    start = time.perf_counter()
    cursor.execute(
        "SELECT municipality_id, indicator_id, year, value, status FROM observations "
        f"WHERE year = {mark}",
        [year],
    )
    rows = cursor.fetchall()
    elapsed = time.perf_counter() - start
    assert rows
    return elapsed


def columnar_read(url: str, year: int) -> float:
    """The same values read by benchlearn as columns, codes in place of ids."""
    from benchlearn.database import make_engine
    from benchlearn.values import stored_values

    engine = make_engine(url)
    with engine.connect() as connection:
        stored_values(connection, years=[0])  # the libraries imported, as the driver's are
        start = time.perf_counter()
        frame = stored_values(connection, years=[year])
        elapsed = time.perf_counter() - start
    assert len(frame)
    engine.dispose()
    return elapsed


def raw_workbook(path: str) -> float:
    """Raw xlsxwriter writing the cells of benchlearn's workbook (see bench_workbook.py)."""
    from bench_workbook import cells_of, raw_same_cells

    cells = cells_of(Path(path))
    return raw_same_cells(Path(path).with_suffix(".raw.xlsx"), cells)


def run_baseline(name: str, args: list[str]) -> None:
    if name == "import":
        seconds = plain_import(args[0], args[1:])
    elif name == "rank":
        seconds = window_rank(args[0], None, int(args[1]))
    elif name == "read":
        seconds = plain_read(args[0], int(args[1]))
    elif name == "columnar":
        seconds = columnar_read(args[0], int(args[1]))
    elif name == "position":
        seconds = window_rank(args[0], int(args[1]), None)
    else:
        seconds = raw_workbook(args[0])
    print(json.dumps({"seconds": seconds}))


# --- the run --------------------------------------------------------------------------------


def fresh_schema(server: str, name: str) -> str:
    """A new schema on the server and a URL whose connections land in it."""
    from sqlalchemy import create_engine, text

    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    admin.dispose()
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3D{name}"


def drop_schema(server: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    admin.dispose()


def line(step: str, ours: tuple[float, float], base: tuple[float, float], label: str) -> str:
    return (
        f"  {step:<9} {ours[0]:8.2f} s {ours[1]:7.0f} MB   {label:<34} {base[0]:8.2f} s "
        f"{base[1]:7.0f} MB   ratio {ours[0] / base[0]:6.2f}"
    )


def measure(
    name: str,
    urls: tuple[str, str],
    folder: Path,
    files: list[Path],
    site: bool,
    meeting: int = MEETING,
) -> None:
    """Every step on one backend: ``urls`` is (benchlearn's database, the baseline's); the
    meeting network has ``meeting`` indicators."""
    ours_url, plain_url = urls
    for url in urls:
        setup_database(url, folder)
    last = FIRST_YEAR + len(files) - 1
    print(f"{name}:")
    plain = baseline("import", plain_url, *map(str, files))
    first = benchlearn(ours_url, "import", str(files[0]))
    rest = benchlearn(ours_url, "import", *map(str, files[1:])) if len(files) > 1 else (0.0, 0.0)
    writer = "executemany" if name == "SQLite" else "COPY"
    total = (first[0] + rest[0], max(first[1], rest[1]))
    print(line("import", total, plain, f"plain {writer} of the same rows"))
    print(
        f"            peak memory: {first[1]:.0f} MB importing the first year into the empty "
        f"database, {rest[1]:.0f} MB importing {len(files) - 1} more into it"
    )
    read = baseline("columnar", ours_url, str(last))
    fetched = baseline("read", ours_url, str(last))
    print(line("read", read, fetched, "driver's fetchall, one year"))
    ranked = benchlearn(ours_url, "rank", "--network", "KOLADA", "--year", str(last),
                        "--format", "csv", out=folder / "rank.csv")  # fmt: skip
    print(line("rank", ranked, baseline("rank", plain_url, str(last)), "rank() window, one year"))
    position = benchlearn(ours_url, "position", "M0000", "--network", "MEET", "--year", str(last))
    window = baseline("position", plain_url, str(meeting))
    print(line("position", position, window, f"rank() window, {meeting} indicators"))
    book_path = folder / f"meet-{name}.xlsx"
    book = benchlearn(ours_url, "workbook", "--network", "MEET", "--year", str(last),
                      "-o", str(book_path))  # fmt: skip
    print(
        line("workbook", book, baseline("workbook", str(book_path)), "raw xlsxwriter, same cells")
    )
    if site:
        pages = benchlearn(ours_url, "site", "--network", "MEET", "--year", str(last),
                           "-o", str(folder / f"site-{name}"))  # fmt: skip
        print(line("site", pages, book, "the workbook"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--indicators", type=int, default=6000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument(
        "--meeting", type=int, default=MEETING, help="indicators of the meeting network"
    )
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server to measure too")
    parser.add_argument("--no-site", action="store_true", help="leave out the static site")
    parser.add_argument("--baseline", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        run_baseline(args.baseline[0], args.baseline[1:])
        return
    size = args.municipalities * args.indicators * args.years
    print(
        f"values: {size:,} ({args.municipalities} municipalities × {args.indicators} indicators "
        f"× {args.years} years); each step and its baseline in its own process"
    )
    from benchlearn.columns import arrow_installed

    # The [scale] extra decides how values are read and tables written: say which was measured.
    print(
        "columns read and written by "
        + ("pyarrow and ADBC (the [scale] extra)" if arrow_installed()
           else "the DB-API cursor and pandas (no [scale] extra)")
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        files = write_inputs(folder, args.municipalities, args.indicators, args.years, args.meeting)
        print(f"(input files written in {time.perf_counter() - start:.0f} s)")
        print(f"  {'step':<9} {'benchlearn':>10} {'peak':>10}   {'baseline':<34} "
              f"{'time':>10} {'peak':>10}")  # fmt: skip
        sqlite = (f"sqlite:///{folder / 'ours.db'}", f"sqlite:///{folder / 'plain.db'}")
        measure("SQLite", sqlite, folder, files, not args.no_site, args.meeting)
        if args.postgres:
            from benchlearn.database import database_url

            server = database_url(args.postgres)
            names = (f"bench_scale_{os.getpid()}", f"bench_scale_plain_{os.getpid()}")
            try:
                urls = (fresh_schema(server, names[0]), fresh_schema(server, names[1]))
                measure("PostgreSQL", urls, folder, files, not args.no_site, args.meeting)
            finally:
                for schema in names:
                    drop_schema(server, schema)


if __name__ == "__main__":
    main()
