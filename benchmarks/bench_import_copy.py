"""``benchlearn import`` into an empty PostgreSQL against the user's own ``COPY`` of the file.

Run: python benchmarks/bench_import_copy.py --postgres URL
     [--municipalities 1000] [--indicators 100] [--years 10] [--repeat 1] [--before DIR]

What a user would do instead of importing: create
``obs(municipality text, indicator text, year int, value double precision,
primary key (municipality, indicator, year))`` and run
``COPY obs FROM STDIN (FORMAT csv, HEADER true)`` on the same long CSV (text
codes, one row per value). Both run here as child processes of this one, one
after the other in the same run, each into a fresh schema on the server: the
COPY in a Python process that sends the file's bytes to the server as they
are, the import as ``python -m benchlearn import`` would (the command line
itself, process start included; the registry and definitions are loaded
beforehand, as a user's are). Each child's wall time, peak resident memory
(``ru_maxrss`` from ``wait4``) and CPU seconds are printed (the server's own are
not: the COPY's are mostly the server's), and the ratio of the import to the
COPY (target ≤ 1.5). The server writes out its dirty pages before each run,
so one run does not pay for the one before. With ``--repeat`` the two
alternate and the fastest of each is compared.

Where the import's seconds go is printed too, from the phases the library
records (:mod:`benchlearn.phases`): the process's start and exit (interpreter
and modules until the command runs, and the exit after it), the reading
thread's parse and validate (code mapping included), and the writing thread's
steps, of which the waits for the reading thread are the time the two did not
overlap. The schemas are dropped afterwards.

``--before DIR`` also imports with the ``benchlearn`` package found in DIR (an
earlier checkout, or ``git archive`` of one), in the same run, so the figures
before and after a change are measured side by side; a checkout without
:mod:`benchlearn.phases` says nothing of its phases.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import registry_and_definitions, schema

TARGET = 1.5
#: The baseline's table, as a user would write it for the file.
OBS = (
    "CREATE TABLE obs (municipality text, indicator text, year int, value double precision,"
    " PRIMARY KEY (municipality, indicator, year))"
)


def make_workspace(
    folder: Path, municipalities: int, indicators: int, years: int
) -> tuple[Path, Path, Path]:
    """A registry, definitions and the long CSV: every municipality × indicator × year."""
    registry, definitions = registry_and_definitions(folder, municipalities, indicators)
    data = folder / "values.csv"
    with data.open("w") as handle:
        handle.write("municipality,indicator,year,value\n")
        for m in range(municipalities):
            lines = []
            for i in range(indicators):
                for year in range(2015, 2015 + years):
                    value = (m * 7919 + i * 104729 + year) % 100000 / 7
                    lines.append(f"M{m:04d},I{i:04d},{year},{value:.4f}\n")
            handle.write("".join(lines))
    return registry, definitions, data


def prepare_import(url: str, registry: Path, definitions: Path) -> None:
    """The schema by the migrations, the registry and the definitions: a user's empty database."""
    from benchlearn.database import make_engine, upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    engine = make_engine(url)
    upgrade(engine)
    load_municipalities(engine, registry)
    load_definitions(engine, [definitions])
    engine.dispose()


def prepare_copy(url: str) -> None:
    """The user's own table for the file."""
    from sqlalchemy import create_engine

    from benchlearn.database import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as connection:
        connection.exec_driver_sql(OBS)
    engine.dispose()


def checkpoint(server: str) -> None:
    """Write out the server's dirty pages (needs a superuser; else the run is timed as it comes)."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    from benchlearn.database import database_url

    engine = create_engine(database_url(server))
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("CHECKPOINT")
    except DBAPIError:
        pass
    engine.dispose()


def run_child(
    arguments: list[str], report: Path | None = None, package: Path | None = None
) -> tuple[float, float, dict, float]:
    """Run a child process: its wall seconds, its peak resident MB (``wait4``), its report and
    its CPU seconds (user and system, all its threads: on a shared machine, the seconds it
    asked of the cores, which the wall time stretches by how busy they are).

    ``package``: the folder the child imports ``benchlearn`` from (else this checkout's).
    """
    env = dict(os.environ)
    if package is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(package), env.get("PYTHONPATH", "")])
    if report is not None:
        report.unlink(missing_ok=True)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(arguments, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            err.seek(0)
            out.seek(0)
            raise SystemExit(
                f"{arguments[1:3]} failed: {out.read().decode()} {err.read().decode()}"
            )
    found = json.loads(report.read_text()) if report and report.exists() else {}
    return elapsed, usage.ru_maxrss / 1024, found, usage.ru_utime + usage.ru_stime


def libpq(url: str) -> str:
    """A SQLAlchemy URL as psycopg's own connection string, so the COPY's child loads no
    more than psycopg."""
    from sqlalchemy import make_url

    from benchlearn.database import database_url

    parsed = make_url(database_url(url))
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def copy_child(dsn: str, data: str) -> None:
    """In a child process: the file's bytes into ``obs`` by COPY, committed."""
    import psycopg

    with psycopg.connect(dsn) as connection, connection.cursor() as cursor:
        with (
            cursor.copy("COPY obs FROM STDIN (FORMAT csv, HEADER true)") as copy,
            open(data, "rb") as handle,
        ):
            for block in iter(lambda: handle.read(1 << 20), b""):
                copy.write(block)
        connection.commit()


def import_child(url: str, data: str, report: str) -> None:
    """In a child process: ``benchlearn import FILE`` as the command line runs it, with the
    library's phases recorded; they and the command's own seconds go to ``report``."""
    started = time.perf_counter()
    from benchlearn.cli import cli

    try:
        from benchlearn.phases import recording
    except ImportError:  # a checkout from before the phases were recorded
        recording = None
    loaded = time.perf_counter() - started
    with recording() if recording else contextlib.nullcontext() as recorded:
        begun = time.perf_counter()
        code = 0
        try:
            cli.main(["--db", url, "import", data], prog_name="benchlearn", standalone_mode=False)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        command = time.perf_counter() - begun
    seconds = recorded.seconds() if recorded is not None else {}
    Path(report).write_text(json.dumps({"loaded": loaded, "command": command, "phases": seconds}))
    if code:
        raise SystemExit(code)


def where_the_time_goes(wall: float, found: dict) -> list[str]:
    """The import's seconds by phase: the process's start, the reading thread's and the
    writing thread's steps (which overlap), as lines."""
    command = float(found["command"])
    lines = [
        f"  process start and exit (interpreter, modules): {wall - command:6.2f} s",
        f"  the command:                                   {command:6.2f} s",
    ]
    by_thread: dict[str, list[tuple[str, float]]] = {"write": [], "read": []}
    for name, seconds in found["phases"].items():
        thread, _, phase = name.partition(":")
        by_thread.setdefault(thread, []).append((phase, seconds))
    written = sum(seconds for _phase, seconds in by_thread["write"])
    by_thread["write"].append(("the rest (database opened, report)", command - written))
    titles = {
        "write": "the command's own thread (writing)",
        "read": "the reading thread (meanwhile)",
    }
    for thread, steps in by_thread.items():
        lines.append(f"  {titles.get(thread, thread)}:")
        for phase, seconds in steps:
            lines.append(f"    {phase:<43} {seconds:6.2f} s")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", metavar="URL", help="the server (a database to use)")
    parser.add_argument("--municipalities", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--before", type=Path, metavar="DIR", help="an earlier benchlearn too")
    parser.add_argument("--child", nargs="+", metavar="ARG")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        (copy_child if kind == "copy" else import_child)(*rest)
        return
    server = args.postgres or os.environ.get("BENCHLEARN_TEST_POSTGRES_URL")
    if not server:
        parser.error("--postgres URL is needed (or BENCHLEARN_TEST_POSTGRES_URL)")
    rows = args.municipalities * args.indicators * args.years
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        registry, definitions, data = make_workspace(
            folder, args.municipalities, args.indicators, args.years
        )
        size = data.stat().st_size / 1e6
        print(
            f"rows: {rows:,} ({args.municipalities:,} municipalities × {args.indicators:,} "
            f"indicators × {args.years} years, {size:.0f} MB)"
        )
        copies: list[tuple[float, float, float]] = []
        kinds = {"benchlearn import": None} | ({"before": args.before} if args.before else {})
        imports: dict[str, list[tuple[float, float, dict, float]]] = {kind: [] for kind in kinds}
        report = folder / "phases.json"
        for _ in range(args.repeat):
            with schema(server) as url:
                prepare_copy(url)
                checkpoint(server)
                seconds, peak, _found, cpu = run_child(
                    [sys.executable, __file__, "--child", "copy", libpq(url), str(data)]
                )
                copies.append((seconds, peak, cpu))
            for kind, package in kinds.items():
                with schema(server) as url:
                    prepare_import(url, registry, definitions)
                    checkpoint(server)
                    child = [sys.executable, __file__, "--child", "import", url, str(data)]
                    imports[kind].append(run_child([*child, str(report)], report, package))
        for seconds, peak, cpu in copies:
            print(f"COPY (csv) into obs:  {seconds:6.2f} s  {peak:6.0f} MB peak  {cpu:5.2f} s CPU")
        for kind, runs in imports.items():
            for seconds, peak, _found, cpu in runs:
                print(f"{kind + ':':<21} {seconds:6.2f} s  {peak:6.0f} MB peak  {cpu:5.2f} s CPU")
        best_copy = min(copies)
        for kind, runs in imports.items():
            best = min(runs, key=lambda run: run[0])
            print(
                f"ratio {kind} / COPY: {best[0] / best_copy[0]:.2f}"
                + (f" (target ≤ {TARGET:.2f})" if kind != "before" else "")
            )
        best_import = min(imports["benchlearn import"], key=lambda run: run[0])
        print("where the import's time goes (its fastest run):")
        for line in where_the_time_goes(best_import[0], best_import[2]):
            print(line)


if __name__ == "__main__":
    main()
