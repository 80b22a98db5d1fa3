"""A whole year ranked as a user does it, against SQLite's own rank() window, in one run.

Run: python benchmarks/bench_rank_year.py [--municipalities 290 --indicators 2000 --years 3]
                                          [--repeat 3] [--before DIR] [--keep FOLDER]

A SQLite database of municipalities × indicators × years (3 % of the values
missing, directions in turn higher, lower and neutral) is built here, with
benchlearn's schema and one network of every indicator. Then, each in its own
process:

* **benchlearn**: ``benchlearn rank --network ALL --year <last> --format csv``,
  its output going to a file, timed from process start to exit (Python's
  start-up and imports included, as the user waits for them);
* **baseline**: ``SELECT *, rank() OVER (PARTITION BY indicator_id ORDER BY
  value DESC) FROM observations WHERE year = ?`` fetched into Python by
  :mod:`sqlite3` (``fetchall``), timed from the query to the last row, which
  is what a user would write instead.

A third process only starts Python and imports what the command imports before
it reads a value (:data:`STACK`), from the same checkout: the floor under the
command's time that no change to the ranking or the writing moves.

Peak memory is each process's maximum resident set, and CPU time its user and
system time, from ``wait4`` (the baseline's CPU time is the query's and the
fetch's, as its wall time is). Each figure is the best of ``--repeat`` runs. On
a shared machine the CPU ratio is the steadier one: a short baseline is less
often kept waiting than a longer command. The timed processes keep Python's
bytecode (in the temporary folder), as an installed package has it. The targets (issue 24): at most
2× the baseline's time, and at most 512 MB for the command at Kolada's size
(``--indicators 6000``: 1.74 million values a year). ``--before DIR`` also
runs the command from another checkout (``git archive`` of an earlier commit,
say) in the same run, so a change is measured before and after side by side;
``--keep FOLDER`` builds the database there once and reuses it (same sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0
TARGET_MB = 512
FIRST_YEAR = 2020
#: What ``rank --format csv`` imports before it reads a value: the command line, the library
#: with SQLAlchemy, pandas and numpy, Arrow's kernels and CSV writer, the ADBC SQLite driver.
STACK = (
    "benchlearn.cli",
    "benchlearn.commands",
    "pandas",
    "pyarrow.compute",
    "pyarrow.csv",
    "adbc_driver_sqlite.dbapi",
)


def build(folder: Path, municipalities: int, indicators: int, years: int) -> Path:
    """The database: registry, definitions with network ALL, and the values, written directly."""
    import numpy as np

    from benchlearn.database import make_engine, upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    (folder / "municipalities.csv").write_text(
        "code,name\n" + "".join(f"M{m:04d},Municipality {m}\n" for m in range(municipalities))
    )
    codes = [f"I{i:04d}" for i in range(indicators)]
    directions = ("higher", "lower", "neutral")
    (folder / "indicators.yaml").write_text(
        "indicators:\n"
        + "".join(
            f"  - {{code: {c}, name: Indicator {c}, unit: '%', direction: {directions[n % 3]}, "
            "decimals: 1}\n"
            for n, c in enumerate(codes)
        )
        + "networks:\n"
        + "  - {code: ALL, name: Every indicator, members: all, "
        + f"indicators: [{', '.join(codes)}]}}\n"
    )
    path = folder / "rank.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    load_municipalities(engine, folder / "municipalities.csv")
    load_definitions(engine, [folder / "indicators.yaml"])
    engine.dispose()
    connection = sqlite3.connect(path)
    place = dict(connection.execute("SELECT code, id FROM municipalities").fetchall())
    measure = dict(connection.execute("SELECT code, id FROM indicators").fetchall())
    rng = np.random.default_rng(0)
    place_ids = np.array([place[f"M{m:04d}"] for m in range(municipalities)])
    measure_ids = np.array([measure[c] for c in codes])
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        size = municipalities * indicators
        values = rng.normal(100, 15, size).round(1)
        missing = rng.random(size) < 0.03
        rows = zip(
            np.tile(place_ids, indicators).tolist(),
            np.repeat(measure_ids, municipalities).tolist(),
            values.tolist(),
            missing.tolist(),
            strict=True,
        )
        connection.executemany(
            "INSERT INTO observations (municipality_id, indicator_id, year, value, status) "
            "VALUES (?, ?, ?, ?, ?)",
            ((m, i, year, None if gap else v, "-" if gap else None) for m, i, v, gap in rows),
        )
    connection.commit()
    connection.close()
    return path


def run(
    argv: list[str], out: Path | None, env: dict[str, str], cwd: Path | None = None
) -> tuple[float, float, float, str]:
    """Run a process; its wall time, CPU time and peak memory in MB (from wait4) and what it
    printed."""
    sink = out.open("wb") if out else subprocess.PIPE
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE, env=env, cwd=cwd)
    printed = process.stdout.read() if process.stdout else b""
    errors = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if out is not None:
        sink.close()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(argv)} failed:\n{errors.decode()}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, printed.decode()


def child_environment(folder: Path) -> dict[str, str]:
    """The environment of the timed processes: Python's bytecode kept (in ``folder``, not in
    the checkouts), as an installed package has it; where it is not written
    (``PYTHONDONTWRITEBYTECODE``), every run compiles benchlearn's modules again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(folder / "bytecode")}


def compiled(source: Path, env: dict[str, str]) -> None:
    """The bytecode of the checkout at ``source`` written before anything is timed."""
    argv = [sys.executable, "-m", "compileall", "-q", str(source / "benchlearn")]
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)


def ours(
    database: Path, year: int, out: Path, source: Path, env: dict[str, str]
) -> tuple[float, float, float]:
    """``benchlearn rank ... --format csv`` from the checkout at ``source``: seconds, CPU
    seconds, MB."""
    env = {**env, "PYTHONPATH": str(source)}
    argv = [sys.executable, "-m", "benchlearn", "--db", f"sqlite:///{database}", "rank",
            "--network", "ALL", "--year", str(year), "--format", "csv"]  # fmt: skip
    elapsed, cpu, peak, _ = run(argv, out, env, cwd=source)  # -m finds the package in cwd first
    return elapsed, cpu, peak


def start_up(source: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Python started and :data:`STACK` imported from the checkout at ``source``, nothing
    else: seconds, CPU seconds, MB."""
    env = {**env, "PYTHONPATH": str(source)}
    argv = [sys.executable, "-c", f"import {', '.join(STACK)}"]
    elapsed, cpu, peak, _ = run(argv, None, env, cwd=source)
    return elapsed, cpu, peak


def baseline(database: Path, year: int, env: dict[str, str]) -> tuple[float, float, float]:
    """The window rank fetched by sqlite3 in a child process: the seconds and CPU seconds it
    timed, its MB."""
    argv = [sys.executable, __file__, "--baseline", str(database), str(year)]
    _, _, peak, printed = run(argv, None, env)
    timed = json.loads(printed.strip().splitlines()[-1])
    return float(timed["seconds"]), float(timed["cpu"]), peak


def window_rank(database: str, year: int) -> dict[str, float]:
    """In the child: the query and the fetch, timed (wall and CPU)."""
    connection = sqlite3.connect(database)
    start, cpu = time.perf_counter(), time.process_time()
    rows = connection.execute(
        "SELECT *, rank() OVER (PARTITION BY indicator_id ORDER BY value DESC) "
        "FROM observations WHERE year = ?",
        [year],
    ).fetchall()
    timed = {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}
    assert rows
    return timed


def best(runs: int, work: object) -> tuple[float, float, float]:
    """The shortest time, the least CPU time and the largest peak of ``runs`` runs of
    ``work``."""
    figures = [work() for _ in range(runs)]  # type: ignore[operator]
    return min(f[0] for f in figures), min(f[1] for f in figures), max(f[2] for f in figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--years", type=int, default=3, help="years stored; the last is ranked")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to run the command from")
    parser.add_argument(
        "--keep", type=Path, metavar="FOLDER", help="build the database there, or reuse it"
    )
    parser.add_argument("--baseline", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        print(json.dumps(window_rank(args.baseline[0], int(args.baseline[1]))))
        return
    sys.path.insert(0, str(REPO))
    size = args.municipalities * args.indicators
    print(f"values ranked: {size:,} ({args.municipalities} municipalities × {args.indicators} "
          f"indicators, the last of {args.years} years stored)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = (args.keep or folder) / "rank.db"
        if not database.exists():
            database.parent.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            build(database.parent, args.municipalities, args.indicators, args.years)
            print(f"(database built in {time.perf_counter() - start:.0f} s)")
        year = FIRST_YEAR + args.years - 1
        out = folder / "rank.csv"
        env = child_environment(folder)
        for source in [REPO, *([args.before] if args.before else [])]:
            compiled(source, env)
        base = best(args.repeat, lambda: baseline(database, year, env))
        mine = best(args.repeat, lambda: ours(database, year, out, REPO, env))
        floor = best(args.repeat, lambda: start_up(REPO, env))
        print(f"{'':<40}{'wall':>8}{'CPU':>9}{'peak':>11}")
        print(figures("SQLite rank() window, fetchall:", base))
        if args.before:
            before_out = folder / "before.csv"
            then = best(args.repeat, lambda: ours(database, year, before_out, args.before, env))
            same = before_out.read_bytes() == out.read_bytes()
            print(figures("benchlearn rank --format csv, before:", then, base)
                  + f"   (same output: {same})")  # fmt: skip
        print(figures("benchlearn rank --format csv:", mine, base)
              + f"   ({out.stat().st_size / 1e6:.0f} MB of CSV)")  # fmt: skip
        print(figures("  of which start-up and imports:", floor, base)
              + f"   ({floor[1] / max(mine[1], 1e-6):.0%} of the command's CPU)")  # fmt: skip
        print(f"ratio benchlearn / SQLite: {mine[0] / base[0]:.2f}  (target ≤ {TARGET_RATIO:.2f});"
              f" peak {mine[2]:.0f} MB (target ≤ {TARGET_MB} MB)")  # fmt: skip


def figures(label: str, ours: tuple[float, float, float], base: object = None) -> str:
    """A row of the table: wall time, CPU time, peak memory and, against ``base``, ratios."""
    text = f"{label:<40}{ours[0]:7.2f} s{ours[1]:7.2f} s{ours[2]:7.0f} MB"
    if isinstance(base, tuple):
        text += f"   ratio {ours[0] / base[0]:5.2f} (CPU {ours[1] / max(base[1], 1e-6):5.2f})"
    return text


if __name__ == "__main__":
    main()
